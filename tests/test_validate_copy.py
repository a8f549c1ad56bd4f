"""validate.save copies ingested.parquet when every row is valid instead of encoding it again
(issue 15: a million rows take 1.7 s to write); the file must then hold what writing would give."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.io import write_parquet
from pipeline.stages import ingest, validate
from tests.tiny import tiny_export


@pytest.fixture
def valid_only(tiny_codebook, tmp_path, monkeypatch):
    """ingested.parquet of the tiny export's valid rows, its text columns large_string (as the
    fast reader's), written as ingest writes it."""
    import pipeline.codebook

    monkeypatch.setattr(pipeline.codebook, "ROOT", tmp_path)
    frame, _ = ingest.process(tiny_codebook, tiny_export(), b"test-key")
    kept, _, _ = validate.process(tiny_codebook, frame)
    table = pa.Table.from_pandas(kept.reset_index(), preserve_index=False)
    table = table.cast(pa.schema([pa.field(f.name, pa.large_string() if pa.types.is_string(f.type) else f.type)
                                  for f in table.schema]))
    path = tiny_codebook.processed_dir / "ingested.parquet"
    path.parent.mkdir(parents=True)
    write_parquet(path, table.to_pandas(types_mapper=pd.ArrowDtype).astype(
        {f.name: pd.StringDtype("pyarrow", na_value=float("nan")) for f in table.schema if pa.types.is_large_string(f.type)}))
    assert all(f.type in (pa.int64(), pa.large_string()) for f in pq.read_schema(path))
    return tiny_codebook, path


def _writes(monkeypatch) -> list:
    calls = []
    real = validate.write_parquet
    monkeypatch.setattr(validate, "write_parquet", lambda target, df: (calls.append(target), real(target, df)))
    return calls


def test_all_valid_copies_the_file_with_the_same_table(valid_only, monkeypatch):
    cb, ingested = valid_only
    calls = _writes(monkeypatch)
    df = validate.load(cb)
    kept, quarantine, fails = validate.process(cb, df)
    assert kept is df and len(quarantine) == 0
    validate.save(cb, kept, quarantine, fails, len(df))
    out = cb.processed_dir / "validated.parquet"
    assert calls == [] and out.read_bytes() == ingested.read_bytes()
    # what writing the frame would have given: the same table and the same pandas frame
    write_parquet(cb.processed_dir / "written.parquet", kept.reset_index())
    assert pq.read_table(out).equals(pq.read_table(cb.processed_dir / "written.parquet"))
    assert pd.read_parquet(out).equals(pd.read_parquet(cb.processed_dir / "written.parquet"))


def test_another_frame_or_a_changed_file_is_written(valid_only, monkeypatch):
    cb, ingested = valid_only
    calls = _writes(monkeypatch)
    df = validate.load(cb)
    kept, quarantine, fails = validate.process(cb, df.copy())  # not the frame load() read
    validate.save(cb, kept, quarantine, fails, len(df))
    assert calls == [cb.processed_dir / "validated.parquet"]
    df = validate.load(cb)
    ingested.write_bytes(ingested.read_bytes())  # the file changed after load() read it
    validate.save(cb, df, quarantine, fails, len(df))
    assert len(calls) == 2


def test_rows_quarantined_or_small_exports_are_written(tiny_codebook, tmp_path, monkeypatch):
    import pipeline.codebook

    monkeypatch.setattr(pipeline.codebook, "ROOT", tmp_path)
    frame, report = ingest.process(tiny_codebook, tiny_export(), b"test-key")
    ingest.save(tiny_codebook, frame, report)  # the general reader's columns: 'string', not large_string
    calls = _writes(monkeypatch)
    df = validate.load(tiny_codebook)
    kept, quarantine, fails = validate.process(tiny_codebook, df)
    assert len(quarantine) > 0
    validate.save(tiny_codebook, kept, quarantine, fails, len(df))
    valid = df.loc[kept.index]
    assert len(calls) == 1
    assert pd.read_parquet(tiny_codebook.processed_dir / "validated.parquet").set_index("row").equals(valid)
    calls.clear()
    df = validate.load(tiny_codebook)  # every row kept, but columns that would come back as large_string
    validate.save(tiny_codebook, df, quarantine.iloc[:0], fails.iloc[:0], len(df))
    assert len(calls) == 1
