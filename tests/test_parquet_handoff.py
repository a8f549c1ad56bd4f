"""In make's chain (``--then``) validate takes the table ingest has just written instead of decoding
ingested.parquet again (issue 15: 1.9 s of text for a million rows). The frame must be the one the
file gives, and every output the same as when each stage runs in its own process."""

from __future__ import annotations

import pandas as pd
import pytest

import pipeline.codebook
from benchmarks import generate
from pipeline import io
from pipeline.codebook import load_codebook
from pipeline.stages import analyse, clean, ingest, validate

KEY = b"handoff-test-key"


@pytest.fixture
def bench(tmp_path, monkeypatch):
    """The synthetic benchmark consultation, 3,000 respondents, in a throw-away project: its CSV goes
    through the fast reader, whose text columns are the large_string a million rows get. Three rows get
    an answer the codebook does not know, so validate writes validated.parquet from the frame it was
    handed instead of copying ingested.parquet."""
    import csv

    monkeypatch.setattr(pipeline.codebook, "ROOT", tmp_path)
    cb = load_codebook(generate.CODEBOOK)
    generate.write(3000, cb.export_path)
    raw = pd.read_csv(cb.export_path, dtype=str, keep_default_na=False)
    column = cb.by_name["gender"].source
    raw.loc[[4, 700, 2999], column] = "onbekend antwoord"
    raw.to_csv(cb.export_path, index=False, quoting=csv.QUOTE_ALL, lineterminator="\n")
    return cb


def _reads(monkeypatch) -> list:
    """The files pd.read_parquet decodes."""
    calls = []
    real = pd.read_parquet
    monkeypatch.setattr(pd, "read_parquet", lambda path, *a, **k: (calls.append(str(path)), real(path, *a, **k))[1])
    return calls


def _chain(cb, hand_on: bool) -> dict[str, bytes]:
    frame, report = ingest.process(cb, ingest.load(cb), KEY)
    ingest.save(cb, frame, report)
    del frame
    if not hand_on:  # as when validate runs in a process of its own
        io._HANDED_ON.clear()
    df = validate.load(cb)
    kept, quarantine, fails = validate.process(cb, df)
    validate.save(cb, kept, quarantine, fails, len(df))
    df, ing, val = clean.load(cb)
    cleaned, accounting = clean.process(cb, df, ing, val)
    clean.save(cb, cleaned, accounting)
    if not hand_on:  # and analyse too
        io._HANDED_ON.clear()
    analyse.save(cb, *analyse.process(cb, analyse.load(cb)))
    return {p.name: p.read_bytes() for p in sorted(cb.processed_dir.iterdir()) if p.is_file()}


def test_the_handed_on_frame_is_the_one_the_file_gives(bench, monkeypatch):
    cb = bench
    frame, report = ingest.process(cb, ingest.load(cb), KEY)
    ingest.save(cb, frame, report)
    path = cb.processed_dir / "ingested.parquet"
    reads = _reads(monkeypatch)
    handed = io.read_parquet_handed_on(path)
    assert reads == []  # taken from memory
    from_file = pd.read_parquet(path)
    pd.testing.assert_frame_equal(handed, from_file, check_exact=True)
    assert handed.dtypes.equals(from_file.dtypes)
    # the row number, the order of submission of repeated submissions (_when), and the text
    assert set(handed.columns[handed.dtypes == "int64"]) == {"row", "_when"} and len(handed.columns) > 50
    # handed on once: a second read decodes the file
    io.read_parquet_handed_on(path)
    assert reads == [str(path), str(path)]


def test_the_clean_frame_handed_to_analyse_is_the_one_the_file_gives(bench, monkeypatch):
    # categories (written as dictionary<large_string>, read back as dictionary<string>), true/false with
    # gaps, numbers, dates and text: pandas must see the same frame either way
    cb = bench
    _chain(cb, hand_on=False)
    df, ing, val = clean.load(cb)
    cleaned, accounting = clean.process(cb, df, ing, val)
    clean.save(cb, cleaned, accounting)
    path = cb.processed_dir / "clean.parquet"
    reads = _reads(monkeypatch)
    handed = analyse.load(cb)
    assert reads == []
    from_file = pd.read_parquet(path)
    pd.testing.assert_frame_equal(handed, from_file, check_exact=True, check_categorical=True)
    assert handed.dtypes.equals(from_file.dtypes)
    kinds = {str(t) for t in from_file.dtypes}
    assert {"category", "boolean", "float64"} <= kinds and any(k.startswith("datetime64") for k in kinds)
    for c in from_file.select_dtypes("category"):
        assert handed[c].cat.categories.equals(from_file[c].cat.categories), c
        assert handed[c].cat.ordered == from_file[c].cat.ordered, c


def test_a_file_changed_after_the_write_is_read_from_disk(bench, monkeypatch):
    cb = bench
    frame, report = ingest.process(cb, ingest.load(cb), KEY)
    ingest.save(cb, frame, report)
    path = cb.processed_dir / "ingested.parquet"
    other = frame.reset_index().iloc[:10]
    other.to_parquet(path, index=False)  # e.g. someone put another file there
    got = io.read_parquet_handed_on(path)
    assert len(got) == 10


def test_an_empty_frame_is_read_from_the_file(tmp_path, monkeypatch):
    # an empty categorical comes back from the file without its categories: only the file says how
    path = tmp_path / "x.parquet"
    io.write_parquet(path, pd.DataFrame({"a": pd.Categorical([], categories=["x", "y"])}), hand_on=True)
    reads = _reads(monkeypatch)
    got = io.read_parquet_handed_on(path)
    assert reads == [str(path)]
    pd.testing.assert_frame_equal(got, pd.read_parquet(path))


@pytest.mark.parametrize("column", [pd.array([1, None], dtype="Int8"),
                                    pd.Series(pd.to_datetime(["2024-10-13", "2024-10-14"]).astype("datetime64[s]")),
                                    pd.Series(pd.to_datetime(["2024-10-13", "2024-10-14"])).dt.tz_localize("Europe/Brussels"),
                                    pd.Series([None, None], dtype=object)])
def test_a_type_the_stages_do_not_write_is_read_from_the_file(tmp_path, monkeypatch, column):
    path = tmp_path / "x.parquet"
    io.write_parquet(path, pd.DataFrame({"a": column}), hand_on=True)
    reads = _reads(monkeypatch)
    got = io.read_parquet_handed_on(path)
    assert reads == [str(path)]
    pd.testing.assert_frame_equal(got, pd.read_parquet(path))


def test_the_chain_writes_what_separate_processes_write(bench, monkeypatch):
    cb = bench
    separate = _chain(cb, hand_on=False)
    reads = _reads(monkeypatch)
    chained = _chain(cb, hand_on=True)
    assert not any(r.endswith(("ingested.parquet", "clean.parquet")) for r in reads)  # validate and analyse took the tables
    assert set(chained) == set(separate) and {"validated.parquet", "clean.parquet", "estimates.csv"} <= set(chained)
    assert chained["validated.parquet"] != chained["ingested.parquet"]  # written from the frame, not copied
    assert chained["quarantine.csv"].count(b"\n") == 4  # the header and the three rows
    for name in separate:
        assert chained[name] == separate[name], name


def test_writing_to_hand_on_gives_the_bytes_pandas_writes(bench, tmp_path):
    # with hand_on the table is built once and written by pyarrow itself; the file must be the one
    # df.to_parquet writes (the path without hand_on), for the text of ingest and the categories of clean
    cb = bench
    _chain(cb, hand_on=False)
    for name in ("ingested.parquet", "clean.parquet"):
        frame = pd.read_parquet(cb.processed_dir / name)
        io.write_parquet(tmp_path / "a.parquet", frame, hand_on=True)
        io.write_parquet(tmp_path / "b.parquet", frame)
        assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes(), name
