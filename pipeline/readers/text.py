"""Delimited text exports (CSV/TSV): decode, sniff the delimiter, split into rows."""

from __future__ import annotations

import codecs
import csv
import io
import mmap
import os
import re

import pandas as pd

from pipeline.errors import ConfigError, DataError
from pipeline.io import open_raw
from pipeline.readers import DELIMITERS, ExportSpec
from pipeline.readers.table import Row, build_frame, drop_trailing_blank, resolve_layout

ENCODING_FIX = "Sla het bestand in Excel op als 'CSV UTF-8', of zet de juiste `encoding:` in het codeboek."
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def read_text(spec: ExportSpec, tool: str) -> pd.DataFrame:
    simple = tool not in MULTI_HEADER_TOOLS and not spec.skip_rows and spec.header_rows in (None, 1)
    if simple and os.path.getsize(spec.file) >= FAST_MIN_CHARS:
        fast = _read_simple_utf8(spec)
        if fast is not None:
            return _table_frame(*fast)
    with open_raw(spec.file) as fh:
        data = fh.read()
    text, encoding = decode(data, spec.encoding, spec.file)
    rows_probe = _first_lines(text, (spec.skip_rows or 0) + 4)
    delimiter = _delimiter(spec, rows_probe, text)
    if len(text) >= FAST_MIN_CHARS and simple:
        frame = _read_simple(text, delimiter)
        if frame is not None:
            frame.attrs["encoding"] = encoding
            frame.attrs["delimiter"] = delimiter
            return frame
    rows = _split(text, delimiter, spec.file)
    if not drop_trailing_blank(rows):
        raise DataError(
            "Het bestand bevat geen gegevens (alleen lege regels).",
            file=spec.file, fix="Exporteer de antwoorden opnieuw uit de enquêtetool.",
        )
    layout = resolve_layout(rows, tool, spec.skip_rows, spec.header_rows)
    if spec.delimiter is None and spec.skip_rows is None and layout.skip_rows:
        # the preamble may use another delimiter than the header: sniff again on the header line
        probe = _first_lines(text, layout.skip_rows + 1)[layout.skip_rows:]
        better = _sniff(probe[0] if probe else "", spec.decimal)
        if better != delimiter:
            delimiter, rows = better, _split(text, better, spec.file)
    frame = build_frame(rows, tool, layout, str(spec.file))
    frame.attrs["encoding"] = encoding
    frame.attrs["delimiter"] = delimiter
    return frame


# Large files with one plain header row are split by pyarrow (C++, multi-threaded) instead of the
# csv module: same cells, same row numbers, but a fraction of the time and memory (the columns stay
# pyarrow strings, pandas dtype ``str``; a UTF-8 file is split from its bytes, never decoded whole). Anything unusual (ragged rows, blank lines, stray quotes, empty or
# repeated column names, few rows) goes the csv-module way, which also words every error.
FAST_MIN_CHARS = 2_000_000
MULTI_HEADER_TOOLS = ("qualtrics", "surveymonkey", "eusurvey", "kobotoolbox")


def _read_simple(text: str, delimiter: str) -> pd.DataFrame | None:
    first = _LINE_BREAK.search(text)
    if first is None or text.count('"', 0, first.start()) % 2:
        return None
    names = _simple_header(text[: first.start()], delimiter)
    if names is None:
        return None
    d = re.escape(delimiter)
    if re.compile(rf'(?<![{d}\r\n"])"(?![{d}\r\n"])').search(text, first.end()):
        return None  # a quote inside an unquoted field: the csv module's lenient rules apply
    table = _arrow_table(text[first.end():].encode("utf-8"), names, delimiter)
    return None if table is None else _table_frame(table, names, {})


_UTF8_ENCODINGS = ("utf-8", "utf-8-sig")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")


def _read_simple_utf8(spec: ExportSpec) -> tuple | None:
    """:func:`_read_simple` on the undecoded bytes of a UTF-8 export, without building the text.

    Only when :func:`decode` would read the file as UTF-8 without complaint and the delimiter is
    ASCII: the cells are then the same (pyarrow splits the same bytes the text would encode to).
    Everything else (UTF-16, cp1252, binary, ...) returns None and takes the general path, which
    also words the errors. The header is looked at in the file mapped into memory (no copy of its
    bytes); pyarrow then splits the rows from the file itself, and the cells it made are searched for
    NUL bytes and quotes (:func:`_cells_hold`): only a cell with a quote sends the whole file through
    :func:`_stray_quote`.
    """
    if os.path.getsize(spec.file) == 0:
        return None
    with open_raw(spec.file) as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        checked = _checked_utf8(spec, data)
    if checked is None:
        return None
    body, names, delimiter, encoding = checked
    import pyarrow as pa

    # read-only, by pyarrow's own file reader: its threads take the blocks without going through a Python
    # file object (which holds the GIL for every read). Not a memory map: the mapped pages of a 700 MB
    # export count in the process's memory (peak 1.7 → 2.0 GiB at a million rows) for the same time.
    with pa.OSFile(str(spec.file), "r") as fh:
        fh.seek(body)
        table = _arrow_table(fh, names, delimiter)
    if table is None or _cells_hold(table, 0):
        return None  # a NUL byte: UTF-16 without a byte order mark, or not text at all
    if _cells_hold(table, ord('"')):
        # a stray quote leaves a '"' in a cell, except a closing quote followed by more text ('"ab"c'),
        # which pyarrow and the csv module both read as 'abc': only then is the whole file looked at
        with open_raw(spec.file) as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            if _stray_quote(data, body, delimiter):
                return None  # a quote inside an unquoted field: the csv module's lenient rules apply
    return table, names, {"encoding": encoding, "delimiter": delimiter}


def _cells_hold(table, byte: int) -> bool:
    """Whether any cell of ``table`` (pyarrow large strings) holds the byte ``byte``: a look at the
    bytes of the cells as they sit in memory (a million rows: 0.1 s), not at every byte of the file
    again (1.2 s, and a second read of the file from disk when it has left the cache)."""
    import numpy as np

    for column in table.columns:
        for chunk in column.chunks:
            offsets, data = chunk.buffers()[1:3]
            if data is None or not len(chunk):
                continue
            bounds = np.frombuffer(offsets, dtype=np.int64)[[chunk.offset, chunk.offset + len(chunk)]]
            if (np.frombuffer(data, dtype=np.uint8)[bounds[0]: bounds[1]] == byte).any():
                return True
    return False


def _checked_utf8(spec: ExportSpec, data) -> tuple[int, list[str], str, str] | None:
    """For :func:`_read_simple_utf8`: where the rows start, the names, delimiter and encoding; or None.

    ``data`` is the file's bytes (a bytes object or a read-only memory map).
    """
    head = data[:400]
    if spec.encoding:
        try:
            name = codecs.lookup(spec.encoding).name
        except LookupError:
            return None
        if name not in _UTF8_ENCODINGS:
            return None
        encoding = spec.encoding
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_without_bom(head):
        return None
    else:
        encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    start = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    # the rows' UTF-8 is checked by pyarrow as it builds the columns (strict, like Python's decoder: an
    # invalid byte, an overlong form or a surrogate fails, and the general path reads the file instead);
    # a second check here cost 0.8 s of a million-row export
    if len(data) - start < 4 * FAST_MIN_CHARS and len(_utf8_or_empty(data[start:])) < FAST_MIN_CHARS:
        return None  # the general path's threshold counts characters, not bytes
    first = _LINE_BREAK_BYTES.search(data, start)
    if first is None or data[start: first.start()].count(b'"') % 2:
        return None
    header = _utf8_or_empty(data[start: first.start()])
    if not header:
        return None
    delimiter = _delimiter(spec, [header], "")
    if not delimiter.isascii():
        return None
    names = _simple_header(header, delimiter)
    if names is None or "\x00" in header:
        return None
    # the rows' NUL bytes and stray quotes are looked for once pyarrow has split them (_read_simple_utf8)
    return first.end(), names, delimiter, encoding


def _utf8_or_empty(data) -> str:
    """``data`` decoded as strict UTF-8, or '' when it is not UTF-8 (the general path then reads the file)."""
    try:
        return bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        return ""


def _stray_quote(data: bytes, start: int, delimiter: str, step: int = 1 << 24) -> bool:
    """Whether ``data[start:]`` has a '"' with neither neighbour a delimiter, line break or '"'.

    The same test as :func:`_read_simple`'s regular expression, on bytes mapped to three classes
    ('"' → Q, delimiter/CR/LF → S, anything else → x) and searched for ``xQx`` in blocks: a regular
    expression with look-arounds visits every byte from Python's regex engine, many times slower.
    The search is three comparisons of the mapped block with numpy: ``b"xQx" in block`` compares
    byte by byte in an export that quotes every cell (one byte in six a '"'), twice as slow.
    """
    import numpy as np

    table = bytearray(b"x" * 256)
    table[ord('"')] = ord("Q")
    for ch in (delimiter, "\r", "\n"):
        table[ord(ch)] = ord("S")
    table = bytes(table)
    x, q = ord("x"), ord("Q")
    for at in range(max(start - 1, 0), len(data), step):  # blocks overlap by 2 bytes
        block = np.frombuffer(data[at: at + step + 2].translate(table), dtype=np.uint8)
        if len(block) >= 3 and ((block[1:-1] == q) & (block[:-2] == x) & (block[2:] == x)).any():
            return True
    tail = data[max(start - 1, len(data) - 2, 0):].translate(table)  # a '"' ending the file, after an ordinary byte
    return tail.endswith(b"xQ") or (tail == b"Q" and start == 0)


def _simple_header(line: str, delimiter: str) -> list[str] | None:
    header = next(csv.reader([line], delimiter=delimiter, quotechar='"', doublequote=True, strict=False), [])
    names = [c.strip() for c in header]
    if not names or "" in names or len(set(names)) != len(names):
        return None
    return names


def _arrow_table(body, names: list[str], delimiter: str):
    """The rows below the header (bytes, or a file at their start) split by pyarrow (all cells
    text), without trailing blank rows; or None."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    columns = [f"c{j}" for j in range(len(names))]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(body)) if isinstance(body, (bytes, memoryview)) else body,
            read_options=pacsv.ReadOptions(column_names=columns, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char='"', double_quote=True,
                                              escape_char=False, newlines_in_values=True,
                                              ignore_empty_lines=False),
            # check_utf8: the only check of the rows' UTF-8 on this path (see _checked_utf8)
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(columns, pa.large_string()),
                                                 check_utf8=True, strings_can_be_null=False,
                                                 quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    n = table.num_rows
    while n:  # trailing blank rows are not part of the export (as drop_trailing_blank)
        if any(table.column(j)[n - 1].as_py().strip() for j in range(len(names))):
            break
        n -= 1
    if n and any(("\n" in (c := table.column(j)[n - 1].as_py())) or "\r" in c for j in range(len(names))):
        return None  # the last row spans lines, perhaps a quote that never closes: the csv-module way checks it
    return table.slice(0, n) if n else None


def _table_frame(table, names: list[str], attrs: dict) -> pd.DataFrame:
    """pyarrow's columns as a frame of pandas ``str`` columns (no copy, no Python object per cell)."""
    import numpy as np

    dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    frame = pd.DataFrame({name: pd.Series(pd.arrays.ArrowStringArray(col, dtype=dtype), copy=False)
                          for name, col in zip(names, table.columns, strict=True)}, copy=False)
    frame.index = pd.Index(range(2, table.num_rows + 2), name="row", dtype="int64")
    frame.attrs["header_labels"] = {}
    frame.attrs["header_rows"] = 1
    frame.attrs["skip_rows"] = 0
    frame.attrs.update(attrs)
    return frame


def decode(data: bytes, encoding: str | None, file: str) -> tuple[str, str]:
    """Bytes → text. Given encoding, else UTF-8 (with or without BOM), UTF-16 (BOM), cp1252."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise ConfigError(
                f"Onbekende tekenset '{encoding}'.", file=file, value=encoding,
                expected="bv. utf-8, utf-8-sig, utf-16, cp1252",
                fix="Pas `encoding:` aan in het codeboek, of laat het weg (dan wordt het geraden).",
            ) from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise _undecodable(data, exc, encoding, file) from None
        return _check_text(text.removeprefix("\ufeff"), file), encoding
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _check_text(data.decode("utf-16"), file), "utf-16"
        except UnicodeDecodeError as exc:
            raise _undecodable(data, exc, "utf-16", file) from None
    guess = _utf16_without_bom(data)
    if guess:
        try:
            return _check_text(data.decode(guess), file), guess
        except UnicodeDecodeError:
            pass
    try:
        if data.startswith(codecs.BOM_UTF8):
            return _check_text(data.decode("utf-8-sig"), file), "utf-8-sig"
        return _check_text(data.decode("utf-8"), file), "utf-8"
    except UnicodeDecodeError:
        pass
    try:  # a UTF-8 byte order mark on text that is not UTF-8 (a tool that adds one to cp1252 text): without it
        return _check_text(data.removeprefix(codecs.BOM_UTF8).decode("cp1252"), file), "cp1252"  # 'ï»¿ID' was a name
    except UnicodeDecodeError as exc:
        raise _undecodable(data, exc, "utf-8/cp1252", file) from None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:400]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even = sample[0::2].count(0) / len(sample[0::2])
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _check_text(text: str, file: str) -> str:
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DataError(
            "Dit is geen tekstbestand (CSV): er staan binaire tekens in.",
            file=file, row=line,
            fix="Controleer of dit echt een CSV-bestand is; een Excelbestand moet eindigen op .xlsx of .xls.",
        )
    return text


def _undecodable(data: bytes, exc: UnicodeDecodeError, tried: str, file: str) -> DataError:
    line = data[: exc.start].count(b"\n") + 1
    return DataError(
        f"De tekst kan niet gelezen worden: onbekend teken op regel {line} (tekenset geprobeerd: {tried}).",
        file=file, row=line, value="0x" + data[exc.start : exc.start + 1].hex(),
        fix=ENCODING_FIX,
    )


def _first_lines(text: str, n: int) -> list[str]:
    lines, start = [], 0
    for match in _LINE_BREAK.finditer(text):
        lines.append(text[start : match.start()])
        start = match.end()
        if len(lines) >= n:
            return lines
    if start < len(text):
        lines.append(text[start:])
    return lines


def _delimiter(spec: ExportSpec, probe: list[str], text: str) -> str:
    if spec.delimiter is not None:
        delim = {"tab": "\t", "\\t": "\t"}.get(spec.delimiter.lower(), spec.delimiter)
        if len(delim) != 1 or delim in '"\r\n':
            raise ConfigError(
                "Het scheidingsteken (`delimiter`) moet één teken zijn, bv. ',' ';' of 'tab'.",
                file=spec.file, value=spec.delimiter, fix="Pas `delimiter:` aan in het codeboek.",
            )
        return delim
    index = spec.skip_rows or 0
    return _sniff(probe[index] if len(probe) > index else "", spec.decimal)


def _sniff(line: str, decimal: str | None) -> str:
    """The candidate that occurs most often outside quotes in the header line (ties: , ; tab |)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    order = (";", "\t", "|", ",") if decimal == "," else DELIMITERS
    best = max(order, key=lambda d: counts[d])
    return best if counts[best] else ","


def _split(text: str, delimiter: str, file: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True, strict=False)
    if csv.field_size_limit() < 1 << 26:
        csv.field_size_limit(1 << 26)  # long free-text answers
    rows: list[Row] = []
    previous_line = 0
    try:
        for number, cells in enumerate(reader, start=1):
            line = previous_line + 1
            rows.append(Row(number, cells, line))
            previous_line = reader.line_num
    except csv.Error as exc:
        raise DataError(
            f"Het bestand kan niet als CSV gelezen worden bij regel {reader.line_num}.",
            file=file, row=reader.line_num, details=[str(exc)],
            fix="Controleer de aanhalingstekens op deze regel, of exporteer opnieuw.",
        ) from None
    if rows and reader.line_num > rows[-1].line:  # the last row spans lines: is a quote still open at the end?
        _check_closed(text, rows, delimiter, file)
    return rows


def _check_closed(text: str, rows: list[Row], delimiter: str, file: str) -> None:
    """Refuse a file whose last row opens a quote that never closes: the lenient reader makes everything after
    it, rows and all, one answer, and those respondents would silently be gone."""
    start = 0
    for n, match in enumerate(_LINE_BREAK.finditer(text), start=2):
        if n > rows[-1].line:
            break
        start = match.end()
    tail = csv.reader(io.StringIO(text[start:], newline=""), delimiter=delimiter, quotechar='"', doublequote=True,
                      strict=True)
    try:
        for _ in tail:
            pass
    except csv.Error as exc:
        if "end of data" not in str(exc):
            return  # another oddity, which the lenient reading words in its own way
        cells = rows[-1].cells
        at = next((j for j, c in enumerate(cells) if "\n" in c or "\r" in c), len(cells) - 1)
        header = rows[0].cells if len(rows) > 1 else []
        column = header[at] if at < len(header) and header[at].strip() else f"kolom {at + 1}"
        count = text.count("\n", start) + (not text.endswith("\n"))
        lines = f"{count:,}".replace(",", ".")
        raise DataError(
            f"Een aanhalingsteken (\") op regel {rows[-1].line} wordt nooit gesloten: de {lines} regels vanaf daar "
            "zouden als één antwoord gelezen worden, en de respondenten op die regels zouden verloren gaan.",
            file=file, row=rows[-1].line, column=column,
            fix="Open het bestand in een teksteditor, zet het ontbrekende aanhalingsteken op het einde van het "
                "antwoord op deze regel (of haal het openende weg) en voer `make all` opnieuw uit; of exporteer de "
                "antwoorden opnieuw uit de enquêtetool.",
        ) from None
