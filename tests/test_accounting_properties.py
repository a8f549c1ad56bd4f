"""Property-based tests: whatever the export looks like, no row is lost and nothing crashes."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.codebook import load_codebook
from pipeline.errors import DataError
from pipeline.stages import clean, ingest, validate
from tests.tiny import TINY_CODEBOOK, tiny_export

VALUES = {
    "Leeftijd": ["34", "230", "", "abc", "17", "99"],
    "Woonsituatie": ["Huurwoning", " huur ", "Eigen woning", "Weet niet", "Kot", ""],
    "Huur": ["750,5", "", "-3", "600"],
    "Tevreden": ["Akkoord", "neutraal", "Misschien", ""],
    "Hulp": ["Familie;OCMW;", "", "OCMW;", "Geld;"],
    "Gemeente": ["Gent", "Atlantis", "", "sint niklaas"],
    "Sinds": ["01/02/2020", "31/02/2021", "", "2020-01-01"],
}


@st.composite
def exports(draw):
    n = draw(st.integers(min_value=1, max_value=25))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    base = tiny_export()
    rows = []
    for i in range(n):
        row = {c: str(rng.choice(v)) for c, v in VALUES.items()}
        row["ID"] = str(draw(st.integers(1, 30)))  # duplicate ids happen
        # repeated submissions happen (now and then; many would stop clean, which the test accepts too)
        row["E-mail"] = f"p{i}@x.be" if rng.random() > 0.15 else f"p{int(rng.integers(0, i + 1))}@x.be"
        row["Naam"] = "X"
        row["Begintijd"] = "2024-01-05 10:00:00"
        row["Opmerkingen"] = draw(st.text(max_size=40))  # arbitrary Unicode
        rows.append(row)
    df = pd.DataFrame(rows, dtype=object)
    cols = list(base.columns)
    order = draw(st.permutations(cols))  # shuffled column order
    df = df[list(order)]
    df.index = pd.Index(range(2, 2 + n), name="row")
    return df


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=exports())
def test_every_row_is_accounted_for(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("cb") / "codebook.yml"
    path.write_text(textwrap.dedent(TINY_CODEBOOK), encoding="utf-8")
    cb = load_codebook(path)
    frame, report = ingest.process(cb, raw, b"k")
    kept, quarantine, _ = validate.process(cb, frame)
    try:
        out, acc = clean.process(cb, kept, report, {"rows_quarantined": len(quarantine)})
    except DataError as err:  # too many rows would fall away as repeated submissions: clean stops, nothing is lost
        assert "respondent.person" in err.fix and ("staat op" in err.message or "zouden als herhaalde" in err.message)
        return
    assert acc["rows_read"] == len(raw)
    assert acc["rows_kept"] + acc["rows_quarantined"] + acc["duplicates_removed"] == len(raw)
    assert len(out) == acc["rows_kept"] and out["respondent"].is_unique
    assert not out.to_csv().count("@x.be")  # person columns never pass
