"""The Word file's finishing (pipeline.report.docx) and LEVL's reference.docx, on small documents made
here with Pandoc: a filled Dutch Inhoudsopgave, nothing dirty, column widths that hold their longest
word, numbers right-aligned. Widths are checked against FreeType's measure of Open Sans (Pillow), not
against the module's own measure."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest
from lxml import etree

from pipeline.report import docx, docx_style

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
A4_TEXT_WIDTH = 11906 - 2 * 1134  # twips: A4 is 11906 wide, 2 cm = 1134 twips each side

MD = """---
title: Proef
lang: nl-BE
---

## Eerste deel

Tekst.

### Een onderdeel

| Regio | Aantal | Aandeel |
|:------|-------:|:--------|
| Europese Unie | 172 | 58,9 % |
| Midden-Oosten en Noord-Afrika | 1.204 | < 0,001 |

## Tweede deel

| Uitgenodigd: meerderheidsprofiel | a | b | c | d | e | f | g |
|---|---|---|---|---|---|---|---|
| x | 1 | 2 | 3 | 4 | 5 | 6 | 7 |
"""


def _pandoc_docx(tmp_path, md: str, name: str = "t.docx"):
    import pypandoc

    (tmp_path / "t.md").write_text(md, encoding="utf-8")
    subprocess.run([pypandoc.get_pandoc_path(), "t.md", "--toc", "--toc-depth=2", "--reference-doc",
                    str(docx.REFERENCE_DOC), "-o", name], cwd=tmp_path, check=True)
    return tmp_path / name


def _xml(path, part="word/document.xml"):
    with zipfile.ZipFile(path) as z:
        return z.read(part)


def _text(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{{{W}}}t"))


def _points(text: str, bold: bool, size_pt: float) -> float:
    """FreeType's width of ``text`` in Open Sans, in twips (measured at 100× size for precision)."""
    from PIL import ImageFont

    font = ImageFont.truetype(str(docx.FONTS / ("OpenSans-Bold.ttf" if bold else "OpenSans-Regular.ttf")),
                              size=round(size_pt * 100))
    return font.getlength(text) / 100 * 20


@pytest.fixture
def finished(tmp_path):
    path = _pandoc_docx(tmp_path, MD)
    before = _xml(path)
    docx.finish(path)
    return path, before


def test_pandoc_alone_leaves_a_dirty_english_toc(finished):
    """The problem being solved, so that the next tests mean something."""
    _, before = finished
    assert b"Table of Contents" in before and b'w:dirty="true"' in before


def test_toc_is_dutch_filled_and_clean(finished):
    path, _ = finished
    xml = _xml(path)
    assert b"Table of Contents" not in xml and b"dirty" not in xml
    assert b"updateFields" not in _xml(path, "word/settings.xml")
    root = etree.fromstring(xml)
    body = list(root.find("w:body", NS))
    start = next(i for i, p in enumerate(body) if _text(p) == "Inhoudsopgave")
    paras = body[start:start + 3]
    sdt = etree.Element("toc")
    for p in paras:
        sdt.append(p)
    # the two level-2 headings, not the level-3 one (the field asks for levels 1-2), each a link
    assert [_text(p) for p in paras[1:]] == ["Eerste deel", "Tweede deel"]
    anchors = [p.find("w:hyperlink", NS).get(f"{{{W}}}anchor") for p in paras[1:]]
    names = {b.get(f"{{{W}}}name") for b in root.iter(f"{{{W}}}bookmarkStart")}
    assert all(a in names for a in anchors)
    kinds = [f.get(f"{{{W}}}fldCharType") for f in sdt.iter(f"{{{W}}}fldChar")]
    assert kinds == ["begin", "separate", "end"]


def test_no_headings_no_toc(tmp_path):
    path = _pandoc_docx(tmp_path, "Alleen tekst.\n")
    docx.finish(path)
    xml = _xml(path)
    assert b"<w:sdt" not in xml and b"Inhoudsopgave" not in xml and b"dirty" not in xml and b"TOC" not in xml


def _grid(tbl):
    return [int(c.get(f"{{{W}}}w")) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]


def test_columns_hold_their_longest_word_and_fill_the_text_width(finished):
    path, _ = finished
    tables = etree.fromstring(_xml(path)).findall(".//w:tbl", NS)
    first, second = tables
    pad = 2 * 85  # 0,15 cm of padding either side of a cell
    for tbl in tables:
        assert sum(_grid(tbl)) == A4_TEXT_WIDTH
    g = _grid(first)
    assert g[0] >= _points("Midden-Oosten", False, 9) + pad
    assert g[1] >= _points("Aantal", True, 9) + pad and g[1] >= _points("1.204", False, 9) + pad
    assert g[2] >= _points("Aandeel", True, 9) + pad
    # the 8-column table: its first column holds "meerderheidsprofiel" in bold, whole
    assert _grid(second)[0] >= _points("meerderheidsprofiel", True, 9) + pad


def test_numbers_right_text_left_and_cells_styled(finished):
    path, _ = finished
    first = etree.fromstring(_xml(path)).find(".//w:tbl", NS)
    rows = first.findall("w:tr", NS)
    for r, row in enumerate(rows):
        aligns = [tc.find("w:p/w:pPr/w:jc", NS).get(f"{{{W}}}val") for tc in row.findall("w:tc", NS)]
        assert aligns == ["left", "right", "right"]
        styles = {tc.find("w:p/w:pPr/w:pStyle", NS).get(f"{{{W}}}val") for tc in row.findall("w:tc", NS)}
        assert styles == ({"TableHeading"} if r == 0 else {"TableText"})
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None  # repeated on every page


@pytest.mark.parametrize("text, expected", [
    ("58,9 %", True), ("58,9\u202f%", True), ("< 0,001", True), ("13,2 tot 33,1", True), ("×", True),
    ("1.234", True), ("-3,5", True), ("172", True), ("12,5 %*", True), ("5,8–14,0 %", True), ("44,3 – 55,7 %", True),
    ("Gent", False), ("Stad: Gent", False), ("95%-interval", False), ("", False), ("2 van 3 paren", False),
])
def test_is_number(text, expected):
    assert docx.is_number(text) is expected


def test_a_table_too_wide_for_9pt_steps_down(tmp_path):
    header = " | ".join(["discriminatiegrond"] * 6)
    md = f"| {header} |\n|{'---|' * 6}\n| {' | '.join(['1'] * 6)} |\n"
    path = _pandoc_docx(tmp_path, md)
    docx.finish(path)
    tbl = etree.fromstring(_xml(path)).find(".//w:tbl", NS)
    # six bold "discriminatiegrond" need more than the text width at 9 and at 8 pt; at 7 pt they fit
    assert 6 * (_points("discriminatiegrond", True, 8) + 170) > A4_TEXT_WIDTH
    assert 6 * (_points("discriminatiegrond", True, 7) + 170) < A4_TEXT_WIDTH
    sizes = {int(s.get(f"{{{W}}}val")) for s in tbl.iter(f"{{{W}}}sz")}
    assert sizes == {14}  # half-points


def test_reference_doc_is_what_the_script_makes(tmp_path):
    """The committed reference.docx is rebuilt byte for byte from Pandoc's default."""
    target = docx_style.build(tmp_path / "reference.docx")
    assert target.read_bytes() == docx.REFERENCE_DOC.read_bytes()


def test_reference_doc_styles():
    styles = etree.fromstring(_xml(docx.REFERENCE_DOC, "word/styles.xml"))
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults.find("w:lang", NS).get(f"{{{W}}}val") == "nl-BE"
    assert defaults.find("w:rFonts", NS).get(f"{{{W}}}ascii") == "Open Sans"
    assert not re.search(rb"(ascii|hAnsi)Theme=", _xml(docx.REFERENCE_DOC, "word/styles.xml"))

    def style(name):
        return next((s for s in styles.findall("w:style", NS) if s.find("w:name", NS).get(f"{{{W}}}val") == name), None)

    for name in ("Table Caption", "Image Caption", "heading 2", "Table Heading"):
        assert style(name).find("w:pPr/w:keepNext", NS) is not None, name
    for name in ("Table Text", "toc 1", "toc 2", "Table"):
        assert style(name) is not None
    page = etree.fromstring(_xml(docx.REFERENCE_DOC)).find("w:body/w:sectPr/w:pgSz", NS)
    assert (page.get(f"{{{W}}}w"), page.get(f"{{{W}}}h")) == ("11906", "16838")  # A4 in twips


def test_numbers_and_hyphenated_words_cannot_break(finished):
    """"58,9 %" and "< 0,001" get a no-break space; "Midden-Oosten" a no-break hyphen (its column is
    wide enough for the whole word)."""
    path, _ = finished
    first = etree.fromstring(_xml(path)).find(".//w:tbl", NS)
    text = [_text(tc) for tc in first.iter(f"{{{W}}}tc")]
    assert "58,9\xa0%" in text and "<\xa00,001" in text
    cell = next(tc for tc in first.iter(f"{{{W}}}tc") if _text(tc).startswith("Midden"))
    assert len(cell.findall(".//w:noBreakHyphen", NS)) == 2  # Midden-Oosten, Noord-Afrika
    assert _text(cell) == "MiddenOosten en NoordAfrika"  # the hyphens are elements, not text


def test_finishing_twice_changes_nothing(finished):
    path, _ = finished
    once = path.read_bytes()
    docx.finish(path)
    assert path.read_bytes() == once


def test_open_sans_is_embedded_as_word_does_it(finished):
    """ECMA-376 §17.8.1: the .odttf is the font with its first 32 bytes XORed with the fontKey GUID's
    bytes in reverse order; undone here by hand, it must give back the TTF byte for byte."""
    path, _ = finished
    table = etree.fromstring(_xml(path, "word/fontTable.xml"))
    font = next(f for f in table.findall("w:font", NS) if f.get(f"{{{W}}}name") == "Open Sans")
    rels = etree.fromstring(_xml(path, "word/_rels/fontTable.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    faces = {"embedRegular": "OpenSans-Regular.ttf", "embedBold": "OpenSans-Bold.ttf",
             "embedItalic": "OpenSans-Italic.ttf"}
    for tag, ttf in faces.items():
        embed = font.find(f"w:{tag}", NS)
        key = embed.get(f"{{{W}}}fontKey")
        rid = embed.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        odttf = bytearray(_xml(path, "word/" + targets[rid]))
        hexdigits = key.strip("{}").replace("-", "")
        reversed_key = [int(hexdigits[i:i + 2], 16) for i in range(30, -1, -2)]
        for i in range(32):
            odttf[i] ^= reversed_key[i % 16]
        assert bytes(odttf) == (docx.FONTS / ttf).read_bytes()
    settings = etree.fromstring(_xml(path, "word/settings.xml"))
    assert settings.find("w:embedTrueTypeFonts", NS) is not None


def test_a_short_column_stays_on_one_line(tmp_path):
    """Next to a long text column, "Ja gehaald" gets its whole one-line width (plus padding)."""
    long = "Antwerpen 5, Limburg 5, Oost-Vlaanderen 5, Vlaams-Brabant 5, West-Vlaanderen 5 " * 2
    md = f"| Resultaat | Oordeel |\n|---|---|\n| {long} | Ja gehaald |\n"
    path = _pandoc_docx(tmp_path, md)
    docx.finish(path)
    grid = _grid(etree.fromstring(_xml(path)).find(".//w:tbl", NS))
    assert grid[1] >= _points("Ja gehaald", False, 9) + 170
    assert grid[1] < 2 * (_points("Ja gehaald", False, 9) + 170)  # and not much more
    assert sum(grid) == A4_TEXT_WIDTH


def test_a_hyphen_between_digits_stays_text(tmp_path):
    """"85.07.30-033.28" (a national number's shape) stays one string in the XML, so the privacy tests
    that search the Word file's XML for leaked identifiers still find it; "Sint-Niklaas" is held."""
    md = "| Gemeente | Code |\n|---|---|\n| Sint-Niklaas | 85.07.30-033.28 |\n"
    path = _pandoc_docx(tmp_path, md)
    docx.finish(path)
    xml = _xml(path).decode()
    assert "85.07.30-033.28" in xml and "Sint-Niklaas" not in xml and ">Sint<" in xml


def test_a_file_name_wider_than_the_page_leaves_the_hash_whole(tmp_path):
    """A raw file name of 150 characters has no place to break: it cannot fit, but the SHA-256 beside
    it (the provenance table) keeps its whole width instead of shrinking with it."""
    name = "raw/nieuwkomers_wonen/" + "Antwoorden_LEVL_bevraging_nieuwkomers_wonen_export_definitief_" * 2 + ".xlsx"
    md = f"| Ruw bestand | SHA-256 |\n|:---|:---|\n| {name} | ef1033a1d73d0e02… |\n"
    path = _pandoc_docx(tmp_path, md)
    docx.finish(path)
    tbl = etree.fromstring(_xml(path)).find(".//w:tbl", NS)
    grid = _grid(tbl)
    size = min(int(s.get(f"{{{W}}}val")) for s in tbl.iter(f"{{{W}}}sz")) / 2  # the size it stepped down to
    assert _points(name, False, size) > A4_TEXT_WIDTH  # the name cannot fit at any size
    assert grid[1] >= _points("ef1033a1d73d0e02…", False, size)  # the hash does, on one line
    assert sum(grid) == A4_TEXT_WIDTH


def test_a_hash_set_as_code_in_a_table_takes_the_tables_size(tmp_path):
    """The provenance table: a SHA-256 set as code beside a raw file name of 65 characters. Code is 11 pt
    (the VerbatimChar style) while the column was measured at the table's 9 pt: the hash broke over two lines."""
    name = "raw/nieuwkomers_wonen_2026/antwoorden_bevraging_wonen_definitief.xlsx"
    sha = "ef1033a1d73d0e02…"
    md = f"| Ruw bestand | SHA-256 |\n|:---|:---|\n| {name} | `{sha}` |\n"
    path = _pandoc_docx(tmp_path, md)
    styles = _xml(path, "word/styles.xml").decode()
    assert re.search(r'w:styleId="VerbatimChar"(?:(?!</w:style>).)*<w:sz w:val="22"\s*/>', styles, re.S)  # 11 pt outside tables
    docx.finish(path)
    tbl = etree.fromstring(_xml(path)).find(".//w:tbl", NS)
    code = [r for r in tbl.iter(f"{{{W}}}r") if r.find(f"{{{W}}}rPr/{{{W}}}rStyle[@{{{W}}}val='VerbatimChar']") is not None]
    assert len(code) == 1 and _text(code[0]) == sha
    assert code[0].find(f"{{{W}}}rPr/{{{W}}}sz").get(f"{{{W}}}val") == "18"  # 9 pt, as the table
    assert _grid(tbl)[1] >= _points(sha, False, 9) + 170  # and the column holds it on one line


def test_a_whole_hash_beside_a_file_name_wider_than_the_page(tmp_path):
    """A full SHA-256 (64 characters) is wider than an equal share of the page, but beside a file name
    that must break anyway it still stays whole: the name keeps 3.5 cm or more."""
    name = "raw/nieuwkomers_wonen/" + "Antwoorden_LEVL_bevraging_nieuwkomers_wonen_export_definitief_" * 2 + ".xlsx"
    sha = "ef1033a1d73d0e02" * 4
    md = f"| Ruw bestand | SHA-256 |\n|:---|:---|\n| {name} | {sha} |\n"
    path = _pandoc_docx(tmp_path, md)
    docx.finish(path)
    tbl = etree.fromstring(_xml(path)).find(".//w:tbl", NS)
    grid = _grid(tbl)
    size = min(int(s.get(f"{{{W}}}val")) for s in tbl.iter(f"{{{W}}}sz")) / 2
    assert _points(sha, False, size) > A4_TEXT_WIDTH / 2  # more than an equal share
    assert grid[1] >= _points(sha, False, size)
    assert grid[0] >= 2000 and sum(grid) == A4_TEXT_WIDTH


def test_every_page_has_its_number_in_the_footer(finished):
    """The Word reports had no page numbers (a reader printing one could not find 'figuur 3 op pagina 5').
    The finished document's section refers to a footer that holds a PAGE field, which Word and
    LibreOffice fill in as they lay out the pages."""
    path, _before = finished
    root = etree.fromstring(_xml(path))
    sect = root.findall(f".//{{{W}}}sectPr")[-1]
    ref = sect.find(f"{{{W}}}footerReference")
    assert ref is not None and ref.get(f"{{{W}}}type") == "default"
    rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    rels = etree.fromstring(_xml(path, "word/_rels/document.xml.rels"))
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    footer = etree.fromstring(_xml(path, f"word/{target}"))
    assert "PAGE" in "".join(t.text or "" for t in footer.iter(f"{{{W}}}instrText"))
    assert b"footer+xml" in _xml(path, "[Content_Types].xml")
