"""Issue 14, items 2, 3 and 6, second review: paths the first fix missed.

* A message printed to the terminal carries values from exports (column names, details): control
  characters in them (ESC starts an ANSI sequence, ``\\x1b[2J`` clears the screen) must be shown,
  not obeyed.
* A stray control character in a label (Excel exports carry ``\\x0b`` for a line break in a cell)
  made the chart's SVG invalid XML: no browser or editor opened it.
* Control characters and bidirectional overrides (U+202E reverses the text after it) reach the
  reports as invisible characters that change what the reader sees.

Expected values are written out by hand from the input strings, never produced by the code.
"""

from __future__ import annotations

import io
import re
import xml.dom.minidom

import pandas as pd
import pytest

# ESC-sequences (clear screen, set the terminal title, colour), CR, C1 CSI, bidi override
CONTROL = "A\x1b[2JB\x1b]0;titel\x07C\rD\x9b31mE\u202eF\x0bG\x00H"


# -- terminal ----------------------------------------------------------------------------------


def test_error_message_shows_control_characters_instead_of_obeying_them():
    from pipeline.errors import DataError

    err = DataError("kolom onbekend", file="raw/x/export.csv", row=3, column=CONTROL,
                    details=[f"gevonden: {CONTROL}"], fix="hernoem de kolom")
    text = str(err)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text), repr(text)
    shown = r"A\x1b[2JB\x1b]0;titel\x07C\rD\x9b31mE\u202eF\x0bG\x00H"  # written out by hand
    assert f"  kolom:     {shown}" in text.splitlines()
    assert f"  - gevonden: {shown}" in text.splitlines()
    assert "  oplossing: hernoem de kolom" in text.splitlines()  # ordinary text untouched
    assert "bestand:   raw/x/export.csv" in text


def test_error_message_keeps_ordinary_non_ascii_text():
    from pipeline.errors import ConfigError

    text = str(ConfigError("vraag 'Wat is uw mening — écht?' ✓ مرحبا", fix="zie codebook.yml"))
    assert "vraag 'Wat is uw mening — écht?' ✓ مرحبا" in text


# -- charts --------------------------------------------------------------------------------------


def _table(categories: list[str]) -> pd.DataFrame:
    return pd.DataFrame([{"table": "q", "kind": "frequency", "label": "Vraag", "by": "", "group": "",
                          "category": c, "n": 40, "base": 100, "estimate": 0.4, "ci_low": 0.3, "ci_high": 0.5,
                          "status": "ok"} for c in categories])


def test_chart_with_control_characters_in_labels_is_valid_svg_with_the_text(tmp_path):
    from pipeline.charts import export, figures

    t = _table([CONTROL, "Nee"])
    title, subtitle, alt = f"Titel {CONTROL}", f"Vraag {CONTROL}", f"Staafdiagram {CONTROL}"
    export.export_chart(lambda shape: figures.bars(t, title, subtitle, "Bron: LEVL", shape), "c", tmp_path,
                        title, subtitle, "Bron: LEVL", alt)
    svg = (tmp_path / "c.svg").read_text(encoding="utf-8")
    dom = xml.dom.minidom.parseString(svg.encode("utf-8"))  # raised ExpatError: not well-formed
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e]", svg)
    texts = " ".join(n.data for n in _text_nodes(dom))
    # the printable characters stay, in order (the label is text: "[2J" is shown, not obeyed)
    assert "A[2JB]0;titel" in texts
    assert "D31mEF" in texts.replace(" ", "").replace("\n", "")
    txt = (tmp_path / "c.txt").read_text(encoding="utf-8")
    assert "\x1b" not in txt and "\u202e" not in txt and txt.startswith("Staafdiagram A[2JB]0;titel")


def _text_nodes(node):
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            yield child
        else:
            yield from _text_nodes(child)


def test_charts_keep_arabic_and_persian_text_joiners():
    from pipeline.charts import figures

    label = "می\u200cخواهم — ça va ✓"  # ZWNJ belongs to Persian spelling: it must stay
    assert figures._wrap(label, 80) == label


# -- reports ---------------------------------------------------------------------------------------


def test_markdown_helpers_drop_controls_and_bidi_overrides_but_keep_joiners():
    from pipeline.report.text import code, md, md_lines

    # U+202E would show "Nee" as "eeN" reversed after it; ESC, NUL and C1 are invisible in a report
    assert md("Ja\u202eeeN\x1b[2J\x00\x9b") == "JaeeN\\[2J"          # escapes written by hand
    assert md("a\x0bb\x85c") == "a b c"                                 # line breaks become spaces
    assert md_lines("een\u202e\ntwee\x07", prefix="> ") == "> een\\\n> twee"
    assert code("pad\u2066/x\x1b.csv") == "`pad/x.csv`"
    assert md("می\u200cخواهم") == "می\u200cخواهم"                        # Persian ZWNJ stays


# -- CSV files people open: the list separator of a Belgian Excel ----------------------------------


def test_formula_after_a_semicolon_is_neutralised_too():
    from pipeline.io import formula_safe

    assert formula_safe("Ja;=1+1") == "Ja;'=1+1"
    assert formula_safe('x;=HYPERLINK("http://x";"klik")') == "x;'=HYPERLINK(\"http://x\";\"klik\")"
    assert formula_safe("=a;@b;c;+d") == "'=a;'@b;c;'+d"
    assert formula_safe("Ja\t=1+1") == "Ja\t'=1+1"   # LibreOffice also offers tab as separator
    assert formula_safe("\t=1") == "'\t'=1"          # a leading tab still gets its quote
    for value in ["1;-2", "-0,5;+3", "Ja; =1", "Ja;Nee", "a,=b"]:  # numbers, a space, a comma: as they are
        assert formula_safe(value) == value


def test_csv_for_people_has_no_formula_cell_when_excel_splits_on_semicolons(tmp_path):
    import csv

    from pipeline.io import write_csv

    df = pd.DataFrame({"row": [2, 3], "value": ['Ja;=HYPERLINK("http://x","klik")', "Nee;@SUM(A1);-3"],
                       "problem;=1+1": ["x", "y"]})
    write_csv(tmp_path / "quarantine.csv", df, for_people=True)
    text = (tmp_path / "quarantine.csv").read_text(encoding="utf-8")
    # how a Dutch-language Excel reads the file it opens: ";" separates cells, '"' quotes them
    cells = [c for row in csv.reader(io.StringIO(text), delimiter=";") for c in row]
    risky = [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r")) or re.match(r"-\D", c)]
    assert risky == [], risky
    back = pd.read_csv(tmp_path / "quarantine.csv", dtype=str)  # the pipeline still reads it with ","
    assert list(back["value"]) == ['Ja;\'=HYPERLINK("http://x","klik")', "Nee;'@SUM(A1);-3"]
    assert list(back.columns) == ["row", "value", "problem;'=1+1"]


# -- tabellen.xlsx -------------------------------------------------------------------------------------


def test_tabellen_xlsx_with_a_control_character_in_a_sheet_name_is_a_valid_file():
    import datetime as dt
    import zipfile

    from pipeline.charts.files import Output, Sheet, workbook_bytes

    sheet = Sheet(name="01 Vraag\x0bover\x1b wonen", title="Vraag\x0bover wonen", header_lines=[],
                  columns=["Antwoord"], rows=[[("Ja\x0bNee", None)]], kind="frequency", base=10)
    out = Output(consultation="t", heading="T", intro=[], created=dt.date(2024, 2, 1), charts=[], sheets=[sheet],
                 legend=[])
    data = workbook_bytes(out)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for part in z.namelist():
            if part.endswith((".xml", ".rels")):
                xml.dom.minidom.parseString(z.read(part))  # workbook.xml was not well-formed
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Toelichting", "01 Vraag over wonen"]
    link = next(c for row in wb["Toelichting"].iter_rows() for c in row if c.hyperlink is not None)
    assert link.value == "01 Vraag over wonen" and link.hyperlink.location == "'01 Vraag over wonen'!A1"


# -- the overview page -------------------------------------------------------------------------------


def test_overview_page_shows_folder_names_and_codebook_values_as_text():
    import datetime as dt
    import html.parser

    from pipeline.stages import overview

    row = {"id": 'x"><script>alert(1)</script>', "title": 2024, "start": dt.date(2024, 1, 1),
           "end": dt.date(2024, 2, 1), "method": "Online \u202eeteN", "tool": 7, "target": 5,
           "target_text": 100, "reached": 6, "unit": "respondenten", "synthetic": False}
    page = overview.process([row])  # a numeric YAML title raised AttributeError (a traceback)

    tags, texts = [], []

    class Parser(html.parser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, dict(attrs)))

        def handle_data(self, data):
            texts.append(data)

    Parser().feed(page)
    assert "script" not in {t for t, _ in tags}
    hrefs = [a["href"] for t, a in tags if t == "a"]
    assert "../x%22%3E%3Cscript%3Ealert%281%29%3C/script%3E/x%22%3E%3Cscript%3Ealert%281%29%3C/script%3E.html" in hrefs
    assert {"2024", "Online eteN", "7", "100"} <= set(texts)


def test_gallery_page_has_no_control_characters_or_bidi_overrides():
    import datetime as dt

    from pipeline.charts.files import Chart, Output, gallery_html

    chart = Chart(name="q", draw=lambda shape: None, title="40 % antwoordde 'Ja\u202eeeN'", subtitle="",
                  source="", alt="Staafdiagram <b>\x1b[2J</b>")
    out = Output(consultation="t", heading="Bevraging\u202e", intro=["Inleiding\x00"], created=dt.date(2024, 2, 1),
                 charts=[chart], sheets=[], legend=[])
    page = gallery_html(out)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", page)
    assert "40 % antwoordde &#x27;JaeeN&#x27;" in page
    assert "Staafdiagram &lt;b&gt;[2J&lt;/b&gt;" in page and "<title>Grafieken: Bevraging</title>" in page


# -- a failing report notebook -------------------------------------------------------------------------


@pytest.mark.parametrize("kernel", ["0", "1"])  # in this process (pipeline/report/inprocess.py) or a kernel
def test_failing_report_notebook_message_is_readable_text_without_colour_codes(tmp_path, monkeypatch, kernel):
    pytest.importorskip("nbclient")
    monkeypatch.setenv("LEVL_REPORT_KERNEL", kernel)
    from pipeline.errors import DataError
    from pipeline.report import render

    source = tmp_path / "report.py"
    source.write_text('# %% tags=["parameters"]\nconsultation = "x"\n\n# %%\n'
                      'raise ValueError("geen antwoord Ja\\x1b[2J in tabel q")\n', encoding="utf-8")
    with pytest.raises(DataError) as info:
        render.execute(source, {"consultation": "t"}, tmp_path / "report.ipynb")
    text = str(info.value)
    # IPython colours its traceback with ANSI codes: the last line used to carry them ("\x1b[0;31m")
    assert "  - ValueError: geen antwoord Ja\\x1b[2J in tabel q" in text.splitlines()
    assert "[0;31m" not in text and "\x1b" not in text


def test_chart_labels_stay_text_after_a_notebook_resets_matplotlib(tmp_path):
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    from pipeline.charts import figures, style

    style.use()  # cached: runs once per process, like in a report notebook
    with mpl.rc_context():
        plt.style.use("default")  # a researcher's cell resets the settings: math is parsed again
        fig = figures.bars(_table(["Prijs $$ of $5", "Nee"]), "Titel $$", "Vraag $x^", "Bron: $$")
        svg = io.BytesIO()
        fig.savefig(svg, format="svg")  # raised ValueError (mathtext) on "$$"
        plt.close(fig)
    text = svg.getvalue().decode("utf-8")
    for shown in ["Prijs $$ of $5", "Titel $$", "Vraag $x^", "Bron: $$"]:
        assert shown in text, shown


def test_report_title_with_a_byte_swapped_bom_still_renders():
    import json
    import subprocess

    pypandoc = pytest.importorskip("pypandoc")
    import nbformat

    from pipeline.report import render

    meta = {"title": "Bevraging\ufffe 2024\uffff", "subtitle": "Rapport \udcff", "lang": "nl-BE"}
    doc = render.to_markdown(nbformat.v4.new_notebook(), None, meta)
    # was: "control characters are not allowed" (and a lone surrogate could not even be encoded)
    res = subprocess.run([pypandoc.get_pandoc_path(), "-f", render.MARKDOWN_IN, "-t", "json"],
                         input=doc.encode("utf-8"), capture_output=True)
    assert res.returncode == 0, res.stderr
    title = json.loads(res.stdout)["meta"]["title"]["c"]
    assert [part.get("c") for part in title] == ["Bevraging", None, "2024"]  # Str, Space, Str


def test_chart_title_with_a_lone_surrogate_is_written(tmp_path):
    from pipeline.charts import export, figures

    t = _table(["Ja", "Nee"])
    title = "40 % antwoordde 'Ja' \udcff"  # json.loads('"\\udcff"') gives such a string
    paths = export.export_chart(lambda shape: figures.bars(t, title, "Vraag", "Bron", shape), "c", tmp_path,
                                title, "Vraag", "Bron", f"Staafdiagram. {title}")  # PNG metadata: UnicodeEncodeError
    assert [p.name for p in paths] == ["c.svg", "c.png", "c_1080x1080.png", "c_1200x675.png", "c.txt"]
    assert (tmp_path / "c.txt").read_text(encoding="utf-8") == "Staafdiagram. 40 % antwoordde 'Ja'\n"


def test_a_kernel_that_dies_before_the_first_cell_is_started_again_once(tmp_path, monkeypatch, capsys):
    # reports built in parallel start kernels at the same moment; one can lose the race for a port and
    # die before the first cell ("Kernel died before replying to kernel_info"): one new kernel, then stop
    pytest.importorskip("nbclient")
    from pipeline.report import render

    monkeypatch.setenv("LEVL_REPORT_KERNEL", "1")  # a Python notebook runs without a kernel otherwise
    source = tmp_path / "report.py"
    source.write_text('# %% tags=["parameters"]\nconsultation = "x"\n\n# %%\nprint(consultation * 2)\n',
                      encoding="utf-8")
    deaths = []

    class Racy(render.NotebookClient):
        def execute(self, **kwargs):
            if len(deaths) < allowed:
                deaths.append(1)
                raise RuntimeError("Kernel died before replying to kernel_info")
            return super().execute(**kwargs)

    monkeypatch.setattr(render, "NotebookClient", Racy)
    allowed = 1
    nb = render.execute(source, {"consultation": "t"}, tmp_path / "report.ipynb")
    assert len(deaths) == 1
    assert [o.get("text") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])] == ["tt\n"]
    assert "tweede poging met een nieuwe kernel" in capsys.readouterr().err
    deaths.clear()
    allowed = 2  # a kernel that never starts: the error after the second try, not a loop
    with pytest.raises(RuntimeError):
        render.execute(source, {"consultation": "t"}, tmp_path / "again.ipynb")
    assert len(deaths) == 2 and not (tmp_path / "again.ipynb").exists()


def test_a_kernel_that_dies_in_a_cell_is_not_started_again(tmp_path, monkeypatch):
    pytest.importorskip("nbclient")
    from nbclient.exceptions import DeadKernelError

    from pipeline.report import render

    monkeypatch.setenv("LEVL_REPORT_KERNEL", "1")
    source = tmp_path / "report.py"
    source.write_text('# %% tags=["parameters"]\nconsultation = "x"\n\n# %%\nprint(1)\n', encoding="utf-8")
    starts = []

    class DiesInACell(render.NotebookClient):
        def execute(self, **kwargs):
            starts.append(1)
            self.nb.cells[-1]["execution_count"] = 1  # the last cell had started when the kernel died
            raise DeadKernelError("Kernel died")

    monkeypatch.setattr(render, "NotebookClient", DiesInACell)
    with pytest.raises(DeadKernelError):
        render.execute(source, {"consultation": "t"}, tmp_path / "report.ipynb")
    assert starts == [1]
