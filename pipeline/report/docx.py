"""The Word file as people open it: finish the DOCX that Pandoc (or Quarto) wrote.

:func:`finish` edits ``word/document.xml`` in place, after the converter:

* **Inhoudsopgave.** Pandoc writes an empty table of contents titled "Table of Contents" whose field is
  marked dirty, so Word asks to update fields when the file opens. Here it becomes a Dutch
  "Inhoudsopgave" whose field result is already filled: one line per heading (the levels the field
  asks for), each a link to its heading. Nothing is dirty, so Word opens without a question; page
  numbers are not known before a word processor lays the pages out, so the lines have none (Word adds
  them if a reader updates the field). A document without headings gets no Inhoudsopgave.
* **Tables.** Each column gets a width from its content, measured with Open Sans's own glyph widths:
  at least its longest word or number (bold in the header row) plus the cell padding, the rest of the
  text width shared out by how much each column would need for one line. A table spans the text
  width. When the longest words of a wide table do not fit at 9 pt, its type and cell padding step
  down (:data:`STEPS`, to 7 pt at the least). Within a cell a number keeps its "%" and "<" (no-break
  space) and, when the longest words fit, a hyphenated word ("Sint-Niklaas") keeps its hyphen (Word's
  no-break hyphen), so a word processor never breaks a word or a number. Number columns are
  right-aligned, cells use the "Table Text" / "Table Heading" styles of
  :mod:`pipeline.report.docx_style`, the header row repeats on every page, rows do not split, and a
  short table (up to :data:`KEEP_ROWS` rows) stays on one page with its caption.

Finishing is idempotent (a finished file finished again is unchanged) and keeps the zip members'
order and dates, so the same inputs give the same bytes.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from pipeline.io import PACKAGE, write_bytes
from pipeline.report import docx_fonts
from pipeline.report.docx_style import CELL_PAD, NS, REFERENCE_DOC, TABLE_PT, TEXT_WIDTH, _el, _w, rezip

__all__ = ["REFERENCE_DOC", "finish"]

FONTS = PACKAGE / "style" / "fonts"
TOC_TITLE = "Inhoudsopgave"
BREAK_WIDTH = 2000  # twips (3.5 cm): the least a column whose words must break keeps beside whole ones
KEEP_ROWS = 15  # tables up to this many rows are kept on one page (longer ones break, header repeated)
SAFETY = 1.06  # measured widths are widened a little: kerning, rounding and other renderers' metrics
SPACES = re.compile(r"[ \t\n]+")  # where a line may break; no-break spaces (U+00A0, U+202F) join
# a number, percentage, interval end or one of the tables' marks: "1.234", "-3,5 %", "< 0,001", "×", "–"
NUMBER = re.compile(r"^[<>≤≥±~+\-−]?\s?(\d[\d.,]*\s?%?\*?|[×–—-]|n\.v\.t\.)$")


@functools.cache
def _font(bold: bool):
    from fontTools.ttLib import TTFont

    font = TTFont(FONTS / ("OpenSans-Bold.ttf" if bold else "OpenSans-Regular.ttf"), lazy=True)
    return font.getBestCmap(), font["hmtx"].metrics, font["head"].unitsPerEm


def text_width(text: str, size_pt: float, bold: bool = False) -> int:
    """The width of ``text`` on one line, in twips (1/20 pt), from Open Sans's advance widths."""
    cmap, metrics, upem = _font(bold)
    fallback = metrics[cmap[ord("0")]][0]
    units = sum(metrics[cmap[ord(c)]][0] if ord(c) in cmap else fallback for c in text)
    return round(units / upem * size_pt * 20 * SAFETY)


def _cell_text(tc: etree._Element) -> str:
    return "\n".join("".join(t.text or "" if t.tag == _w("t") else "-" for t in p.iter(_w("t"), _w("noBreakHyphen")))
                     for p in tc.findall("w:p", NS))


def _bold_cell(tc: etree._Element, header: bool) -> bool:
    return header or tc.find(".//w:rPr/w:b", NS) is not None


def is_number(text: str) -> bool:
    """A table cell that holds a number, a range ("13,2 tot 33,1", "5,8–14,0 %") or a mark for a hidden value."""
    text = text.strip().replace("\u202f", " ").replace("\xa0", " ")
    if NUMBER.match(text):
        return True
    parts = re.split(r"\s*–\s*|\s+tot\s+", text)
    return len(parts) > 1 and all(p and NUMBER.match(p) for p in parts)


def column_widths(cells: list[list[tuple[str, bool]]], total: int = TEXT_WIDTH, size_pt: float = TABLE_PT,
                  pad: int = CELL_PAD) -> tuple[list[int], bool]:
    """Widths (twips) for a table given as rows of (text, bold) cells, summing to ``total``; and whether
    every column's longest word fits."""
    ncol = max(len(r) for r in cells)
    least = [0] * ncol  # the longest word
    want = [0] * ncol  # every paragraph on one line
    for row in cells:
        for j, (text, bold) in enumerate(row):
            for para in text.split("\n"):
                words = [w for w in SPACES.split(para) if w]
                if not words:
                    continue
                least[j] = max(least[j], max(text_width(w, size_pt, bold) for w in words) + 2 * pad)
                want[j] = max(want[j], text_width(" ".join(words), size_pt, bold) + 2 * pad)
    least = [max(x, 2 * pad + 20 * size_pt) for x in least]  # an empty column keeps a sliver
    want = [max(w, x) for w, x in zip(want, least)]
    if sum(want) <= total:  # everything on one line: share the rest by need
        extra = total - sum(want)
        widths = [w + extra * w / sum(want) for w in want]
    elif sum(least) <= total:  # longest words fit
        widths = _share(least, want, total)
    else:  # a word wider than the page (a long file name): the other columns keep their longest word
        widths = _squeeze(least, total)
    widths = [int(w) for w in widths]
    widths[-1] += total - sum(widths)
    return widths, sum(least) <= total


def _squeeze(least: list[int], total: int) -> list[float]:
    """Not every longest word fits: from the narrowest up, a column keeps its longest word while that
    leaves the wider ones an equal share of at least :data:`BREAK_WIDTH` each (the SHA-256 beside a long
    raw file name stays whole); the others share the rest by need and Word breaks their long words. If
    not even the narrowest column can stay whole, every column shrinks alike."""
    order = sorted(range(len(least)), key=least.__getitem__)
    fixed: dict[int, float] = {}
    for j in order[:-1]:  # the widest column takes what is left
        room = total - sum(fixed.values())
        others = len(least) - len(fixed) - 1
        if least[j] * (others + 1) <= room or room - least[j] >= others * BREAK_WIDTH:
            fixed[j] = least[j]
        else:
            break
    if not fixed:
        return [x * total / sum(least) for x in least]
    rest = [j for j in range(len(least)) if j not in fixed]
    left = total - sum(fixed.values())
    need = sum(least[j] for j in rest)
    return [fixed[j] if j in fixed else least[j] * left / need for j in range(len(least))]


def _share(least: list[int], want: list[int], total: int) -> list[float]:
    """Columns that need less than an equal share of what is left for one line get it ("✓ gehaald" stays
    on one line); the others get their longest word plus the rest in proportion to what they lack."""
    fixed: dict[int, float] = {}
    while True:
        rest = [j for j in range(len(want)) if j not in fixed]
        share = (total - sum(fixed.values())) / len(rest)
        small = [j for j in rest if want[j] <= share]
        if not small or len(small) == len(rest):
            break
        fixed.update({j: want[j] for j in small})
    spare = total - sum(fixed.values()) - sum(least[j] for j in rest)
    if spare < 0:  # the short columns took too much: everyone from the longest word up
        fixed, rest, spare = {}, list(range(len(want))), total - sum(least)
    gap = {j: want[j] - least[j] for j in rest}
    return [fixed[j] if j in fixed else least[j] + spare * gap[j] / (sum(gap.values()) or 1)
            for j in range(len(want))]


def _props(parent: etree._Element, tag: str) -> etree._Element:
    """The element's properties child (``pPr``, ``rPr``, ``trPr``, ``tcPr``), made first if missing."""
    pr = parent.find(f"w:{tag}", NS)
    if pr is None:
        pr = _el(tag)
        parent.insert(0, pr)
    return pr


def _drop(parent: etree._Element, *tags: str) -> None:
    for tag in tags:
        for el in parent.findall(f"w:{tag}", NS):
            parent.remove(el)


def _set_style(p: etree._Element, style: str, align: str | None) -> None:
    ppr = _props(p, "pPr")
    _drop(ppr, "pStyle", "jc")
    ppr.insert(0, _el("pStyle", val=style))
    if align:  # jc comes before a paragraph mark's rPr (schema order)
        tail = next((el for el in ppr if el.tag in (_w("textAlignment"), _w("outlineLvl"), _w("rPr"),
                                                      _w("sectPr"), _w("pPrChange"))), None)
        (tail.addprevious if tail is not None else ppr.append)(_el("jc", val=align))


def _run_size(p: etree._Element, size_pt: float) -> None:
    for r in p.findall(".//w:r", NS):
        rpr = _props(r, "rPr")
        _drop(rpr, "sz", "szCs")
        rpr.append(_el("sz", val=int(size_pt * 2)))
        rpr.append(_el("szCs", val=int(size_pt * 2)))


# (type size, cell padding) tried in turn until the longest words fit the text width
STEPS = ((TABLE_PT, CELL_PAD), (8, CELL_PAD), (8, 57), (7, 57), (7, 28))
GLUE = (re.compile(r"(?<=\d) (?=%)"), re.compile(r"(?<=[<>≤≥±]) (?=\d)"))  # "83,2 %", "< 0,001"
# a hyphen between letters ("Sint-Niklaas", "95%-interval"); not between digits, so a number such as
# "85.07.30-033.28" stays one string in the XML that a privacy check can search for
HYPHEN = re.compile(r"(?<=[^\W\d_]|%)-(?=[^\W\d_])")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _glue(p: etree._Element) -> None:
    """No line break between a number and its "%" or "<": a no-break space, within a run or between runs."""
    ts = list(p.iter(_w("t")))
    for t in ts:
        for pattern in GLUE:
            t.text = pattern.sub("\xa0", t.text or "")
    for prev, t, nxt in zip(ts, ts[1:], ts[2:]):
        a, b = prev.text or "", nxt.text or ""
        if t.text == " " and a and b and (a[-1].isdigit() and b[0] == "%" or a[-1] in "<>≤≥±" and b[0].isdigit()):
            t.text = "\xa0"


def _hold_hyphens(p: etree._Element) -> None:
    """A hyphen inside a word ("Sint-Niklaas", "95%-interval") becomes Word's no-break hyphen: the
    column is wide enough for the whole word, so the line must not break there either."""
    for t in list(p.iter(_w("t"))):
        parts = HYPHEN.split(t.text or "")
        if len(parts) == 1:
            continue
        t.text = parts[0]
        at = t
        for part in parts[1:]:
            hyphen, rest = _el("noBreakHyphen"), _el("t")
            rest.text = part
            rest.set(XML_SPACE, "preserve")
            at.addnext(hyphen)
            hyphen.addnext(rest)
            at = rest


def fit_table(tbl: etree._Element) -> None:
    rows = tbl.findall("w:tr", NS)
    if not rows:
        return
    paragraphs = list(tbl.iter(_w("p")))
    for p in paragraphs:
        _glue(p)
    header_rows = [r for r in rows if r.find("w:trPr/w:tblHeader", NS) is not None]
    cells = [[(_cell_text(tc), _bold_cell(tc, r in header_rows)) for tc in r.findall("w:tc", NS)] for r in rows]
    for size, pad in STEPS:
        widths, fits = column_widths(cells, size_pt=size, pad=pad)
        if fits:
            break
    if fits:
        for p in paragraphs:
            _hold_hyphens(p)
    body = [row for r, row in zip(rows, cells) if r not in header_rows]
    numeric = [bool(body) and any(j < len(row) and row[j][0].strip() for row in body)
               and all(is_number(row[j][0]) for row in body if j < len(row) and row[j][0].strip())
               for j in range(len(widths))]

    tblpr = tbl.find("w:tblPr", NS)
    for tag in ("tblW", "tblLayout", "tblCellMar"):
        for el in tblpr.findall(f"w:{tag}", NS):
            tblpr.remove(el)
    style = tblpr.find("w:tblStyle", NS)
    at = tblpr.index(style) + 1 if style is not None else 0
    tblpr.insert(at, _el("tblW", w=sum(widths), type="dxa"))
    look = tblpr.find("w:tblLook", NS)
    layout = _el("tblLayout", type="fixed")
    margins = _el("tblCellMar", [_el("left", w=pad, type="dxa"), _el("right", w=pad, type="dxa")])
    for el in (layout, margins):
        (look.addprevious(el) if look is not None else tblpr.append(el))
    grid = tbl.find("w:tblGrid", NS)
    for col in list(grid):
        grid.remove(col)
    for w in widths:
        grid.append(_el("gridCol", w=w))

    keep = len(rows) <= KEEP_ROWS
    for i, r in enumerate(rows):
        head = r in header_rows
        trpr = _props(r, "trPr")
        if trpr.find("w:cantSplit", NS) is None:
            trpr.insert(0, _el("cantSplit"))
        for j, tc in enumerate(r.findall("w:tc", NS)):
            pr = _props(tc, "tcPr")
            _drop(pr, "tcW")
            pr.insert(0, _el("tcW", w=widths[j] if j < len(widths) else widths[-1], type="dxa"))
            align = "right" if j < len(numeric) and numeric[j] else "left"
            for p in tc.findall("w:p", NS):
                _set_style(p, "TableHeading" if head else "TableText", align)
                if size != TABLE_PT or p.find(".//w:rStyle[@w:val='VerbatimChar']", NS) is not None:
                    # code (a file's hash) is 11 pt in the body's VerbatimChar style: in a table it takes the
                    # table's size, at which the widths were measured (at 11 pt the hash broke over two lines)
                    _run_size(p, size)
                ppr = p.find("w:pPr", NS)
                if (keep and i < len(rows) - 1 or head) and ppr.find("w:keepNext", NS) is None:
                    ppr.insert(1, _el("keepNext"))


def _toc_entry(text: str, anchor: str | None, level: int) -> etree._Element:
    run = _el("r", [_el("t")])
    run.find("w:t", NS).text = text
    run.find("w:t", NS).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    content = _el("hyperlink", [run], anchor=anchor) if anchor else run
    if anchor:
        content.set(_w("history"), "1")
    return _el("p", [_el("pPr", [_el("pStyle", val=f"TOC{level}")]), content])


def _heading_level(p: etree._Element) -> int | None:
    style = p.find("w:pPr/w:pStyle", NS)
    m = re.fullmatch(r"Heading([1-9])", style.get(_w("val"))) if style is not None else None
    return int(m.group(1)) if m else None


def fill_toc(body: etree._Element) -> None:
    """Replace Pandoc's empty, dirty table of contents by a filled Dutch one (or none)."""
    for sdt in body.findall("w:sdt", NS):
        gallery = sdt.find("w:sdtPr/w:docPartObj/w:docPartGallery", NS)
        if gallery is None or gallery.get(_w("val")) != "Table of Contents":
            continue
        instr = "".join(t.text or "" for t in sdt.iter(_w("instrText"))).strip() or 'TOC \\o "1-2" \\h \\z \\u'
        m = re.search(r'\\o\s+"(\d)-(\d)"', instr)
        low, high = (int(m.group(1)), int(m.group(2))) if m else (1, 2)
        found, anchor = [], None
        for el in sdt.itersiblings():
            if el.tag == _w("bookmarkStart"):
                anchor = el.get(_w("name"))
                continue
            level = _heading_level(el) if el.tag == _w("p") else None
            if level is not None and anchor is None:  # a bookmark inside the heading paragraph
                inner = el.find("w:bookmarkStart", NS)
                anchor = inner.get(_w("name")) if inner is not None else None
            if level is not None and low <= level <= high:
                text = "".join(t.text or "" for t in el.iter(_w("t"))).strip()
                if text:
                    found.append((text, anchor, level))
            anchor = None
        top = min((level for *_, level in found), default=low)  # the shallowest heading is "toc 1"
        entries = [_toc_entry(text, anchor, level - top + 1) for text, anchor, level in found]
        if not entries:
            body.remove(sdt)
            continue
        title = _el("p", [_el("pPr", [_el("pStyle", val="TOCHeading")]), _el("r", [_el("t")])])
        title.find(".//w:t", NS).text = TOC_TITLE
        begin = _el("r", [_el("fldChar", fldCharType="begin")])
        code = _el("r", [_el("instrText")])
        code.find("w:instrText", NS).text = f" {instr} "
        code.find("w:instrText", NS).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        first_ppr = entries[0].find("w:pPr", NS)
        for run in (_el("r", [_el("fldChar", fldCharType="separate")]), code, begin):
            first_ppr.addnext(run)  # begin, code, separate, then the first entry
        entries[-1].append(_el("r", [_el("fldChar", fldCharType="end")]))
        for el in [title, *entries]:  # a plain field: Pandoc's content control adds nothing a reader sees
            sdt.addprevious(el)
        body.remove(sdt)


def finish_document(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    body = root.find("w:body", NS)
    fill_toc(body)
    for tbl in root.iter(_w("tbl")):
        fit_table(tbl)
    for fld in root.iter(_w("fldChar")):  # no field may ask Word for an update on opening
        fld.attrib.pop(_w("dirty"), None)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _settings(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    _drop(root, "updateFields")
    docx_fonts.settings(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def finish(path: Path) -> None:
    """Finish the DOCX at ``path`` in place (same input, same bytes)."""
    path = Path(path)
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        names = set(z.namelist())
    edits = {"word/document.xml": finish_document, "word/settings.xml": _settings,
             "word/fontTable.xml": docx_fonts.font_table}
    missing = {"word/settings.xml", "word/fontTable.xml"} - names
    if missing:  # Pandoc and Quarto always write them
        raise ValueError(f"{path.name}: geen {', '.join(sorted(missing))}")
    write_bytes(path, rezip(path.read_bytes(), edits, added=docx_fonts.parts()))
