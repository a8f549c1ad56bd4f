"""Growth of registered non-Belgian voters per municipality, and the campaign's statistics.

Notation as in STATISTICS.md §3: J_i = registered on the baseline date, A_i = on the final date,
g_i = A_i / J_i − 1 (growth, reported ×100 as a percentage), ℓ_i = log(A_i / J_i).

Rules (see docs/ik_stem_ook.md):

* Growth uses the group ``totaal``; where only ``EU`` and ``niet-EU`` are given it is their sum.
* A municipality with J_i = 0 has no growth %: it stays in the table with an empty growth and is
  left out of every statistic (means, median, pooled growth, tests, models).
* Log-scale statistics (Welch, permutation test, difference-in-differences) also need A_i > 0;
  a municipality whose count fell to 0 is left out of those only.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd
import scipy.stats as st
# the model and its family from their own modules: statsmodels.api also imports its plots, time series and
# formulas (a third of a second at every start of the warm server, pipeline/warm.py)
from statsmodels.genmod import families
from statsmodels.genmod.generalized_linear_model import GLM

from pipeline.campaign.contract import GROUPS, Reference

# group in the input → suffix of its columns in growth_by_municipality.csv
GROUP_SUFFIX = {"totaal": "", "EU": "_eu", "niet-EU": "_non_eu"}

TABLE_COLUMNS = [
    "nis_code",
    "municipality",
    "province",
    "partner",
    "baseline",
    "final",
    "growth_pct",
    "baseline_eu",
    "final_eu",
    "growth_eu_pct",
    "baseline_non_eu",
    "final_non_eu",
    "growth_non_eu_pct",
]


@dataclass(frozen=True)
class Settings:
    """The statistical settings from the consultation's config.yml."""

    target_pct: float
    bootstrap_method: str = "BCa"
    bootstrap_resamples: int = 9999
    bootstrap_seed: int = 2024
    confidence_level: float = 0.95
    permutation_resamples: int = 99_999
    permutation_seed: int = 1


# --------------------------------------------------------------------------------------------
# the per-municipality table


def counts_at(registrations: pd.DataFrame, date: str) -> pd.DataFrame:
    """Registered voters per municipality on ``date``: columns EU, niet-EU, totaal (totaal filled
    with EU + niet-EU where it was not given)."""
    wide = (
        registrations[registrations["date"] == date]
        .pivot(index="nis_code", columns="group", values="registered")
        .reindex(columns=list(GROUPS))
        .astype("Int64")
    )
    wide["totaal"] = wide["totaal"].fillna(wide["EU"] + wide["niet-EU"])
    return wide


def _growth_pct(baseline: pd.Series, final: pd.Series) -> pd.Series:
    base = baseline.astype("Float64")
    pct = (final.astype("Float64") - base) / base * 100
    return pct.where(base > 0)


def growth_table(
    registrations: pd.DataFrame,
    partner_codes: set[str] | list[str],
    ref: Reference,
    baseline_date: str,
    final_date: str,
) -> pd.DataFrame:
    """One row per municipality in the registrations (sorted by NIS code)."""
    start, end = counts_at(registrations, baseline_date), counts_at(registrations, final_date)
    codes = sorted(set(registrations["nis_code"]))
    mun = ref.municipalities.reindex(codes)
    out = pd.DataFrame(
        {
            "nis_code": codes,
            "municipality": mun["name_nl"].to_numpy(),
            "province": mun["province"].to_numpy(),
            "partner": [c in set(partner_codes) for c in codes],
        }
    )
    for group, suffix in GROUP_SUFFIX.items():
        base = start[group].reindex(codes).reset_index(drop=True)
        fin = end[group].reindex(codes).reset_index(drop=True)
        out[f"baseline{suffix}"] = base
        out[f"final{suffix}"] = fin
        out[f"growth{suffix}_pct"] = _growth_pct(base, fin)
    return out[TABLE_COLUMNS]


# --------------------------------------------------------------------------------------------
# descriptive statistics


def _float(x: object) -> float | None:
    """A finite float, or None (JSON null)."""
    try:
        value = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return value if np.isfinite(value) else None


def with_growth(table: pd.DataFrame) -> pd.DataFrame:
    """Municipalities with a growth % (baseline > 0), as floats; adds g (fraction) and lg (log)."""
    d = table[table["baseline"].astype("Float64") > 0]
    base = d["baseline"].astype(float).to_numpy()
    fin = d["final"].astype(float).to_numpy()
    with np.errstate(divide="ignore"):
        lg = np.log(fin / base)
    return d.assign(b=base, f=fin, g=fin / base - 1, lg=lg)


def pooled_growth_pct(table: pd.DataFrame) -> float | None:
    """Sum of final / sum of baseline − 1, over municipalities with baseline > 0, ×100."""
    d = with_growth(table)
    if d.empty:
        return None
    return _float((d["f"].sum() / d["b"].sum() - 1) * 100)


def mean_growth_pct(table: pd.DataFrame) -> float | None:
    d = with_growth(table)
    return _float(d["g"].mean() * 100) if len(d) else None


def bootstrap_ci_pct(g: np.ndarray, settings: Settings) -> list[float] | None:
    """Interval for the mean of g (fractions), in percent; seeded numpy Generator."""
    if len(g) < 2:
        return None
    if np.all(g == g[0]):
        return [float(g[0] * 100), float(g[0] * 100)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # DegenerateDataWarning for tiny samples: result checked below
        res = st.bootstrap(
            (np.asarray(g, dtype=float),),
            np.mean,
            n_resamples=settings.bootstrap_resamples,
            confidence_level=settings.confidence_level,
            method=settings.bootstrap_method,
            rng=np.random.default_rng(settings.bootstrap_seed),
        )
    lo, hi = _float(res.confidence_interval.low * 100), _float(res.confidence_interval.high * 100)
    return None if lo is None or hi is None else [lo, hi]


def reaches_target(baseline: float, final: float, target_pct: float) -> bool:
    """True when growth (final/baseline − 1)·100 ≥ target_pct, decided exactly.

    The floating-point growth of 5 → 6 is 19.999999999999996 %, which would miss a 20 % target.
    Counts are compared as exact fractions, and the target as the decimal number written in the
    config (``Fraction(repr(target))``: 12.3 is 123/10): 100·(final − baseline) ≥ target·baseline.
    """
    if not (np.isfinite(baseline) and np.isfinite(final)) or baseline <= 0:
        return False
    b, f = Fraction(float(baseline)), Fraction(float(final))
    return 100 * (f - b) >= Fraction(repr(float(target_pct))) * b


def partner_statistics(table: pd.DataFrame, settings: Settings) -> dict:
    """The partners' growth: mean of ratios with bootstrap CI, median, pooled, count ≥ target."""
    partners = table[table["partner"]]
    d = with_growth(partners)
    g = d["g"].to_numpy()
    return {
        "n": int(len(partners)),
        "mean_growth_pct": _float(g.mean() * 100) if len(g) else None,
        "mean_growth_ci95_pct": bootstrap_ci_pct(g, settings),
        "median_growth_pct": _float(np.median(g) * 100) if len(g) else None,
        "pooled_growth_pct": pooled_growth_pct(partners),
        "reaching_target": sum(reaches_target(b, f, settings.target_pct) for b, f in zip(d["b"], d["f"], strict=True)),
        "zero_baseline": sorted(partners.loc[~partners.index.isin(d.index), "nis_code"].tolist()),
    }


# --------------------------------------------------------------------------------------------
# partners against the other municipalities


def _quasi_poisson_rate_ratio(
    d: pd.DataFrame, adjust_for_province: bool, level: float
) -> tuple[float | None, list[float] | None]:
    """exp(coefficient of partner) in final ~ partner (+ province), offset log(baseline),
    Poisson family with the Pearson scale (quasi-Poisson, as R's glm(family = quasipoisson));
    the interval is exp(b ± z·SE) with the quasi-Poisson SE and the normal quantile."""
    X = pd.DataFrame({"const": 1.0, "partner": d["partner"].astype(float).to_numpy()})
    if adjust_for_province:
        dummies = pd.get_dummies(d["province"].astype(str), drop_first=True, dtype=float)
        X = pd.concat([X, dummies.reset_index(drop=True)], axis=1)
    if np.linalg.matrix_rank(X.to_numpy()) < X.shape[1]:
        return None, None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = GLM(
                d["f"].to_numpy(), X, family=families.Poisson(), offset=np.log(d["b"].to_numpy())
            ).fit(scale="X2")
        except (ValueError, np.linalg.LinAlgError, FloatingPointError):  # pragma: no cover
            return None, None
    if not getattr(res, "converged", True):
        return None, None
    coef, se = float(res.params["partner"]), float(res.bse["partner"])
    z = st.norm.ppf(0.5 + level / 2)
    ci = [_float(np.exp(coef - z * se)), _float(np.exp(coef + z * se))]
    return _float(np.exp(coef)), (None if None in ci else ci)  # type: ignore[return-value]


def _welch_greater(x: np.ndarray, y: np.ndarray) -> tuple[float | None, float | None]:
    """Difference of means x − y and the one-sided Welch p-value (H1: x > y)."""
    if len(x) < 2 or len(y) < 2:
        return None, None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = st.ttest_ind(x, y, equal_var=False, alternative="greater")
    return _float(x.mean() - y.mean()), _float(res.pvalue)


def comparison(
    table: pd.DataFrame,
    settings: Settings,
    previous: pd.DataFrame | None = None,
) -> dict | None:
    """Partners against the other municipalities in the data (STATISTICS.md §3.3–3.4).

    ``None`` when either group has fewer than two municipalities with a growth %.
    ``previous`` is the growth table of the previous cycle (for the difference-in-differences).
    """
    d = with_growth(table).reset_index(drop=True)
    P, N = d[d["partner"]], d[~d["partner"]]
    if len(P) < 2 or len(N) < 2:
        return None
    lp = P.loc[np.isfinite(P["lg"]), "lg"].to_numpy()
    ln = N.loc[np.isfinite(N["lg"]), "lg"].to_numpy()
    difference, welch_p = _welch_greater(lp, ln)

    mw = st.mannwhitneyu(
        P["g"].to_numpy(), N["g"].to_numpy(), alternative="greater", method="asymptotic", use_continuity=True
    )
    perm_p = None
    if len(lp) >= 2 and len(ln) >= 2:
        perm = st.permutation_test(
            (lp, ln),
            lambda x, y, axis: x.mean(axis=axis) - y.mean(axis=axis),
            vectorized=True,
            permutation_type="independent",
            n_resamples=settings.permutation_resamples,
            alternative="greater",
            rng=np.random.default_rng(settings.permutation_seed),
        )
        perm_p = _float(perm.pvalue)

    rate_ratio, rate_ci = _quasi_poisson_rate_ratio(d, False, settings.confidence_level)
    adjusted = None
    if d["province"].nunique() > 1:
        adjusted, _ = _quasi_poisson_rate_ratio(d, True, settings.confidence_level)

    did, did_p = None, None
    if previous is not None:
        did, did_p = difference_in_differences(table, previous)

    return {
        "log_growth_difference": difference,
        "welch_p_one_sided": welch_p,
        "mann_whitney_p_one_sided": _float(mw.pvalue),
        "permutation_p_one_sided": perm_p,
        "rate_ratio": rate_ratio,
        "rate_ratio_ci95": rate_ci,
        "rate_ratio_province_adjusted": adjusted,
        "did_log_growth": did,
        "did_p_one_sided": did_p,
    }


def difference_in_differences(table: pd.DataFrame, previous: pd.DataFrame) -> tuple[float | None, float | None]:
    """Δ_i = ℓ_i(this cycle) − ℓ_i(previous cycle); partners minus others, one-sided Welch.

    Partner status is this cycle's. Only municipalities with a finite log growth in both cycles
    take part."""
    now = with_growth(table).set_index("nis_code")
    before = with_growth(previous).set_index("nis_code")
    both = now.join(before[["lg"]].rename(columns={"lg": "lg_previous"}), how="inner")
    both = both[np.isfinite(both["lg"]) & np.isfinite(both["lg_previous"])]
    delta = both["lg"] - both["lg_previous"]
    return _welch_greater(delta[both["partner"]].to_numpy(), delta[~both["partner"]].to_numpy())
