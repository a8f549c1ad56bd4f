"""The pyarrow path for large plain CSV files gives the same frame as the csv-module path.

Large exports (≥ FAST_MIN_CHARS characters, one header row) are split by pyarrow, from the bytes
when the file is UTF-8; here the threshold is lowered so that small tricky files take that path,
and raised so that the same files take the general path, and the two frames are compared.
"""

from __future__ import annotations

import codecs
import random
import re

import pandas as pd
import pytest

from pipeline import privacy
from pipeline.errors import DataError
from pipeline.readers import ExportSpec, read_export
from pipeline.readers import text as text_reader

TRICKY_ROWS = [
    ["1", "Ja", "mail me: jan.peeters@gmail.com of bel 0475 12 34 56", ""],
    ["2", "", 'hij zei "nee", en ging', "Kerkstraat 12, 9000 Gent"],
    ["3", "Nee", "regel één\nregel twee\r\nregel drie", "BE71 0961 2345 6769"],
    ["4", "Élève", "café ☕ 😀 ٤٥ — naïef", "  spaties  "],
    ["5", "Ja", "", ""],
    ["6", "a;b", "jan (at) gmail (punt) com", "85.07.30-033.28"],
    ["7", "", '""', "=1+1"],
]


def _csv(rows: list[list[str]], delimiter: str = ",", newline: str = "\n", header: str | None = None) -> str:
    def cell(v: str) -> str:
        if any(c in v for c in (delimiter, '"', "\n", "\r")):
            return '"' + v.replace('"', '""') + '"'
        return v
    head = header if header is not None else delimiter.join(["id", "Keuze", "Opmerking", " Adres "])
    return newline.join([head] + [delimiter.join(cell(v) for v in r) for r in rows]) + newline


def _both(monkeypatch, path, **kw) -> tuple[pd.DataFrame, pd.DataFrame]:
    spec = ExportSpec(str(path), **kw)
    monkeypatch.setattr(text_reader, "FAST_MIN_CHARS", 10)
    fast = read_export(spec)
    monkeypatch.setattr(text_reader, "FAST_MIN_CHARS", 10**12)
    general = read_export(spec)
    return fast, general


def _same(fast: pd.DataFrame, general: pd.DataFrame) -> None:
    assert list(fast.columns) == list(general.columns)
    assert fast.index.equals(general.index) and fast.index.name == general.index.name
    assert fast.astype(object).equals(general.astype(object))
    assert all(isinstance(v, str) for c in fast.columns for v in fast[c])
    assert fast.attrs == general.attrs


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_tricky_cells_same_on_both_paths(tmp_path, monkeypatch, newline, delimiter):
    path = tmp_path / "export.csv"
    path.write_bytes(_csv(TRICKY_ROWS * 3, delimiter, newline).encode("utf-8"))
    fast, general = _both(monkeypatch, path)
    assert all(isinstance(dt, pd.StringDtype) for dt in fast.dtypes)  # the pyarrow path was taken
    _same(fast, general)
    assert fast.loc[3, "Opmerking"] == 'hij zei "nee", en ging'


@pytest.mark.parametrize("encoding", [None, "utf-8", "utf-8-sig", "UTF8"])
def test_bom_trailing_blank_lines_and_no_final_newline(tmp_path, monkeypatch, encoding):
    path = tmp_path / "export.csv"
    body = _csv(TRICKY_ROWS).rstrip("\n") + "\n\n,,,\n"
    path.write_bytes(codecs.BOM_UTF8 + body.encode("utf-8"))
    fast, general = _both(monkeypatch, path, encoding=encoding)
    assert isinstance(fast.dtypes.iloc[0], pd.StringDtype)
    _same(fast, general)
    assert list(fast.columns)[0] == "id" and len(fast) == len(TRICKY_ROWS)
    path.write_bytes(_csv(TRICKY_ROWS).rstrip("\n").encode("utf-8"))  # ends in a quoted cell
    _same(*_both(monkeypatch, path, encoding=encoding))


@pytest.mark.parametrize("content", [
    _csv(TRICKY_ROWS) + 'x,zei "ja" toen,c,d\n',  # a quote inside an unquoted field
    _csv(TRICKY_ROWS) + "8,a,b\n",  # a short row
    _csv(TRICKY_ROWS, header="id,id,c,d"),  # repeated column names
    _csv(TRICKY_ROWS) + '9,a,b,c"',  # a quote ends the file after an ordinary character
])
def test_unusual_files_fall_back_to_the_csv_module(tmp_path, monkeypatch, content):
    path = tmp_path / "export.csv"
    path.write_bytes(content.encode("utf-8"))
    try:
        fast, general = _both(monkeypatch, path)
    except DataError as exc:  # the same words as the general path, which reports the problem
        monkeypatch.setattr(text_reader, "FAST_MIN_CHARS", 10**12)
        with pytest.raises(DataError) as general_error:
            read_export(ExportSpec(str(path)))
        assert str(exc) == str(general_error.value)
        return
    assert fast.dtypes.iloc[0] == object  # the general path, also with the low threshold
    pd.testing.assert_frame_equal(fast, general)


def test_blank_line_between_rows_same_on_both_paths(tmp_path, monkeypatch):
    path = tmp_path / "export.csv"
    path.write_bytes((_csv(TRICKY_ROWS) + "\n" + "9,a,b,c\n").encode("utf-8"))
    fast, general = _both(monkeypatch, path)
    _same(fast, general)
    assert fast.loc[len(TRICKY_ROWS) + 2].tolist() == ["", "", "", ""]


def test_cp1252_and_utf16_take_the_decoded_path(tmp_path, monkeypatch):
    rows = [r for r in TRICKY_ROWS if all(c.encode("cp1252", "ignore").decode("cp1252") == c for c in r)]
    path = tmp_path / "export.csv"
    path.write_bytes(_csv(rows).encode("cp1252"))
    fast, general = _both(monkeypatch, path)
    _same(fast, general)
    assert fast.attrs["encoding"] == "cp1252"
    path.write_bytes(_csv(TRICKY_ROWS, "\t").encode("utf-16"))
    fast, general = _both(monkeypatch, path)
    _same(fast, general)
    assert fast.attrs["encoding"] == "utf-16"


def test_stray_quote_agrees_with_the_regular_expression():
    rng = random.Random(15)
    for delimiter in (",", ";", "\t"):
        pattern = re.compile(rf'(?<![{re.escape(delimiter)}\r\n"])"(?![{re.escape(delimiter)}\r\n"])')
        for _ in range(3000):
            text = "".join(rng.choice(['"', delimiter, "\r", "\n", "a", "é", " "]) for _ in range(rng.randint(1, 14)))
            data = text.encode("utf-8")
            start = rng.randint(1, len(data))
            if not data[:start].decode("utf-8", "ignore").encode("utf-8") == data[:start]:
                continue  # not a character boundary
            expected = bool(pattern.search(text, len(data[:start].decode("utf-8"))))
            for step in (1, 2, 3, 5, 1 << 24):
                assert text_reader._stray_quote(data, start, delimiter, step) == expected, (text, start, step)


def test_random_quotes_same_on_both_paths(tmp_path, monkeypatch):
    """Cells quoted or not, with quotes closing a cell early ('"ab"c'), inside an unquoted cell, doubled,
    at the end of the file, and NUL bytes and line breaks: the pyarrow path either gives the csv module's
    frame or leaves the file to it. Its whole-file look for stray quotes is skipped when no cell holds a
    quote: this compares that shortcut with the csv module."""
    rng = random.Random(21)
    path = tmp_path / "export.csv"
    taken = fell_back = 0
    for delimiter in (",", ";", "\t"):
        def text() -> str:
            return "".join(rng.choice(["a", "é", " ", "\n", delimiter, "\x00" if rng.random() < 0.05 else "b"])
                           for _ in range(rng.randint(0, 3)))

        def cell() -> str:
            plain = text().replace(delimiter, "").replace("\n", "")
            quoted = '"' + text().replace('"', '""') + rng.choice(["", '""']) + '"'
            return rng.choice([plain, quoted, quoted, quoted + plain, plain + '"' + plain, ""])

        for _ in range(500):
            rows = [delimiter.join(cell() for _ in range(3)) for _ in range(rng.randint(1, 4))]
            header = delimiter.join(["id", "Keuze", "Opmerking"])
            path.write_bytes(("\n".join([header, *rows]) + rng.choice(["", "\n"])).encode("utf-8"))
            spec = ExportSpec(str(path), tool="csv", delimiter=delimiter)
            monkeypatch.setattr(text_reader, "FAST_MIN_CHARS", 10)
            try:
                fast = read_export(spec)
            except DataError:
                continue  # the fast path left the file to the general path, which found a problem
            monkeypatch.setattr(text_reader, "FAST_MIN_CHARS", 10**12)
            general = read_export(spec)
            if isinstance(fast.dtypes.iloc[0], pd.StringDtype):
                taken += 1
                _same(fast, general)
            else:
                fell_back += 1
    assert taken > 200 and fell_back > 200, (taken, fell_back)  # both kinds of file were made


def test_scrub_series_same_for_pyarrow_strings_and_objects():
    values = [c for r in TRICKY_ROWS for c in r] * 5 + ["Bel 0470 00 00 08"] * 70
    as_object = pd.Series(values, index=range(10, 10 + len(values)), dtype=object, name="vrij")
    as_str = as_object.astype("str")
    out_object, out_str = privacy.scrub_series(as_object), privacy.scrub_series(as_str)
    assert out_str.dtype == as_str.dtype and out_str.name == "vrij" and out_str.index.equals(as_object.index)
    assert out_str.astype(object).equals(out_object)
    assert "[e-mail]" in out_str.iloc[2] and out_str.iloc[-1] == "Bel [telefoon]"
    with_na = pd.Series(["a@b.be", None, "", "a@b.be"], dtype="str")
    assert privacy.scrub_series(with_na).tolist()[0] == "[e-mail]" and pd.isna(privacy.scrub_series(with_na).iloc[1])
    plain = pd.Series(["ja", "nee", ""] * 30, dtype="str")
    assert privacy.scrub_series(plain).equals(plain)


def test_pseudonyms_and_scrubbing_same_from_both_paths(tmp_path, monkeypatch):
    path = tmp_path / "export.csv"
    path.write_bytes(_csv(TRICKY_ROWS * 20).encode("utf-8"))
    fast, general = _both(monkeypatch, path)
    key = bytes(range(32))
    assert privacy.pseudonymise(fast["id"], key) == privacy.pseudonymise(general["id"], key)
    for c in ("Keuze", "Opmerking", "Adres"):
        assert privacy.scrub_series(fast[c]).astype(object).equals(privacy.scrub_series(general[c]))


def test_too_long_cell_same_error_on_both_paths(tmp_path, monkeypatch):
    path = tmp_path / "export.csv"
    rows = [*TRICKY_ROWS, ["8", "Ja", "x" * 40_000, ""], ["9", "Ja", "y" * 1_000_001, ""]]
    path.write_bytes(_csv(rows).encode("utf-8"))
    errors = []
    for threshold in (10, 10**12):
        monkeypatch.setattr(text_reader, "FAST_MIN_CHARS", threshold)
        with pytest.raises(DataError) as exc:
            read_export(ExportSpec(str(path)))
        errors.append(str(exc.value))
    assert errors[0] == errors[1] and "rij:       10\n" in errors[0] and "Opmerking" in errors[0]


def test_an_answer_longer_than_an_excel_cell_is_read_from_a_text_export(tmp_path):
    # Google Forms and LimeSurvey take answers longer than Excel's 32 767 characters: one such answer refused the whole
    # consultation, with the advice to export again, which could not help (review of unseen exports)
    path = tmp_path / "export.csv"
    rows = [*TRICKY_ROWS, ["8", "Ja", "lang verhaal " * 4_000, ""]]
    path.write_bytes(_csv(rows).encode("utf-8"))
    df = read_export(ExportSpec(str(path)))
    assert len(df.loc[len(TRICKY_ROWS) + 2, "Opmerking"]) == len("lang verhaal " * 4_000) > 32_767


# --------------------------------------------------------------------------- clean by distinct rows


def test_clean_by_distinct_rows_same_as_row_by_row(tmp_path, monkeypatch):
    """clean recodes each distinct combination of answers once; the result equals recoding every row
    (benchmark consultation: every question type, routing, repeated submissions, messy answers)."""
    from benchmarks import generate
    from pipeline.codebook import load_codebook
    from pipeline.stages import clean, ingest, validate

    path = generate.write(3000, tmp_path / "bench.csv")
    cb = load_codebook(generate.CODEBOOK)
    for threshold in (10, 10**12):  # the ingested frame from both reader paths
        monkeypatch.setattr(text_reader, "FAST_MIN_CHARS", threshold)
        raw = read_export(ExportSpec(file=str(path), tool="csv", delimiter=","))
        frame, report = ingest.process(cb, raw, b"test-key")
        # repeats: every 25th row sent again by the person of the row before it (one person on many rows, or more
        # than 5 % of the rows dropped as repeats, would stop clean: nobody sends a form that often)
        frame["_person"] = frame["_person"].where(frame.index % 25 != 0, frame["_person"].shift(1).fillna(frame["_person"]))
        kept, _, _ = validate.process(cb, frame)
        fast, fast_acc = clean.process(cb, kept, report, {"rows_quarantined": 0})
        with monkeypatch.context() as m:
            m.setattr(clean, "_by_distinct_rows", lambda df, rows, columns, fn: fn(df[columns].iloc[rows]))
            slow, slow_acc = clean.process(cb, kept, report, {"rows_quarantined": 0})
        with monkeypatch.context() as m:  # rows in file order, sorted by pandas afterwards (as before)
            m.setattr(clean, "_rows_by_respondent", lambda df, keep: __import__("numpy").flatnonzero(keep))
            unsorted, _ = clean.process(cb, kept, report, {"rows_quarantined": 0})
        pd.testing.assert_frame_equal(
            fast, unsorted.sort_values("respondent", kind="stable").reset_index(drop=True), check_exact=True)
        assert fast_acc == slow_acc and fast_acc["duplicates_removed"] > 100
        assert fast_acc["answers_removed_by_routing"]
        pd.testing.assert_frame_equal(fast, slow, check_exact=True)


def test_the_fast_path_takes_only_what_a_strict_utf8_decode_accepts(tmp_path, monkeypatch):
    """pyarrow checks the rows' UTF-8 as it builds the columns: an export whose rows hold an invalid byte, a
    cut-off character, an overlong form or a surrogate is left to the general path (which reads it as cp1252
    and says so), exactly when Python's strict decoder refuses it."""
    monkeypatch.setattr(text_reader, "FAST_MIN_CHARS", 1)
    rng = random.Random(16)
    pieces = [b"a", b" ", "\u00e9".encode(), "\u20ac".encode(), "\U0001d11e".encode(), b"\xff", b"\xc3", b"\x80",
              b"\xed\xa0\x80", b"\xc0\x80", b"\xf4\x90\x80\x80"]
    path = tmp_path / "export.csv"
    spec = ExportSpec(file=str(path), tool="csv")
    seen = set()
    for _ in range(600):
        rows = [b"x" + b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 3))) + b",y"
                for _ in range(rng.randint(1, 4))]
        body = b"a,b\n" + b"\n".join(rows) + b"\n"
        path.write_bytes(body)
        try:
            body.decode("utf-8")
            valid = True
        except UnicodeDecodeError:
            valid = False
        seen.add(valid)
        assert (text_reader._read_simple_utf8(spec) is not None) == valid, body
    assert seen == {True, False}


def test_checks_read_the_same_from_a_memory_map(tmp_path, monkeypatch):
    import mmap

    monkeypatch.setattr(text_reader, "FAST_MIN_CHARS", 10)
    path = tmp_path / "export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + _csv(TRICKY_ROWS * 30).encode("utf-8"))
    spec = ExportSpec(file=str(path), tool="csv")
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        mapped = text_reader._checked_utf8(spec, data)
    assert mapped == text_reader._checked_utf8(spec, path.read_bytes())
    assert mapped is not None and mapped[3] == "utf-8-sig" and mapped[1] == ["id", "Keuze", "Opmerking", "Adres"]


def test_the_cell_length_limit_counts_characters_not_bytes():
    import numpy as np
    import pandas as pd

    from pipeline.errors import DataError
    from pipeline.readers.limits import MAX_CELL_CHARS, check_frame

    dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    # Excel's limit in characters: "é" is two bytes, so this cell has twice the limit in bytes and is allowed
    ok = pd.DataFrame({"Q1": pd.Series(["é" * MAX_CELL_CHARS, None, "kort"], dtype=dtype, index=[2, 3, 4])})
    check_frame(ok, "antwoorden.csv")
    rows = [2, 3, 4]  # a reader's frame is indexed by the row number in the file
    too_long = pd.DataFrame({"Q1": pd.Series(["kort", None, "a" * (MAX_CELL_CHARS + 1)], dtype=dtype, index=rows),
                             "Q2": pd.Series(["x", "y", "z"], dtype=dtype, index=rows)})
    with pytest.raises(DataError) as err:
        check_frame(too_long, "antwoorden.csv")
    assert (err.value.row, err.value.column) == (4, "Q1")
