"""Excel and OpenDocument exports (.xlsx, .xls, .ods) via python-calamine, every cell as text."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import python_calamine as calamine

from pipeline.errors import DataError
from pipeline.io import open_raw
from pipeline.readers import ExportSpec
from pipeline.readers.limits import check_cells, check_formulas, check_merged, check_zip
from pipeline.readers.table import Row, build_frame, resolve_layout

CORRUPT_FIX = "Open het bestand in Excel om te controleren en exporteer het opnieuw uit de enquêtetool."


def read_excel(spec: ExportSpec, tool: str) -> pd.DataFrame:
    file = str(spec.file)
    check_zip(spec.file, file)  # before the Excel library sees it: a stray far cell aborts the process
    try:
        with open_raw(spec.file) as fh:
            workbook = calamine.CalamineWorkbook.from_filelike(fh)
            names = list(workbook.sheet_names)
            sheet_name = _pick_sheet(spec.sheet, names, file, lambda n: workbook.get_sheet_by_name(n).height)
            sheet = workbook.get_sheet_by_name(sheet_name)
            values = sheet.to_python(skip_empty_area=False)
            merged = _merged(sheet)
    except calamine.PasswordError:
        raise DataError(
            "Het Excelbestand is beveiligd met een wachtwoord.", file=file,
            fix="Sla het bestand op zonder wachtwoord en zet het opnieuw in raw/.",
        ) from None
    except (calamine.CalamineError, calamine.ZipError, calamine.XmlError, OSError, ValueError) as exc:
        what = _what_it_is(spec.file)
        if what is not None:
            raise DataError(what[0], file=file, fix=what[1]) from None
        raise DataError(
            "Het Excelbestand kan niet geopend worden: het is beschadigd of geen echt Excelbestand.",
            file=file, details=[f"technische melding: {exc}"], fix=CORRUPT_FIX,
        ) from None
    rows = [Row(i, [cell_text(v) for v in cells]) for i, cells in enumerate(values, start=1)]
    if not any(any(c.strip() for c in r.cells) for r in rows):
        raise DataError(
            f"Het tabblad '{sheet_name}' is leeg.", file=file,
            fix="Controleer of je het juiste tabblad gekozen hebt (`sheet:` in het codeboek).",
        )
    check_cells(rows, None, file)
    check_formulas(spec.file, sheet_name, file)
    layout = resolve_layout(rows, tool, spec.skip_rows, spec.header_rows)
    check_merged(merged, layout.skip_rows + layout.header_rows + 1, file, sheet_name)
    frame = build_frame(rows, tool, layout, file)
    frame.attrs["encoding"] = None
    frame.attrs["delimiter"] = None
    frame.attrs["sheet"] = sheet_name
    return frame


_OLE = bytes.fromhex("d0cf11e0a1b11ae1")  # an Office "compound file": an old .xls, or an encrypted .xlsx


def _what_it_is(path) -> tuple[str, str] | None:
    """(message, what to do) for a file the Excel library refused that is something else with a known
    cure: an .xlsx saved with a password (Excel wraps it in a compound file), a zip archive of an export
    (KoboToolbox), or a text file (a CSV) with an Excel extension. None: no better words than 'damaged'."""
    import zipfile

    try:
        with open_raw(path) as fh:
            head = fh.read(1 << 20)
    except OSError:
        return None
    if head.startswith(_OLE) and "EncryptionInfo".encode("utf-16-le") in head:
        return ("Het Excelbestand is beveiligd met een wachtwoord.",
                "Open het in Excel, haal het wachtwoord weg (Bestand > Info > Werkmap beveiligen), sla het op en "
                "zet het opnieuw in raw/.")
    if head.startswith(b"PK") and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
        if not any(n in ("xl/workbook.xml", "content.xml") for n in names):
            inside = ", ".join(names[:3]) + (" …" if len(names) > 3 else "")
            return (f"Dit is een zip-archief, geen Excelbestand (erin: {inside}).",
                    "Pak het archief uit en zet alleen het exportbestand met de antwoorden in raw/ (en zijn naam "
                    "onder export.file in het codeboek).")
    if head and b"\x00" not in head[:4096]:
        try:
            head[:4096].decode("utf-8")
        except UnicodeDecodeError:
            return None
        return ("Dit bestand is tekst (misschien een CSV-bestand), geen Excelbestand, al heeft het de extensie van "
                "een Excelbestand.",
                "Geef het bestand de juiste extensie (.csv) en pas export.file in het codeboek aan.")
    return None


def _merged(sheet) -> list | None:
    try:
        return sheet.merged_cell_ranges  # None for .xls and .ods files
    except Exception:  # noqa: BLE001 - not every file type and library version knows merged cells
        return None


def _pick_sheet(sheet: str | int | None, names: list[str], file: str, height=None) -> str:
    listing = ", ".join(f"'{n}'" for n in names)
    if sheet is None:
        if len(names) == 1:
            return names[0]
        rows = {}
        for n in names:  # the sheet with the most rows is the likeliest (a first sheet 'Info' was suggested)
            try:
                rows[n] = int(height(n)) if height else 0
            except Exception:  # noqa: BLE001 - a sheet the library cannot measure: no suggestion from it
                rows[n] = 0
        best = max(names, key=lambda n: rows[n])
        return_hint = (f" Het tabblad met de meeste rijen is '{best}' ({rows[best]} rijen)." if rows[best] else "")
        raise DataError(
            f"Het Excelbestand heeft {len(names)} tabbladen: {listing}. Welk tabblad bevat de antwoorden?{return_hint}",
            file=file, expected="één tabblad, of `sheet:` in het codeboek",
            details=[f"tabblad {i}: {n}" + (f" ({rows[n]} rijen)" if height else "") for i, n in enumerate(names)],
            fix=f"Zet in het codeboek bij deze export `sheet: {best}` (of de naam van het juiste tabblad); bij een "
                f"nieuwe raadpleging: `python -m pipeline new <naam> --from <bestand> --sheet \"{best}\"`.",
        )
    if isinstance(sheet, int) and not isinstance(sheet, bool):
        if 0 <= sheet < len(names):
            return names[sheet]
    elif str(sheet) in names:
        return str(sheet)
    else:
        folded = [n for n in names if n.strip().casefold() == str(sheet).strip().casefold()]
        if len(folded) == 1:
            return folded[0]
    raise DataError(
        f"Tabblad {sheet!r} bestaat niet in dit Excelbestand. Wel aanwezig: {listing}.",
        file=file, value=sheet, expected=listing,
        details=[f"tabblad {i}: {n}" for i, n in enumerate(names)],
        fix="Pas `sheet:` in het codeboek aan naar één van deze namen (of een nummer, 0 = eerste tabblad).",
    )


def cell_text(value: object) -> str:
    """A cell as the text a person reads: 4.0 → '4', dates ISO, booleans TRUE/FALSE, empty → ''."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="milliseconds" if value.microsecond else "seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def number_text(value: float) -> str:
    """Excel shows at most 15 significant digits; integers without '.0'."""
    if value != value:  # NaN
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g")
