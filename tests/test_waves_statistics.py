"""Comparing waves (issue 16, items 2 and 3): every difference, interval and p-value agrees with R.

The data and R's values come from tests/reference/r/make_waves.R (R `survey` svyby + svycontrast and
svychisq on the stacked waves; mcnemar.test, binom.test, coin::mh_test, wilcox.test(paired = TRUE)).
Hand-calculated cases check the small formulas on their own.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.stats import paired
from pipeline.stats.design import Calibration, Design
from pipeline.stats.waves import distribution_test, share_difference, stack

REF = Path(__file__).parent / "reference" / "r"
R = pd.read_csv(REF / "waves_reference.csv", keep_default_na=False, na_values=[""])


def _r(case: str, method: str, level: str = "", variable: str | None = None) -> pd.Series:
    rows = R[(R["case"] == case) & (R["method"] == method) & (R["level"].fillna("") == level)]
    if variable is not None:
        rows = rows[rows["variable"] == variable]
    assert len(rows) == 1, (case, method, level, variable)
    return rows.iloc[0]


def _waves(kind: str) -> tuple[Design, Design]:
    data = pd.read_csv(REF / "waves_independent.csv", dtype={"wave": str})
    out = []
    for wave in ("2022", "2026"):
        d = data[data["wave"] == wave].reset_index(drop=True)
        if kind == "weighted":
            out.append(Design(d, weights="w", strata="stratum"))
        elif kind == "fpc":
            out.append(Design(d, strata="stratum", fpc="N"))
        else:
            out.append(Design(d))
    return out[0], out[1]


@pytest.mark.parametrize("kind", ["weighted", "fpc", "srs"])
@pytest.mark.parametrize("level", ["ja", "nee", "misschien"])
def test_a_share_difference_agrees_with_svycontrast(kind, level):
    earlier, later = _waves(kind)
    got = share_difference(earlier, later, "answer", level)
    case = f"independent_{kind}"
    assert got.earlier == pytest.approx(_r(case, "share_2022", level)["estimate"], abs=1e-6)
    assert got.later == pytest.approx(_r(case, "share_2026", level)["estimate"], abs=1e-6)
    ref = _r(case, "difference", level)
    for ours, theirs in ((got.difference, "estimate"), (got.se, "se"), (got.ci_low, "ci_low"),
                         (got.ci_high, "ci_high")):
        assert ours == pytest.approx(ref[theirs], abs=1e-6), theirs
    assert got.p_value == pytest.approx(ref["p_value"], abs=1e-4)
    # the bases: who answered in each wave (4 of each wave's respondents did not)
    assert (got.base_earlier, got.base_later) == (76, 66)


@pytest.mark.parametrize("kind", ["weighted", "fpc", "srs"])
def test_the_whole_distribution_agrees_with_svychisq(kind):
    earlier, later = _waves(kind)
    f, ndf, ddf, p = distribution_test(earlier, later, "answer")
    ref = _r(f"independent_{kind}", "rao_scott_F")
    assert f == pytest.approx(ref["statistic"], abs=1e-6)
    assert ndf == pytest.approx(ref["df"], abs=1e-6)
    assert ddf == pytest.approx(ref["ddf"], abs=1e-6)
    assert p == pytest.approx(ref["p_value"], abs=1e-4)


def test_a_difference_by_hand():
    # unweighted, no strata: shares 1/4 and 3/4; SE² = Σ per wave of n/(n-1) · Σ u² with
    # u = (y - p)/n: wave 1: 4/3 · (3·(1/4)² + (3/4)²)/16 = 4/3 · 0.75/16 = 1/16
    earlier = Design(pd.DataFrame({"a": ["ja", "nee", "nee", "nee"]}))
    later = Design(pd.DataFrame({"a": ["ja", "ja", "ja", "nee"]}))
    got = share_difference(earlier, later, "a", "ja")
    assert (got.earlier, got.later, got.difference) == (0.25, 0.75, 0.5)
    assert got.se == pytest.approx(np.sqrt(1 / 16 + 1 / 16), abs=1e-12)
    assert got.ci_low == pytest.approx(0.5 - 1.959963984540054 * np.sqrt(1 / 8), abs=1e-12)


def test_stacking_keeps_the_waves_apart_and_refuses_what_it_cannot_keep():
    earlier, later = _waves("weighted")
    s = stack({"2022": earlier, "2026": later}, ["answer"])
    assert s.n == earlier.n + later.n
    # every stratum belongs to one wave: A of 2022 and A of 2026 are different strata
    assert len(s.stratum_sizes) == len(earlier.stratum_sizes) + len(later.stratum_sizes)
    assert np.array_equal(s.weights, np.concatenate([earlier.weights, later.weights]))
    raked = earlier.with_weights(earlier.weights, Calibration(np.ones((earlier.n, 1)), earlier.weights, ("x",)))
    with pytest.raises(ValueError, match="calibrated"):
        stack({"a": raked, "b": later}, ["answer"])
    with pytest.raises(ValueError, match="fpc"):
        stack({"a": _waves("fpc")[0], "b": later}, ["answer"])


# ------------------------------------------------------------------ paired: the same people twice

PAIRS = pd.read_csv(REF / "waves_paired.csv")


def test_mcnemar_agrees_with_r():
    t = paired.paired_table(PAIRS["yes_before"], PAIRS["yes_after"], [1, 0])
    chi = paired.mcnemar(t, exact=False)
    ref = _r("paired", "mcnemar_chisq")
    assert chi.statistic == pytest.approx(ref["statistic"], abs=1e-6) and chi.df == 1
    assert chi.p_value == pytest.approx(ref["p_value"], abs=1e-4)
    exact = paired.mcnemar(t, exact=True)
    assert exact.p_value == pytest.approx(_r("paired", "mcnemar_exact")["p_value"], abs=1e-4)
    assert chi.pairs == exact.pairs == 45
    # fewer than 25 discordant pairs: the exact test is chosen
    assert paired.mcnemar(t).method == exact.method == "McNemar exact (binomial)"


def test_mcnemar_by_hand():
    # b = 10, c = 2: (|10 - 2| - 1)² / 12 = 49/12; exact: 2 · P(X ≤ 2 | 12, ½) = 2 · 79/4096
    t = np.array([[5, 10], [2, 3]])
    assert paired.mcnemar(t, exact=False).statistic == pytest.approx(49 / 12)
    assert paired.mcnemar(t, exact=True).p_value == pytest.approx(2 * 79 / 4096)
    assert paired.mcnemar(np.array([[4, 0], [0, 6]])).p_value == 1.0  # nobody changed
    with pytest.raises(ValueError, match="2×2"):
        paired.mcnemar(np.ones((3, 3)))


def test_stuart_maxwell_and_bhapkar_agree_with_r():
    levels = ["weinig", "wat", "veel"]
    t = paired.paired_table(PAIRS["three_before"], PAIRS["three_after"], levels)
    sm = paired.stuart_maxwell(t)
    ref = _r("paired", "stuart_maxwell", variable="three")
    assert sm.statistic == pytest.approx(ref["statistic"], abs=1e-6) and sm.df == ref["df"]
    assert sm.p_value == pytest.approx(ref["p_value"], abs=1e-4)
    bh = paired.bhapkar(t)
    ref = _r("paired", "bhapkar")
    assert bh.statistic == pytest.approx(ref["statistic"], abs=1e-6) and bh.df == ref["df"]
    assert bh.p_value == pytest.approx(ref["p_value"], abs=1e-4)


def test_stuart_maxwell_when_an_answer_never_changed():
    t = np.array([[10, 4, 0], [1, 8, 0], [0, 0, 6]])
    sm = paired.stuart_maxwell(t)
    ref = _r("paired", "stuart_maxwell", variable="singular")
    assert sm.statistic == pytest.approx(ref["statistic"], abs=1e-6) and sm.df == ref["df"] == 1
    assert sm.p_value == pytest.approx(ref["p_value"], abs=1e-4)
    # by hand: d = (4 − 1) = 3, S = 4 + 1 = 5 → 9/5
    assert sm.statistic == pytest.approx(9 / 5)


def test_signed_rank_agrees_with_wilcox_test():
    likert = paired.signed_rank(PAIRS["likert_before"], PAIRS["likert_after"])
    ref = _r("paired", "signed_rank", variable="likert")
    assert likert.statistic == ref["statistic"] and "normal" in likert.method  # ties: the normal test
    assert likert.p_value == pytest.approx(ref["p_value"], abs=1e-4)
    score = paired.signed_rank(PAIRS["score_before"], PAIRS["score_after"])
    ref = _r("paired", "signed_rank_exact", variable="score")
    assert score.statistic == ref["statistic"] and "exact" in score.method
    assert score.p_value == pytest.approx(ref["p_value"], abs=1e-4)


def test_signed_rank_by_hand():
    # differences 1, 2, −3: V = 1 + 2 = 3; of the 8 sign patterns, sums ≤ 3 are {}, {1}, {2}, {3}, {1,2}:
    # P(V ≤ 3) = 5/8, V ≥ n(n+1)/4 = 3 is not above it, so p = min(1, 2 · 5/8) = 1
    got = paired.signed_rank([0, 0, 3], [1, 2, 0])
    assert got.statistic == 3 and got.p_value == 1.0
    # all five differences positive: V = 15, P(V ≥ 15) = 1/32, p = 2/32
    assert paired.signed_rank([0] * 5, [1, 2, 3, 4, 5]).p_value == pytest.approx(2 / 32)
    # a zero difference is dropped and sends R (and us) to the normal test
    assert "normal" in paired.signed_rank([0] * 6, [0, 1, 2, 3, 4, 5]).method


def test_a_paired_share_change_agrees_with_svymean():
    got = paired.share_change(PAIRS["yes_before"], PAIRS["yes_after"])
    ref = _r("paired", "share_change", variable="yes")
    for ours, theirs in zip(got, ("estimate", "se", "ci_low", "ci_high"), strict=False):
        assert ours == pytest.approx(ref[theirs], abs=1e-6), theirs
    assert got[4] == pytest.approx(ref["p_value"], abs=1e-4)
    # by hand: changes +1, +1, 0, −1 → mean 1/4; Σ(d − ¼)² = 2·(¾)² + (¼)² + (5/4)² = 2.75; SE² = 2.75/12
    diff, se, *_ = paired.share_change([0, 0, 1, 1], [1, 1, 1, 0])
    assert diff == 0.25 and se == pytest.approx(np.sqrt(2.75 / 12))
