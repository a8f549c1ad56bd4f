"""``domain_means`` and ``linearised_variance`` work in place on arrays of their own (allocating n×k
arrays cost more than the arithmetic at a million respondents), and ``multiple_response`` reads
numeric option columns without a conversion pass. Checked here: the caller's arrays are left as they
were, every stratum (one, several, a lonely one) still gives the textbook with-replacement variance
written out below, and option columns of any dtype give the same table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline.stats import Design, multiple_response
from pipeline.stats.design import linearised_variance
from pipeline.stats.estimates import domain_means


def _plain_variance(z: np.ndarray, strata: np.ndarray) -> np.ndarray:
    """Σ_h n_h/(n_h − 1) Σ_i (z_hi − z̄_h)(z_hi − z̄_h)ᵀ, one stratum at a time (no fpc)."""
    out = np.zeros((z.shape[1], z.shape[1]))
    for h in np.unique(strata):
        zh = z[strata == h]
        if len(zh) > 1:
            c = zh - zh.mean(axis=0)
            out += len(zh) / (len(zh) - 1) * c.T @ c
    return out


@pytest.mark.parametrize("strata", [None, "s"])
def test_linearised_variance_leaves_its_input_and_is_the_textbook_sum(strata) -> None:
    rng = np.random.default_rng(3)
    n = 50
    data = pd.DataFrame({"w": rng.uniform(0.5, 3, n), "s": rng.integers(0, 3, n)})
    design = Design(data, weights="w", strata=strata, lonely_psu="remove")
    u = rng.normal(size=(n, 3))
    before = u.copy()
    var = linearised_variance(design, u)
    assert np.array_equal(u, before)
    codes = np.zeros(n, dtype=int) if strata is None else data["s"].to_numpy()
    np.testing.assert_allclose(var, _plain_variance(data["w"].to_numpy()[:, None] * u, codes), rtol=1e-12)


def test_domain_means_leaves_its_input() -> None:
    rng = np.random.default_rng(4)
    n = 40
    design = Design(pd.DataFrame({"w": rng.uniform(1, 2, n)}), weights="w")
    y = rng.normal(size=(n, 2))
    y[:5] = np.nan  # outside the domain
    d = np.arange(n) >= 5
    before = y.copy()
    est, cov = domain_means(design, y, d)
    assert np.array_equal(y, before, equal_nan=True)
    w = design.weights
    np.testing.assert_allclose(est, (w[d, None] * y[d]).sum(axis=0) / w[d].sum(), rtol=1e-13)
    u = np.where(d[:, None], np.nan_to_num(y) - est, 0.0) / w[d].sum()
    np.testing.assert_allclose(cov, _plain_variance(w[:, None] * u, np.zeros(n, dtype=int)), rtol=1e-12)


def test_multiple_response_reads_every_dtype_alike() -> None:
    ticks = [1, 0, None, 1, 1, 0, None, 0, 1, 1]
    other = [0, 0, None, 1, 0, 0, None, 1, 0, 0]
    expected = multiple_response(Design(pd.DataFrame({"a": pd.array(ticks, dtype="Float64"),
                                                      "b": pd.array(other, dtype="Float64")})), ["a", "b"])
    assert expected["n"].tolist() == [5, 2] and expected["base"].tolist() == [8, 8]
    variants = {
        "float with NaN": lambda v: pd.Series([np.nan if x is None else float(x) for x in v]),
        "boolean": lambda v: pd.array([None if x is None else bool(x) for x in v], dtype="boolean"),
        "Int64": lambda v: pd.array(v, dtype="Int64"),
        "text": lambda v: pd.Series([None if x is None else str(x) for x in v], dtype=object),
    }
    for name, make in variants.items():
        got = multiple_response(Design(pd.DataFrame({"a": make(ticks), "b": make(other)})), ["a", "b"])
        pd.testing.assert_frame_equal(got, expected, check_exact=True, obj=name)


@pytest.mark.parametrize("bad", [pd.Series([1.0, 0.0, 2.0, 1.0]), pd.Series(["1", "0", "ja", "1"], dtype=object)])
def test_multiple_response_refuses_values_other_than_0_and_1(bad) -> None:
    with pytest.raises(ValueError, match="0/1"):
        multiple_response(Design(pd.DataFrame({"a": bad})), ["a"])


def test_linearised_variance_overwrite_gives_the_same_numbers() -> None:
    rng = np.random.default_rng(5)
    design = Design(pd.DataFrame({"w": rng.uniform(0.5, 3, 30), "s": np.repeat([0, 1, 2], 10)}), weights="w",
                    strata="s")
    u = rng.normal(size=(30, 2))
    assert np.array_equal(linearised_variance(design, u.copy(), overwrite=True), linearised_variance(design, u))


@pytest.mark.parametrize("seed", range(10))
def test_domain_degf_counts_the_strata_with_rows_in_the_domain(seed: int) -> None:
    """Rows in the domain minus the strata among them (R degf(subset(...))), counted by hand here."""
    rng = np.random.default_rng(seed)
    data = pd.DataFrame({"s": rng.choice(["a", "b", "c", "d"], 60)})
    design = Design(data, strata="s", lonely_psu="remove")
    mask = rng.random(60) < [0.02, 0.3, 1.0][seed % 3]
    strata = {s for s, m in zip(data["s"], mask, strict=True) if m}
    assert design.domain_degf(mask) == int(mask.sum()) - len(strata)
    assert design.domain_degf() == 60 - data["s"].nunique()


def test_domain_means_overwrite_gives_the_same_numbers() -> None:
    rng = np.random.default_rng(6)
    design = Design(pd.DataFrame({"w": rng.uniform(1, 2, 40), "s": np.repeat([0, 1], 20)}), weights="w", strata="s")
    y = rng.normal(size=(40, 3))
    y[::7] = np.nan
    d = ~np.isnan(y).any(axis=1)
    est, cov = domain_means(design, y, d)
    est2, cov2 = domain_means(design, y.copy(), d, overwrite=True)
    assert np.array_equal(est, est2) and np.array_equal(cov, cov2)
