"""Means, proportions, CIs, weights and Kish against R `survey` 4.1 (survey_estimates.csv)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pipeline.stats import Design, kish, mean, proportion, rake
from pipeline.stats.weighting import RakingError

DESIGNS = ("wt_only", "strat_fpc", "unweighted", "raked", "poststrat")  # as in conftest.designs

POINT = 1e-8   # point estimates and closed-form CIs
SE = 1e-6      # linearisation SEs
LOGIT = 1e-5   # R's logit CI comes from an iterative glm


def approx(expected: float, rel: float) -> object:
    return pytest.approx(expected, rel=rel, abs=1e-12)


@pytest.mark.parametrize("design_name", DESIGNS)
def test_means_match_svymean_with_t_interval(designs, estimates, design_name, rows):
    ref = rows(estimates, block="svymean", design=design_name, statistic="mean_t")
    for r in ref.itertuples():
        got = mean(designs[design_name], r.variable)
        assert got["estimate"] == approx(r.estimate, POINT), r.variable
        assert got["se"] == approx(r.se, SE), r.variable
        assert got["ci_low"] == approx(r.ci_low, POINT), r.variable
        assert got["ci_high"] == approx(r.ci_high, POINT), r.variable


def test_mean_n_counts_only_answers(designs, survey):
    assert mean(designs["wt_only"], "rent")["n"] == survey["rent"].notna().sum() == 127
    assert mean(designs["wt_only"], "likert_q2")["n"] == 138


@pytest.mark.parametrize("design_name", DESIGNS)
def test_category_proportions_match_svymean_factor(designs, estimates, design_name, rows):
    ref = rows(estimates, block="svymean_factor", design=design_name, statistic="proportion")
    for variable, grp in ref.groupby("variable"):
        got = proportion(designs[design_name], variable).set_index("category")
        got.index = got.index.astype(str)
        for r in grp.itertuples():
            assert got.loc[str(r.level), "estimate"] == approx(r.estimate, POINT)
            assert got.loc[str(r.level), "se"] == approx(r.se, SE)


@pytest.mark.parametrize("design_name", DESIGNS)
@pytest.mark.parametrize(("method", "r_method", "rel"), [("wilson", "wilson_neff", POINT),
                                                         ("korn-graubard", "beta", POINT),
                                                         ("logit", "logit", LOGIT),
                                                         ("logit", "xlogit", POINT)])
def test_binary_proportion_cis_match_svyciprop(designs, estimates, design_name, method, r_method, rel, rows):
    ref = rows(estimates, block="svyciprop", design=design_name, statistic=r_method)
    ref = ref[np.isfinite(ref["df"])]  # df = degf(design), the project's convention
    assert len(ref) == 3
    for r in ref.itertuples():
        got = proportion(designs[design_name], r.variable, ci=method).set_index("category").loc[1]
        assert got["estimate"] == approx(r.estimate, rel)  # R's "logit" estimate comes from glm iterations
        assert got["se"] == approx(r.se, SE)
        assert got["ci_low"] == approx(r.ci_low, rel), (r.variable, "low")
        assert got["ci_high"] == approx(r.ci_high, rel), (r.variable, "high")


def test_proportion_table_shape_and_counts(designs, survey):
    got = proportion(designs["wt_only"], "housing")
    assert list(got.columns) == ["category", "n", "estimate", "se", "ci_low", "ci_high"]
    assert list(got["category"]) == sorted(survey["housing"].unique())
    assert got["n"].tolist() == survey["housing"].value_counts().sort_index().tolist()
    assert got["estimate"].sum() == pytest.approx(1.0)


def test_missing_values_are_a_domain_not_dropped_rows(survey):
    """Missing items keep their rows: same result as R na.rm=TRUE (checked on likert_q2 above),
    and different from dropping the rows when the design has strata (df and stratum n change)."""
    df = survey.copy()
    df.loc[[0, 1, 2], "housing"] = None
    d = Design(df, strata="stratum", fpc="fpc")
    got = proportion(d, "housing")
    assert got["n"].sum() == len(df) - 3
    assert got["estimate"].sum() == pytest.approx(1.0)
    dropped = proportion(Design(df.dropna(subset=["housing"]), strata="stratum", fpc="fpc"), "housing")
    assert not np.allclose(got["se"], dropped["se"])
    for value in (float("nan"), pd.NA):
        df2 = survey.copy().astype({"housing": object})
        df2.loc[[0, 1, 2], "housing"] = value
        assert proportion(Design(df2, strata="stratum", fpc="fpc"), "housing")["se"].tolist() == \
            pytest.approx(got["se"].tolist(), rel=1e-12)


@pytest.mark.parametrize("design_name", DESIGNS)
def test_kish_and_degf(designs, estimates, design_name, rows):
    d = designs[design_name]
    k = kish(d)
    assert k["n"] == 150
    assert k["n_eff"] == approx(rows(estimates, design=design_name, statistic="kish_n_eff").estimate.iloc[0], POINT)
    assert k["deff_w"] == approx(rows(estimates, design=design_name, statistic="kish_deff_w").estimate.iloc[0], POINT)
    assert d.degf == rows(estimates, design=design_name, statistic="degf").estimate.iloc[0]
    assert d.weights.sum() == approx(rows(estimates, design=design_name, statistic="sum_weights").estimate.iloc[0],
                                     POINT)


@pytest.mark.parametrize("design_name", DESIGNS)
def test_weights_match_r(designs, ref_dir, design_name):
    ref = pd.read_csv(ref_dir / "ref" / "weights_by_design.csv")
    np.testing.assert_allclose(designs[design_name].weights, ref[f"w_{design_name}"], rtol=POINT)


def test_rake_equals_calibrate_raking(designs, estimates, rows):
    """R's rake() and calibrate(calfun='raking') give the same SEs; ours must match both."""
    for r in rows(estimates, block="svymean", design="raked_calib", statistic="mean_t").itertuples():
        assert mean(designs["raked"], r.variable)["se"] == approx(r.se, SE)


def test_raked_table_matches_svytable(designs, ref_dir):
    from pipeline.stats import crosstab

    ref = pd.read_csv(ref_dir / "ref" / "svytable_raked_satisfied_gender.csv")
    table = crosstab(designs["raked"], "satisfied", "gender").table
    for r in ref.itertuples():
        assert table.loc[r.satisfied, r.gender] == approx(r.Freq, POINT)


def test_rake_errors_are_plain(survey, margins):
    d = Design(survey)
    with pytest.raises(ValueError, match="'gender'"):
        rake(d, {"gender": {"M": 5200}})  # level V has no total
    with pytest.raises(ValueError, match="grand totals"):
        rake(d, {"gender": {"M": 5200, "V": 4800}, "stratum": {"Antwerpen": 1, "Gent": 1, "Rest": 1}})
    with pytest.raises(RakingError, match="did not converge"):
        rake(d, {k: margins[k] for k in ("gender", "agegrp", "stratum")}, maxit=1)


def test_design_validation(survey):
    with pytest.raises(ValueError, match="'nope'"):
        Design(survey, weights="nope")
    bad = survey.assign(w_design=survey["w_design"].where(survey.index != 3))
    with pytest.raises(ValueError, match="'w_design'.*missing"):
        Design(bad, weights="w_design")
    with pytest.raises(ValueError, match="only one respondent"):
        Design(survey.iloc[:61], strata="stratum")
    with pytest.raises(ValueError, match="ci must be one of"):
        proportion(Design(survey), "housing", ci="wald")
    with pytest.raises(ValueError, match="'housing' is not numeric"):
        mean(Design(survey), "housing")


def test_degenerate_proportion_has_point_interval(survey):
    got = proportion(Design(survey.assign(all_one=1)), "all_one", ci="korn-graubard").iloc[0]
    assert (got["estimate"], got["se"], got["ci_high"]) == (1.0, 0.0, 1.0)
    # Clopper–Pearson lower limit for 150/150: (alpha/2)^(1/n)
    assert got["ci_low"] == pytest.approx(0.025 ** (1 / 150), rel=1e-10)
    assert not math.isnan(proportion(Design(survey.assign(all_one=1)), "all_one")["ci_low"].iloc[0])
