"""LEVL's Word styles: ``pipeline/style/reference.docx``, built from Pandoc's own default.

Pandoc (and Quarto) take every paragraph, table and page style of a DOCX from a *reference* document.
This module makes LEVL's from Pandoc 3.9's default (``pandoc --print-default-data-file
reference.docx``) by editing its ``styles.xml``, ``settings.xml``, theme and page setup, so that the
file is reproducible (the same Pandoc gives the same bytes) and every change is readable here:

* Open Sans everywhere (body 10 pt), LEVL blue headings, Dutch (Belgium) as the proofing language;
* A4 pages with 2 cm side margins;
* the table style "Table" (rules, a tinted header row, cell padding) and the paragraph styles
  "Table Text" / "Table Heading" that :mod:`pipeline.report.docx` gives every table cell;
* "Table Caption" and "Image Caption" (used by :mod:`pipeline.report.captions`) keep with the next
  paragraph, so a caption never ends a page without its table or figure;
* "toc 1" / "toc 2" for the filled "Inhoudsopgave";
* the page number centred in the footer of every page (a PAGE field).

Rebuild after a Pandoc upgrade with ``python -m pipeline.report.docx_style`` (commit the result);
a test checks that the committed file is what this module makes.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

from pipeline.io import PACKAGE, write_bytes

REFERENCE_DOC = PACKAGE / "style" / "reference.docx"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
FONT = "Open Sans"
BLUE = "1B6CA8"
TEXT_WIDTH = 11906 - 2 * 1134  # A4 (twips) minus 2 cm side margins: what a table may span
TABLE_PT = 9  # type size in tables (the PDF uses 8.5 pt in Typst)
CELL_PAD = 85  # twips of padding left and right of every cell (0,15 cm)


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _el(tag: str, children=(), **attrs) -> etree._Element:
    el = etree.Element(_w(tag))
    for key, val in attrs.items():
        el.set(_w(key), str(val))
    for child in children:
        el.append(child)
    return el


def _rpr(size_pt: float | None = None, bold: bool = False, italic: bool | None = None, color: str | None = None):
    kids = []
    if bold:
        kids += [_el("b"), _el("bCs")]
    if italic is not None:
        kids += [_el("i", val=int(italic)), _el("iCs", val=int(italic))]
    if color:
        kids.append(_el("color", val=color))
    if size_pt:
        kids += [_el("sz", val=int(size_pt * 2)), _el("szCs", val=int(size_pt * 2))]
    return _el("rPr", kids)


def _para_style(style_id: str, name: str, based_on: str, ppr: list, rpr: etree._Element | None = None,
                custom: bool = True, next_style: str | None = None) -> etree._Element:
    el = _el("style", type="paragraph", styleId=style_id, **({"customStyle": 1} if custom else {}))
    el.append(_el("name", val=name))
    el.append(_el("basedOn", val=based_on))
    if next_style:
        el.append(_el("next", val=next_style))
    el.append(_el("qFormat"))
    el.append(_el("pPr", ppr))
    if rpr is not None:
        el.append(rpr)
    return el


def _set(parent: etree._Element, tag: str, ahead_of: tuple[str, ...] = (), **attrs) -> etree._Element:
    """The child ``tag`` of ``parent`` (made when missing) with ``attrs`` set. Word reads the children
    of pPr/rPr in schema order: a new child goes before the first existing one named in ``ahead_of``."""
    el = parent.find(f"w:{tag}", NS)
    if el is None:
        el = _el(tag)
        for name in ahead_of:
            anchor = parent.find(f"w:{name}", NS)
            if anchor is not None:
                anchor.addprevious(el)
                break
        else:
            parent.append(el)
    for key, val in attrs.items():
        el.set(_w(key), str(val))
    return el


def _style(root: etree._Element, style_id: str) -> etree._Element:
    return root.find(f"w:style[@w:styleId='{style_id}']", NS)


def _ppr(style: etree._Element) -> etree._Element:
    ppr = style.find("w:pPr", NS)
    if ppr is None:
        ppr = _el("pPr")
        rpr = style.find("w:rPr", NS)
        (rpr.addprevious(ppr) if rpr is not None else style.append(ppr))
    return ppr


def _rpr_of(style: etree._Element) -> etree._Element:
    rpr = style.find("w:rPr", NS)
    if rpr is None:
        rpr = _el("rPr")
        style.append(rpr)
    return rpr


_PPR_ORDER = ("keepNext", "keepLines", "pageBreakBefore", "pBdr", "shd", "spacing", "ind", "jc", "outlineLvl")
_RPR_ORDER = ("rFonts", "b", "bCs", "i", "iCs", "color", "sz", "szCs", "lang")


def _color(rpr: etree._Element, rgb: str) -> None:
    el = _set(rpr, "color", _RPR_ORDER[6:], val=rgb)
    for key in ("themeColor", "themeShade", "themeTint"):  # a theme colour would win over the value
        el.attrib.pop(_w(key), None)


def edit_styles(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    # the theme's fonts (Calibri/Cambria) are named per style in Pandoc's default: Open Sans instead
    for fonts in root.iter(_w("rFonts")):
        for key in list(fonts.attrib):
            del fonts.attrib[key]
        for key in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(_w(key), FONT)
    default_rpr = root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    _set(default_rpr, "sz", ("szCs", "lang"), val=20)
    _set(default_rpr, "szCs", ("lang",), val=20)
    _set(default_rpr, "lang", val="nl-BE", eastAsia="zh-CN", bidi="ar-SA")
    _set(root.find("w:docDefaults/w:pPrDefault/w:pPr", NS), "spacing", after=120, line=276, lineRule="auto")

    for sid, size in (("Title", 24), ("Subtitle", 14), ("Heading1", 16), ("Heading2", 14), ("Heading3", 12),
                      ("Heading4", 11), ("TOCHeading", 14)):
        style = _style(root, sid)
        rpr = _rpr_of(style)
        _set(rpr, "sz", _RPR_ORDER[7:], val=size * 2)
        _set(rpr, "szCs", ("lang",), val=size * 2)
        _color(rpr, "444444" if sid == "Subtitle" else BLUE)
        if sid != "Subtitle":
            _set(rpr, "b", _RPR_ORDER[2:], val=1)
            _set(rpr, "bCs", _RPR_ORDER[3:], val=1)
        for tag in ("i", "iCs"):  # Pandoc's default heading 4+ is italic; LEVL's are not
            el = rpr.find(f"w:{tag}", NS)
            if el is not None:
                rpr.remove(el)
        ppr = _ppr(style)
        if sid in ("Title", "Subtitle"):
            _set(ppr, "jc", ("outlineLvl",), val="left")
        else:
            _set(ppr, "keepNext", _PPR_ORDER[1:])
            _set(ppr, "keepLines", _PPR_ORDER[2:])
            _set(ppr, "spacing", _PPR_ORDER[6:], before=360 if sid in ("Heading1", "Heading2") else 240, after=120)
    for sid in ("Author", "Date"):
        _set(_ppr(_style(root, sid)), "jc", ("outlineLvl",), val="left")

    # the callout (Markdown "> ..."): LEVL's orange rule on a light tint, as in the HTML report
    block = _ppr(_style(root, "BlockText"))
    for el in block.findall("w:pBdr", NS):
        block.remove(el)
    bdr = _el("pBdr", [_el("left", val="single", sz=24, space=8, color="E69F00")])
    _set(block, "spacing", _PPR_ORDER[6:], before=120, after=120)
    block.find("w:spacing", NS).addprevious(bdr)
    bdr.addnext(_el("shd", val="clear", color="auto", fill="FFF8EA"))

    for sid in ("Caption", "TableCaption", "ImageCaption"):
        style = _style(root, sid)
        ppr = _ppr(style)
        _set(ppr, "keepNext", _PPR_ORDER[1:])
        _set(ppr, "keepLines", _PPR_ORDER[2:])
        _set(ppr, "spacing", _PPR_ORDER[6:], before=240, after=80)
        rpr = _rpr_of(style)
        for tag in ("i", "iCs"):
            el = rpr.find(f"w:{tag}", NS)
            if el is not None:
                rpr.remove(el)
        _set(rpr, "sz", _RPR_ORDER[7:], val=19)
        _set(rpr, "szCs", ("lang",), val=19)

    _color(_rpr_of(_style(root, "Hyperlink")), BLUE)

    table = _style(root, "Table")
    for el in table.findall("w:tblPr", NS) + table.findall("w:tblStylePr", NS):
        table.remove(el)
    rule = {"val": "single", "sz": 6, "space": 0, "color": "888888"}
    thin = {"val": "single", "sz": 4, "space": 0, "color": "DDDDDD"}
    table.append(_el("tblPr", [
        _el("tblBorders", [_el("top", **rule), _el("bottom", **rule), _el("insideH", **thin)]),
        _el("tblCellMar", [_el("top", w=28, type="dxa"), _el("left", w=CELL_PAD, type="dxa"),
                           _el("bottom", w=28, type="dxa"), _el("right", w=CELL_PAD, type="dxa")]),
    ]))
    table.append(_el("tblStylePr", [
        _el("rPr", [_el("b"), _el("bCs")]),
        _el("tcPr", [_el("tcBorders", [_el("bottom", **rule)]), _el("shd", val="clear", color="auto", fill="EEF4F9"),
                     _el("vAlign", val="bottom")]),
    ], type="firstRow"))

    new = [
        _para_style("TableText", "Table Text", "Normal",
                    [_el("spacing", before=0, after=0, line=240, lineRule="auto")], _rpr(TABLE_PT)),
        _para_style("TableHeading", "Table Heading", "TableText", [_el("keepNext")], _rpr(bold=True)),
        _para_style("TOC1", "toc 1", "Normal", [_el("spacing", before=60, after=0)], custom=False, next_style="Normal"),
        _para_style("TOC2", "toc 2", "Normal", [_el("spacing", before=0, after=0), _el("ind", left=284)],
                    custom=False, next_style="Normal"),
    ]
    for el in new:
        old = _style(root, el.get(_w("styleId")))
        if old is not None:
            root.remove(old)
        root.append(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def edit_settings(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    for tag, val in (("themeFontLang", "nl-BE"), ("decimalSymbol", ","), ("listSeparator", ";")):
        el = root.find(f"w:{tag}", NS)
        if el is not None:
            el.set(_w("val"), val)
    for tag in ("updateFields", "autoHyphenation"):  # Word must not ask to update fields, nor hyphenate
        for el in root.findall(f"w:{tag}", NS):
            root.remove(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FOOTER_ID = "rIdLevlFooter"
# the page number, centred under every page: a PAGE field, which Word and LibreOffice fill in as they lay
# out the pages (nothing to update by hand); Pandoc keeps the reference's footer and its sectPr reference
FOOTER = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:ftr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
    + "".join(f'<w:r><w:rPr><w:color w:val="555555"/><w:sz w:val="18"/></w:rPr>{inner}</w:r>' for inner in (
        '<w:fldChar w:fldCharType="begin"/>', '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>', '<w:t>1</w:t>', '<w:fldChar w:fldCharType="end"/>'))
    + "</w:p></w:ftr>"
).encode("utf-8")


def edit_relationships(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    etree.SubElement(root, f"{{{pkg}}}Relationship", Type=f"{R}/footer", Id=FOOTER_ID, Target="footer1.xml")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def edit_content_types(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    ct = "http://schemas.openxmlformats.org/package/2006/content-types"
    etree.SubElement(root, f"{{{ct}}}Override", PartName="/word/footer1.xml",
                     ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def edit_document(xml: bytes) -> bytes:
    """The page: A4, 2 cm side margins, 2,5 cm top and bottom, the page number in the footer (Pandoc copies
    the last sectPr)."""
    root = etree.fromstring(xml)
    sect = root.find("w:body/w:sectPr", NS)
    for tag in ("pgSz", "pgMar", "footerReference"):
        for el in sect.findall(f"w:{tag}", NS):
            sect.remove(el)
    footer = etree.Element(_w("footerReference"))
    footer.set(_w("type"), "default")
    footer.set(f"{{{R}}}id", FOOTER_ID)
    sect.insert(0, footer)  # first in sectPr (schema order)
    sect.append(_el("pgSz", w=11906, h=16838))
    sect.append(_el("pgMar", top=1418, right=1134, bottom=1418, left=1134, header=709, footer=709, gutter=0))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def edit_theme(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    for kind in ("majorFont", "minorFont"):
        for latin in root.iter(f"{{{a}}}{kind}"):
            latin.find(f"{{{a}}}latin").set("typeface", FONT)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


EDITS = {"word/styles.xml": edit_styles, "word/settings.xml": edit_settings,
         "word/document.xml": edit_document, "word/theme/theme1.xml": edit_theme,
         "word/_rels/document.xml.rels": edit_relationships, "[Content_Types].xml": edit_content_types}
ADDED = {"word/footer1.xml": FOOTER}


def rezip(source: bytes, edits: dict, date_time: tuple | None = None, added: dict | None = None) -> bytes:
    """``source`` with the named parts replaced by ``edits[name](bytes)`` and the parts ``added`` (name →
    bytes) put in or replaced; members keep their order and their dates (or all get ``date_time``;
    new ones the first member's), so the same input gives the same bytes."""
    out = io.BytesIO()
    added = dict(added or {})
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        infos = zin.infolist()
        stamp = date_time or infos[0].date_time
        for info in infos:
            data = added.pop(info.filename) if info.filename in added else zin.read(info)
            if info.filename in edits:
                data = edits[info.filename](data)
            new = zipfile.ZipInfo(info.filename, date_time=date_time or info.date_time)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = info.external_attr
            zout.writestr(new, data)
        for name, data in added.items():
            new = zipfile.ZipInfo(name, date_time=stamp)
            new.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(new, data)
    return out.getvalue()


def pandoc_default() -> bytes:
    import pypandoc

    res = subprocess.run([pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
                         capture_output=True, check=True)
    return res.stdout


def build(target: Path = REFERENCE_DOC) -> Path:
    # Pandoc stamps the default's parts with the current time: a fixed date keeps the bytes stable
    write_bytes(target, rezip(pandoc_default(), EDITS, date_time=(2024, 1, 1, 0, 0, 0), added=ADDED))
    return target


if __name__ == "__main__":
    print(build())
