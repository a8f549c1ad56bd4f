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
        # repeats as they come: a@x.be twice in five of the parts (clean stops at more than 5 % repeated rows)
        part["E-mail"] = [f"{k}{e}" if k < 5 else f"{k}-{i}{e}" for i, e in enumerate(part["E-mail"])]
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


def _order_before(pseudonyms: pd.Series) -> list[int]:
    """clean._rows_by_respondent's order before the integer path: pyarrow's stable sort of the strings."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.sort_indices(pa.array(pseudonyms.astype(str).array)).to_numpy().tolist()


def test_respondent_order_from_integers_is_the_order_of_the_strings():
    from pipeline.privacy import pseudonymise

    ids = [str(i) for i in range(3000)]
    pseudonyms = pd.Series(pseudonymise(ids, b"k" * 32) + pseudonymise(ids[:50], b"k" * 32), dtype="str")  # repeats
    df = pd.DataFrame({"respondent": pseudonyms})
    keep = np.ones(len(df), dtype=bool)
    keep[::7] = False
    assert clean._pseudonym_numbers(pseudonyms) is not None
    expected = np.flatnonzero(keep)[_order_before(pseudonyms[keep])].tolist()
    assert clean._rows_by_respondent(df, keep).tolist() == expected
    # by hand: '-a' sorts after '-9' (as 10 after 9), repeats keep their order
    hand = pd.Series(["R-00000000000a", "R-000000000009", "R-00000000000a", "R-000000000010"], dtype="str")
    assert clean._rows_by_respondent(pd.DataFrame({"respondent": hand}), np.ones(4, dtype=bool)).tolist() == [1, 0, 2, 3]
    for odd in (["R-00000000000A", "R-000000000009"], ["R-0000000000a", "R-000000000009"], ["P-000000000000", "R-000000000009"], ["", "R-000000000009"]):
        s = pd.Series(odd * 40, dtype="str")
        assert clean._pseudonym_numbers(s) is None
        df = pd.DataFrame({"respondent": s})
        assert clean._rows_by_respondent(df, np.ones(len(s), dtype=bool)).tolist() == _order_before(s)
