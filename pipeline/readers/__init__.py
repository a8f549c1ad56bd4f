"""Read a survey tool's export exactly as the tool wrote it.

``read_export(ExportSpec(...))`` returns a DataFrame in which every cell is a Python ``str``
(dtype ``object``; an empty cell is ``""``, never NaN), the columns are the header names and the
index is the 1-based row number a person sees in the file or spreadsheet. Nothing is cleaned or
converted here: numbers, dates and codes stay text (the cleaner parses them). See docs/readers.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.errors import ConfigError, DataError
from pipeline.io import open_raw

TOOLS = (
    "auto", "ms_forms", "google_forms", "kobotoolbox", "limesurvey", "qualtrics",
    "surveymonkey", "eusurvey", "odk", "spss", "csv", "xlsx",
)
DELIMITERS = (",", ";", "\t", "|")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
SPSS_SUFFIXES = (".sav", ".zsav")

__all__ = ["DELIMITERS", "TOOLS", "ExportSpec", "read_export"]


@dataclass(frozen=True)
class ExportSpec:
    """Where an export is and how its tool wrote it. ``None`` means: the tool's default / detect."""

    file: str
    tool: str = "auto"
    sheet: str | int | None = None
    header_rows: int | None = None
    skip_rows: int | None = None
    delimiter: str | None = None
    encoding: str | None = None
    decimal: str | None = None


def read_export(spec: ExportSpec) -> pd.DataFrame:
    """Read one export into an all-text DataFrame; raise DataError/ConfigError with a Dutch message."""
    tool = _check_spec(spec)
    path = Path(spec.file)
    if not path.is_file():
        others = sorted(p.name for p in path.parent.glob("*") if p.is_file() and p.name != "README.md") \
            if path.parent.is_dir() else []
        raise DataError(
            "Het bestand bestaat niet.",
            file=spec.file,
            details=[f"wel in {path.parent.name}/: " + ", ".join(others[:5]) + (" …" if len(others) > 5 else "")]
            if others else [],
            fix="Controleer de bestandsnaam en de map in het codeboek (bestanden staan in raw/)"
                + (": staat de nieuwe export er onder een andere naam, zet die naam dan onder export.file." if others
                   else "."),
        )
    with open_raw(path) as fh:
        head = fh.read(8)
    if not head:
        raise DataError(
            "Het bestand is leeg (0 bytes).",
            file=spec.file,
            fix="Exporteer de antwoorden opnieuw uit de enquêtetool en zet het nieuwe bestand in raw/.",
        )
    kind = _file_kind(path, head)
    detection = None
    if tool == "auto":
        from pipeline.readers.detect import detect

        detection = detect(path, kind, spec.sheet, spec.encoding, spec.delimiter)
        tool = detection.tool
    if kind == "spss":
        from pipeline.readers.spss import read_spss

        df = read_spss(spec)
    elif kind == "excel":
        from pipeline.readers.excel import read_excel

        df = read_excel(spec, tool)
    else:
        from pipeline.readers.text import read_text

        df = read_text(spec, tool)
    from pipeline.readers.limits import MAX_CELL_CHARS, MAX_TEXT_CELL_CHARS, check_frame

    # no answer longer than Excel allows in a workbook, nor a book pasted into a text export
    check_frame(df, str(spec.file), MAX_CELL_CHARS if kind == "excel" else MAX_TEXT_CELL_CHARS)
    df.attrs["file"] = str(spec.file)
    df.attrs["tool"] = tool
    df.attrs["tool_reason"] = detection.reason if detection else "opgegeven met `tool:` / --tool"
    df.attrs["decimal"] = spec.decimal
    for key in ("header_labels", "value_labels", "user_missing"):
        df.attrs.setdefault(key, {})
    return df


def _check_spec(spec: ExportSpec) -> str:
    tool = (spec.tool or "auto").strip().lower()
    if tool not in TOOLS:
        raise ConfigError(
            f"Onbekende enquêtetool '{spec.tool}'.",
            file=spec.file,
            value=spec.tool,
            expected=", ".join(TOOLS),
            fix="Kies in het codeboek bij `tool:` één van de genoemde namen.",
        )
    if spec.header_rows is not None and not (isinstance(spec.header_rows, int) and 1 <= spec.header_rows <= 10):
        raise ConfigError(
            "Het aantal kopregels (`header_rows`) moet een getal van 1 tot 10 zijn.",
            file=spec.file, value=spec.header_rows, fix="Pas `header_rows:` aan in het codeboek.",
        )
    if spec.skip_rows is not None and not (isinstance(spec.skip_rows, int) and spec.skip_rows >= 0):
        raise ConfigError(
            "Het aantal over te slaan regels (`skip_rows`) moet 0 of meer zijn.",
            file=spec.file, value=spec.skip_rows, fix="Pas `skip_rows:` aan in het codeboek.",
        )
    if spec.decimal not in (None, ".", ","):
        raise ConfigError(
            "Het decimaalteken (`decimal`) moet ',' of '.' zijn.",
            file=spec.file, value=spec.decimal, fix="Pas `decimal:` aan in het codeboek.",
        )
    return tool


def _file_kind(path: Path, head: bytes) -> str:
    """'spss', 'excel' or 'text': by the file's first bytes, else by its extension."""
    if head.startswith((b"$FL2", b"$FL3")):
        return "spss"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "excel"
    suffix = path.suffix.lower()
    if suffix in SPSS_SUFFIXES:
        return "spss"
    if suffix in EXCEL_SUFFIXES:
        return "excel"
    return "text"
