"""Paired before/after tests: the same people answered twice (issue 16, item 3).

Each test takes the two answers of every linked person and says whether the answers changed more
than chance would explain. They follow R, so that the tests can compare with it:

* :func:`mcnemar` — a yes/no question: R ``mcnemar.test(correct = TRUE)`` (χ² with continuity
  correction) or, with few discordant pairs, the exact binomial test on them (R
  ``binom.test(b, b + c)``);
* :func:`stuart_maxwell` — more than two answers, marginal homogeneity (R ``coin::mh_test``);
* :func:`bhapkar` — the same hypothesis with Bhapkar's (Wald) statistic, ``SM / (1 - SM / n)``;
* :func:`signed_rank` — Likert scores: Wilcoxon signed-rank test, R ``wilcox.test(paired = TRUE)``
  (zeros dropped; exact when fewer than 50 non-zero differences without ties, otherwise normal with
  continuity and tie correction).

All take plain counts or numbers; pairing (who is who) is done before, on pseudonymised keys.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["EXACT_BELOW", "PairedTest", "bhapkar", "mcnemar", "paired_table", "share_change", "signed_rank",
           "stuart_maxwell"]

# fewer discordant pairs than this: the exact binomial test instead of χ² (a common rule of thumb;
# the χ² approximation is poor for b + c < 25)
EXACT_BELOW = 25


@dataclass(frozen=True)
class PairedTest:
    """The result of a paired test: ``statistic`` (None for an exact test), ``df`` (None when the
    statistic has no degrees of freedom), ``p_value`` and the ``method`` in words (English; the
    report words it in Dutch). ``pairs`` counts the pairs the test used."""

    method: str
    statistic: float | None
    df: float | None
    p_value: float
    pairs: int


def paired_table(before, after, levels) -> np.ndarray:
    """k×k table of counts: rows the answer before, columns the answer after (pairs with a missing
    or unknown answer at either moment are left out)."""
    index = {lev: i for i, lev in enumerate(levels)}
    k = len(levels)
    table = np.zeros((k, k), dtype=np.int64)
    for b, a in zip(before, after):
        i, j = index.get(b), index.get(a)
        if i is not None and j is not None:
            table[i, j] += 1
    return table


def mcnemar(table: np.ndarray, exact: bool | None = None) -> PairedTest:
    """McNemar's test of a 2×2 paired table ``[[yes→yes, yes→no], [no→yes, no→no]]``.

    ``exact=None`` chooses: the exact binomial test when the discordant pairs ``b + c`` are fewer
    than :data:`EXACT_BELOW`, else χ² with continuity correction (R's default).
    """
    from scipy import stats

    table = np.asarray(table)
    if table.shape != (2, 2):
        raise ValueError(f"McNemar needs a 2×2 table, not {table.shape[0]}×{table.shape[1]}")
    b, c = int(table[0, 1]), int(table[1, 0])
    pairs = int(table.sum())
    if b + c == 0:
        return PairedTest("McNemar: no discordant pairs", None, None, 1.0, pairs)
    if exact is None:
        exact = b + c < EXACT_BELOW
    if exact:
        p = min(1.0, 2.0 * float(stats.binom.cdf(min(b, c), b + c, 0.5)))
        return PairedTest("McNemar exact (binomial)", None, None, p, pairs)
    statistic = (abs(b - c) - 1.0) ** 2 / (b + c)
    return PairedTest("McNemar chi-squared (continuity correction)", statistic, 1.0,
                      float(stats.chi2.sf(statistic, 1)), pairs)


def _marginal_differences(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``d`` (row total − column total per answer) and its covariance ``S`` under marginal
    homogeneity (Stuart 1955): ``S_ii = n_i. + n_.i − 2 n_ii``, ``S_ij = −(n_ij + n_ji)``."""
    t = np.asarray(table, dtype=float)
    if t.ndim != 2 or t.shape[0] != t.shape[1] or t.shape[0] < 2:
        raise ValueError("a paired table must be square, with at least two answers")
    rows, cols = t.sum(axis=1), t.sum(axis=0)
    s = -(t + t.T)
    np.fill_diagonal(s, rows + cols - 2 * np.diag(t))
    return rows - cols, s


def stuart_maxwell(table: np.ndarray) -> PairedTest:
    """Stuart–Maxwell test of marginal homogeneity of a k×k paired table.

    ``d' S⁺ d`` with the Moore–Penrose inverse of ``S``; its degrees of freedom are the rank of
    ``S`` (k − 1, less when an answer changed for nobody), as R ``coin::mh_test``.
    """
    from scipy import stats

    d, s = _marginal_differences(table)
    pairs = int(np.asarray(table).sum())
    rank = int(np.linalg.matrix_rank(s))
    if rank == 0:
        return PairedTest("Stuart-Maxwell: nobody changed answer", None, None, 1.0, pairs)
    statistic = float(d @ np.linalg.pinv(s) @ d)
    return PairedTest("Stuart-Maxwell", statistic, float(rank), float(stats.chi2.sf(statistic, rank)), pairs)


def bhapkar(table: np.ndarray) -> PairedTest:
    """Bhapkar's test of marginal homogeneity: ``SM / (1 − SM / n)`` with ``SM`` the Stuart–Maxwell
    statistic (Bhapkar 1966; the Wald form of the same hypothesis, more powerful)."""
    from scipy import stats

    sm = stuart_maxwell(table)
    if sm.statistic is None:
        return PairedTest("Bhapkar: nobody changed answer", None, None, 1.0, sm.pairs)
    n = sm.pairs
    if sm.statistic >= n:  # every pair changed in one direction: the statistic is unbounded
        return PairedTest("Bhapkar", float("inf"), sm.df, 0.0, n)
    statistic = sm.statistic / (1.0 - sm.statistic / n)
    return PairedTest("Bhapkar", statistic, sm.df, float(stats.chi2.sf(statistic, sm.df)), n)


def _signed_rank_counts(n: int) -> np.ndarray:
    """Number of subsets of the ranks 1..n with each sum 0..n(n+1)/2 (the exact null distribution
    of the signed-rank statistic, times 2ⁿ)."""
    top = n * (n + 1) // 2
    counts = np.zeros(top + 1, dtype=float)
    counts[0] = 1.0
    for r in range(1, n + 1):
        counts[r:] = counts[r:] + counts[:-r].copy()
    return counts


def signed_rank(before, after, exact: bool | None = None) -> PairedTest:
    """Wilcoxon signed-rank test of paired scores, as R ``wilcox.test(after, before, paired = TRUE)``
    (two-sided, ``correct = TRUE``): zero differences are dropped; ``exact=None`` uses the exact
    distribution when fewer than 50 differences remain, none are tied and none were zero, else the normal
    approximation with continuity correction and the tie correction of the variance.
    ``statistic`` is V, the sum of the ranks of the positive differences (after − before).
    """
    from scipy import stats

    x = np.asarray(after, dtype=float) - np.asarray(before, dtype=float)
    x = x[~np.isnan(x)]
    pairs = len(x)
    zeros = bool((x == 0).any())
    x = x[x != 0]
    n = len(x)
    if n == 0:
        return PairedTest("Wilcoxon signed-rank: no pair changed", None, None, 1.0, pairs)
    ranks = stats.rankdata(np.abs(x))
    v = float(ranks[x > 0].sum())
    _, tie_sizes = np.unique(ranks, return_counts=True)
    ties = bool((tie_sizes > 1).any())
    if exact is None:
        exact = n < 50
    if exact and not ties and not zeros:
        counts = _signed_rank_counts(n)
        cdf = np.cumsum(counts) / counts.sum()
        vi = round(v)
        if v > n * (n + 1) / 4:
            p = 1.0 - cdf[vi - 1]  # P(V >= v)
        else:
            p = cdf[vi]  # P(V <= v)
        return PairedTest("Wilcoxon signed-rank, exact", v, None, float(min(1.0, 2.0 * p)), pairs)
    z = v - n * (n + 1) / 4
    sigma = np.sqrt(n * (n + 1) * (2 * n + 1) / 24 - float((tie_sizes**3 - tie_sizes).sum()) / 48)
    z = (z - 0.5 * np.sign(z)) / sigma
    p = 2.0 * min(float(stats.norm.cdf(z)), float(stats.norm.sf(z)))
    return PairedTest("Wilcoxon signed-rank, normal approximation with continuity correction", v, None,
                      min(1.0, p), pairs)


def share_change(before, after, level: float = 0.95) -> tuple[float, float, float, float, float]:
    """The change in a share among the same people: ``(difference, se, ci_low, ci_high, p_value)``.

    ``before`` and ``after`` are 0/1 (or True/False) per linked person. The difference is the mean of
    the person's own change ``after − before``; its standard error is the design-based one of that mean
    (R ``svymean(~I(after - before), svydesign(ids = ~1, data = pairs))``), with the normal interval
    and two-sided p-value of R's ``confint`` and a z test.
    """
    from scipy import stats

    d = np.asarray(after, dtype=float) - np.asarray(before, dtype=float)
    n = len(d)
    if n < 2:
        raise ValueError("a change among the same people needs at least 2 pairs")
    diff = float(d.mean())
    se = float(np.sqrt(((d - diff) ** 2).sum() / (n * (n - 1))))
    z = float(stats.norm.ppf(0.5 + level / 2))
    p = float(2 * stats.norm.sf(abs(diff) / se)) if se > 0 else (1.0 if diff == 0 else 0.0)
    return diff, se, diff - z * se, diff + z * se, p
