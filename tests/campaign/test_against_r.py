"""(a) The stage on the shared synthetic municipalities agrees with R (ref/municipal_growth.csv).

The shared data use codes M001…M300; they are mapped, in order, onto the 300 Flemish NIS codes
(sorted) so that they pass the contract. R's p-values are two-sided; with a positive statistic the
one-sided p-value is half of it.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import SHARED, make_project, run_stage
from pipeline.campaign.contract import load_reference

STATS = SHARED / "reference" / "stats"
pytestmark = pytest.mark.skipif(not (STATS / "data" / "municipalities.csv").exists(), reason="shared/ absent")


R_EXTRA = Path(__file__).resolve().parents[1] / "reference" / "r" / "rstats_reference.csv"


def r_extra(variable: str, design: str = "municipalities") -> pd.Series:
    ref = pd.read_csv(R_EXTRA)
    return ref[(ref["case"] == "campaign") & (ref["design"] == design) & (ref["variable"] == variable)].iloc[0]


@pytest.fixture(scope="module")
def r_ref() -> pd.DataFrame:
    return pd.read_csv(STATS / "ref" / "municipal_growth.csv").set_index("quantity")


@pytest.fixture(scope="module")
def result(tmp_path_factory) -> tuple[dict, pd.DataFrame]:
    mun = pd.read_csv(STATS / "data" / "municipalities.csv", dtype={"nis": str})
    flemish = load_reference().flemish.sort_values("nis_code")
    assert len(mun) == len(flemish) == 300
    mun = mun.assign(code=flemish["nis_code"].to_numpy(), name=flemish["name_nl"].to_numpy())

    def rows(year: int) -> list[list[str]]:
        out = []
        for r in mun.itertuples():
            out.append([r.code, r.name, f"{year}-01-01", "totaal", str(getattr(r, f"reg_{year}_01")), ""])
            out.append([r.code, r.name, f"{year}-08-01", "totaal", str(getattr(r, f"reg_{year}_08")), ""])
        return out

    partners = [[r.code, r.name, "", "", ""] for r in mun.itertuples() if r.partner == 1]
    root = make_project(tmp_path_factory.mktemp("r"), rows(2024), partners, registrations_2018=rows(2018))
    # the bootstrap is compared with R's boot (R = 9999), so use the project's resample count
    import yaml

    cfg_path = root / "surveys" / "ik_stem_ook" / "config.yml"
    cfg = yaml.safe_load(cfg_path.read_text())
    cfg["bootstrap"]["n_resamples"] = 9999
    cfg_path.write_text(yaml.safe_dump(cfg))
    return run_stage(root)


def test_descriptive_numbers_match_r(result, r_ref) -> None:
    s, _ = result
    est = r_ref["estimate"]
    p = s["partners"]
    assert p["n"] == est["n_partner"] == 25
    assert p["mean_growth_pct"] == pytest.approx(est["partner_mean_of_ratios_pct_increase"], abs=1e-6)
    assert p["median_growth_pct"] == pytest.approx(est["partner_median_pct_increase"], abs=1e-6)
    assert p["pooled_growth_pct"] == pytest.approx(est["partner_ratio_of_sums_pct_increase"], abs=1e-6)
    assert p["reaching_target"] == est["partner_count_reaching_50pct"]
    assert p["zero_baseline"] == []
    assert s["nonpartners"]["n"] == est["n_nonpartner"]
    assert s["nonpartners"]["mean_growth_pct"] == pytest.approx(est["nonpartner_mean_of_ratios_pct_increase"], abs=1e-6)
    assert s["nonpartners"]["pooled_growth_pct"] == pytest.approx(est["nonpartner_ratio_of_sums_pct_increase"], abs=1e-6)
    assert s["flanders"]["pooled_growth_pct"] == pytest.approx(est["flanders_ratio_of_sums_pct_increase"], abs=1e-6)


def test_welch_and_wilcoxon_match_r(result, r_ref) -> None:
    c = result[0]["comparison"]
    welch = r_ref.loc["welch_t_log_growth_partner_minus_non"]
    assert c["log_growth_difference"] == pytest.approx(welch["estimate"], abs=1e-6)
    assert welch["statistic"] > 0
    assert c["welch_p_one_sided"] == pytest.approx(welch["p_value"] / 2, rel=1e-3)
    wilcoxon = r_ref.loc["wilcoxon_ranksum_growth_normal_cc"]
    assert c["mann_whitney_p_one_sided"] == pytest.approx(wilcoxon["p_value"] / 2, rel=1e-3)


def test_quasi_poisson_rate_ratio_matches_r(result, r_ref) -> None:
    c = result[0]["comparison"]
    qp = r_ref.loc["quasipoisson_offset_partner_coef"]
    assert c["rate_ratio"] == pytest.approx(math.exp(qp["estimate"]), rel=1e-6)
    z = 1.959963984540054
    lo, hi = math.exp(qp["estimate"] - z * qp["se"]), math.exp(qp["estimate"] + z * qp["se"])
    assert c["rate_ratio_ci95"] == pytest.approx([lo, hi], rel=1e-6)
    # R: glm(reg_2024_08 ~ partner + province, offset = log(reg_2024_01), family = quasipoisson),
    # provinces of the mapped NIS codes (tests/reference/r/make_rstats.R, municipal_provinces.csv)
    adjusted = r_extra("rate_ratio_province_adjusted")["estimate"]
    assert c["rate_ratio_province_adjusted"] == pytest.approx(adjusted, rel=1e-6)


def test_difference_in_differences_matches_r(result, r_ref) -> None:
    c = result[0]["comparison"]
    did = r_ref.loc["did_welch_t_on_change_in_log_growth"]
    assert c["did_log_growth"] == pytest.approx(did["estimate"], abs=1e-6)
    # R's one-sided t.test(..., alternative = "greater") at full precision (make_rstats.R)
    assert c["did_p_one_sided"] == pytest.approx(r_extra("did_p_one_sided")["p_value"], rel=1e-4)


def test_bootstrap_close_to_r_boot_bca(result, r_ref) -> None:
    lo, hi = result[0]["partners"]["mean_growth_ci95_pct"]
    bca = r_ref.loc["partner_mean_growth_boot_bca_R"]
    # stochastic: R's boot and numpy draw different resamples; 1e-2 on the fraction scale
    assert lo / 100 == pytest.approx(bca["ci_low"], abs=1e-2)
    assert hi / 100 == pytest.approx(bca["ci_high"], abs=1e-2)


def test_permutation_test_is_seeded_and_plausible(result) -> None:
    c = result[0]["comparison"]
    # the Welch p is ~1e-6, so (almost) no permutation reaches the observed difference
    assert 0 < c["permutation_p_one_sided"] <= 5 / 2000


def test_growth_table_has_every_municipality(result) -> None:
    _, table = result
    assert len(table) == 300
    assert table["partner"].sum() == 25
    assert np.isfinite(table["growth_pct"]).all()
