"""From the raw exports to every report, as `make all` runs it on a fresh clone (slow)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from tests.built_reports import copy_built
from tests.project import digests, make, make_all

pytestmark = pytest.mark.slow

NW = "nieuwkomers_wonen"


@pytest.fixture(scope="module")
def built(first_build, tmp_path_factory):
    """The session's one ``make all`` (tests/built_reports.py), copied: these tests change and rebuild
    their copy, the session's stays as built for the tests that only read it."""
    source, res, raw_before = first_build
    assert digests(source, "raw") == raw_before  # raw exports are read, never written
    project = copy_built(source, tmp_path_factory.mktemp("levl") / "project")
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
    # Dutch percentages in real tables; number and % joined by a narrow no-break space (issue 13)
    assert any(re.fullmatch(r"\d{1,3},\d\u202f%\*?", c) for c in cells)


def test_no_identifier_reaches_processed_or_reports(built):
    project, _ = built
    raw = pd.read_excel(project / "raw" / NW / "antwoorden_nieuwkomers_wonen.xlsx", dtype=str, engine="calamine")
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


def test_a_clean_build_runs_every_stage_once_in_one_process_per_consultation(built):
    project, res = built
    lines = re.findall(r"^\[([a-z0-9_]+)\]\s+(\w+)\s", res.stderr, re.M)
    surveys = sorted(p.parent.name for p in (project / "surveys").glob("*/codebook.yml"))
    campaigns = sorted(p.parent.name for p in (project / "surveys").glob("*/config.yml"))
    expected = ([(c, s) for c in surveys for s in ("ingest", "validate", "clean", "analyse", "charts", "report")]
                + [(c, "compare") for c in _later_waves(project)]
                + [(c, s) for c in campaigns for s in ("campaign", "charts", "report")] + [("alle", "overview")])
    # each once: a consultation's first stage runs the others (--then) and their own rules start nothing
    assert sorted(lines) == sorted(expected)


def test_a_report_reading_another_consultations_tables_is_not_made_in_its_chain(built):
    # praktijktesten's report has a chapter on nieuwkomers_wonen's tables (surveys/praktijktesten/report.mk):
    # made in praktijktesten's own chain, it could read them before nieuwkomers_wonen's chain rewrote them
    project, _ = built
    dry = make(project, "-n", "-W", f"raw/{NW}", "-W", "raw/praktijktesten", "build").stdout
    chains = {m[0]: m[1].split() for m in re.findall(r"-m pipeline(?:\.warm)? ingest (\w+) --then ([a-z ]+)", dry)}
    assert chains[NW] == ["validate", "clean", "analyse", "charts", "report"]
    assert chains["praktijktesten"] == ["validate", "clean", "analyse", "charts"]
    assert re.search(r"\|\| \S+ -m pipeline(?:\.warm)? report praktijktesten", dry)  # its own rule, after nieuwkomers_wonen


def test_second_make_does_nothing_and_touch_rebuilds_only_that_consultation(built):
    project, _ = built
    assert make(project, "-q", "all").returncode == 0  # everything up to date
    export = project / "raw" / NW / "antwoorden_nieuwkomers_wonen.xlsx"
    export.touch()
    dry = make(project, "-n", "all").stdout
    commands = [line for line in dry.splitlines() if "-m pipeline" in line]
    assert any(f"ingest {NW}" in c for c in commands)
    # reports with a chapter on this consultation declare it in surveys/<id>/report.mk
    dependents = {mk.parent.name for mk in (project / "surveys").glob("*/report.mk")
                  if f"processed/{NW}/" in mk.read_text(encoding="utf-8")}
    assert dependents == {"praktijktesten"}
    # and the consultations that compare with it (waves): their comparison, charts and report
    waves = {later for later, earlier in _later_waves(project).items() if earlier == NW}
    others = [c for c in commands if not re.search(rf" {NW}( |$)", c) and "overview" not in c
              and not any(c.endswith(f"report {d}") for d in dependents)
              and not any(re.search(rf"(compare|charts|report) {w}( |$)", c) for w in waves)]
    assert not others, others
    make_all(project)


def _later_waves(project: Path) -> dict[str, str]:
    """Every consultation that compares with an earlier wave → that wave (codebook `waves: earlier:`)."""
    from pipeline.codebook import earlier_in_text

    found = {p.parent.name: earlier_in_text(p.read_text(encoding="utf-8"))
             for p in (project / "surveys").glob("*/codebook.yml")}
    return {later: earlier for later, earlier in found.items() if earlier}


def test_a_changed_wave_redoes_the_comparisons_with_it_and_nothing_else(built):
    # issue 16: an export of one wave changing rebuilds that consultation and the ones comparing with it
    project, _ = built
    pairs = _later_waves(project)
    assert pairs, "the examples have consultations with waves"
    for later, earlier in pairs.items():
        for wave in (earlier, later):
            exports = [p for p in (project / "raw" / wave).iterdir() if p.name != "README.md"]
            dry = make(project, "-n", "-W", str(exports[0].relative_to(project)), "build").stdout
            commands = [line for line in dry.splitlines() if "-m pipeline" in line]
            touched = {wave} | {x for x, e in pairs.items() if e == wave}  # the wave and who compares with it
            for mk in (project / "surveys").glob("*/report.mk"):  # declared chapters on another's tables
                if f"processed/{wave}/" in mk.read_text(encoding="utf-8"):
                    touched.add(mk.parent.name)
            ran = {m for c in commands for m in re.findall(r"-m pipeline(?:\.warm)? \w+ (\w+)", c)}
            assert wave in ran and later in ran, (wave, commands)
            assert ran <= touched | {"all"}, (wave, sorted(ran - touched))
            assert re.search(rf"-m pipeline(?:\.warm)? compare {later}\b", dry), (wave, commands)


def test_same_inputs_give_same_bytes(built):
    project, _ = built
    before = digests(project, f"processed/{NW}", f"reports/{NW}")
    for folder in (f"processed/{NW}", f"reports/{NW}"):
        for p in sorted((project / folder).rglob("*"), reverse=True):
            if p.is_file():
                p.unlink()
    make_all(project)
    after = digests(project, f"processed/{NW}", f"reports/{NW}")
    same = {k for k in before if k.endswith((".parquet", ".csv", ".json", ".html", ".docx", ".ipynb", ".xlsx"))}
    assert same, "nothing compared"
    differ = [k for k in same if before[k] != after.get(k)]
    assert not differ, differ
    pdf = project / "reports" / NW / f"{NW}.pdf"
    assert b"2022" in pdf.read_bytes()  # the creation date comes from the data (period end 2022)


def test_report_shows_intervals_and_no_count_under_threshold(built):
    project, _ = built
    from docx import Document

    doc = Document(project / "reports" / NW / f"{NW}.docx")
    checked = 0
    for table in doc.tables:
        header = [c.text for c in table.rows[0].cells]
        if "Aantal" not in header or "95%-interval" not in header:
            continue
        col = header.index("Aantal")
        for row in table.rows[1:]:
            text = row.cells[col].text.replace(".", "")
            if text.isdigit():
                assert int(text) == 0 or int(text) >= 5, header
                checked += 1
        ci = header.index("95%-interval")
        assert any(re.search(r"\d,\d–\d", r.cells[ci].text) for r in table.rows[1:]) or all(
            r.cells[ci].text in ("×", "–") for r in table.rows[1:])
    assert checked > 20


def _chromium():
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_pages_render_to_png_with_text(built, tmp_path):
    import shutil
    import subprocess

    from PIL import Image, ImageStat

    project, _ = built
    if not shutil.which("pdftoppm") or not _chromium():
        pytest.skip("pdftoppm (poppler-utils) and chromium are installed by .ci/run")
    pdf = project / "reports" / NW / f"{NW}.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")], check=True)
    page = Image.open(tmp_path / "page-1.png")
    width, height = page.size  # A4 at 60 dpi: 8.27 × 11.69 inch = 496 × 701.6 pixels
    assert abs(width - 496) <= 1 and abs(height - 702) <= 1
    assert ImageStat.Stat(page.convert("L")).stddev[0] > 10  # not blank: text and lines
    shot = tmp_path / "html.png"
    subprocess.run([_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    f"--user-data-dir={tmp_path / 'chrome'}", f"--screenshot={shot}", "--window-size=1280,1600",
                    (project / "reports" / NW / f"{NW}.html").as_uri()], check=True, capture_output=True, timeout=120)
    img = Image.open(shot)
    assert img.size == (1280, 1600)
    assert ImageStat.Stat(img.convert("L")).stddev[0] > 10


def _corrupt_cases():
    from openpyxl import Workbook, load_workbook

    def corrupt_bytes(path):
        path.write_bytes(b"PK\x03\x04 this is not a workbook" * 10)

    def empty(path):
        path.write_bytes(b"")

    def header_only(path):
        wb = load_workbook(path)
        ws = wb["Form1"]
        ws.delete_rows(2, ws.max_row)
        wb.save(path)

    def renamed_column(path):
        wb = load_workbook(path)
        ws = wb["Form1"]
        for cell in ws[1]:
            if cell.value == "Wat is uw huidige woonsituatie?":
                cell.value = "Woonsituatie nu"
        wb.save(path)

    def wrong_sheet(path):
        wb = Workbook()
        wb.active.title = "Blad1"
        wb.save(path)

    def many_unknown_answers(path):
        wb = load_workbook(path)
        ws = wb["Form1"]
        col = [c.value for c in ws[1]].index("Wat is uw gender?") + 1
        for r in range(2, 40):
            ws.cell(row=r, column=col, value="Onbekend antwoord")
        wb.save(path)

    return [corrupt_bytes, empty, header_only, renamed_column, wrong_sheet, many_unknown_answers]


@pytest.mark.parametrize("corrupt", _corrupt_cases(), ids=lambda f: f.__name__)
def test_corrupt_export_fails_cleanly_and_keeps_outputs(built, corrupt):
    project, _ = built
    make_all(project)
    keep = [f"reports/{NW}"]
    final = ["clean.parquet", "estimates.csv", "tests.csv", "accounting.json", "quarantine.csv",
             "validation_failures.csv", "report.ipynb", "provenance.json"]
    before = digests(project, *keep)
    before.update({f: d for f, d in digests(project, f"processed/{NW}").items()
                   if f.rsplit("/", 1)[-1] in final and "/errors/" not in f})
    export = project / "raw" / NW / "antwoorden_nieuwkomers_wonen.xlsx"
    original = export.read_bytes()
    try:
        corrupt(export)
        res = make(project, "all")
        assert res.returncode != 0
        assert "antwoorden_nieuwkomers_wonen.xlsx" in res.stderr
        assert "Traceback" not in res.stderr and "Traceback" not in res.stdout
        after = digests(project, *keep)
        after.update({f: d for f, d in digests(project, f"processed/{NW}").items()
                      if f.rsplit("/", 1)[-1] in final and "/errors/" not in f})
        assert after == before
    finally:
        export.write_bytes(original)
    make_all(project)


def test_removing_a_raw_file_rebuilds_that_consultation(built):
    import os

    project, _ = built
    extra = project / "raw" / NW / "toelichting.txt"
    extra.write_text("nota van de onderzoeker", encoding="utf-8")
    make_all(project)
    assert make(project, "-q", "all").returncode == 0
    folder = project / "raw" / NW
    extra.unlink()
    # The removal, dated clearly after the last build's outputs, so that make can tell
    # them apart even on a file system with coarse times or a slow, loaded machine.
    newest = max(p.stat().st_mtime for p in (project / "processed" / NW).rglob("*"))
    stamp = max(newest, folder.stat().st_mtime) + 2
    os.utime(folder, (stamp, stamp))
    planned = [c for c in make(project, "-n", "all").stdout.splitlines() if "-m pipeline" in c]
    assert any(re.search(rf"-m pipeline(\.warm)? ingest {NW} --then", c) for c in planned)
    make_all(project)
    os.utime(folder, (newest, newest))  # back in the past, so the project is up to date again
    assert make(project, "-q", "all").returncode == 0
