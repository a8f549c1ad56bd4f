"""Limits that keep a hostile or broken export from hanging or crashing the pipeline.

* An XLSX sheet whose last used cell lies far away (one stray cell at ``XFD1048576``) would make
  the Excel library reserve memory for every cell in between (hundreds of GB) and abort the
  process; its size is read from the sheet's XML first and refused above :data:`MAX_CELLS`.
* A ZIP (XLSX/ODS) that unpacks to more than :data:`MAX_UNPACKED` bytes is refused before reading.
* A cell of a workbook longer than Excel's own maximum (32 767 characters) is refused with its row and column:
  Excel cannot have written it. A text export (CSV, SPSS) may hold longer answers (Google Forms and LimeSurvey
  allow them: one long answer blocked a whole consultation); a cell of more than :data:`MAX_TEXT_CELL_CHARS`
  (a book pasted by accident, or a broken file) is refused there.
* Merged cells below the header are refused: only the first cell of a merged range holds the
  answer, the others would silently be read as empty.
* Formulas saved without their result (a workbook written by a program, not by Excel or
  LibreOffice) are refused: the Excel library reads only saved results, so those answers would
  silently be read as empty.

* A file in ``raw/<id>/`` whose real location is elsewhere (a symbolic link to ``/etc/passwd``)
  is refused before it is opened: :func:`inside_raw`.

Every refusal is a :class:`~pipeline.errors.DataError` (exit 1) in Dutch that says what to do.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from pipeline.errors import DataError
from pipeline.readers.table import Row, col_letter

MAX_CELLS = 30_000_000  # rows × columns of one sheet (e.g. 150 000 respondents × 200 columns)
MAX_UNPACKED = 1 << 30  # 1 GiB unpacked in one XLSX/ODS
MAX_CELL_CHARS = 32_767  # Excel's limit for one cell
MAX_TEXT_CELL_CHARS = 1_000_000  # an answer in a text export: about 300 pages (scrubbed in about 2 s)
CHUNK = 1 << 20

_CELL_REF = re.compile(rb"<(?:\w+:)?(?:c|row)\b[^>]*?\sr=\"([A-Z]{0,3})([0-9]{1,9})\"")
# a cell whose formula has no saved result: <c r="B2"><f>…</f></c> or <f>…</f><v></v> (as openpyxl writes it),
# <f t="shared" si="0"/> alike; an empty <v> in a text cell (t="str") is a saved result, the empty text
_FORMULA_ONLY = re.compile(
    rb"<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>)\s*"
    rb"(<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>")
_TEXT_CELL = re.compile(rb"\st=\"str\"")
_R_ATTR = re.compile(rb"\sr=\"([A-Z]{1,3}[0-9]{1,9})\"")
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _letters_to_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def check_zip(path: Path, file: str) -> None:
    """Refuse a ZIP-based workbook that unpacks to more than MAX_UNPACKED, and far-away XLSX cells."""
    if not zipfile.is_zipfile(path):
        return
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        unpacked = sum(i.file_size for i in infos)
        if unpacked > MAX_UNPACKED:
            raise DataError(
                f"Het bestand pakt uit tot {unpacked / 2**20:,.0f} MB; de pipeline leest tot "
                f"{MAX_UNPACKED / 2**20:,.0f} MB.".replace(",", "."),
                file=file,
                fix="Open het bestand in Excel, kijk of er geen enorme cellen of tabbladen in staan, en exporteer "
                    "de antwoorden opnieuw uit de enquêtetool (als CSV als het echt zo groot is).",
            )
        names = {i.filename for i in infos}
        for sheet_name, member in _xlsx_sheets(z, names).items():
            rows, cols, last = _extent(z, member)
            if rows * cols > MAX_CELLS:
                raise DataError(
                    f"Tabblad '{sheet_name}' loopt tot cel {last} ({rows:,} rijen × {cols:,} kolommen); zoveel cellen "
                    "kan de pipeline niet lezen.".replace(",", "."),
                    file=file,
                    expected=f"hoogstens {MAX_CELLS:,} cellen per tabblad".replace(",", "."),
                    fix="Er staat waarschijnlijk iets in een verre cel. Ga in Excel met Ctrl+End naar de laatste cel, "
                        "verwijder de lege rijen en kolommen na de antwoorden en sla het bestand opnieuw op.",
                )


def _xlsx_sheets(z: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Tab name → worksheet XML member, from xl/workbook.xml and its relationships."""
    if "xl/workbook.xml" not in names:
        return {}
    try:
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels")) if "xl/_rels/workbook.xml.rels" in names else None
    except (ElementTree.ParseError, KeyError, zipfile.BadZipFile):
        return {}  # the Excel library reports the damage in its own words
    targets = {}
    for rel in rels.iter() if rels is not None else []:
        if rel.get("Id") and rel.get("Target"):
            target = rel.get("Target").lstrip("/")
            targets[rel.get("Id")] = target if target.startswith("xl/") else str(PurePosixPath("xl") / target)
    out = {}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet") and sheet.get(_REL_NS) in targets:
            member = targets[sheet.get(_REL_NS)]
            if member in names:
                out[sheet.get("name", member)] = member
    for member in names - set(out.values()):  # worksheets the workbook does not list
        if member.startswith("xl/worksheets/") and member.endswith(".xml"):
            out[member] = member
    return out


def check_formulas(path: Path, sheet: str, file: str) -> None:
    """Refuse a worksheet with formulas that have no saved result, naming their cells."""
    if not zipfile.is_zipfile(path):
        return
    cells: list[str] = []
    try:
        with zipfile.ZipFile(path) as z:
            member = _xlsx_sheets(z, {i.filename for i in z.infolist()}).get(sheet)
            if member is None:
                return
            with z.open(member) as fh:
                tail = b""
                while chunk := fh.read(CHUNK):
                    data = tail + chunk
                    end = 0
                    for m in _FORMULA_ONLY.finditer(data):
                        end = m.end()
                        if m.group(2) and _TEXT_CELL.search(m.group(1)):
                            continue
                        ref = _R_ATTR.search(m.group(1))
                        cells.append(ref.group(1).decode() if ref else "?")
                    tail = data[max(end, len(data) - (1 << 16)):]  # a cell cut by the chunk's end is read next time
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return  # the Excel library reports the damage in its own words
    if cells:
        unique = list(dict.fromkeys(cells))
        shown = ", ".join(unique[:10]) + (f" en nog {len(unique) - 10}" if len(unique) > 10 else "")
        count = "1 cel" if len(unique) == 1 else f"{len(unique):,} cellen".replace(",", ".")
        raise DataError(
            f"Tabblad '{sheet}' heeft {count} met een formule zonder opgeslagen uitkomst ({shown}). De pipeline "
            "leest alleen opgeslagen uitkomsten: de antwoorden in die cellen zouden als leeg gelezen worden.",
            file=file,
            fix="Open het bestand in Excel of LibreOffice Calc en sla het opnieuw op (dan wordt de uitkomst van elke "
                "formule bewaard), of exporteer de antwoorden opnieuw uit de enquêtetool.",
        )


def _extent(z: zipfile.ZipFile, member: str) -> tuple[int, int, str]:
    """The largest row and column number used in a worksheet, read as a stream."""
    max_row = max_col = 0
    tail = b""
    try:
        with z.open(member) as fh:
            while chunk := fh.read(CHUNK):
                data = tail + chunk
                for m in _CELL_REF.finditer(data):
                    if m.group(1):
                        max_col = max(max_col, _letters_to_number(m.group(1).decode()))
                    max_row = max(max_row, int(m.group(2)))
                tail = data[-256:]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return 0, 0, ""  # the Excel library reports the damage in its own words
    return max_row, max_col, f"{col_letter(max_col)}{max_row}"


def check_cells(rows: list[Row], names: list[str] | None, file: str) -> None:
    """Refuse a cell longer than Excel's maximum, naming its row and column."""
    for row in rows:
        for i, cell in enumerate(row.cells):
            if len(cell) > MAX_CELL_CHARS:
                column = names[i] if names and i < len(names) else f"kolom {i + 1} ({col_letter(i + 1)})"
                raise DataError(
                    f"Een cel bevat {len(cell):,} tekens; een enquêteantwoord heeft er hoogstens "
                    f"{MAX_CELL_CHARS:,}.".replace(",", "."),
                    file=file, row=row.number, column=column,
                    fix="Kijk deze cel na in het bestand (is er iets per ongeluk geplakt?) en exporteer de "
                        "antwoorden opnieuw uit de enquêtetool.",
                )


def check_merged(merged: list | None, first_data_row: int, file: str, sheet: str) -> None:
    """Refuse merged cells that reach the answers (``first_data_row`` is 1-based)."""
    found = []
    for (r0, c0), (r1, c1) in merged or []:
        if r1 + 1 >= first_data_row:
            found.append(f"{col_letter(c0 + 1)}{r0 + 1}:{col_letter(c1 + 1)}{r1 + 1}")
    if found:
        shown = ", ".join(found[:10]) + (f" en nog {len(found) - 10}" if len(found) > 10 else "")
        raise DataError(
            f"Tabblad '{sheet}' heeft samengevoegde cellen tussen de antwoorden ({shown}). Alleen de eerste cel "
            "van zo'n bereik bevat het antwoord; de andere zouden als leeg gelezen worden.",
            file=file,
            fix="Hef in Excel de samenvoeging op (Start → Samenvoegen en centreren uitzetten), vul elke cel met "
                "het juiste antwoord en sla opnieuw op — of exporteer de antwoorden opnieuw uit de enquêtetool.",
        )


def check_frame(frame, file: str, limit: int = MAX_CELL_CHARS) -> None:
    """:func:`check_cells` on a reader's DataFrame (indexed by row number), for every file type."""
    import pandas as pd

    for column in frame.columns:
        values = frame[column]
        if _bytes_within(values, limit):  # no cell has more bytes, so none has more characters
            continue
        if isinstance(values.dtype, pd.StringDtype):  # pyarrow strings: counted without a Python loop
            lengths = values.str.len().fillna(0).astype("int64")
        else:
            lengths = values.map(lambda v: len(v) if isinstance(v, str) else 0)
        if len(lengths) and int(lengths.max()) > limit:
            at = lengths.idxmax()
            raise DataError(
                f"Een cel bevat {int(lengths.max()):,} tekens; een enquêteantwoord heeft er hoogstens "
                f"{limit:,}.".replace(",", "."),
                file=file, row=int(at) if isinstance(at, (int,)) or hasattr(at, "__index__") else None,
                column=str(column),
                fix="Kijk deze cel na in het bestand (is er iets per ongeluk geplakt?) en exporteer de "
                    "antwoorden opnieuw uit de enquêtetool.",
            )


def _bytes_within(values, limit: int) -> bool:
    """Whether no cell of a pyarrow-backed string column has more than ``limit`` bytes (UTF-8). A byte count
    reads only the offsets; the characters are counted only when some cell is that long (a million rows:
    0.6 s for 56 columns → nothing). False for any other column (counted the usual way)."""
    import pandas as pd

    if not (isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"):
        return False
    import pyarrow as pa
    import pyarrow.compute as pc

    longest = pc.max(pc.binary_length(pa.chunked_array(values.array.__arrow_array__()))).as_py()
    return longest is None or longest <= limit


def inside_raw(raw_dir: Path, name: str) -> Path:
    """``raw_dir / name``, refused when its real location (links followed) lies outside ``raw_dir``.

    The codebook already refuses absolute paths and '..'; a symbolic link with an ordinary name,
    arriving with a shared folder or a git checkout, would still make the pipeline read (and quote)
    any file on the computer. ``raw_dir`` itself may be a link (to a larger disk)."""
    path = raw_dir / name
    if not os.path.lexists(path):
        return path  # missing: the reader says so
    real_dir = raw_dir.resolve()
    if not path.resolve().is_relative_to(real_dir):
        where = f"raw/{raw_dir.name}/"
        raise DataError(
            f"Het bestand {name} in {where} verwijst naar een bestand buiten {where} "
            "(een snelkoppeling of symbolische link); de pipeline leest alleen bestanden die echt in die map staan.",
            file=f"{where}{name}",
            fix=f"kopieer het bestand zelf naar {where} (in plaats van een link), of verwijder de link",
        )
    return path
