"""Paired correspondence tests (one majority and one minority applicant per test).

Paired 2×2 table: a = both positive, b = only the majority applicant, c = only the minority
applicant, d = neither; n = a + b + c + d. See the research note §4 and ``docs/statistics.md``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from pipeline.stats.design import is_missing

__all__ = ["correspondence", "newcombe_paired_ci", "wilson_score"]


def wilson_score(x: int, n: int, z: float) -> tuple[float, float]:
    """Wilson score interval (no continuity correction) for x successes out of n."""
    p = x / n
    centre = 2 * x + z**2
    half = z * math.sqrt(z**2 + 4 * x * (1 - p))
    denom = 2 * (n + z**2)
    return (centre - half) / denom, (centre + half) / denom


def newcombe_paired_ci(a: int, b: int, c: int, d: int, level: float = 0.95) -> tuple[float, float]:
    """Newcombe (1998) method 10 interval for the paired difference (a+b)/n − (a+c)/n.

    Hybrid score interval built from the Wilson limits (no continuity correction) of both
    marginal rates, combined with Newcombe's corrected correlation
    φ* = max(ad − bc − n/2, 0)/√((a+b)(c+d)(a+c)(b+d)) when ad > bc, else (ad − bc)/√(…);
    φ* = 0 when a margin is 0.
    """
    n = a + b + c + d
    from scipy import stats  # here, not at the top: importing scipy.stats takes half a second

    z = float(stats.norm.ppf(1 - (1 - level) / 2))
    p1, p2 = (a + b) / n, (a + c) / n
    l1, u1 = wilson_score(a + b, n, z)
    l2, u2 = wilson_score(a + c, n, z)
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    cross = a * d - b * c
    if cross > 0:
        cross = max(cross - n / 2, 0.0)
    phi = cross / math.sqrt(margins) if margins > 0 else 0.0
    diff = p1 - p2
    delta = math.sqrt(max((p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2, 0.0))
    eps = math.sqrt(max((u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2, 0.0))
    return diff - delta, diff + eps


def _binary(pairs: pd.DataFrame, column: str) -> np.ndarray:
    if column not in pairs.columns:
        raise ValueError(f"column {column!r} is not in the pairs data")
    values = pairs[column]
    missing = int(is_missing(values).sum())
    if missing:
        raise ValueError(f"column {column!r} has {missing} missing responses; every pair needs both outcomes")
    arr = values.to_numpy()
    bad = [v for v in pd.unique(arr) if v not in (0, 1, True, False)]
    if bad:
        raise ValueError(f"column {column!r} must hold 0/1 responses, found {bad[0]!r}")
    return arr.astype(int)


def correspondence(pairs: pd.DataFrame, majority: str, minority: str, level: float = 0.95) -> dict[str, float]:
    """Net discrimination in paired correspondence tests.

    Returns a dict with ``a, b, c, d, n``; ``rate_majority`` = (a+b)/n, ``rate_minority`` =
    (a+c)/n, ``relative_response`` = their ratio; ``net_discrimination`` = (b−c)/n with its
    Newcombe method 10 interval ``ci_low``/``ci_high``; ``p_value`` = exact McNemar (two-sided
    binomial test of b out of b+c; 1 when b+c = 0); ``mcnemar_midp``; ``ndr`` = (b−c)/(a+b+c)
    (Riach & Rich); ``mcnemar_cc_p`` = χ² with continuity correction as R ``mcnemar.test`` (which
    leaves the correction out when b = c, giving p = 1; NaN when b + c = 0, as R);
    ``odds_ratio_bc`` = b/c with the exact interval ``odds_ratio_bc_ci_low``/``_high`` obtained
    from the Clopper–Pearson limits L, U of b/(b+c) as L/(1−L), U/(1−U).
    """
    from scipy import stats

    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level!r}")
    maj, mino = _binary(pairs, majority), _binary(pairs, minority)
    if len(maj) == 0:
        raise ValueError("the pairs data has no rows")
    a = int(((maj == 1) & (mino == 1)).sum())
    b = int(((maj == 1) & (mino == 0)).sum())
    c = int(((maj == 0) & (mino == 1)).sum())
    d = int(((maj == 0) & (mino == 0)).sum())
    n = a + b + c + d
    disc = b + c
    low, high = newcombe_paired_ci(a, b, c, d, level)
    alpha = 1 - level
    if disc > 0:
        p_exact = float(stats.binomtest(b, disc, 0.5).pvalue)
        k = min(b, c)
        midp = min(1.0, float(2 * (stats.binom.cdf(k - 1, disc, 0.5) + 0.5 * stats.binom.pmf(k, disc, 0.5))))
        # R mcnemar.test: the continuity correction only when b != c; at b = c the statistic is 0
        chi_cc = (abs(b - c) - (1 if b != c else 0)) ** 2 / disc
        p_cc = float(stats.chi2.sf(chi_cc, 1))
        cp_low = float(stats.beta.ppf(alpha / 2, b, c + 1)) if b > 0 else 0.0
        cp_high = float(stats.beta.ppf(1 - alpha / 2, b + 1, c)) if c > 0 else 1.0
        or_low = cp_low / (1 - cp_low)
        or_high = cp_high / (1 - cp_high) if cp_high < 1 else math.inf
    else:
        p_exact, midp, p_cc, or_low, or_high = 1.0, 1.0, math.nan, math.nan, math.nan
    return {
        "a": a, "b": b, "c": c, "d": d, "n": n,
        "rate_majority": (a + b) / n,
        "rate_minority": (a + c) / n,
        "relative_response": (a + b) / (a + c) if a + c > 0 else math.inf,
        "net_discrimination": (b - c) / n,
        "ci_low": low,
        "ci_high": high,
        "p_value": p_exact,
        "mcnemar_midp": midp,
        "ndr": (b - c) / (a + b + c) if a + b + c > 0 else math.nan,
        "mcnemar_cc_p": p_cc,
        "odds_ratio_bc": b / c if c > 0 else (math.inf if b > 0 else math.nan),
        "odds_ratio_bc_ci_low": or_low,
        "odds_ratio_bc_ci_high": or_high,
    }
