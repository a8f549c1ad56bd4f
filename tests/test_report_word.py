"""Every report's Word file as a reader opens it (issue 13): no "Table of Contents", no field Word asks
to update, and, laid out by a real word processor (LibreOffice Writer, headless, in a fresh profile
on a machine without Open Sans: the font comes embedded in the DOCX), no word or number of any table
cell broken across lines.

How a break is seen: a word split over two lines comes out of ``pdftotext`` as two words, so the word
itself is missing. For every word (whitespace-separated, no-break spaces included) in a table cell,
the PDF must hold it at least as often as the Word file's text does."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from tests.built_reports import report_ids

pytestmark = pytest.mark.slow

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _docx_files(project: Path) -> list[Path]:
    files = [project / "reports" / cid / f"{cid}.docx" for cid in report_ids(project)]
    assert files and all(f.exists() for f in files)
    return files


# a number and its "%" or "<" count as one word: "28,1 %" broken before the "%" is a broken number
_JOIN = (re.compile(r"(?<=\d)\s+(?=%)"), re.compile(r"(?<=[<>≤≥])\s+(?=\d)"))


def _words(text: str) -> list[str]:
    for pattern in _JOIN:
        text = pattern.sub("", text)
    return [w for w in re.split(r"\s+", text) if w]  # \s includes U+00A0 and U+202F


def _paragraph_text(p) -> str:
    return "".join(t.text or "" if t.tag == f"{{{W}}}t" else "-"  # Word's no-break hyphen
                   for t in p.iter(f"{{{W}}}t", f"{{{W}}}noBreakHyphen"))


def _paragraph_words(el) -> list[str]:
    return [w for p in el.iter(f"{{{W}}}p") for w in _words(_paragraph_text(p))]


def _pdf_words(pdf: Path) -> Counter:
    """The words of a PDF as pdftotext sees them, a number joined to its "%" or "<" on the same line."""
    tsv = subprocess.run(["pdftotext", "-tsv", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words, line = [], None
    for row in (r.split("\t") for r in tsv.splitlines()[1:]):
        if len(row) != 12 or row[0] != "5" or not row[11].strip():
            continue
        word, here = row[11].replace("\u2011", "-"), tuple(row[1:5])
        if words and here == line and (words[-1][-1].isdigit() and word[0] == "%"
                                       or words[-1] in ("<", ">", "≤", "≥") and word[0].isdigit()):
            words[-1] += word
        else:
            words.append(word)
        line = here
    return Counter(words)


def broken_words(docx: Path, pdf: Path) -> list[str]:
    """The words of ``docx``'s tables that the PDF does not show whole as often as the document has them."""
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    everywhere = Counter(_paragraph_words(root.find("w:body", NS)))
    in_tables = {w for tbl in root.iter(f"{{{W}}}tbl") for w in _paragraph_words(tbl)}
    assert in_tables, docx.name
    shown = _pdf_words(pdf)
    return sorted(w for w in in_tables if shown[w] < everywhere[w])


@pytest.fixture(scope="module")
def as_libreoffice_shows(publications, tmp_path_factory) -> dict[str, Path]:
    """Each report's DOCX converted to PDF by LibreOffice Writer (one run for all of them)."""
    if not shutil.which("soffice"):
        pytest.fail("LibreOffice (soffice) ontbreekt: installeer libreoffice-writer-nogui (.ci/run doet dat)")
    tmp = tmp_path_factory.mktemp("libreoffice")
    profile = tmp / "profile"  # a fresh profile without Open Sans: the DOCX brings its own
    files = _docx_files(publications)
    res = subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                          "--convert-to", "pdf", "--outdir", str(tmp / "pdf"), *map(str, files)],
                         capture_output=True, text=True, timeout=600)
    pdfs = {f.stem: tmp / "pdf" / f"{f.stem}.pdf" for f in files}
    assert all(p.exists() for p in pdfs.values()), res.stdout + res.stderr
    return pdfs


def test_no_english_toc_and_no_dirty_fields(publications):
    for path in _docx_files(publications):
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.endswith(".xml"):
                    xml = z.read(name)
                    assert b"Table of Contents" not in xml, (path.name, name)
                    assert b"w:dirty" not in xml, (path.name, name)
                    assert b"updateFields" not in xml, (path.name, name)


def test_inhoudsopgave_lists_the_headings(publications):
    for path in _docx_files(publications):
        with zipfile.ZipFile(path) as z:
            body = etree.fromstring(z.read("word/document.xml")).find("w:body", NS)
        paras = body.findall("w:p", NS)

        def style(p):
            s = p.find("w:pPr/w:pStyle", NS)
            return s.get(f"{{{W}}}val") if s is not None else ""

        text = ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in paras]
        entries = [t for p, t in zip(paras, text) if style(p).startswith("TOC") and style(p) != "TOCHeading"]
        headings = [t for p, t in zip(paras, text) if style(p) in ("Heading1", "Heading2")]
        assert "Inhoudsopgave" in text, path.name
        assert entries == headings and len(entries) >= 3, path.name


def test_word_files_use_open_sans(as_libreoffice_shows):
    for name, pdf in as_libreoffice_shows.items():
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        # the text is Open Sans (embedded in the DOCX); a symbol Open Sans lacks (✓, →) comes from another font
        assert "OpenSans-Bold" in fonts and re.search(r"\+OpenSans\s", fonts), (name, fonts)


def test_no_word_in_a_table_is_broken_across_lines(publications, as_libreoffice_shows):
    broken = {path.name: words for path in _docx_files(publications)
              if (words := broken_words(path, as_libreoffice_shows[path.stem]))}
    assert not broken, f"woorden in tabellen over twee regels gebroken: {broken}"
