"""Issue 12 item 5 (a)–(c) against R: subgroup degrees of freedom (svyby/subset), intervals at
0 % and 100 % (the base's respondents), multiple-choice options chosen by nobody or everybody.

Reference: tests/reference/r/rstats_reference.csv, made by make_rstats.R from rstats_survey.csv.
Tolerance 1e-6 for estimates, SEs and closed-form intervals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from rstats_reference import METHOD, designs, reference, survey

from pipeline.stats import Design, mean, multiple_response, proportion
from pipeline.stats.intervals import wald_ci

REF = reference()
SVY = survey()
DESIGNS = designs(SVY)


def _domain(group: str) -> np.ndarray | None:
    return None if group == "" else (SVY["grp"] == group).to_numpy()


def _cases(case: str) -> list:
    sel = REF[REF["case"] == case]
    return [pytest.param(r, id=f"{r.design}-{r.group or 'all'}-{r.level}-{r.method}") for r in sel.itertuples()]


@pytest.mark.parametrize("r", _cases("subgroup_prop"))
def test_subgroup_proportion_matches_svyby(r) -> None:
    design, domain = DESIGNS[r.design], _domain(r.group)
    assert design.domain_degf(domain) == r.df
    if r.method == "mean":  # R's Wald interval: only the degrees of freedom are under test here
        row = proportion(design, "answer", domain=domain).set_index("category").loc[r.level]
        assert wald_ci(row["estimate"], row["se"], design.domain_degf(domain)) == pytest.approx(
            (r.ci_low, r.ci_high), abs=1e-6)
        return
    row = proportion(design, "answer", ci=METHOD[r.method], domain=domain).set_index("category").loc[r.level]
    assert row["estimate"] == pytest.approx(r.estimate, abs=1e-6)
    assert row["se"] == pytest.approx(r.se, abs=1e-6)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((r.ci_low, r.ci_high), abs=1e-6)


@pytest.mark.parametrize("r", _cases("subgroup_mean"))
def test_subgroup_mean_matches_svyby(r) -> None:
    got = mean(DESIGNS[r.design], "x", domain=_domain(r.group))
    assert got["estimate"] == pytest.approx(r.estimate, abs=1e-6)
    assert got["se"] == pytest.approx(r.se, abs=1e-6)
    assert (got["ci_low"], got["ci_high"]) == pytest.approx((r.ci_low, r.ci_high), abs=1e-6)
    assert got["n"] == r.base


@pytest.mark.parametrize("r", _cases("extreme_prop"))
def test_zero_and_hundred_percent_use_the_base(r) -> None:
    """binom.test (Korn–Graubard) and prop.test without correction (Wilson, logit) on the base."""
    design, domain = DESIGNS[r.design], _domain(r.group)
    methods = ["wilson", "logit"] if r.method == "wilson" else ["korn-graubard"]
    for method in methods:
        row = proportion(design, "answer", ci=method, domain=domain).set_index("category").loc[r.level]
        assert row["estimate"] == pytest.approx(r.estimate, abs=1e-12)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((r.ci_low, r.ci_high), abs=1e-6), method


@pytest.mark.parametrize("r", _cases("multiple_extreme"))
def test_multiple_choice_option_chosen_by_nobody_or_everybody(r) -> None:
    got = multiple_response(Design(SVY), ["mc_a", "mc_none", "mc_all"], ci=METHOD[r.method]).set_index("option")
    row = got.loc[r.variable]
    assert row["base"] == r.base == 57
    assert row["estimate"] == r.estimate
    assert (row["ci_low"], row["ci_high"]) == pytest.approx((r.ci_low, r.ci_high), abs=1e-6)
    assert row["ci_high"] - row["ci_low"] > 0.05  # not the old 0–0 % (100–100 %)


def test_a_domain_absent_from_a_stratum_counts_only_its_own_strata() -> None:
    # hand-worked: rows 0-3 in stratum A, 4-7 in B; the domain {0, 1, 2} lies in A only → 3 − 1
    df = pd.DataFrame({"s": list("AAAABBBB"), "y": [1, 0, 1, 0, 1, 1, 0, 0]})
    d = Design(df, strata="s")
    assert d.domain_degf(np.array([True] * 3 + [False] * 5)) == 2
    assert d.domain_degf(None) == d.degf == 6
    with pytest.raises(ValueError, match="8 True/False"):
        d.domain_degf(np.array([True, False]))


def test_analyse_crosstab_uses_the_subgroup_degrees_of_freedom() -> None:
    """The analyse stage's cross-tab cells equal R's svyby Wilson intervals (unweighted design)."""
    from pipeline.analyses.frequencies.tables import cross
    from pipeline.stats import SuppressionRules

    df = SVY.assign(grp=pd.Categorical(SVY["grp"]))
    out, _ = cross(df, "answer", "grp", "Antwoord", SuppressionRules())
    ref = REF[(REF["design"] == "unweighted") & (REF["method"] == "wilson") & (REF["group"] != "")
              & REF["case"].isin(["subgroup_prop", "extreme_prop"])]
    assert len(ref) == 12
    for r in ref.itertuples():
        cell = out[(out["group"] == r.group) & (out["category"] == r.level)].iloc[0]
        assert (cell["ci_low"], cell["ci_high"]) == pytest.approx((r.ci_low, r.ci_high), abs=1e-6), (r.group, r.level)


def test_coded_themes_chosen_by_nobody_or_everybody_get_the_wilson_interval() -> None:
    """R prop.test(0, 10) and prop.test(12, 12) without correction (make_rstats.R)."""
    from pipeline.analyses.themes.tables import theme_tables
    from tests.test_coding import clean_frame, make_codebook

    ref = REF[REF["case"] == "theme_extreme"].set_index("base")
    # open_a: R1-R10 answered, all ten got theme y; theme x was given only to R11, who did not answer (not counted):
    # x is 0 of 10, y 10 of 10 (the mirror of 0 of 10: 1 − high … 1 − low). (With no code at all for the question
    # no share is published: tests/test_coding.py.)
    # open_b: all 12 answered and all 12 got theme z → 12 of 12
    rows = [(f"R{i}", "open_b", "z") for i in range(1, 13)] + [(f"R{i}", "open_a", "y") for i in range(1, 11)]
    codes = pd.DataFrame(rows + [("R11", "open_a", "x")], columns=["respondent", "question", "theme"])
    a, b = theme_tables(make_codebook(), clean_frame(), codes)
    a = a.set_index("category")
    assert (a.loc["Thema X", "n"], a.loc["Thema X", "base"]) == (0, 10)
    assert (a.loc["Thema X", "ci_low"], a.loc["Thema X", "ci_high"]) == pytest.approx(
        (ref.loc[10, "ci_low"], ref.loc[10, "ci_high"]), abs=1e-6)
    assert (a.loc["Thema Y", "n"], a.loc["Thema Y", "base"]) == (10, 10)
    assert (a.loc["Thema Y", "ci_low"], a.loc["Thema Y", "ci_high"]) == pytest.approx(
        (1 - ref.loc[10, "ci_high"], 1 - ref.loc[10, "ci_low"]), abs=1e-6)
    z = b.set_index("category").loc["Thema Z"]
    assert (z["n"], z["base"]) == (12, 12)
    assert (z["ci_low"], z["ci_high"]) == pytest.approx((ref.loc[12, "ci_low"], ref.loc[12, "ci_high"]), abs=1e-6)
