"""What comms staff download besides the charts: ``tabellen.xlsx`` and the gallery page.

The charts stage (pipeline/stages/charts.py) builds an :class:`Output` — charts to draw and
sheets to write — and these functions turn it into the workbook's bytes and the gallery's HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import xlsxwriter
from matplotlib.figure import Figure

from pipeline.charts.export import SUFFIX
from pipeline.io import FORMULA_START
from pipeline.publish import NO_PCT
from pipeline.report.text import plain

# Excel display formats. Excel shows them in the reader's locale: in a Dutch (Belgian) Excel
# "0.0%" shows 12,5% and "#,##0" shows 1.234. A literal Dutch format ("0,0 %") would break in
# every other locale, so we store plain numbers with these locale-neutral formats.
PCT = "0.0%"
PCT_FLAGGED = '0.0%"*"'
COUNT = "#,##0"
DECIMAL = "#,##0.0"
RATIO = "0.00"
POINTS = '+0.0;-0.0;0.0'  # a difference in percentage points, with its sign: +14,8
P_VALUE = "0.000"
KIND_NL = {"frequency": "frequentietabel", "multiple": "meerkeuzevraag", "crosstab": "kruistabel",
           "number": "getal (gemiddelde en mediaan)", "verandering": "verandering tussen twee bevragingen"}
CHART_FILES = [("SVG (bewerkbaar)", ".svg"), ("PNG 300 dpi (druk, Word)", ".png"),
               ("PNG 1080 × 1080 (sociale media)", f"{SUFFIX['square']}.png"),
               ("PNG 1200 × 675 (sociale media, website)", f"{SUFFIX['wide']}.png"),
               ("alt-tekst (.txt)", ".txt")]


@dataclass
class Chart:
    name: str
    draw: Callable[[str], Figure]
    title: str
    subtitle: str
    source: str
    alt: str


@dataclass
class Sheet:
    """One worksheet: title, lines under it, a table (cells: value, format key) and lines below."""

    name: str
    title: str
    header_lines: list[tuple[str, object, str | None]]  # (label, value, format key)
    columns: list[str]
    rows: list[list[tuple[object, str | None]]]
    footer_lines: list[str] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    kind: str = ""
    base: int | None = None


@dataclass
class Part:
    """What one kind of analysis adds to a consultation's gallery and workbook (pipeline/analyses):
    ``lead`` charts open the gallery (a kind's main finding), ``charts`` follow in the kinds' order."""

    charts: list[Chart] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list)
    intro: list[str] = field(default_factory=list)
    lead: list[Chart] = field(default_factory=list)


@dataclass
class Output:
    consultation: str
    heading: str
    intro: list[str]
    created: dt.date
    charts: list[Chart]
    sheets: list[Sheet]
    legend: list[str]


# ------------------------------------------------------------------------------------------------
# writing


def workbook_bytes(out: Output) -> bytes:
    """tabellen.xlsx: a 'Toelichting' sheet, then one sheet per published table (deterministic bytes)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    created = dt.datetime.combine(out.created, dt.time(12, 0))
    wb.set_properties({"title": f"{out.heading}: tabellen", "author": "LEVL vzw", "company": "LEVL vzw",
                       "created": created, "comments": "Gemaakt door de LEVL-pipeline (python -m pipeline charts)"})
    specs = {
        "title": {"bold": True, "font_size": 13},
        "bold": {"bold": True},
        "head": {"bold": True, "bottom": 1, "text_wrap": True, "valign": "bottom", "align": "center"},
        "head_left": {"bold": True, "bottom": 1, "valign": "bottom"},
        "pct": {"num_format": PCT},
        "pct_flagged": {"num_format": PCT_FLAGGED},
        "count": {"num_format": COUNT},
        "decimal": {"num_format": DECIMAL},
        "ratio": {"num_format": RATIO},
        "pp": {"num_format": POINTS},
        "p": {"num_format": P_VALUE},
        "mark": {"align": "right"},
        "note": {"font_color": "#555555"},
        "link": {"font_color": "#1b6ca8", "underline": 1},
        "count_left": {"num_format": COUNT, "align": "left"},
    }
    f = {key: wb.add_format(spec) for key, spec in specs.items()}
    text = _text_writer(wb, specs, f)

    ws = wb.add_worksheet("Toelichting")
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 60)
    ws.set_column(2, 3, 18)
    text(ws, 0, 0, f"{out.heading}: tabellen", "title")
    r = 2
    for line in out.intro:
        text(ws, r, 0, line)
        r += 1
    r += 1
    notes = [
        "Elk tabblad bevat één tabel: de titel in rij 1, de vraag en de basis eronder, de tekens en de bron onderaan.",
        "Getallen zijn echte getallen (rekenen en grafieken maken kan). Percentages staan als aandeel "
        "(0,125 = 12,5 %) met een percentageopmaak; Excel toont ze in de taal van de computer "
        "(in Nederlandstalig Excel 12,5%).",
        "Een cel die niet getoond mag worden, bevat geen getal maar een teken:",
        *[f"    {m}" for m in out.legend],
    ]
    for line in notes:
        text(ws, r, 0, line)
        r += 1
    r += 1
    for c, h in enumerate(["Tabblad", "Tabel", "Soort", "Basis (aantal)"]):
        text(ws, r, c, h, "head_left")
    r += 1
    names = [_sheet_name(sheet.name) for sheet in out.sheets]
    for sheet, name in zip(out.sheets, names, strict=True):
        ws.write_url(r, 0, f"internal:'{name}'!A1", f["link"], string=name)
        text(ws, r, 1, sheet.title)
        text(ws, r, 2, KIND_NL.get(sheet.kind, sheet.kind))
        if sheet.base is not None:
            ws.write_number(r, 3, sheet.base, f["count_left"])
        r += 1

    for sheet, name in zip(out.sheets, names, strict=True):
        ws = wb.add_worksheet(name)
        for c, w in enumerate(sheet.widths):
            ws.set_column(c, c, w)
        text(ws, 0, 0, sheet.title, "title")
        r = 1
        for label, value, kind in sheet.header_lines:
            text(ws, r, 0, f"{label}:", "bold")
            if isinstance(value, (int, float)):
                ws.write_number(r, 1, value, f["count_left"] if kind == "count" else None)
            else:
                text(ws, r, 1, value)
            r += 1
        r += 1
        ws.set_row(r, 30)
        for c, h in enumerate(sheet.columns):
            text(ws, r, c, h, "head_left" if c == 0 else "head")
        ws.freeze_panes(r + 1, 1)
        r += 1
        for row in sheet.rows:
            for c, (value, kind) in enumerate(row):
                if isinstance(value, float) and not np.isfinite(value):
                    text(ws, r, c, NO_PCT, "mark")
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    ws.write_number(r, c, value, f[kind] if kind else None)
                else:
                    text(ws, r, c, value, kind)
            r += 1
        r += 1
        for line in sheet.footer_lines:
            bold = line == "Tekens:"
            text(ws, r, 0, line, "bold" if bold else "note")
            r += 1
    wb.close()
    return buf.getvalue()


def _sheet_name(name: str) -> str:
    """A sheet name without control characters: xlsxwriter puts the name in XML attributes as it
    is, and one "\x0b" from a codebook label (Excel's line break in a cell) made a file Excel
    called damaged. A line break becomes a space."""
    return re.sub(r"\s+", " ", plain(name)).strip()


def _text_writer(wb: xlsxwriter.Workbook, specs: dict[str, dict], formats: dict[str, object]) -> Callable:
    """``text(ws, row, col, value, key)``: always a text cell (``write_string``, never a formula).

    Text that a spreadsheet would run as a formula once someone edits the cell (``=…``, ``+…``,
    ``-…``, ``@…``, tab, CR: OWASP) also gets Excel's quote prefix, as if typed with a leading
    ``'``: the cell shows the text as it is and stays text."""
    quoted = {key: wb.add_format({**spec, "quote_prefix": True}) for key, spec in specs.items()}
    quoted[None] = wb.add_format({"quote_prefix": True})

    def text(ws, row: int, col: int, value: object, key: str | None = None) -> None:
        value = str(value)
        risky = value.startswith(FORMULA_START)
        ws.write_string(row, col, value, (quoted if risky else formats).get(key) if key or risky else None)

    return text


def _html(value: object) -> str:
    """Text for the gallery page: escaped, without control characters or bidirectional overrides."""
    return html.escape(plain(value))


def gallery_html(out: Output) -> str:
    """charts/index.html: every chart with its alt text and download links."""
    items = []
    for ch in out.charts:
        links = " · ".join(f'<a href="{_html(ch.name + suffix)}" download>{_html(label)}</a>'
                           for label, suffix in CHART_FILES)
        alt = _html(ch.alt)
        items.append(f"""<figure id="{_html(ch.name)}">
  <img src="{_html(ch.name)}.png" alt="{alt}" width="700">
  <figcaption>
    <p class="titel">{_html(ch.title)}</p>
    <p class="alt"><strong>Alt-tekst:</strong> {alt}</p>
    <p class="links">Downloaden: {links}</p>
  </figcaption>
</figure>""")
    intro = "".join(f"<p>{_html(line)}</p>\n" for line in out.intro)
    marks = "".join(f"<li>{_html(m)}</li>" for m in out.legend)
    return f"""<!DOCTYPE html>
<html lang="nl-BE">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Grafieken: {_html(out.heading)}</title>
<style>
body {{ font-family: "Open Sans", Arial, sans-serif; color: #222; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }}
h1 {{ font-size: 1.6rem; }}
figure {{ margin: 2.5rem 0; padding-bottom: 1.5rem; border-bottom: 1px solid #ddd; }}
img {{ max-width: 100%; height: auto; border: 1px solid #eee; }}
.titel {{ font-weight: bold; font-size: 1.1rem; margin-bottom: 0.3rem; }}
.alt {{ color: #444; font-size: 0.95rem; }}
a {{ color: #1b6ca8; }}
</style>
</head>
<body>
<h1>Grafieken: {_html(out.heading)}</h1>
{intro}<p>Elke grafiek bestaat in vijf bestanden: SVG (bewerkbaar, tekst blijft tekst), PNG op 300 dpi
(druk en Word), PNG van 1080 × 1080 en 1200 × 675 pixels (sociale media, website) en de alt-tekst.
Gebruik de alt-tekst als beschrijving bij elke afbeelding die u publiceert.
Alle tabellen met de cijfers staan in <a href="../tabellen.xlsx">tabellen.xlsx</a>.</p>
<p>Tekens in grafieken en tabellen:</p>
<ul>{marks}</ul>
{chr(10).join(items)}
</body>
</html>
"""
