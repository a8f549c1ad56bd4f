"""Likert top-2-box/mean and multiple response against R (survey_estimates.csv)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline.stats import Design, likert_summary, mean, multiple_response
from rstats_reference import METHOD, reference

TOP2_REF = reference().query("case == 'likert_top2'")

DESIGNS = ("wt_only", "strat_fpc", "unweighted", "raked", "poststrat")  # as in conftest.designs
OPTIONS = ["mr_huur", "mr_werk", "mr_school", "mr_geen"]
LABELS = {1: "helemaal oneens", 2: "oneens", 3: "neutraal", 4: "eens", 5: "helemaal eens"}


@pytest.mark.parametrize("design_name", DESIGNS)
def test_top2box_and_mean_match_r(designs, estimates, rows, design_name):
    top = rows(estimates, block="likert", design=design_name, statistic="top2box").iloc[0]
    got = likert_summary(designs[design_name], "likert_q1", top=(4, 5))
    assert got["top"]["estimate"] == pytest.approx(top.estimate, rel=1e-8)
    assert got["top"]["se"] == pytest.approx(top.se, rel=1e-6)
    assert got["top"]["ci_low"] < got["top"]["estimate"] < got["top"]["ci_high"]
    ref_mean = rows(estimates, block="svymean", design=design_name, statistic="mean_t", variable="likert_q1").iloc[0]
    assert got["mean"]["estimate"] == pytest.approx(ref_mean.estimate, rel=1e-8)
    assert got["mean"]["se"] == pytest.approx(ref_mean.se, rel=1e-6)
    assert got["mean"]["ci_low"] == pytest.approx(ref_mean.ci_low, rel=1e-8)
    dist = got["distribution"]
    ref_dist = rows(estimates, block="svymean_factor", design=design_name, variable="likert_q1")
    np.testing.assert_allclose(dist["estimate"], ref_dist["estimate"], rtol=1e-8)
    assert got["n"] == 150


@pytest.mark.parametrize("r", [pytest.param(r, id=f"{r.design}-{r.method}") for r in TOP2_REF.itertuples()])
def test_top2box_ci_matches_r_svyciprop(designs, r):
    """R: svyciprop(~I(likert_q1 %in% 4:5), design, method="beta"/"xlogit") at df = degf, and the
    design-based Wilson of survey >= 4.5 computed in R (tests/reference/r/make_rstats.R)."""
    got = likert_summary(designs[r.design], "likert_q1", top=(4, 5), ci=METHOD[r.method])["top"]
    assert got["estimate"] == pytest.approx(r.estimate, abs=1e-6)
    assert got["se"] == pytest.approx(r.se, abs=1e-6)
    assert (got["ci_low"], got["ci_high"]) == pytest.approx((r.ci_low, r.ci_high), abs=1e-6)


def test_labels_give_the_same_result_as_codes(survey):
    labelled = survey.assign(likert_q1=pd.Categorical(survey["likert_q1"].map(LABELS),
                                                      categories=list(LABELS.values()), ordered=True))
    by_code = likert_summary(Design(survey, weights="w_design"), "likert_q1", top=(4, 5))
    by_label = likert_summary(Design(labelled, weights="w_design"), "likert_q1", top=("eens", "helemaal eens"))
    assert by_label["top"]["estimate"] == pytest.approx(by_code["top"]["estimate"], rel=1e-12)
    assert by_label["mean"]["se"] == pytest.approx(by_code["mean"]["se"], rel=1e-12)
    assert list(by_label["distribution"]["category"]) == list(LABELS.values())


def test_likert_with_missing_answers(designs, estimates, rows):
    got = likert_summary(designs["wt_only"], "likert_q2", top=(4, 5))
    ref = rows(estimates, block="svymean", design="wt_only", statistic="mean_t", variable="likert_q2").iloc[0]
    assert got["n"] == 138
    assert got["mean"]["se"] == pytest.approx(ref.se, rel=1e-6)


def test_likert_errors(designs):
    with pytest.raises(ValueError, match="'likert_q1'"):
        likert_summary(designs["wt_only"], "likert_q1", top=(6,))


@pytest.mark.parametrize("design_name", DESIGNS)
def test_multiple_response_matches_svymean(designs, estimates, rows, design_name, survey):
    got = multiple_response(designs[design_name], OPTIONS).set_index("option")
    for opt in OPTIONS:
        ref = rows(estimates, block="svymean", design=design_name, statistic="mean_t", variable=opt).iloc[0]
        assert got.loc[opt, "estimate"] == pytest.approx(ref.estimate, rel=1e-8)
        assert got.loc[opt, "se"] == pytest.approx(ref.se, rel=1e-6)
        assert got.loc[opt, "n"] == survey[opt].sum()
    assert (got["base"] == 150).all()


def test_multiple_response_asked_is_a_domain(survey):
    df = survey.assign(asked=survey.index % 3 != 0)
    got = multiple_response(Design(df, weights="w_design"), OPTIONS, asked="asked").set_index("option")
    assert (got["base"] == df["asked"].sum()).all()
    # equals a mean with the not-asked respondents set to missing (same design, domain estimation)
    masked = df.assign(**{o: df[o].where(df["asked"]) for o in OPTIONS})
    for opt in OPTIONS:
        ref = mean(Design(masked, weights="w_design"), opt)
        assert got.loc[opt, "estimate"] == pytest.approx(ref["estimate"], rel=1e-12)
        assert got.loc[opt, "se"] == pytest.approx(ref["se"], rel=1e-12)


def test_multiple_response_asked_is_a_domain_in_an_equal_weight_design_too(survey):
    # the equal-weight design's shares and SEs come from counts (likert._srs_shares_of_base); the same numbers as
    # the linearisation of a mean with the not-asked and unanswered respondents set to missing
    df = survey.assign(asked=survey.index % 3 != 0)
    df.loc[df.index % 7 == 0, OPTIONS] = np.nan  # some asked respondents answered none of the options
    got = multiple_response(Design(df), OPTIONS, asked="asked").set_index("option")
    answered = df["asked"] & df[OPTIONS].notna().any(axis=1)
    assert (got["base"] == answered.sum()).all() and 0 < answered.sum() < len(df)
    masked = df.assign(**{o: df[o].fillna(0).where(answered) for o in OPTIONS})
    for opt in OPTIONS:
        ref = mean(Design(masked), opt)
        assert got.loc[opt, "estimate"] == pytest.approx(ref["estimate"], rel=1e-12)
        assert got.loc[opt, "se"] == pytest.approx(ref["se"], rel=1e-9)


def test_multiple_response_rejects_non_binary(survey):
    with pytest.raises(ValueError, match="'likert_q1' must hold 0/1"):
        multiple_response(Design(survey), ["mr_huur", "likert_q1"])
