"""The built survey reports tell their findings in words (issue 13 "Must show"): each findings section
has at least three sentences with numbers, a Kernboodschappen box of 3–5 sentences opens the report,
chart titles state the codebook's headline (or carry the question's label), never "42 % antwoordde
'Nee'", and no meta-sentence about who writes the text reaches a reader."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from tests.built_reports import report_ids

pytestmark = pytest.mark.slow

PCT = r"\d+(?:,\d+)?[\s\u00a0\u202f]?%"


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def section(page: str, heading_id: str) -> str:
    start = page.index(f'<h2 id="{heading_id}"')
    end = page.find("<h2", start + 1)
    return page[start:end if end > 0 else None]


def surveys_with_headlines(project: Path) -> list[str]:
    """The survey reports whose codebook names headlines (the analyse stage wrote headlines.csv)."""
    return [c for c in report_ids(project) if (project / "processed" / c / "headlines.csv").exists()
            and len(pd.read_csv(project / "processed" / c / "headlines.csv"))]


def check_report(project: Path, consultation: str) -> None:
    page = (project / "reports" / consultation / f"{consultation}.html").read_text(encoding="utf-8")
    heads = pd.read_csv(project / "processed" / consultation / "headlines.csv", keep_default_na=False,
                        na_values=[""])
    # the box, before the first section
    box = re.search(r'<div class="key-messages">(.*?)</div>', page, re.S)
    assert box is not None and page.index(box.group(0)) < page.index("<h2"), consultation
    items = re.findall(r"<li>(.*?)</li>", box.group(1), re.S)
    assert 3 <= len(items) <= 5, (consultation, items)
    assert all(re.search(PCT, text_of(i)) for i in items), items
    # ≥ 3 sentences with a percentage in the findings section
    findings = section(page, "belangrijkste-bevindingen")
    prose = " ".join(text_of(p) for p in re.findall(r"<p>(.*?)</p>", findings, re.S))
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9‘])", prose) if re.search(PCT, s)]
    assert len(sentences) >= 3, (consultation, sentences)
    # chart titles: a shown headline ("58 % ervoer …") or a label without a number; never the top answer
    shown = heads[heads["status"].isin(["ok", "flagged"])]
    titles = [html.unescape(a).split(". Vraag: ")[0].removeprefix("Staafdiagram. ")
              for a in re.findall(r'<img[^>]*alt="([^"]*)"', findings)]
    assert titles, consultation
    headline_titles = [t for t in titles if any(t.endswith(" " + x) for x in shown["category"])]
    for t in titles:
        assert "antwoordde '" not in t and "kozen '" not in t, t
        assert t in headline_titles or not re.search(r"\d", t), t
    if len(shown):
        assert headline_titles, (consultation, titles)
    # no meta-sentences
    assert "schrijven de onderzoekers" not in page and "vult hem niet" not in page


def test_survey_reports_say_their_findings(publications):
    ids = surveys_with_headlines(publications)
    assert {"nieuwkomers_wonen", "ondernemers", "leerkrachten"} <= set(ids)
    for consultation in ids:
        check_report(publications, consultation)


def test_headline_numbers_in_the_report_are_the_published_ones(publications):
    # nieuwkomers_wonen's discrimination headline: every sentence that states it uses the share and
    # interval of headlines.csv, which is 1 − the share of "Nee" in estimates.csv
    project = publications
    est = pd.read_csv(project / "processed" / "nieuwkomers_wonen" / "estimates.csv")
    heads = pd.read_csv(project / "processed" / "nieuwkomers_wonen" / "headlines.csv").set_index("variable")
    nee = est[(est["table"] == "discrimination") & (est["category"] == "Nee")].iloc[0]
    row = heads.loc["discrimination"]
    assert row["estimate"] == pytest.approx(1 - nee["estimate"])
    assert json.loads(row["answers"]) == ["Ja, soms", "Ja, vaak"]
    page = text_of((project / "reports" / "nieuwkomers_wonen" / "nieuwkomers_wonen.html").read_text("utf-8"))
    pct = lambda x: f"{round(x * 100)}"  # noqa: E731  (whole percents, as the sentences print them)
    said = re.findall(r"(\d+)[\s\u00a0\u202f]?% \((\d+)–(\d+)[\s\u00a0\u202f]?%\) ervoer discriminatie", page)
    assert said and set(said) == {(pct(row["estimate"]), pct(row["ci_low"]), pct(row["ci_high"]))}
