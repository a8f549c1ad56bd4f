"""Issue 13, item 7: the document's metadata lives in one project file that both renderers read, and
the Quarto call is what Quarto expects (a project file beside the notebook; quarto.org: "Project
Basics" — every document rendered in a folder with _quarto.yml inherits its metadata; CLI
`quarto render <input> --to <format> --no-execute`). Quarto cannot be installed here, so a fake
`quarto` on the PATH records its arguments and the files it was given.

Item 2 at the small scale: the report filter keeps a number with its "%", keeps captions with what
follows in the PDF, and takes table column widths from the content. Expected values are written
by hand from the template and the documentation, never taken from the code under test."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from pipeline.report import metadata, render
from pipeline.report.docx import REFERENCE_DOC

META = {"title": "Bevraging van nieuwkomers", "subtitle": "Rapport", "author": "LEVL vzw",
        "date": "31 mei 2022", "period": "Periode: 1 maart 2022 tot 31 mei 2022", "lang": "nl-BE"}


def test_the_project_file_holds_the_reports_metadata_and_names_files_that_are_beside_it(tmp_path):
    metadata.write(META, tmp_path)
    doc = yaml.safe_load((tmp_path / "_quarto.yml").read_text(encoding="utf-8"))
    assert doc["project"] == {"type": "default"}
    for key in ("title", "subtitle", "author", "date", "lang"):
        assert doc[key] == META[key]
    assert doc["period"] == r"Periode\: 1 maart 2022 tot 31 mei 2022"  # read as Markdown by both: escaped
    assert doc["toc"] is True and doc["mainfont"] == "Open Sans"
    assert set(doc["format"]) == {"html", "typst", "docx"}
    html, typst, docx = doc["format"]["html"], doc["format"]["typst"], doc["format"]["docx"]
    assert html["embed-resources"] is True and (tmp_path / html["css"]).is_file()
    assert all((tmp_path / f).is_file() for f in doc["filters"])
    assert all((tmp_path / f).is_file() for f in typst["template-partials"])
    assert (tmp_path / typst["levl-template"]).is_file() and typst["papersize"] == "a4"
    assert any(p.suffix == ".ttf" for d in typst["font-paths"] for p in (tmp_path / d).iterdir())
    assert docx["toc"] is True  # Word: Pandoc's contents field, filled by pipeline.report.docx.finish
    if "reference-doc" in docx:
        assert (tmp_path / docx["reference-doc"]).is_file()


def test_every_key_of_the_template_is_read_by_the_pandoc_path_or_is_quartos_own():
    """So the two paths cannot drift: a key added to _quarto.yml for Quarto must be taught to
    metadata.pandoc_args (or be listed here as one only Quarto needs)."""
    template = yaml.safe_load(metadata.PROJECT.read_text(encoding="utf-8"))
    quarto_only = {"project", "execute", "template-partials", "font-paths"}  # font-paths: typst.compile's
    read_by_pandoc = {"author", "lang", "toc", "toc-depth", "toc-title", "mainfont", "filters", "css",
                      "embed-resources", "html-math-method", "papersize", "fontsize", "levl-template",
                      "reference-doc"}
    keys = {k for k in template if k != "format"}
    keys |= {k for options in template["format"].values() for k in options}
    assert keys - quarto_only - read_by_pandoc == set()


def test_pandoc_gets_the_same_options_from_the_project_file(tmp_path):
    doc = metadata.write(META, tmp_path)
    html = metadata.pandoc_args(doc, "html")
    typst = metadata.pandoc_args(doc, "typst")
    docx = metadata.pandoc_args(doc, "docx")
    for args in (html, typst, docx):
        assert "--lua-filter=levl.lua" in args
    assert {"--toc", "--toc-depth=2", "-s", "--embed-resources", "--css=report.css", "--mathml"} <= set(html)
    assert {"--toc", "-s", "papersize=a4", "fontsize=10pt", "mainfont=Open Sans", "template=levl.typ"} <= set(typst)
    assert typst[typst.index("-t") + 1] == "typst"
    assert "--toc" in docx
    header = yaml.safe_load(metadata.front_matter(doc).strip("-\n"))
    assert header["title"] == "Bevraging van nieuwkomers" and header["lang"] == "nl-BE"
    assert header["period"] == doc["period"] and header["toc-title"] == "Inhoudsopgave"


FAKE_QUARTO = """#!{python}
import json, os, pathlib, sys
here = pathlib.Path.cwd()
log = pathlib.Path(os.environ["QUARTO_LOG"])
calls = json.loads(log.read_text()) if log.exists() else []
calls.append({{"args": sys.argv[1:], "files": sorted(p.name for p in here.iterdir()),
               "project": (here / "_quarto.yml").read_text(encoding="utf-8")}})
log.write_text(json.dumps(calls))
to = sys.argv[sys.argv.index("--to") + 1]
ext = {{"html": "html", "typst": "pdf", "docx": "docx"}}[to]
target = here / (pathlib.Path(sys.argv[2]).stem + "." + ext)
if to == "docx":  # a real Word file (Pandoc's, as Quarto writes it): the pipeline finishes it afterwards
    target.write_bytes(pathlib.Path(os.environ["QUARTO_DOCX"]).read_bytes())
else:
    target.write_bytes(b"uit quarto " + to.encode())
"""


def test_render_quarto_calls_quarto_once_per_format_with_the_project_file_beside_the_notebook(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "quarto"
    fake.write_text(FAKE_QUARTO.format(python=sys.executable))
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "calls.json"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("QUARTO_LOG", str(log))
    monkeypatch.setenv("QUARTO_DOCX", str(REFERENCE_DOC))
    build, out = tmp_path / "build", tmp_path / "out"
    build.mkdir()
    out.mkdir()
    executed = tmp_path / "report.ipynb"
    executed.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    metadata.write(META, build)

    written = render.render_quarto(executed, build, out, "nieuwkomers_wonen", 1653998400)

    calls = json.loads(log.read_text())
    assert [c["args"] for c in calls] == [
        ["render", "nieuwkomers_wonen.ipynb", "--to", "html", "--no-execute"],
        ["render", "nieuwkomers_wonen.ipynb", "--to", "typst", "--no-execute"],
        ["render", "nieuwkomers_wonen.ipynb", "--to", "docx", "--no-execute"],
    ]
    for call in calls:
        assert {"_quarto.yml", "nieuwkomers_wonen.ipynb", "levl.lua", "levl.typ", "typst-template.typ",
                "report.css", "fonts"} <= set(call["files"])
        project = yaml.safe_load(call["project"])
        assert project["title"] == "Bevraging van nieuwkomers" and project["lang"] == "nl-BE"
        assert project["format"]["typst"]["template-partials"] == ["typst-template.typ"]
    assert [p.name for p in written] == ["nieuwkomers_wonen.html", "nieuwkomers_wonen.pdf", "nieuwkomers_wonen.docx"]
    assert (out / "nieuwkomers_wonen.pdf").read_bytes() == b"uit quarto typst"
    # Quarto's Word file is finished like Pandoc's: Open Sans embedded, no field that asks for an update
    with zipfile.ZipFile(out / "nieuwkomers_wonen.docx") as z:
        assert any(n.startswith("word/fonts/") for n in z.namelist())
        assert b"updateFields" not in z.read("word/settings.xml")


def test_quartos_typst_partial_is_the_same_layout_as_pandocs():
    partial = (metadata.TEMPLATES / "typst-template.typ").read_text(encoding="utf-8")
    assert '#import "levl.typ": conf' in partial and "#let article = conf" in partial


# -- the filter, through the real Pandoc -----------------------------------------------------------

def _pandoc(md: str, fmt: str, tmp_path: Path) -> str:
    pypandoc = pytest.importorskip("pypandoc")
    doc = metadata.write(META, tmp_path)
    (tmp_path / "in.md").write_text(metadata.front_matter(doc) + "\n\n" + md, encoding="utf-8")
    args = [a for a in metadata.pandoc_args(doc, fmt) if a != "--embed-resources"]
    res = subprocess.run([pypandoc.get_pandoc_path(), "in.md", "-f", render.MARKDOWN_IN, *args, "-t", fmt],
                         cwd=tmp_path, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    return res.stdout


def test_a_number_and_its_percent_sign_never_part_in_any_format(tmp_path):
    md = "Samen 83,2 % van de huurders; p < 0,001.\n\n| Antwoord | Aandeel |\n|:--|--:|\n| Ja | 41,8 % |\n"
    html = _pandoc(md, "html", tmp_path)
    assert "83,2\u202f%" in html and "41,8\u202f%" in html and "&lt;\u00a00,001" in html
    assert "83,2 %" not in html
    typst = _pandoc(md, "typst", tmp_path)
    assert "83,2\u202f%" in typst


def test_in_typst_captions_stick_to_their_table_and_columns_take_their_width_from_content(tmp_path):
    md = ("::: {.table-caption}\n**Tabel 1. Herkomst.** Basis: 12.\n:::\n\n"
          "| Regio van herkomst | Aantal |\n|:----------------------------------------------------------|---:|\n"
          "| Europese Unie | 12 |\n\n::: {.key-messages}\nKernboodschap.\n:::\n")
    typst = _pandoc(md, "typst", tmp_path)
    caption = typst.index("Tabel 1. Herkomst.")
    sticky = typst.rfind("#block(sticky: true", 0, caption)
    assert sticky != -1 and typst.find("]", sticky) > caption  # the caption is inside the sticky block
    assert "columns: 2," in typst  # two auto columns, not Pandoc's relative shares (e.g. 85%, 15%)
    assert "fill: rgb(\"#eef4f9\")" in typst[typst.index("Kernboodschap") - 200:typst.index("Kernboodschap")]


def test_a_caption_is_never_the_last_text_on_a_pdf_page(tmp_path):
    """Push a caption down the page line by line: whatever the position, the caption is on the page
    where its table starts (pdftotext per page; pages are split by form feeds)."""
    pytest.importorskip("typst")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is niet geïnstalleerd; .ci/run installeert het")
    rows = "\n".join(f"| Gemeente {i} | {i} |" for i in range(8))
    out = tmp_path / "out"
    out.mkdir()
    for filler in range(36, 52, 3):
        build = tmp_path / f"b{filler}"
        build.mkdir()
        doc = metadata.write(META, build)
        text = "\n\n".join(f"Regel {i} van de tekst." for i in range(filler))
        md = (metadata.front_matter(doc) + "\n\n" + text + "\n\n::: {.table-caption}\n**Tabel 1. Gemeenten.** "
              "Basis: 8.\n:::\n\n| Gemeente | Aantal |\n|:--|--:|\n" + rows + "\n")
        render.render_pandoc(md, build, out, "t", 1653998400)
        pages = subprocess.run(["pdftotext", "-layout", str(out / "t.pdf"), "-"], capture_output=True,
                               text=True, check=True).stdout.split("\f")
        page = next(p for p in pages if "Tabel 1. Gemeenten." in p)
        assert "Gemeente 0" in page, f"{filler} regels: het bijschrift staat zonder tabel onderaan de pagina"


def test_a_closing_quote_after_a_bracket_stays_closing_in_the_pdf(tmp_path):
    """Pandoc writes a typed ’ as ' for Typst's smart quotes, which made the one after "(euro)" an opening
    quote in the PDF: "‘Maandelijkse huur (euro)‘" (nieuwkomers_wonen_2026). levl.lua passes ’ as it is."""
    pytest.importorskip("typst")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is niet geïnstalleerd; .ci/run installeert het")
    out = tmp_path / "out"
    out.mkdir()
    doc = metadata.write(META, tmp_path)
    md = metadata.front_matter(doc) + "\n\nNiet vergeleken: ‘Maandelijkse huur (euro)’ (een getal) en ‘Leeftijd’.\n"
    render.render_pandoc(md, tmp_path, out, "t", 1653998400)
    text = subprocess.run(["pdftotext", str(out / "t.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "‘Maandelijkse huur (euro)’ (een getal) en ‘Leeftijd’" in " ".join(text.split())


def test_a_short_table_keeps_its_source_line_on_its_page_in_the_pdf():
    # nieuwkomers_wonen's tables 7 and 13: the page broke between the table and "Bron: …", alone on the next page
    import re

    import pypandoc

    from pipeline.report.render import MARKDOWN_IN

    lua = Path(__file__).resolve().parent.parent / "pipeline" / "templates" / "levl.lua"
    text = ("| Antwoord | Aantal |\n|:---|---:|\n| Ja | 12 |\n| Nee | 30 |\n\n*Bron: LEVL, test, n = 42.*\n\n"
            "Een gewone alinea.\n")
    typst = pypandoc.convert_text(text, "typst", format=MARKDOWN_IN, extra_args=[f"--lua-filter={lua}"])
    assert typst.index("#block(breakable: false)[") < typst.index("#emph[Bron")
    # the block's own closing bracket, on a line of its own, comes after the source line, before the next paragraph
    assert re.search(r"^\]$", typst[typst.index("#emph[Bron"):typst.index("Een gewone alinea")], flags=re.M)


def test_a_sentence_announcing_a_short_list_stays_with_it_in_the_pdf():
    # a reader of every page: "Redenen van de afgekeurde waarden:" ended verkiezingsateliers_na's page 10, its one
    # bullet on page 11
    import re

    import pypandoc

    from pipeline.report.render import MARKDOWN_IN

    lua = Path(__file__).resolve().parent.parent / "pipeline" / "templates" / "levl.lua"
    text = "Voor.\n\nRedenen van de afgekeurde waarden:\n\n- leeftijd buiten het bereik\n- onbekend antwoord\n\nNa.\n"
    typst = pypandoc.convert_text(text, "typst", format=MARKDOWN_IN, extra_args=[f"--lua-filter={lua}"])
    start = typst.index("#block(breakable: false, width: 100%)[")
    assert start < typst.index("Redenen van") < typst.index("onbekend antwoord")
    assert re.search(r"^\]$", typst[typst.index("onbekend antwoord"):typst.index("Na.")], flags=re.M)
    assert typst.index("Voor.") < start  # only the announcing sentence and its list
    # a long list is left to break across pages
    long = "Redenen:\n\n" + "".join(f"- reden {i}\n" for i in range(10))
    assert "breakable: false" not in pypandoc.convert_text(long, "typst", format=MARKDOWN_IN,
                                                           extra_args=[f"--lua-filter={lua}"])


def test_the_three_conversions_run_together_and_a_failing_one_is_reported(tmp_path):
    from pipeline.errors import DataError
    from pipeline.report.render import _pandoc

    (tmp_path / "report.md").write_text("# Titel\n\nEen zin.\n", encoding="utf-8")
    _pandoc([["report.md", "-o", "a.html"], ["report.md", "-o", "a.docx"], ["report.md", "-t", "typst", "-o", "a.typ"]],
            tmp_path, 0)
    assert "Een zin." in (tmp_path / "a.html").read_text(encoding="utf-8")
    assert (tmp_path / "a.docx").read_bytes()[:2] == b"PK" and "Titel" in (tmp_path / "a.typ").read_text()
    with pytest.raises(DataError) as err:
        _pandoc([["report.md", "-o", "b.html"], ["ontbreekt.md", "-o", "b.docx"]], tmp_path, 0)
    assert "Pandoc kon het rapport niet omzetten" in str(err.value) and "ontbreekt.md" in str(err.value)
    assert "backtrace" not in str(err.value) and "ghc-internal" not in str(err.value)  # Pandoc's words, not Haskell's
    assert (tmp_path / "b.html").exists()  # the other conversion ran to its end


def test_pandocs_error_is_shown_past_its_warnings_and_a_stop_leaves_no_pandoc_running(tmp_path, monkeypatch):
    import subprocess
    import time

    from pipeline.errors import DataError
    from pipeline.report import render

    images = "".join(f"![x](ontbreekt{i}.png)\n\n" for i in range(8))
    (tmp_path / "report.md").write_text("# Titel\n\n" + images, encoding="utf-8")
    (tmp_path / "eenmap.docx").mkdir()  # the output's name is taken by a folder: Pandoc fails after eight warnings
    with pytest.raises(DataError) as err:
        render._pandoc([["report.md", "-o", "eenmap.docx"]], tmp_path, 0)
    assert "eenmap.docx" in str(err.value) and "[WARNING]" not in str(err.value)

    # a stop while Pandoc runs (SystemExit, as pipeline/__main__.py's signal handler raises it): every Pandoc killed
    started: list[subprocess.Popen] = []
    real = subprocess.Popen

    def slow(args, **kwargs):
        proc = real(["sleep", "30"], **kwargs)
        started.append(proc)
        return proc

    def stop(self, *a, **k):
        raise SystemExit(130)

    monkeypatch.setattr(subprocess, "Popen", slow)
    monkeypatch.setattr(real, "communicate", stop)
    t0 = time.monotonic()
    with pytest.raises(SystemExit):
        render._pandoc([["a"], ["b"], ["c"]], tmp_path, 0)
    assert len(started) == 3 and all(p.poll() is not None for p in started) and time.monotonic() - t0 < 10
