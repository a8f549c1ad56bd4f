"""From the raw exports to every report, as `make all` runs it on a fresh clone (slow)."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
import pytest

from tests.project import copy_repo, digests, make

pytestmark = pytest.mark.slow

NW = "nieuwkomers_wonen"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_repo(tmp_path_factory.mktemp("levl"))
    res = make(project, "all")
    assert res.returncode == 0, res.stderr[-3000:]
    return project, res


def pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def docx_xml(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.endswith(".xml"))


def test_every_report_is_built_in_three_formats(built):
    project, res = built
    for cid in [p.name for p in (project / "surveys").iterdir() if p.is_dir()]:
        for ext in ("html", "pdf", "docx"):
            assert (project / "reports" / cid / f"{cid}.{ext}").stat().st_size > 10_000, (cid, ext)
    assert (project / "reports" / "overzicht" / "overzicht.html").exists()
    # one progress line per stage, naming what it read and wrote
    assert re.search(rf"\[{NW}\] validate\s+201 gelezen, 199 geldig, 2 in quarantaine", res.stderr)


def test_report_n_equals_cleaned_rows_and_formats_have_content(built):
    project, _ = built
    n = len(pd.read_parquet(project / "processed" / NW / "clean.parquet"))
    html = (project / "reports" / NW / f"{NW}.html").read_text(encoding="utf-8")
    assert f"{n} respondenten namen geldig deel" in html
    assert "<img" in html and "src=\"data:image/png;base64" in html  # self-contained
    text = pdf_text(project / "reports" / NW / f"{NW}.pdf")
    assert f"{n} respondenten" in text and "Aanbevelingen" in text
    from docx import Document

    doc = Document(project / "reports" / NW / f"{NW}.docx")
    assert len(doc.tables) >= 10
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert any(re.fullmatch(r"\d{1,3},\d %\*?", c) for c in cells)  # Dutch percentages in real tables


def test_no_identifier_reaches_processed_or_reports(built):
    project, _ = built
    raw = pd.read_excel(project / "raw" / NW / "antwoorden_nieuwkomers_wonen.xlsx", dtype=str)
    planted = set(raw["E-mail"]) | set(raw["Naam"]) | {
        "amina.elamrani@voorbeeld.be", "0471 23 45 67", "85.07.30-033.28", "+32 9 234 56 78",
        "BE68 5390 0754 7034", "Kerkstraat 12",
    }
    planted |= {str(t) for t in raw["Begintijd"]}  # exact times
    texts = {}
    for folder in ("processed", "reports"):
        for p in (project / folder).rglob("*"):
            if not p.is_file():
                continue
            if p.suffix == ".pdf":
                texts[p] = pdf_text(p)
            elif p.suffix in (".docx", ".xlsx"):
                texts[p] = docx_xml(p)
            elif p.suffix == ".parquet":
                texts[p] = pd.read_parquet(p).to_csv()
            elif p.suffix in (".png",):
                continue
            else:
                texts[p] = p.read_text(encoding="utf-8", errors="ignore")
    assert len(texts) > 20
    for p, text in texts.items():
        found = [x for x in planted if x and x in text]
        assert not found, f"{p}: {found[:3]}"


def test_second_make_does_nothing_and_touch_rebuilds_only_that_consultation(built):
    project, _ = built
    assert make(project, "-q", "all").returncode == 0  # everything up to date
    export = project / "raw" / NW / "antwoorden_nieuwkomers_wonen.xlsx"
    export.touch()
    dry = make(project, "-n", "all").stdout
    commands = [line for line in dry.splitlines() if "-m pipeline" in line]
    assert any(f"ingest {NW}" in c for c in commands)
    others = [c for c in commands if NW not in c and "overview" not in c]
    assert not others, others
    assert make(project, "all").returncode == 0


def test_same_inputs_give_same_bytes(built):
    project, _ = built
    before = digests(project, f"processed/{NW}", f"reports/{NW}")
    for folder in (f"processed/{NW}", f"reports/{NW}"):
        for p in sorted((project / folder).rglob("*"), reverse=True):
            if p.is_file():
                p.unlink()
    assert make(project, "all").returncode == 0
    after = digests(project, f"processed/{NW}", f"reports/{NW}")
    same = {k for k in before if k.endswith((".parquet", ".csv", ".json", ".html", ".docx", ".ipynb", ".xlsx"))}
    assert same, "nothing compared"
    differ = [k for k in same if before[k] != after.get(k)]
    assert not differ, differ
    pdf = project / "reports" / NW / f"{NW}.pdf"
    assert b"2022" in pdf.read_bytes()  # the creation date comes from the data (period end 2022)
