"""Which survey tool wrote an export: recognised from signatures every export of that tool has.

Only the file type, the sheet names and the first rows are looked at (column names, extra
header rows, preamble rows), never a file name or a sample's content. :func:`detect` returns the
tool and a Dutch reason that ``python -m pipeline new`` prints. See docs/readers.md.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from pipeline.readers.tools import key

PEEK_ROWS = 6
PEEK_BYTES = 256 * 1024


@dataclass(frozen=True)
class Detection:
    tool: str
    reason: str


def _has(header: list[str], names: list[str]) -> list[str]:
    keys = {key(c) for c in header}
    return [n for n in names if key(n) in keys]


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def from_rows(rows: list[list[str]], fallback: str) -> Detection:
    """The tool whose signature the first rows of an export carry; ``fallback`` ('csv'/'xlsx') if none."""
    rows = [[str(c).strip() for c in r] for r in rows]
    first = rows[0] if rows else []
    second = rows[1] if len(rows) > 1 else []
    third = rows[2] if len(rows) > 2 else []
    if first[:1] == ["Alias"] and second[:1] and second[0].startswith("Export Date"):
        return Detection("eusurvey", "de export begint met de regels 'Alias' en 'Export Date' (EUSurvey)")
    if any(c.startswith('{"ImportId"') for c in third):
        return Detection("qualtrics", "drie kopregels, de derde met 'ImportId' (Qualtrics)")
    found = _has(first, ["ResponseId", "StartDate", "RecordedDate", "Duration (in seconds)", "Finished"])
    if len(found) >= 3:
        return Detection("qualtrics", f"kolommen {_quoted(found)} (Qualtrics)")
    if first[:3] == ["V1", "V2", "V3"] and _has(second, ["ResponseID", "ResponseSet"]):
        return Detection("qualtrics", "kolommen V1, V2, … met 'ResponseID' in de tweede kopregel (Qualtrics, oude export)")
    responses = [c for c in second if c in ("Response", "Open-Ended Response")]
    options_under_blank = any(not top and below for top, below in zip(first, second))  # question above 1st option
    if len(responses) >= 2 or ((responses or options_under_blank) and _has(first, ["Respondent ID", "Collector ID"])):
        return Detection("surveymonkey", "een tweede kopregel met 'Response' / 'Open-Ended Response' (SurveyMonkey)")
    found = _has(first, ["_uuid", "_submission_time", "_validation_status", "__version__", "_index",
                         "_submitted_by", "_status", "_notes", "_tags", "formhub/uuid"])
    hxl = [c for c in second if c]
    if len(found) >= 2 or (hxl and all(c.startswith("#") for c in hxl) and _has(first, ["_uuid", "_id"])):
        return Detection("kobotoolbox", f"kolommen {_quoted(found)} (KoboToolbox)")
    found = _has(first, ["SubmissionDate", "PARENT_KEY", "meta-instanceID", "SubmitterID", "ReviewState",
                         "AttachmentsPresent", "FormVersion"])
    if _has(first, ["KEY"]) and found:
        return Detection("odk", f"kolommen 'KEY' en {_quoted(found)} (ODK Central)")
    found = _has(first, ["submitdate", "lastpage", "startlanguage", "seed", "datestamp"]) or []
    found_long = _has(first, ["Response ID", "Date submitted", "Last page", "Start language"])
    if len(found) >= 3 or len(found_long) >= 3:
        return Detection("limesurvey", f"kolommen {_quoted(found if len(found) >= 3 else found_long)} (LimeSurvey)")
    for start, end in (("Start time", "Completion time"), ("Begintijd", "Tijd van voltooien"),
                       ("Heure de début", "Heure de fin"), ("Startzeit", "Fertigstellungszeit")):
        if _has(first, ["ID"]) and len(_has(first, [start, end])) == 2:
            return Detection("ms_forms", f"kolommen 'ID', '{start}' en '{end}' (Microsoft Forms)")
    stamps = ["Timestamp", "Tijdstempel", "Horodateur", "Zeitstempel", "Marca temporal"]
    if first and first[0] in stamps:
        return Detection("google_forms", f"de eerste kolom heet '{first[0]}' (Google Forms)")
    return Detection(fallback, "geen kenmerken van een bekende enquêtetool gevonden: gelezen als gewone "
                               + ("CSV" if fallback == "csv" else "Excel") + "-tabel")


def detect(path: Path | str, kind: str, sheet: str | int | None = None, encoding: str | None = None,
           delimiter: str | None = None) -> Detection:
    """Detect the tool of the export at ``path``; ``kind`` is 'spss', 'excel' or 'text'."""
    if kind == "spss":
        return Detection("spss", "SPSS-bestand (.sav)")
    if kind == "excel":
        return from_rows(_excel_rows(path, sheet), "xlsx")
    return from_rows(_text_rows(path, encoding, delimiter), "csv")


def _excel_rows(path: Path | str, sheet: str | int | None) -> list[list[str]]:
    import python_calamine as calamine

    from pipeline.io import open_raw
    from pipeline.readers.excel import cell_text
    from pipeline.readers.limits import check_zip

    # before the Excel library sees it, here too: detection runs first, and a stray far cell makes
    # the library reserve hundreds of GB and abort the process (issue 14 item 9; the reader's own
    # check came too late when the tool was detected)
    check_zip(path, str(path))
    try:
        with open_raw(path) as fh:
            book = calamine.CalamineWorkbook.from_filelike(fh)
            names = list(book.sheet_names)
            if isinstance(sheet, int) and 0 <= sheet < len(names):
                name = names[sheet]
            else:
                name = str(sheet) if sheet is not None and str(sheet) in names else names[0]
            values = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception:  # noqa: BLE001 - unreadable files are reported by the reader itself
        return []
    return [[cell_text(v) for v in row] for row in values[:PEEK_ROWS]]


def _text_rows(path: Path | str, encoding: str | None, delimiter: str | None) -> list[list[str]]:
    from pipeline.errors import PipelineError
    from pipeline.io import open_raw
    from pipeline.readers.text import _sniff, decode

    with open_raw(path) as fh:
        data = fh.read(PEEK_BYTES)
    if len(data) == PEEK_BYTES and b"\n" in data:
        data = data[: data.rfind(b"\n") + 1]  # never cut a character or a row in two
    try:
        text, _ = decode(data, encoding, str(path))
    except PipelineError:
        return []  # the reader reports it
    except UnicodeDecodeError:
        return []
    lines = text.splitlines()
    if not lines:
        return []
    start = 3 if lines[0].startswith("Alias") else 0
    delim = {"tab": "\t", "\\t": "\t"}.get((delimiter or "").lower(), delimiter)
    if not delim or len(delim) != 1 or delim in '"\r\n':  # a bad delimiter is the reader's to report
        delim = _sniff(lines[start] if len(lines) > start else lines[0], None)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, quotechar='"', strict=False)
    rows = []
    try:
        for cells in reader:
            rows.append(cells)
            if len(rows) >= PEEK_ROWS:
                break
    except csv.Error:
        pass
    return rows
