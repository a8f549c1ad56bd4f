"""Turn rows of text cells (from a CSV or a sheet) into the reader's DataFrame.

Shared by the text and Excel readers: tool defaults for header and preamble rows, header names
(SurveyMonkey's two-row headers combined), checks on the header, and row numbers as a person sees
them (1-based, counting preamble and header rows).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pandas as pd

from pipeline.errors import DataError

HEADER_ROWS = {"qualtrics": 3, "surveymonkey": 2}
GENERIC_OPTIONS = ("Response", "Open-Ended Response")  # SurveyMonkey row 2 for a one-column question
RE_EXPORT_FIX = "Exporteer de antwoorden opnieuw uit de enquêtetool (bij voorkeur met vraagcodes als kolomnamen)."


@dataclass
class Row:
    """One row of the file: its number as a person sees it, and its cells as text."""

    number: int
    cells: list[str]
    line: int | None = None  # first physical line in a text file, when it differs from ``number``


@dataclass
class Layout:
    skip_rows: int
    header_rows: int
    attrs: dict = field(default_factory=dict)


def col_letter(position: int) -> str:
    """1 → A, 27 → AA (spreadsheet column letters)."""
    letters = ""
    while position > 0:
        position, rem = divmod(position - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_ref(position: int) -> str:
    return f"kolom {position} ({col_letter(position)})"


def is_blank(cells: list[str]) -> bool:
    return all(not c.strip() for c in cells)


def drop_trailing_blank(rows: list[Row]) -> list[Row]:
    end = len(rows)
    while end and is_blank(rows[end - 1].cells):
        end -= 1
    return rows[:end]


def resolve_layout(rows: list[Row], tool: str, skip_rows: int | None, header_rows: int | None) -> Layout:
    """Preamble and header row counts: the spec's value, else the tool's default (some detected)."""
    if skip_rows is None:
        skip_rows = 0
        if tool == "eusurvey" and rows and rows[0].cells and rows[0].cells[0].strip() == "Alias":
            skip_rows = 3  # Alias / Export Date / blank, header on row 4
    attrs: dict = {}
    if header_rows is None:
        header_rows = HEADER_ROWS.get(tool, 1)
        third = rows[skip_rows + 2].cells if len(rows) > skip_rows + 2 else []
        if tool == "qualtrics" and not any(c.startswith('{"ImportId"') for c in third):
            header_rows = 2  # legacy exporter: V1..Vn / labels
        second = rows[skip_rows + 1].cells if len(rows) > skip_rows + 1 else []
        tags = [c.strip() for c in second if c.strip()]
        if tool == "kobotoolbox" and tags and all(t.startswith("#") for t in tags):
            header_rows = 2  # HXL hashtag row
            attrs["hxl_tags"] = True
    return Layout(skip_rows, header_rows, attrs)


def build_frame(rows: list[Row], tool: str, layout: Layout, file: str) -> pd.DataFrame:
    """Header rows → column names and labels; body rows → an all-text DataFrame indexed by row number."""
    rows = drop_trailing_blank(rows)
    n_head = layout.skip_rows + layout.header_rows
    if len(rows) <= layout.skip_rows:
        raise DataError(
            "Het bestand bevat geen gegevens (alleen lege regels of inleidende regels).",
            file=file, fix="Exporteer de antwoorden opnieuw uit de enquêtetool.",
        )
    if len(rows) <= n_head:
        raise DataError(
            "Het bestand bevat alleen kopregels en geen antwoorden.",
            file=file,
            row=rows[-1].number,
            fix="Controleer of er al antwoorden zijn en of er in de enquêtetool geen filter aan stond; "
            "exporteer daarna opnieuw.",
        )
    header = [r.cells for r in rows[layout.skip_rows:n_head]]
    body = rows[n_head:]
    width = max(len(h) for h in header)
    header = [h + [""] * (width - len(h)) for h in header]
    header_row = rows[layout.skip_rows].number
    _no_answers_in_header(header, rows[layout.skip_rows:n_head], file)
    names = _names(header, tool)

    columns: list[list[str]] = [[] for _ in range(width)]
    for row in body:
        cells = row.cells
        if len(cells) > width:
            _too_many_fields(row, width, file)
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        for j, value in enumerate(cells):
            columns[j].append(value)

    keep = [j for j in range(width) if names[j] or any(v.strip() for v in columns[j])]
    _check_names(names, keep, columns, header_row, file, lambda: _header_below(rows, layout, width))

    labels: dict[str, str] = {}
    attrs = dict(layout.attrs)
    if layout.header_rows >= 2:
        second = {names[j]: header[1][j].strip() for j in keep if header[1][j].strip()}
        if attrs.pop("hxl_tags", False):
            attrs["hxl_tags"] = second
        else:
            labels = second
    if layout.header_rows >= 3 and tool == "qualtrics":
        attrs["import_ids"] = {names[j]: _import_id(header[2][j]) for j in keep if header[2][j].strip()}

    frame = pd.DataFrame(
        {names[j]: pd.Series(columns[j], dtype=object) for j in keep},
        dtype=object,
    )
    frame.index = pd.Index([r.number for r in body], name="row", dtype="int64")
    frame.attrs.update(attrs)
    frame.attrs["header_labels"] = labels
    frame.attrs["header_rows"] = layout.header_rows
    frame.attrs["skip_rows"] = layout.skip_rows
    return frame


def _names(header: list[list[str]], tool: str) -> list[str]:
    first = [c.strip() for c in header[0]]
    if len(header) < 2 or tool == "qualtrics":
        return first
    if tool != "surveymonkey":
        return _merged_spans(first, [c.strip() for c in header[1]])
    # SurveyMonkey: row 1 holds the question only above its first column; row 2 the option.
    second = [c.strip() for c in header[1]]
    names, question = [], ""
    for top, option in zip(first, second):
        if top:
            question = top
        elif option:
            top = question
        names.append(f"{top} | {option}" if top and option and option not in GENERIC_OPTIONS else top or option)
    return names


def _merged_spans(first: list[str], second: list[str]) -> list[str]:
    """The names of two header rows whose first has a question over several columns (a merged cell: the text in
    its first column only) and the second each column's own item: 'question | item' for the columns of such a span,
    the first row's name elsewhere. A review's export with 'Hoe tevreden bent u over …' merged over three columns was
    refused: "Kolom 3 (C) heeft geen naam"."""
    names = list(first)
    j = 0
    while j < len(first):
        k = j + 1
        while k < len(first) and not first[k] and second[k]:
            k += 1
        if first[j] and second[j] and k > j + 1:
            for m in range(j, k):
                names[m] = f"{first[j]} | {second[m]}"
        j = k
    return names


def _header_below(rows: list[Row], layout, width: int) -> Row | None:
    """A row under the header that looks like the real one (every column named, no name twice, no number): the
    header has a title line or blank lines above it."""
    for row in rows[layout.skip_rows + 1: layout.skip_rows + 11]:
        cells = [c.strip() for c in row.cells] + [""] * (width - len(row.cells))
        filled = [c for c in cells if c]
        if (len(filled) >= max(2, 0.8 * width) and len(set(filled)) == len(filled)
                and not any(re.fullmatch(r"[\d.,: /-]+", c) for c in filled)):
            return row
    return None


# a submission time to the second in a header row is an answer, never a label (a SurveyMonkey option may be a date
# and time of a session, "12/03/2024 19:00", but not to the second)
_STAMP = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}[ T]\d{1,2}:\d{2}:\d{2}(\.\d+)?( ?[AP]M)?( ?(GMT|UTC)?[+-]\d{1,2}(:?\d{2})?|Z)?")


def _no_answers_in_header(header: list[list[str]], rows: list[Row], file: str) -> None:
    """Refuse a second (or third) header row that is a respondent's answers: `--header-rows 2` or `--tool
    surveymonkey` on an export with one header row made the first respondent the header. That person was
    counted nowhere, and their e-mail address or name went into the draft codebook (a tracked file) as a column
    name. An answer: a value under a column that identifies (a name, an e-mail address, a time, an id) that is not
    itself a label of such a column ('Recipient Last Name' under 'RecipientLastName' in Qualtrics), or a time to the
    second anywhere."""
    from pipeline.privacy import compact_header, looks_identifying, scrub

    for cells, row in zip(header[1:], rows[1:], strict=True):
        found = []
        for j, cell in enumerate(cells):
            value, head = cell.strip(), header[0][j].strip()
            if not value or value in GENERIC_OPTIONS:
                continue
            reason = looks_identifying(head) if head else None
            if reason is None and _TIME_HEAD.search(head) and re.search(r"\d:\d\d", value):
                reason = "tijdstip"  # 'Datum' over '1 maart 2024 10:15'
            if (reason is not None and compact_header(value) != compact_header(head) and _an_answer(reason, value)) \
                    or _STAMP.fullmatch(value):
                found.append(j)
        if found:
            where = ", ".join(f"kolom {j + 1} ('{scrub(header[0][j].strip())[:40]}')" for j in found[:3])
            raise DataError(
                f"Kopregel {row.number} is geen kopregel maar een rij antwoorden (antwoorden in {where}): de export "
                "heeft waarschijnlijk minder kopregels dan opgegeven.",
                file=file, row=row.number,
                fix="Geef het juiste aantal kopregels: `--header-rows 1` bij `python -m pipeline new`, of "
                    "`header_rows: 1` onder `export:` in het codeboek; of kies de juiste `--tool` als de "
                    "enquêtetool verkeerd herkend werd. Er is niets geschreven.",
            )


_TIME_HEAD = re.compile(r"(?i)\b(datum|date|tijd|time|tijdstip|timestamp|zeit|heure|fecha|tarih)\b")
_NAME_LIKE = re.compile(r"[A-ZÀ-ÖØ-Þ][^\W\d_]+(?:[-' ’][A-ZÀ-ÖØ-Þ][^\W\d_]+){0,3}")


def _an_answer(reason: str, value: str) -> bool:
    """Whether a header-row cell under a column of this kind is a respondent's answer, not the column's label in the
    tool's language ('Anfangsdatum', 'IP-Adresse', 'Nachname des Empfängers' in a German Qualtrics export): a time,
    an address, an id or a number has digits, an e-mail address an '@', a name is a few capitalised words that do not
    themselves name a column ('Fatima Benali', not 'Recipient Last Name')."""
    from pipeline.privacy import looks_identifying

    if reason == "e-mailadressen":
        return "@" in value or "\uff20" in value
    if reason == "naam":
        return bool(_NAME_LIKE.fullmatch(value)) and looks_identifying(value) is None
    return any(ch.isdigit() for ch in value)


def _check_names(names: list[str], keep: list[int], columns: list[list[str]], header_row: int, file: str,
                 header_below=lambda: None) -> None:
    nameless = [j for j in keep if not names[j]]
    if nameless:
        below = header_below()
        if below is not None:
            skip = below.number - 1
            shown = ", ".join(f"'{c.strip()}'" for c in below.cells[:3] if c.strip())
            raise DataError(
                f"De kopregel lijkt op rij {below.number} te staan ({shown} …), niet op rij {header_row}: er "
                f"{'staat 1 regel' if skip == 1 else f'staan {skip} regels'} boven (een titel of lege regels?).",
                file=file, row=below.number,
                fix=f"Zet bij export in het codeboek `skip_rows: {skip}`; bij een nieuwe raadpleging: "
                    f"`python -m pipeline new <naam> --from <bestand> --skip-rows {skip}`.",
            )
        j = nameless[0]
        first_value = next(v for v in columns[j] if v.strip())
        raise DataError(
            f"K{col_ref(j + 1)[1:]} heeft geen naam in de kopregel, maar bevat wel antwoorden.",
            file=file, row=header_row, column=col_letter(j + 1), value=first_value,
            details=[f"zonder naam: {', '.join(col_ref(k + 1) for k in nameless)}"] if len(nameless) > 1 else [],
            fix="Geef de kolom een naam in de kopregel, of " + RE_EXPORT_FIX[0].lower() + RE_EXPORT_FIX[1:],
        )
    positions: dict[str, list[int]] = {}
    for j in keep:
        positions.setdefault(names[j], []).append(j + 1)
    dups = {name: pos for name, pos in positions.items() if len(pos) > 1}
    if dups:
        details = [f"'{name}': {' en '.join(col_ref(p) for p in pos)}" for name, pos in dups.items()]
        first = next(iter(dups))
        raise DataError(
            f"Er {'komt' if len(dups) == 1 else 'komen'} {len(dups)} kolomna{'am' if len(dups) == 1 else 'men'} "
            f"meer dan één keer voor: {', '.join(repr(n) for n in dups)}.",
            file=file, row=header_row, column=first, value=first,
            details=details,
            fix="Geef elke kolom een unieke naam, of " + RE_EXPORT_FIX[0].lower() + RE_EXPORT_FIX[1:],
        )


def _too_many_fields(row: Row, width: int, file: str) -> None:
    details = []
    if row.line is not None and row.line != row.number:
        details.append(f"in een teksteditor begint deze rij op regel {row.line}")
    extra = [c for c in row.cells[width:] if c.strip()]
    raise DataError(
        f"Rij {row.number} heeft {len(row.cells)} waarden, maar er zijn maar {width} kolommen.",
        file=file, row=row.number, column=col_letter(width + 1),
        value=extra[0] if extra else row.cells[width],
        expected=f"hoogstens {width} waarden per rij",
        details=details,
        fix="Meestal staat er een scheidingsteken (',' of ';') in een antwoord zonder aanhalingstekens. "
        "Herstel de rij in de enquêtetool en exporteer opnieuw, of geef `delimiter:` op in het codeboek.",
    )


def _import_id(cell: str) -> str:
    try:
        obj = json.loads(cell)
    except ValueError:
        return cell.strip()
    return str(obj.get("ImportId", cell)) if isinstance(obj, dict) else cell.strip()
