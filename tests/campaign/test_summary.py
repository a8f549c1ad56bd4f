"""(b) hand calculation, (c) no non-partners, (d) totaal = EU + niet-EU, (f) the exact key set,
and a property test: on any valid input the summary agrees with an independent calculation."""

from __future__ import annotations

import itertools
import math
import statistics
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.stats as st
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hst

from conftest import TINY, make_project, partner_rows, registration_rows, run_stage
from pipeline.campaign.contract import load_reference
from pipeline.campaign.summary import comparison_absent_reason, verdict_text

R_REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "r" / "rstats_reference.csv"

EXPECTED_KEYS = {
    "baseline_date": None,
    "final_date": None,
    "partners": {
        "n", "by_province", "mean_growth_ci95_pct", "mean_growth_pct", "median_growth_pct",
        "pooled_growth_pct", "reaching_target", "zero_baseline",
    },
    "nonpartners": {"n", "mean_growth_pct", "pooled_growth_pct"},
    "flanders": {"pooled_growth_pct"},
    "target": {
        "growth_pct", "met", "met_with_certainty", "min_partners", "min_partners_met", "min_per_province",
        "min_per_province_met", "size_spread_met", "min_material_users", "material_users",
        "min_material_users_met",
    },
    "comparison": {
        "log_growth_difference", "welch_p_one_sided", "mann_whitney_p_one_sided", "permutation_p_one_sided",
        "rate_ratio", "rate_ratio_ci95", "rate_ratio_province_adjusted", "did_log_growth", "did_p_one_sided",
    },
}


def test_hand_calculation(tiny_project: Path) -> None:
    s, table = run_stage(tiny_project)
    assert s["baseline_date"] == "2024-01-01" and s["final_date"] == "2024-08-01"
    p = s["partners"]
    # partners with a growth: Antwerpen +80 %, Gent +20 %, Leuven +75 %; Hasselt has baseline 0
    assert p["n"] == 4
    assert p["mean_growth_pct"] == pytest.approx((80 + 20 + 75) / 3, abs=1e-9)
    assert p["median_growth_pct"] == pytest.approx(75, abs=1e-9)
    assert p["pooled_growth_pct"] == pytest.approx((310 / 190 - 1) * 100, abs=1e-9)  # 63.157…
    assert p["reaching_target"] == 2
    assert p["zero_baseline"] == ["71022"]
    assert p["by_province"] == {
        "Antwerpen": 1, "Limburg": 1, "Oost-Vlaanderen": 1, "Vlaams-Brabant": 1, "West-Vlaanderen": 0,
    }
    lo, hi = p["mean_growth_ci95_pct"]
    assert 20 - 1e-9 <= lo <= p["mean_growth_pct"] <= hi <= 80 + 1e-9  # within the range of the data
    n = s["nonpartners"]
    assert n["n"] == 3
    assert n["mean_growth_pct"] == pytest.approx((25 + 10 + 20) / 3, abs=1e-9)
    assert n["pooled_growth_pct"] == pytest.approx((72 / 60 - 1) * 100, abs=1e-9)  # 20 %
    assert s["flanders"]["pooled_growth_pct"] == pytest.approx((382 / 250 - 1) * 100, abs=1e-9)  # 52.8 %
    t = s["target"]
    assert t["met"] is True  # 58.3 % ≥ 50 %
    assert t["met_with_certainty"] is (lo > 50)
    assert t["min_partners_met"] is False and t["min_per_province_met"] is False
    assert t["size_spread_met"] is False  # four large partners, no small one
    assert t["material_users"] is None and t["min_material_users_met"] is None

    c = s["comparison"]
    lp = np.log([1.8, 1.2, 1.75])
    ln = np.log([1.25, 1.1, 1.2])
    assert c["log_growth_difference"] == pytest.approx(lp.mean() - ln.mean(), abs=1e-9)
    # Welch by formula
    v1, v2 = lp.var(ddof=1) / 3, ln.var(ddof=1) / 3
    t_stat = (lp.mean() - ln.mean()) / math.sqrt(v1 + v2)
    df = (v1 + v2) ** 2 / (v1**2 / 2 + v2**2 / 2)
    assert c["welch_p_one_sided"] == pytest.approx(st.t.sf(t_stat, df), rel=1e-6)
    # Mann–Whitney: U = 7.5 (0.8 and 0.75 beat all three; 0.2 beats 0.1, ties 0.2, loses to 0.25)
    # normal approximation with continuity and tie correction
    u, n1, n2 = 7.5, 3, 3
    sigma = math.sqrt(n1 * n2 / 12 * ((n1 + n2 + 1) - (2**3 - 2) / ((n1 + n2) * (n1 + n2 - 1))))
    assert c["mann_whitney_p_one_sided"] == pytest.approx(st.norm.sf((u - n1 * n2 / 2 - 0.5) / sigma), rel=1e-6)
    # 20 splits of six values, so the test is exact: share of splits with a difference ≥ observed
    # ({1.8, 1.75, 1.25}, and {1.8, 1.75, 1.2} twice because 1.2 occurs in both groups: 3/20)
    pooled = np.concatenate([lp, ln])
    diffs = [pooled[list(i)].mean() - np.delete(pooled, list(i)).mean() for i in itertools.combinations(range(6), 3)]
    expected_p = np.mean(np.array(diffs) >= (lp.mean() - ln.mean()) - 1e-12)
    assert expected_p == pytest.approx(3 / 20)
    assert c["permutation_p_one_sided"] == pytest.approx(expected_p)
    assert c["did_log_growth"] is None and c["did_p_one_sided"] is None

    # the table: every municipality, zero baseline kept with an empty growth
    assert list(table["nis_code"]) == sorted(code for code, *_ in TINY)
    hasselt = table.set_index("nis_code").loc["71022"]
    assert hasselt["baseline"] == 0 and hasselt["final"] == 5 and math.isnan(hasselt["growth_pct"])
    aartselaar = table.set_index("nis_code").loc["11001"]
    assert aartselaar["growth_eu_pct"] == pytest.approx(10) and math.isnan(aartselaar["growth_non_eu_pct"])
    assert verdict_text(s).startswith("Doel gehaald")


def test_totaal_is_sum_of_eu_and_non_eu(tiny_project: Path) -> None:
    _, table = run_stage(tiny_project)
    t = table.set_index("nis_code")
    assert (t.loc["11002", ["baseline", "final"]].tolist()) == [100, 180]  # 60+40, 100+80
    assert t.loc["11002", "growth_eu_pct"] == pytest.approx(100 * 40 / 60)
    assert t.loc["11002", "growth_non_eu_pct"] == pytest.approx(100.0)
    # Gent gave only 'totaal': no group growth
    assert math.isnan(t.loc["44021", "growth_eu_pct"])
    # the same data given as 'totaal' only give the same summary
    as_total = [
        (code, name, partner, {"totaal": tuple(sum(v[k] for g, v in groups.items() if g != "totaal")
                                               if "totaal" not in groups else groups["totaal"][k] for k in (0, 1))})
        for code, name, partner, groups in TINY
    ]
    with tempfile.TemporaryDirectory() as tmp:
        s2, _ = run_stage(make_project(Path(tmp), registration_rows(as_total), partner_rows(as_total)))
    s1, _ = run_stage(tiny_project)
    assert s1 == s2


def test_no_nonpartners_gives_null_comparison(tmp_path: Path) -> None:
    only = [(c, n, True, g) for c, n, _p, g in TINY]
    s, table = run_stage(make_project(tmp_path, registration_rows(only), partner_rows(only)))
    assert s["nonpartners"] is None
    assert s["comparison"] is None
    assert table["partner"].all()
    assert "alleen partnergemeenten" in comparison_absent_reason(s)
    assert s["partners"]["n"] == 7


def test_one_nonpartner_gives_null_comparison_with_reason(tmp_path: Path) -> None:
    spec = [(c, n, code_is_partner, g) for (c, n, _p, g), code_is_partner in zip(TINY, [1, 1, 1, 1, 1, 1, 0])]
    spec = [(c, n, bool(p), g) for c, n, p, g in spec]
    s, _ = run_stage(make_project(tmp_path, registration_rows(spec), partner_rows(spec)))
    assert s["nonpartners"]["n"] == 1
    assert s["comparison"] is None
    assert "minder dan twee" in comparison_absent_reason(s)


def _key_structure(summary: dict) -> dict:
    return {k: (set(v) if isinstance(v, dict) else None) for k, v in summary.items()}


def test_summary_has_exactly_the_contract_keys(tiny_project: Path) -> None:
    s, _ = run_stage(tiny_project)
    assert _key_structure(s) == EXPECTED_KEYS
    assert set(s["partners"]["by_province"]) == {
        "Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen",
    }
    # percentages are numbers, not strings
    assert isinstance(s["partners"]["mean_growth_pct"], float)
    assert all(isinstance(x, float) for x in s["partners"]["mean_growth_ci95_pct"])


def test_with_previous_cycle_and_materials(tmp_path: Path) -> None:
    # 2018: totals only, growth 10, 12, 14, … registrations from a baseline of 40
    before = [(c, n, p, {"totaal": (40, 50 + 2 * i)}) for i, (c, n, p, _g) in enumerate(TINY)]
    root = make_project(
        tmp_path,
        registration_rows(TINY),
        partner_rows(TINY),
        registrations_2018=registration_rows(before, dates=("2018-01-01", "2018-08-01")),
        materials=[["11002", "Antwerpen", "affiches"], ["11002", "Antwerpen", "flyers"], ["44021", "Gent", ""]],
    )
    s, _ = run_stage(root)
    assert s["target"]["material_users"] == 2  # distinct municipalities
    assert s["target"]["min_material_users_met"] is False
    assert isinstance(s["comparison"]["did_log_growth"], float)
    assert 0 < s["comparison"]["did_p_one_sided"] < 1
    # independent: Δ = log growth 2024 − log growth 2018, partners (with a 2024 growth) minus others
    lg24 = {"11002": 1.8, "44021": 1.2, "24062": 1.75, "31005": 1.25, "11001": 1.1, "12025": 1.2}
    lg18 = {c: (50 + 2 * i) / 40 for i, (c, *_rest) in enumerate(TINY)}
    delta = {c: math.log(lg24[c]) - math.log(lg18[c]) for c in lg24}
    dp = [delta[c] for c in ("11002", "44021", "24062")]
    dn = [delta[c] for c in ("31005", "11001", "12025")]
    assert s["comparison"]["did_log_growth"] == pytest.approx(statistics.fmean(dp) - statistics.fmean(dn), abs=1e-9)
    # R: t.test(dp, dn, alternative = "greater") on the same Δ (tests/reference/r/make_rstats.R)
    ref = pd.read_csv(R_REFERENCE)
    r = ref[(ref["case"] == "campaign") & (ref["design"] == "tiny")].iloc[0]
    assert s["comparison"]["did_log_growth"] == pytest.approx(r["estimate"], abs=1e-9)
    assert s["comparison"]["did_p_one_sided"] == pytest.approx(r["p_value"], rel=1e-4)


# --------------------------------------------------------------------------------------------
# property test: any valid input → summary = independent calculation

FLEMISH = load_reference().flemish.sort_values("nis_code")[["nis_code", "name_nl", "province"]].to_numpy().tolist()


@hst.composite
def campaigns(draw):
    n = draw(hst.integers(4, 14))
    picks = draw(hst.lists(hst.integers(0, len(FLEMISH) - 1), min_size=n, max_size=n, unique=True))
    rows = []
    for k in picks:
        code, name, province = FLEMISH[k]
        base = draw(hst.integers(0, 300))
        final = draw(hst.integers(0, 600))
        rows.append((code, name, province, draw(hst.booleans()), base, final))
    return rows


def _independent(rows, target=50.0):
    """Plain-Python growth statistics, following the issue's definitions."""
    def stats(sub):
        g = [(f - b) / b * 100 for *_, b, f in sub if b > 0]
        bs = sum(b for *_, b, f in sub if b > 0)
        fs = sum(f for *_, b, f in sub if b > 0)
        return g, (fs / bs - 1) * 100 if bs else None

    partners = [r for r in rows if r[3]]
    others = [r for r in rows if not r[3]]
    gp, pooled_p = stats(partners)
    gn, pooled_n = stats(others)
    _, pooled_all = stats(rows)
    return {
        "n": len(partners),
        "mean": statistics.fmean(gp) if gp else None,
        "median": statistics.median(gp) if gp else None,
        "pooled": pooled_p,
        "reaching": sum(x >= target for x in gp),
        "zero": sorted(r[0] for r in partners if r[4] == 0),
        "n_other": len(others),
        "mean_other": statistics.fmean(gn) if gn else None,
        "pooled_other": pooled_n,
        "flanders": pooled_all,
        "gp": gp,
        "gn": gn,
    }


def _close(a, b, tol=1e-6):
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= tol * max(1, abs(b)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(campaigns())
def test_any_valid_input_agrees_with_independent_calculation(rows) -> None:
    spec = [(c, n, p, {"totaal": (b, f)}) for c, n, _prov, p, b, f in rows]
    with tempfile.TemporaryDirectory() as tmp:
        s, table = run_stage(make_project(Path(tmp), registration_rows(spec), partner_rows(spec)))
    exp = _independent(rows)
    p = s["partners"]
    assert p["n"] == exp["n"]
    assert _close(p["mean_growth_pct"], exp["mean"])
    assert _close(p["median_growth_pct"], exp["median"])
    assert _close(p["pooled_growth_pct"], exp["pooled"])
    assert p["reaching_target"] == exp["reaching"]
    assert p["zero_baseline"] == exp["zero"]
    assert _close(s["flanders"]["pooled_growth_pct"], exp["flanders"])
    if exp["n_other"] == 0:
        assert s["nonpartners"] is None and s["comparison"] is None
    else:
        assert s["nonpartners"]["n"] == exp["n_other"]
        assert _close(s["nonpartners"]["mean_growth_pct"], exp["mean_other"])
        assert _close(s["nonpartners"]["pooled_growth_pct"], exp["pooled_other"])
    assert len(table) == len(rows)
    c = s["comparison"]
    if len(exp["gp"]) >= 2 and len(exp["gn"]) >= 2:
        assert c is not None
        # Mann–Whitney by its normal approximation (continuity and tie correction), independently
        x, y = exp["gp"], exp["gn"]
        n1, n2 = len(x), len(y)
        ranks = st.rankdata(x + y)
        u = ranks[:n1].sum() - n1 * (n1 + 1) / 2
        _, counts = np.unique(x + y, return_counts=True)
        nn = n1 + n2
        var = n1 * n2 / 12 * ((nn + 1) - (counts**3 - counts).sum() / (nn * (nn - 1)))
        if var > 0:
            expected = st.norm.sf((u - n1 * n2 / 2 - 0.5) / math.sqrt(var))
            assert c["mann_whitney_p_one_sided"] == pytest.approx(expected, abs=1e-3)
    else:
        assert c is None
