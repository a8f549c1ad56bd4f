"""Cross-tabs: Rao–Scott F against R svychisq; Pearson and exact Fisher against R and scipy."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pipeline.stats import Design, crosstab, fisher_exact
from pipeline.stats.tests_tables import pearson_chisq

DESIGNS = ("wt_only", "strat_fpc", "unweighted", "raked", "poststrat")  # as in conftest.designs
WEIGHTED = ("wt_only", "strat_fpc", "raked", "poststrat")


@pytest.mark.parametrize("design_name", DESIGNS)
def test_rao_scott_f_matches_svychisq(designs, estimates, rows, design_name):
    ref = rows(estimates, block="svychisq", design=design_name, statistic="F")
    assert len(ref) == 3
    for r in ref.itertuples():
        row_var, col_var = r.variable.split("_x_")
        got = crosstab(designs[design_name], row_var, col_var, test="rao-scott")
        ndf, ddf = (float(part.split("=")[1]) for part in r.note.removeprefix("parameter: ").split("; "))
        assert got.method == "rao-scott-F"
        assert got.statistic == pytest.approx(r.statistic_value, rel=1e-6), r.variable
        assert got.p_value == pytest.approx(r.p_value, rel=1e-6), r.variable
        assert got.ndf == pytest.approx(ndf, rel=1e-6)
        assert got.ddf == pytest.approx(ddf, rel=1e-6)


@pytest.mark.parametrize("design_name", WEIGHTED)
def test_weighted_designs_default_to_rao_scott_without_fisher(designs, design_name):
    got = crosstab(designs[design_name], "satisfied", "stratum")
    assert got.method == "rao-scott-F"
    assert got.fisher_p is None
    assert got.table.to_numpy().sum() == pytest.approx(designs[design_name].weights.sum())
    assert got.counts.to_numpy().sum() == 150


def _contingency(ref_dir):
    tables = pd.read_csv(ref_dir / "data" / "contingency_tables.csv")
    tests = pd.read_csv(ref_dir / "ref" / "contingency_tests.csv")
    return tables, tests


def test_unweighted_crosstab_gives_pearson_and_fisher(ref_dir):
    tables, tests = _contingency(ref_dir)
    assert set(tables["table"]) == {"t2x2_a", "t2x2_b", "t2x2_c", "t2x3", "t3x3"}
    for name, grp in tables.groupby("table"):
        respondents = grp.loc[grp.index.repeat(grp["count"]), ["row", "col"]]
        got = crosstab(Design(respondents), "row", "col")
        fisher = tests[(tests.table == name) & (tests.test == "fisher.test")].iloc[0]
        pearson = tests[(tests.table == name) & (tests.test == "chisq.test correct=FALSE")].iloc[0]
        assert got.method == "pearson"
        assert got.fisher_p == pytest.approx(fisher.p_value, rel=1e-8), name
        assert got.statistic == pytest.approx(pearson.statistic, rel=1e-8), name
        assert got.ndf == pearson.df
        assert got.p_value == pytest.approx(pearson.p_value, rel=1e-8), name
        wide = grp.pivot(index="row", columns="col", values="count").to_numpy()
        np.testing.assert_array_equal(got.counts.to_numpy(), wide)


@pytest.mark.parametrize(("table", "expected"), [
    ([[2, 7], [8, 2]], 0.0230141),        # scipy TestFisherExact (R-derived)
    ([[5, 1], [10, 10]], 0.1973244),
    ([[5, 15], [20, 20]], 0.0958044),
    ([[5, 0], [1, 4]], 0.04761904),
])
def test_fisher_matches_scipy_reference_values(table, expected):
    assert fisher_exact(table) == pytest.approx(expected, rel=0, abs=5e-8)  # 7 significant digits


def test_fisher_is_symmetric_under_transpose_and_permutation():
    t = np.array([[3, 0, 2], [1, 4, 0], [0, 2, 5], [2, 1, 1]])
    p = fisher_exact(t)
    assert fisher_exact(t.T) == pytest.approx(p, rel=1e-12)
    assert fisher_exact(t[::-1, ::-1]) == pytest.approx(p, rel=1e-12)


def test_fisher_hand_calculation_2x2():
    # margins (3, 1 | 2, 2), n = 4: tables x11 in {1, 2}; P(1) = P(2) = 3/6 → p = 1.
    assert fisher_exact([[1, 2], [1, 0]]) == pytest.approx(1.0)
    # [[3, 0], [0, 3]]: margins 3/3, P = 1/C(6,3) = 1/20 for both extremes → p = 0.1
    assert fisher_exact([[3, 0], [0, 3]]) == pytest.approx(0.1, rel=1e-12)


def test_degenerate_tables_raise_clear_errors(survey):
    with pytest.raises(ValueError, match="row 2 of the table has a zero total"):
        fisher_exact([[1, 2], [0, 0]])
    with pytest.raises(ValueError, match="column 1 of the table has a zero total"):
        pearson_chisq([[0, 2], [0, 3]])
    with pytest.raises(ValueError, match="at least 2 rows and 2 columns"):
        fisher_exact([[1, 2, 3]])
    with pytest.raises(ValueError, match="'constant' has fewer than 2 observed categories"):
        crosstab(Design(survey.assign(constant="x")), "constant", "gender")
    with pytest.raises(ValueError, match="limit 10"):
        fisher_exact([[10, 10], [10, 10]], max_tables=10)


def test_too_large_fisher_gives_nan_with_note():
    big = pd.DataFrame({"r": np.arange(400) % 4, "c": (np.arange(400) // 7) % 5})
    got = crosstab(Design(big), "r", "c")
    assert math.isnan(got.fisher_p)
    assert "Monte Carlo" in got.notes[0]
    assert 0 <= got.p_value <= 1  # the Pearson test is still reported


def test_missing_values_are_left_out_of_the_table(survey):
    df = survey.copy()
    df.loc[:9, "gender"] = None
    got = crosstab(Design(df, weights="w_design"), "satisfied", "gender")
    assert got.counts.to_numpy().sum() == 140
    assert list(got.table.columns) == ["M", "V"]
