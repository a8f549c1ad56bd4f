"""A campaign whose data hold only partner municipalities (issue 14 item 10).

The campaign issue said this case must not crash; the charts stage did (``other['mean_growth_pct']``
on a null ``nonpartners``). Built end to end through the command line as `make` runs it: campaign →
charts → report, in a throw-away project.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import REPO, TINY, make_project, partner_rows, registration_rows

ONLY_PARTNERS = [(code, name, True, groups) for code, name, _p, groups in TINY]


def _run(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, LEVL_ROOT=str(root), PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture
def partners_only(tmp_path: Path) -> Path:
    root = make_project(tmp_path, registration_rows(ONLY_PARTNERS), partner_rows(ONLY_PARTNERS))
    assert _run(root, "campaign", "ik_stem_ook").returncode == 0
    return root


def test_charts_of_a_partners_only_campaign(partners_only: Path) -> None:
    res = _run(partners_only, "charts", "ik_stem_ook")
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    out = partners_only / "reports" / "ik_stem_ook"
    assert (out / "charts" / "index.html").exists()
    # the summary sheet says there are 0 other municipalities and has no number for their growth
    ws = load_workbook(out / "tabellen.xlsx")["Samenvatting"]
    values = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row and row[0]}
    assert values["Andere gemeenten"] == 0
    assert values["Partnergemeenten"] == 7
    assert not isinstance(values["Gemiddelde stijging, andere gemeenten"], (int, float))
    # hand calculation (conftest TINY): partners' mean growth = mean(80, 20, 75, 25, 10, 20) = 38.33 %
    # (Hasselt has no baseline); a share in the workbook
    assert values["Gemiddelde stijging, partnergemeenten"] == pytest.approx(0.38333, abs=1e-4)
    alt = (out / "charts" / "kaart_groei_per_gemeente.txt").read_text(encoding="utf-8")
    assert "geen andere gemeenten" in alt


@pytest.mark.slow
def test_partners_only_campaign_end_to_end(partners_only: Path) -> None:
    shutil.copy2(REPO / "surveys" / "ik_stem_ook" / "report.py", partners_only / "surveys" / "ik_stem_ook" / "report.py")
    for stage in ("charts", "report"):
        res = _run(partners_only, stage, "ik_stem_ook")
        assert res.returncode == 0, f"{stage}: {res.stderr[-3000:]}"
        assert "Traceback" not in res.stderr
    for ext in ("html", "pdf", "docx"):
        assert (partners_only / "reports" / "ik_stem_ook" / f"ik_stem_ook.{ext}").stat().st_size > 1000
