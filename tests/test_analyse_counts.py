"""The analyse stage counts each column once (category codes, ``np.bincount``) and computes a table's
shares, intervals, disclosure status and test from those counts, without a Design, ``proportion()``
or ``crosstab()`` per table and subgroup. This checks, on seeded random data with missing answers,
empty categories, tiny subgroups and one- and two-respondent exports, that nothing changed:

* ``frequency`` and ``cross`` give exactly (values and dtypes) what they gave before, i.e. what
  ``tests/reference/analyse_tables_v1.py`` (the functions as they were) gives;
* ``srs_proportions`` gives the shares, SEs and intervals of the general design-based path
  (influence values, ``linearised_variance``) for an equal-weight design, in a domain too;
* ``srs_test`` gives what ``crosstab`` gives an unweighted design (Pearson χ², exact Fisher).
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.analyses.frequencies import tables as analyse
from pipeline.stats import Design, SuppressionRules, crosstab
from pipeline.stats.disclosure import suppress_counts, suppress_series
from pipeline.stats.estimates import domain_means, srs_proportions
from pipeline.stats.intervals import proportion_ci
from pipeline.stats.tests_tables import srs_test

_spec = importlib.util.spec_from_file_location("analyse_tables_v1", Path(__file__).parent / "reference" /
                                               "analyse_tables_v1.py")
ref = importlib.util.module_from_spec(_spec)
sys.modules.setdefault(_spec.name, ref)
_spec.loader.exec_module(ref)

RULES = [SuppressionRules(), SuppressionRules(min_cell=10, min_base_pct=20, flag_base_pct=40)]


def _column(rng: np.random.Generator, n: int, k: int, missing: float) -> pd.Categorical:
    """A categorical answer with k categories, some never given, a share missing."""
    weights = rng.dirichlet(np.full(k, 0.4))
    weights[rng.random(k) < 0.2] = 0.0  # categories nobody gave
    if weights.sum() == 0:
        weights[0] = 1.0
    codes = rng.choice(k, size=n, p=weights / weights.sum())
    codes[rng.random(n) < missing] = -1
    return pd.Categorical.from_codes(codes, categories=[f"c{i}" for i in range(k)])


def _frame(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = int(rng.choice([1, 2, 3, 8, 25, 70, 400]))
    return pd.DataFrame({"q": _column(rng, n, int(rng.integers(1, 6)), float(rng.choice([0, 0.1, 0.5]))),
                         "by": _column(rng, n, int(rng.integers(1, 5)), float(rng.choice([0, 0.2])))})


def _same_test(new: dict, old: dict) -> None:
    assert new.keys() == old.keys()
    for key, value in old.items():
        if isinstance(value, float) and math.isnan(value):
            assert isinstance(new[key], float) and math.isnan(new[key]), key
        else:
            assert new[key] == value, key


@pytest.mark.parametrize("seed", range(60))
def test_frequency_and_cross_as_before(seed: int) -> None:
    df = _frame(seed)
    rules = RULES[seed % 2]
    hide = {"c1"} if seed % 3 == 0 else None
    pd.testing.assert_frame_equal(analyse.frequency(df, "q", "Q", rules, "q", hide=hide),
                                  ref.frequency(df, "q", "Q", rules, "q", hide=hide), check_exact=True)
    by_rules = RULES[(seed // 2) % 2]
    links = {"by": {"c0"}} if seed % 4 == 0 else None
    new, new_test = analyse.cross(df, "q", "by", "Q", rules, by_rules, links)
    old, old_test = ref.cross(df, "q", "by", "Q", rules, by_rules, links)
    pd.testing.assert_frame_equal(new, old, check_exact=True)
    _same_test(new_test, old_test)


def test_cross_with_a_test_as_before() -> None:
    """Large enough that nothing is hidden and the Pearson and Fisher tests are computed."""
    rng = np.random.default_rng(7)
    df = pd.DataFrame({"q": pd.Categorical.from_codes(rng.integers(0, 3, 300), ["a", "b", "c"]),
                       "by": pd.Categorical.from_codes(rng.integers(0, 2, 300), ["x", "y"])})
    new, new_test = analyse.cross(df, "q", "by", "Q", SuppressionRules())
    old, old_test = ref.cross(df, "q", "by", "Q", SuppressionRules())
    pd.testing.assert_frame_equal(new, old, check_exact=True)
    _same_test(new_test, old_test)
    assert not math.isnan(new_test["p_value"]) and not math.isnan(new_test["fisher_p"])


@pytest.mark.parametrize("seed", range(20))
def test_srs_proportions_is_the_linearised_estimate(seed: int) -> None:
    """Against the general path: influence values of the domain, with-replacement variance (one stratum)."""
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(5, 200))
    codes = rng.integers(0, 4, n)
    answered = rng.random(n) < 0.8
    domain = rng.random(n) < (0.5 if seed % 2 else 1.0)
    present = answered & domain
    if not present.any():
        present[0] = domain[0] = True
    indicators = np.column_stack([(codes == k) for k in range(4)]).astype(float)
    design = Design(pd.DataFrame({"x": np.zeros(n)}))
    est, cov = domain_means(design, indicators, present)
    se = np.sqrt(np.clip(np.diag(cov), 0, None))
    counts = indicators[present].sum(axis=0).astype(int)
    rows_in = int(domain.sum())
    got = srs_proportions(counts, n, rows_in)
    np.testing.assert_allclose(got[0], est, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(got[1], se, rtol=1e-9, atol=1e-15)
    for j in range(4):  # the interval of each share on the domain's degrees of freedom (rows − 1 stratum)
        low, high = proportion_ci("wilson", est[j], se[j], rows_in - 1, rows_in, 0.95, int(present.sum()))
        assert got[2][j] == pytest.approx(low, rel=1e-9, abs=1e-12)
        assert got[3][j] == pytest.approx(high, rel=1e-9, abs=1e-12)


def test_srs_proportions_by_hand() -> None:
    """Counts 1, 3 of 4 respondents in a design of 5 rows: p = 1/4, se² = 5/4 · p(1 − p) / 4."""
    est, se, _, _ = srs_proportions(np.array([1, 3]), 5, 5)
    assert est.tolist() == [0.25, 0.75]
    assert se[0] == pytest.approx(math.sqrt(5 / 4 * 0.25 * 0.75 / 4), rel=1e-15)


@pytest.mark.parametrize("counts, n, rows_in", [([0, 0], 10, 10), ([3, 4], 10, 5), ([1], 1, 1), ([3], 10, 11)])
def test_srs_proportions_refuses_impossible_counts(counts, n, rows_in) -> None:
    with pytest.raises(ValueError):
        srs_proportions(np.array(counts), n, rows_in)


@pytest.mark.parametrize("seed", range(20))
def test_srs_test_is_crosstab_of_an_unweighted_design(seed: int) -> None:
    rng = np.random.default_rng(200 + seed)
    n = int(rng.integers(10, 120))
    rows = rng.integers(0, 4, n)  # level 3 of each is never observed in some seeds: dropped by both
    cols = rng.integers(0, 3 + seed % 2, n)
    rows[rows == 3] = 0 if seed % 3 else 3
    df = pd.DataFrame({"r": pd.Categorical.from_codes(rows, list("abcd")),
                       "c": pd.Categorical.from_codes(cols, list("wxyz"))})
    res = crosstab(Design(df), "r", "c")
    table = np.zeros((4, 4), dtype=int)
    np.add.at(table, (rows, cols), 1)
    statistic, ndf, ddf, p_value, fisher_p = srs_test(table)
    assert (statistic, ndf, ddf, p_value) == (res.statistic, res.ndf, res.ddf, res.p_value)
    assert fisher_p == res.fisher_p or (math.isnan(fisher_p) and math.isnan(res.fisher_p))


def test_suppress_counts_is_suppress_series() -> None:
    counts = pd.Series([0, 2, 7, 30, 4], index=list("abcde"))
    for hide in (None, {"c"}, {"a", "d"}):
        assert list(suppress_counts(counts.to_numpy(), list(counts.index), hide=hide)) == \
            list(suppress_series(counts, hide=hide))
