"""Issue 14, items 2, 3 and 6: text from data is text — in the reports, the charts and the files
people open in a spreadsheet — and ordinary text never crashes the render.

The report test renders a small document through the real blocks and the real Pandoc + Typst
path (no `make all`): every attack string must come out as the same literal characters in the
HTML, the Word file and the PDF text, with no live HTML, link, image, math or Typst code.
Expected text = the attack strings themselves, as typed (no value comes from the code under test).
"""

from __future__ import annotations

import datetime as dt
import html.parser
import io
import re
import shutil
import subprocess
import zipfile
from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest

# The attack strings of issue 14 (items 2, 3, 6), verbatim.
ATTACKS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[klik hier](http://x)",
    "`#panic()`{=typst}",
    "(@jan)",
    "<Gent>",
    "$x^2$",
    "@handle",
    "![](x.png)",
    "$$",
    "=1+1",
    '=HYPERLINK("http://x","klik")',
]
FORMULAS = ["=1+1", '=HYPERLINK("http://x","klik")', "@handle", "+32 cmd", "-2+3", "\tx", "\rx"]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# -- the escaping helper, checked against Pandoc itself ------------------------------------------


def test_every_attack_string_reads_back_as_itself_through_pandoc():
    import pypandoc

    from pipeline.report.text import code, md, md_lines

    pandoc = pypandoc.get_pandoc_path()
    doc = "\n\n".join([*(md(a) for a in ATTACKS), md_lines("1. eerste\n- tweede\n# derde", prefix="> "),
                       code("a`b``c")])
    out = subprocess.run([pandoc, "-f", "markdown", "-t", "plain", "--wrap=none"], input=doc, text=True,
                         capture_output=True, check=True).stdout
    paragraphs = [p.strip() for p in out.split("\n\n")]
    assert paragraphs[: len(ATTACKS)] == ATTACKS
    lines = [line.strip() for line in paragraphs[len(ATTACKS)].splitlines()]
    assert lines == ["1. eerste", "- tweede", "# derde"]  # line breaks kept; no list, no heading
    assert paragraphs[len(ATTACKS) + 1] == "a`b``c"


# -- a small report through the real blocks and the real renderer --------------------------------


class _TextAndTags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _estimates() -> pd.DataFrame:
    rows = [{"table": "q", "kind": "frequency", "label": "Vraag $$", "by": "", "group": "", "category": a,
             "n": 40 + i, "base": 1000, "estimate": (40 + i) / 1000, "ci_low": (30 + i) / 1000,
             "ci_high": (50 + i) / 1000, "status": "ok"}
            for i, a in enumerate(ATTACKS)]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """HTML, DOCX and PDF of a small report whose labels, titles, quotes and alt text are attacks."""
    pytest.importorskip("typst")
    pytest.importorskip("pypandoc")
    from pipeline.analyses.themes import report as themes
    from pipeline.report import blocks, render

    outputs: list[dict] = []

    def capture(obj, raw=False):
        outputs.append(obj if raw else {"text/markdown": obj.data})

    mp = pytest.MonkeyPatch()
    mp.setattr(blocks, "display", capture)
    mp.setattr(themes, "display", capture)
    joined = " ".join(ATTACKS)
    question = SimpleNamespace(name="q", text=f"Wat vindt u van {joined}?", source="Q", label="Vraag $$",
                                   merge=[], asked=f"Wat vindt u van {joined}?")
    open_q = SimpleNamespace(name="open", text="Open vraag @handle", label="Open vraag", asked="Open vraag @handle")
    r = blocks.Report.__new__(blocks.Report)
    r.cb = SimpleNamespace(by_name={"q": question, "open": open_q}, source_line="LEVL <script>alert(1)</script> $$",
                           synthetic=False, target_respondents=5, target_description="doel (@jan) $x^2$",
                           period=SimpleNamespace(start=dt.date(2024, 1, 1), end=dt.date(2024, 2, 1)),
                           method="Methode [klik hier](http://x).", tool="@handle",
                           questions=[], min_base_pct=30, flag_base_pct=60)  # no Likert battery here (figures.likert_batteries reads them)
    r.estimates = _estimates()
    r.tests = pd.DataFrame()
    r.accounting = {"rows_read": 5, "rows_quarantined": 0, "duplicates_removed": 0, "rows_kept": 5}
    r.shown, r.withheld = [], []
    try:
        r.intro()
        r.table("q", title="Titel ![](x.png) `#panic()`{=typst}")
        r.figure("q", title="Grafiek $$ @handle")
        quotes = pd.DataFrame({"question": "open", "quote": ATTACKS, "counted": True})
        mp.setattr(themes, "read_quotes", lambda report, file="quotes.csv": quotes)
        themes.show_quotes(r)
    finally:
        mp.undo()

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("", outputs=[nbformat.v4.new_output("display_data", data=o)])
                for o in outputs]
    build = tmp_path_factory.mktemp("build")
    out = tmp_path_factory.mktemp("out")
    meta = {"title": "Rapport <img src=x onerror=alert(1)> $$", "subtitle": "@handle", "author": "LEVL vzw",
            "date": "1 februari 2024", "lang": "nl-BE"}
    md = render.to_markdown(nb, build, meta)
    render.render_pandoc(md, build, out, "t", 1706788800)
    return out


def test_html_report_shows_attacks_as_text_and_runs_nothing(rendered):
    page = (rendered / "t.html").read_text(encoding="utf-8")
    parser = _TextAndTags()
    parser.feed(page)
    text = _flat(" ".join(parser.text))
    for attack in ATTACKS:
        assert attack in text, attack
    assert not [a for t, a in parser.tags if t == "script"]
    imgs = [a for t, a in parser.tags if t == "img"]
    assert len(imgs) == 1 and imgs[0]["src"].startswith("data:image/png")  # only the chart
    assert "onerror" not in imgs[0]
    assert "$x^2$ @handle" in imgs[0]["alt"]  # the alt text is text too
    assert not [a for t, a in parser.tags if t == "a" and a.get("href") in ("http://x", "x", "x.png")]
    assert 'class="math' not in page
    assert "(1)" not in text.replace("alert(1)", "")  # "(@jan)" is not an example list


def test_word_report_shows_attacks_as_text(rendered):
    docx = pytest.importorskip("docx")
    doc = docx.Document(str(rendered / "t.docx"))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    text = _flat(" ".join(parts))
    for attack in ATTACKS:
        assert attack in text, attack
    with zipfile.ZipFile(rendered / "t.docx") as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        body = z.read("word/document.xml").decode()
    assert "http://x" not in rels and "x.png" not in rels  # no link, no image from the text
    assert "<m:oMath" not in body


def test_pdf_report_shows_attacks_as_text(rendered):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is niet geïnstalleerd")
    res = subprocess.run(["pdftotext", "-layout", str(rendered / "t.pdf"), "-"], capture_output=True, text=True,
                         check=True)
    text = _flat(res.stdout)
    for attack in ATTACKS:
        assert attack in text, attack


# -- charts: labels are plain text -----------------------------------------------------------------


def test_chart_labels_with_dollar_signs_are_text_not_math(tmp_path):
    from pipeline.charts import figures

    t = _estimates()
    fig = figures.bars(t, "Titel $$ en $x^2$", "Vraag $y$ @handle", "Bron: $$")
    svg = io.BytesIO()
    fig.savefig(svg, format="svg")  # raised a mathtext ParseException on "$$"
    fig.savefig(io.BytesIO(), format="png")
    text = _flat(svg.getvalue().decode("utf-8"))
    for attack in ATTACKS:
        assert attack.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in text.replace("&quot;", '"'), attack
    assert "Titel $$ en $x^2$" in text


# -- spreadsheets: no formula runs ------------------------------------------------------------------


def test_formula_safe_prefixes_formulas_but_not_numbers():
    from pipeline.io import formula_safe

    for value in FORMULAS:
        assert formula_safe(value) == "'" + value
    for value in ["-3", "-0,5", "+1.250,75", "-.5", "Ja", "e-mail", " =1", 3, -3.5, None]:
        assert formula_safe(value) == value


def test_tabellen_xlsx_has_no_formula_and_quote_prefixes_risky_text():
    openpyxl = pytest.importorskip("openpyxl")
    from pipeline.charts.files import Output, Sheet, workbook_bytes

    rows = [[(a, None), (0.25, "pct"), ("×", "mark")] for a in ATTACKS]
    sheet = Sheet(name="q", title="=1+1", header_lines=[("Vraag", '=HYPERLINK("http://x","klik")', None)],
                  columns=["Antwoord", "Percentage", "Teken"], rows=rows, footer_lines=["@handle"], widths=[30, 10, 8],
                  kind="frequency", base=1000)
    out = Output(consultation="t", heading="=HYPERLINK(\"http://x\",\"klik\")", intro=["=1+1", "-2+3"],
                 created=dt.date(2024, 2, 1), charts=[], sheets=[sheet], legend=["@x"])
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(out)))
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(("=", "+", "-", "@")):
                        assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
    for attack in ATTACKS:
        assert attack in texts, attack
    assert "=1+1" in texts and "-2+3" in texts  # shown as typed, not as 2 or 1


def test_quarantine_and_failure_lists_neutralise_formulas(tiny_codebook, tmp_path, monkeypatch):
    import pipeline.codebook
    from pipeline.errors import DataError
    from pipeline.stages import ingest, validate
    from tests.tiny import tiny_export

    monkeypatch.setattr(pipeline.codebook, "ROOT", tmp_path)
    raw = tiny_export()
    raw.loc[3, "Woonsituatie"] = '=HYPERLINK("http://x","klik")'  # row 3: already refused (age 230)
    raw.loc[4, "Leeftijd"] = "-3"                                  # row 4: a refused number stays a number
    raw.loc[6, "Woonsituatie"] = "=1+1"                            # row 6: already refused ('Misschien')
    frame, _ = ingest.process(tiny_codebook, raw, b"test-key")
    kept, quarantine, fails = validate.process(tiny_codebook, frame)
    validate.save(tiny_codebook, kept, quarantine, fails, len(frame))
    d = tmp_path / "processed" / "tiny"
    q = pd.read_csv(d / "quarantine.csv", dtype=str, keep_default_na=False).set_index("row")
    f = pd.read_csv(d / "validation_failures.csv", dtype=str, keep_default_na=False)
    assert q.loc["3", "housing"] == "'=HYPERLINK(\"http://x\",\"klik\")"
    assert q.loc["6", "housing"] == "'=1+1"
    assert q.loc["4", "age"] == "-3"
    assert set(f["value"]) >= {"'=1+1", "'=HYPERLINK(\"http://x\",\"klik\")", "-3"}
    for col in q.columns:
        assert not q[col].str.startswith(("=", "@", "+", "\t", "\r")).any(), col
    # only the CSV changes: the frame (written to Parquet elsewhere) keeps the values as they were
    assert quarantine.set_index("row").loc[6, "housing"] == "=1+1"

    # too many refused rows: the lists go to errors/ and are neutralised there too
    strict = tiny_codebook.model_copy(update={"max_quarantine_share": 0.0})
    with pytest.raises(DataError):
        validate.save(strict, kept, quarantine, fails, len(frame))
    e = pd.read_csv(d / "errors" / "quarantine.csv", dtype=str, keep_default_na=False).set_index("row")
    assert e.loc["6", "housing"] == "'=1+1"
    ef = (d / "errors" / "validation_failures.csv").read_text(encoding="utf-8")
    assert "\n=" not in ef and ",=" not in ef


# -- the same attacks through every stage of a tiny consultation (slow: executes and renders) -------

HOSTILE_CODEBOOK_CHANGES = {
    "title: Kleine testbevraging": 'title: "Rapport <img src=x onerror=alert(1)> $$"',
    'source_line: "LEVL, testbevraging"': 'source_line: "LEVL <script>alert(1)</script>"',
    "{code: rent, label: Huurwoning, aliases: [huur]}":
        """{code: rent, label: '=HYPERLINK("http://x","klik")', aliases: [huur, Huurwoning]}""",
    "{code: own, label: Eigen woning}": "{code: own, label: '<Gent> $x^2$ @handle', aliases: [Eigen woning]}",
    # as questions' labels too: with two kept rows their tables are withheld, and the title is what the report
    # prints of them (the answers' labels reach tabellen.xlsx and the chart test below)
    "    label: Woonsituatie": """    label: '=HYPERLINK("http://x","klik")'""",
    "    label: Hulp": "    label: '<Gent> $x^2$ @handle'",
    "    label: Tevreden": "    label: '`#panic()`{=typst} (@jan)'",
}
HOSTILE_REMARK = "Zie ![](x.png) en [klik hier](http://x) of @leerkrachten_divers $$ klaar"
REPORT_SOURCE = '''# %% tags=["parameters"]
consultation = "tiny"
renderer = "onbekend"

# %%
from pipeline.report.blocks import Report
from pipeline.analyses.themes.report import show_quotes

r = Report(consultation)
r.intro()
r.all_findings()
show_quotes(r)
r.quality()
r.provenance_note()
'''


@pytest.mark.slow
def test_hostile_labels_and_quotes_through_every_stage(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    docx = pytest.importorskip("docx")
    import os
    import sys
    import textwrap

    from tests.tiny import REPO, TINY_CODEBOOK, tiny_export

    codebook = textwrap.dedent(TINY_CODEBOOK)
    for old, new in HOSTILE_CODEBOOK_CHANGES.items():
        assert old in codebook, old
        codebook = codebook.replace(old, new)
    (tmp_path / "surveys" / "tiny").mkdir(parents=True)
    (tmp_path / "surveys" / "tiny" / "codebook.yml").write_text(codebook, encoding="utf-8")
    (tmp_path / "surveys" / "tiny" / "report.py").write_text(REPORT_SOURCE, encoding="utf-8")
    raw = tiny_export()
    raw.loc[5, "Opmerkingen"] = HOSTILE_REMARK        # Dirk: kept, chosen as a quote
    raw.loc[3, "Woonsituatie"] = "=1+1"               # Bob: refused (age 230); his answer goes to quarantine.csv
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(raw.columns))
    for r, row in enumerate(raw.itertuples(index=False), start=2):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value).data_type = "s"  # text as a respondent typed it, not a formula
    (tmp_path / "raw" / "tiny").mkdir(parents=True)
    wb.save(tmp_path / "raw" / "tiny" / "export.xlsx")
    (tmp_path / "raw" / "tiny" / "quotes.csv").write_text(
        f"respondent;question;quote\n4;remarks;{HOSTILE_REMARK}\n", encoding="utf-8")

    env = {**os.environ, "LEVL_ROOT": str(tmp_path), "PYTHONPATH": str(REPO), "LEVL_PSEUDONYM_KEY": "7f3a9c1e5b2d8046f1e9a3c7b5d20f486c1a9e3f7b5d2c084e6a1f9c3b7d5e20"}
    for stage in ("ingest", "validate", "clean", "analyse", "report", "charts"):
        res = subprocess.run([sys.executable, "-m", "pipeline", stage, "tiny"], env=env, cwd=REPO,
                             capture_output=True, text=True, timeout=900)
        assert res.returncode == 0, f"{stage}:\n{res.stderr[-3000:]}"
        assert "Traceback" not in res.stderr

    shown = ['=HYPERLINK("http://x","klik")', "<Gent> $x^2$ @handle", "`#panic()`{=typst} (@jan)",
             "<img src=x onerror=alert(1)> $$", "<script>alert(1)</script>", HOSTILE_REMARK]
    reports = tmp_path / "reports" / "tiny"
    parser = _TextAndTags()
    parser.feed((reports / "tiny.html").read_text(encoding="utf-8"))
    text = _flat(" ".join(parser.text))
    for s in shown:
        assert s in text, s
    assert not [a for t, a in parser.tags if t == "script"]
    assert not [a for t, a in parser.tags if t == "img" and "onerror" in a or a.get("src") == "x.png"]
    assert not [a for t, a in parser.tags if t == "a" and a.get("href") == "http://x"]

    doc = docx.Document(str(reports / "tiny.docx"))
    words = _flat(" ".join([p.text for p in doc.paragraphs]
                           + [c.text for t in doc.tables for row in t.rows for c in row.cells]))
    for s in shown[:3] + shown[4:]:  # the title is in the document properties and the title block
        assert s in words, s
    if shutil.which("pdftotext"):
        pdf = _flat(subprocess.run(["pdftotext", "-layout", str(reports / "tiny.pdf"), "-"], capture_output=True,
                                   text=True, check=True).stdout)
        for s in [*shown[1:3], shown[4], HOSTILE_REMARK]:
            assert s in pdf, s

    # two kept rows: every share of 'housing' is without a percentage, so it has no chart (a chart of "–" bars
    # only is left out); the gallery names it, as text. The hostile answers in an SVG: the test below
    assert not (reports / "charts" / "housing.svg").exists()
    gallery = (reports / "charts" / "index.html").read_text(encoding="utf-8")
    assert "Geen grafiek van" in gallery and "<script>" not in gallery
    book = openpyxl.load_workbook(reports / "tabellen.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert '=HYPERLINK("http://x","klik")' in [c.value for c in cells]
    quarantine = (tmp_path / "processed" / "tiny" / "quarantine.csv").read_text(encoding="utf-8")
    assert ",'=1+1," in quarantine and ",=1+1," not in quarantine


def test_a_typst_failure_is_a_dutch_message_not_a_traceback(tmp_path):
    """The researchers' own Markdown can still ask for something Typst cannot do (an image that
    does not exist): that is one message naming the report, not a ``typst.TypstError``."""
    pytest.importorskip("typst")
    from pipeline.errors import DataError
    from pipeline.report import render

    out = tmp_path / "out"
    out.mkdir()
    md = "---\ntitle: \"t\"\n---\n\nTekst.\n\n![Kaart](ontbreekt.png)\n"
    with pytest.raises(DataError) as err:
        render.render_pandoc(md, tmp_path, out, "tiny", 1706788800)
    assert "PDF" in err.value.message and "surveys/tiny/report.py" in str(err.value)
    assert not list(out.iterdir())  # nothing half-written


def test_hostile_answer_labels_are_text_in_a_charts_svg(tmp_path):
    """The answers of HOSTILE_CODEBOOK_CHANGES as a chart's labels, in a table whose shares are shown: text in
    the SVG, escaped, never markup (the end-to-end test above has too few rows for a chart)."""
    import numpy as np
    import pandas as pd

    from pipeline.charts import export, figures

    labels = ['=HYPERLINK("http://x","klik")', "<Gent> $x^2$ @handle"]
    t = pd.DataFrame({"table": "housing", "kind": "frequency", "variable": "housing", "label": "Woonsituatie",
                      "by": np.nan, "group": np.nan, "category": labels, "n": [40, 60], "base": 100,
                      "estimate": [0.4, 0.6], "ci_low": [0.3, 0.5], "ci_high": [0.5, 0.7], "status": "ok",
                      "hidden_reason": ""})
    paths = export.export_chart(lambda shape: figures.bars(t, "Titel <b>", "Vraag", "Bron: test", shape), "housing",
                                tmp_path, "Titel <b>", "Vraag", "Bron: test", figures.alt_text(t, "Titel", "Vraag", "Bron"))
    svg = _flat(paths[0].read_text(encoding="utf-8")).replace("&quot;", '"')
    assert "&lt;Gent&gt; $x^2$ @handle" in svg and '=HYPERLINK("http://x","klik")' in svg
    assert "<Gent>" not in svg and "<b>" not in svg

