"""Writing behind (pipeline/io.py): in make's chain the Parquet file a stage hands on is written while the next
stage runs. The next stage gets the very table; the files still appear in the order the stages finished (make's
timestamps); a write that fails is the failure of the stage that wrote it, in Dutch, with the old file intact."""

from __future__ import annotations

import errno
import importlib
import os
import textwrap

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

import pipeline.__main__ as cli
from pipeline import io

ROWS = 1_500_000  # about a second of zstd Parquet: long enough for the next stage to finish well before it


def _frame(seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    words = np.array([f"antwoord {i} met wat tekst" for i in range(5_000)])
    return pd.DataFrame({
        "row": np.arange(ROWS, dtype="int64"),
        "text": pd.array(words[rng.integers(0, len(words), ROWS)], dtype=pd.StringDtype("pyarrow", na_value=np.nan)),
        "number": rng.normal(size=ROWS),
    })


@pytest.fixture
def chain(tmp_path, monkeypatch):
    """Two fake stages: 'ingest' writes a large table with hand_on, 'validate' reads it handed on and writes a
    small file of its own. What validate saw is noted for the test."""
    name = f"behind_stages_{abs(hash(str(tmp_path)))}"
    package = tmp_path / name
    package.mkdir()
    (package / "__init__.py").write_text("SEEN = {}\n")
    (package / "ingest.py").write_text(textwrap.dedent(f"""
        from pathlib import Path
        from pipeline.io import write_parquet
        from tests.test_write_behind import _frame

        def run(consultation):
            write_parquet(Path(r"{tmp_path}") / "ingested.parquet", _frame(), hand_on=True)
        """))
    (package / "validate.py").write_text(textwrap.dedent(f"""
        from pathlib import Path
        import {name} as state
        from pipeline.io import read_parquet_handed_on, write_text

        def run(consultation):
            path = Path(r"{tmp_path}") / "ingested.parquet"
            state.SEEN["written_already"] = path.exists()
            state.SEEN["frame"] = read_parquet_handed_on(path)
            write_text(Path(r"{tmp_path}") / "validate.json", "{{}}")
        """))
    monkeypatch.syspath_prepend(str(tmp_path))
    state = importlib.import_module(name)
    monkeypatch.setattr(cli, "STAGES", {**cli.STAGES, "ingest": f"{name}.ingest", "validate": f"{name}.validate"})
    monkeypatch.setattr("pipeline.io.ROOT", tmp_path)  # failure markers under tmp_path/processed/tiny/errors
    monkeypatch.setenv("MAKELEVEL", "1")
    return state.SEEN


def test_the_next_stage_gets_the_table_and_the_files_appear_in_the_order_the_stages_finished(chain, tmp_path):
    assert cli.main(["ingest", "tiny", "--then", "validate"]) == 0
    written = pd.read_parquet(tmp_path / "ingested.parquet")
    pd.testing.assert_frame_equal(chain["frame"], written)
    pd.testing.assert_frame_equal(written, _frame())
    # validate wrote its file after ingest's: make must not see ingested.parquet as newer than what it fed
    assert os.stat(tmp_path / "ingested.parquet").st_mtime_ns <= os.stat(tmp_path / "validate.json").st_mtime_ns
    assert not list(tmp_path.glob(".ingested.parquet.*"))  # no temporary file left


def test_the_file_written_behind_has_the_bytes_of_one_written_at_once(tmp_path):
    df = _frame(2)
    io.write_parquet(tmp_path / "now.parquet", df, hand_on=True)
    with io.writing_behind():
        io.write_parquet(tmp_path / "behind.parquet", df, hand_on=True)
    assert (tmp_path / "now.parquet").read_bytes() == (tmp_path / "behind.parquet").read_bytes()
    assert io.write_failures() == []


def test_a_file_that_cannot_be_written_behind_is_the_writing_stage_failure_and_the_old_file_stays(
        chain, tmp_path, monkeypatch, capsys):
    old = pd.DataFrame({"row": [1], "text": ["vorige versie"]})
    old.to_parquet(tmp_path / "ingested.parquet")
    before = (tmp_path / "ingested.parquet").read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pq, "write_table", full_disk)
    code = cli.main(["ingest", "tiny", "--then", "validate"])
    err = capsys.readouterr().err
    assert code != 0  # make must see this rule fail: the file validate would read next time is the old one
    assert "ingested.parquet" in err and "Traceback" not in err
    assert "vol" in err  # the Dutch words for a full disk (pipeline/failures.py)
    assert (tmp_path / "ingested.parquet").read_bytes() == before
    assert (tmp_path / "processed" / "tiny" / "errors" / "failed-ingest").exists()  # charged to ingest
    assert not list(tmp_path.glob(".ingested.parquet.*"))
    assert io.write_failures() == []  # told once


def test_a_stage_run_on_its_own_has_written_its_file_when_it_returns(tmp_path):
    # outside a chain (tests, notebooks, a researcher's own script) nothing is written behind
    io.write_parquet(tmp_path / "alone.parquet", _frame(3).head(1000), hand_on=True)
    assert pd.read_parquet(tmp_path / "alone.parquet").shape == (1000, 3)
