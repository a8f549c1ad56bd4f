"""Property-based checks of the estimators on random small weighted samples."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stats import Design, adjust_pvalues, proportion


@st.composite
def samples(draw):
    n = draw(st.integers(4, 60))
    cats = draw(st.lists(st.sampled_from(["a", "b", "c", "d", None]), min_size=n, max_size=n))
    weights = draw(st.lists(st.floats(0.1, 50, allow_nan=False), min_size=n, max_size=n))
    return pd.DataFrame({"x": cats, "w": weights})


@settings(max_examples=150, deadline=None)
@given(samples(), st.sampled_from(["wilson", "logit", "korn-graubard"]))
def test_proportions_sum_to_one_and_cis_contain_estimates(df, method):
    if df["x"].isna().all():
        return
    got = proportion(Design(df, weights="w"), "x", ci=method)
    assert got["estimate"].sum() == np.float64(1.0) or abs(got["estimate"].sum() - 1) < 1e-12
    assert got["n"].sum() == df["x"].notna().sum()
    assert ((got["ci_low"] <= got["estimate"] + 1e-12) & (got["estimate"] <= got["ci_high"] + 1e-12)).all()
    assert ((got["ci_low"] >= -1e-12) & (got["ci_high"] <= 1 + 1e-12)).all()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 1, allow_nan=False), min_size=1, max_size=30))
def test_adjusted_pvalues_are_monotone_and_not_smaller(p):
    p = np.array(p)
    for method in ("holm", "bh", "bonferroni"):
        adj = adjust_pvalues(p, method)
        assert (adj >= p - 1e-15).all() and (adj <= 1).all()
        order = np.argsort(p)
        assert (np.diff(adj[order]) >= -1e-15).all()
