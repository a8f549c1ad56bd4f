"""clean.load reads the answer columns as Parquet dictionaries (categoricals): clean.process must give
from them exactly what it gives from the same table read as text, as before (issue 15)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.io import write_json, write_parquet
from pipeline.stages import clean, ingest, validate
from tests.tiny import tiny_export


def _large_export() -> pd.DataFrame:
    """The tiny export 40 times (240 rows, unique ids, repeated e-mail addresses): enough rows for the
    recode-per-distinct-row path, with the tiny export's mistakes, routing and repeats."""
    base = tiny_export()
    parts = []
    for k in range(40):
        part = base.copy()
        part["ID"] = [f"{k}-{i}" for i in part["ID"]]
        part["E-mail"] = [f"{k % 7}{e}" for e in part["E-mail"]]
        part["Leeftijd"] = [str(20 + (k + i) % 50) if a != "230" else a for i, a in enumerate(part["Leeftijd"])]
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out.index = pd.Index(range(2, len(out) + 2), name="row")
    return out


def test_process_same_from_dictionaries_and_from_text(tiny_codebook, tmp_path, monkeypatch):
    import pipeline.codebook

    monkeypatch.setattr(pipeline.codebook, "ROOT", tmp_path)
    cb = tiny_codebook
    frame, report = ingest.process(cb, _large_export(), b"test-key")
    kept, quarantine, _ = validate.process(cb, frame)
    kept = kept.copy()
    kept.loc[kept.index[5], "remarks"] = np.nan  # a missing cell in a dictionary column
    kept.loc[kept.index[7], "housing"] = np.nan
    cb.processed_dir.mkdir(parents=True)
    write_parquet(cb.processed_dir / "validated.parquet", kept.reset_index())
    write_json(cb.processed_dir / "ingest.json", report)
    write_json(cb.processed_dir / "validate.json", {"rows_quarantined": len(quarantine)})

    df, ing, val = clean.load(cb)
    assert isinstance(df["housing"].dtype, pd.CategoricalDtype) and df["respondent"].dtype == "str"
    as_text = pd.read_parquet(cb.processed_dir / "validated.parquet").set_index("row")  # load() before
    assert as_text["housing"].dtype == "str"
    got, got_acc = clean.process(cb, df, ing, val)
    expected, expected_acc = clean.process(cb, as_text, ing, val)
    assert got.equals(expected) and list(got.dtypes) == list(expected.dtypes)
    assert got_acc == expected_acc and got_acc["duplicates_removed"] > 0
    assert got_acc["answers_removed_by_routing"] == expected_acc["answers_removed_by_routing"] != {}
    for c in expected.columns:
        if isinstance(expected[c].dtype, pd.CategoricalDtype):
            assert got[c].cat.categories.equals(expected[c].cat.categories), c
    assert (clean._as_text(df) .equals(as_text))


def test_factorized_codes_of_a_dictionary_column():
    s = pd.Series(pd.Categorical(["b", "a", None, "b", "c"], categories=pd.Index(["a", "b", "c"], dtype="str")))
    codes, uniques = clean._factorized(s)
    assert codes.tolist() == [1, 0, 3, 1, 2]
    assert uniques.dtype == "str" and uniques.iloc[:3].tolist() == ["a", "b", "c"] and pd.isna(uniques.iloc[3])
