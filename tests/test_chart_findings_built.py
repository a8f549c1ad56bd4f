"""The finished publications: each chart a report shows is the gallery's chart of the same finding
(same alt text, which holds its title and every number), for the campaign's bars and map, the
praktijktesten's net discrimination and a Likert battery. Reads the session's ``make all``."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

# (report, gallery chart) pairs that must be one figure
SAME = [("ik_stem_ook", "groei_partnergemeenten"), ("ik_stem_ook", "kaart_groei_per_gemeente"),
        ("praktijktesten", "netto_discriminatie"), ("nieuwkomers_wonen", "stellingen_quality_state"),
        ("leerkrachten", "stellingen_belonging"), ("ondernemers", "stellingen_network_customers")]


def report_alts(project: Path, consultation: str) -> list[str]:
    page = (project / "reports" / consultation / f"{consultation}.html").read_text(encoding="utf-8")
    return [" ".join(html.unescape(a).split()) for a in re.findall(r'<img\b[^>]*\balt="([^"]*)"', page)]


@pytest.mark.parametrize(("consultation", "chart"), SAME)
def test_report_shows_the_gallerys_chart(publications: Path, consultation: str, chart: str) -> None:
    gallery = (publications / "reports" / consultation / "charts" / f"{chart}.txt").read_text(encoding="utf-8")
    assert " ".join(gallery.split()) in report_alts(publications, consultation)


def test_no_alt_text_ends_a_question_twice(publications: Path) -> None:
    for folder in (publications / "reports").iterdir():
        if (folder / f"{folder.name}.html").exists():
            for alt in report_alts(publications, folder.name):
                assert "?." not in alt, (folder.name, alt[:120])
        for txt in (folder / "charts").glob("*.txt") if (folder / "charts").exists() else []:
            assert "?." not in txt.read_text(encoding="utf-8"), txt
