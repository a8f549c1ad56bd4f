"""Confidence intervals for design-based proportions and means.

All intervals use a t quantile with the design degrees of freedom (R ``degf``; for a subgroup
the subgroup's, as ``svyby``), as ``svyciprop`` does. Formulas: ``docs/statistics.md`` and the
research note §1.1.

At 0 % and 100 % the design variance is zero and R's ``svyciprop`` returns NaN. We then use
the respondents in the base (those who answered, within the subgroup): the Wilson score
interval (R ``prop.test(k, base, correct=FALSE)``) for "wilson" and "logit", as single-choice
tables always did, and Clopper–Pearson (R ``binom.test(k, base)``) for "korn-graubard".
"""

from __future__ import annotations

import functools
import math

# scipy.special holds the quantile functions scipy.stats calls (norm.ppf is ndtri, t.ppf stdtrit, beta.ppf
# betaincinv): importing scipy.stats as well took a third of a second in every stage's process
from scipy import special

__all__ = ["t_quantile", "wald_ci", "wilson_ci", "wilson_score_ci", "logit_ci", "korn_graubard_ci",
           "proportion_ci", "CI_METHODS"]

CI_METHODS = ("wilson", "logit", "korn-graubard")


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95), got {level!r}")


@functools.lru_cache(maxsize=4096)  # the same few (level, df) for every cell of a table: scipy's ppf once each
def t_quantile(level: float, df: float) -> float:
    """Two-sided t quantile ``t_{df, 1-(1-level)/2}``; ``df = inf`` gives the normal quantile."""
    _check_level(level)
    q = 1 - (1 - level) / 2
    return float(special.ndtri(q)) if math.isinf(df) else float(special.stdtrit(df, q))


def wald_ci(estimate: float, se: float, df: float, level: float = 0.95) -> tuple[float, float]:
    """``estimate ± t·se``."""
    t = t_quantile(level, df)
    return estimate - t * se, estimate + t * se


def _degenerate(p: float) -> tuple[float, float] | None:
    """Point interval at p = 0 or p = 1 (no variance information); None otherwise."""
    if p <= 0:
        return 0.0, 0.0
    if p >= 1:
        return 1.0, 1.0
    return None


def wilson_ci(p: float, se: float, df: float, level: float = 0.95) -> tuple[float, float]:
    """Design-based Wilson interval on the effective sample size ``n* = p(1-p)/se²``.

    Equals R ``survey`` ≥ 4.5 ``svyciprop(method="wilson")``. At p = 0 or 1 (se = 0) the
    interval is the point itself; :func:`proportion_ci` then uses the Wilson score interval on
    the base's respondents instead.
    """
    if (deg := _degenerate(p)) is not None or se <= 0:
        return deg if deg is not None else (p, p)
    t = t_quantile(level, df)
    n_eff = p * (1 - p) / se**2
    centre = p + t**2 / (2 * n_eff)
    half = t / (2 * n_eff) * math.sqrt(4 * n_eff * p * (1 - p) + t**2)
    denom = 1 + t**2 / n_eff
    return (centre - half) / denom, (centre + half) / denom


def wilson_score_ci(k: float, base: float, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for ``k`` of ``base`` with the normal quantile (R ``prop.test(k, base,
    correct=FALSE)``); used at 0 % and 100 %, where the design-based intervals collapse."""
    _check_level(level)
    if base <= 0:
        return math.nan, math.nan
    z = float(special.ndtri(1 - (1 - level) / 2))
    p = k / base
    centre = p + z**2 / (2 * base)
    half = z * math.sqrt(p * (1 - p) / base + z**2 / (4 * base**2))
    denom = 1 + z**2 / base
    return max((centre - half) / denom, 0.0), min((centre + half) / denom, 1.0)


def logit_ci(p: float, se: float, df: float, level: float = 0.95) -> tuple[float, float]:
    """Logit interval ``expit(logit p ± t·se/(p(1-p)))`` (R ``svyciprop`` "logit"/"xlogit")."""
    if (deg := _degenerate(p)) is not None:
        return deg
    t = t_quantile(level, df)
    centre = math.log(p / (1 - p))
    half = t * se / (p * (1 - p))
    return 1 / (1 + math.exp(-(centre - half))), 1 / (1 + math.exp(-(centre + half)))


def korn_graubard_ci(p: float, se: float, df: float, n: int, level: float = 0.95,
                     base: float | None = None) -> tuple[float, float]:
    """Korn–Graubard (1998) interval: Clopper–Pearson on the effective sample size.

    ``n* = p(1-p)/se² · (t_{n-1}/t_{df})²`` with ``n`` the number of rows in the design (in the
    subgroup; R ``nrow(design)`` in ``svyciprop(method="beta")``). At p = 0 (1) the lower (upper)
    limit is 0 (1); the design variance is zero, so the other limit uses ``n* = base``, the
    respondents in the base (``n`` when not given): Clopper–Pearson, R ``binom.test(k, base)``.
    """
    _check_level(level)
    alpha = 1 - level
    if p <= 0 or p >= 1 or se <= 0:
        n_eff = float(n if base is None else base)
    else:
        n_eff = p * (1 - p) / se**2
        n_eff *= (special.stdtrit(n - 1, alpha / 2) / (special.ndtri(alpha / 2) if math.isinf(df)
                                                       else special.stdtrit(df, alpha / 2))) ** 2
    low = 0.0 if p <= 0 else float(special.betaincinv(n_eff * p, n_eff * (1 - p) + 1, alpha / 2))
    high = 1.0 if p >= 1 else float(special.betaincinv(n_eff * p + 1, n_eff * (1 - p), 1 - alpha / 2))
    return low, high


def proportion_ci(method: str, p: float, se: float, df: float, n: int, level: float = 0.95,
                  base: float | None = None) -> tuple[float, float]:
    """Dispatch to one of :data:`CI_METHODS`.

    ``df``: design degrees of freedom (the subgroup's); ``n``: rows in the design (subgroup);
    ``base``: respondents in the base, used at p = 0 and p = 1 (``n`` when not given), where
    "wilson" and "logit" give the Wilson score interval on the base and "korn-graubard"
    Clopper–Pearson on the base.
    """
    if method not in CI_METHODS:
        raise ValueError(f"ci must be one of {', '.join(CI_METHODS)}; got {method!r}")
    if method == "korn-graubard":
        return korn_graubard_ci(p, se, df, n, level, base)
    if p <= 0 or p >= 1:
        return wilson_score_ci(round(p) * (n if base is None else base), n if base is None else base, level)
    if method == "wilson":
        return wilson_ci(p, se, df, level)
    return logit_ci(p, se, df, level)
