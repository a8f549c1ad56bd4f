"""Cross-tabulations with a test of independence.

* Weighted (or stratified, fpc, calibrated) designs: Rao–Scott second-order F test, as R
  ``svychisq(statistic="F")`` (the default).
* Unweighted designs (simple random sample): Pearson χ² without continuity correction, plus the
  exact Fisher test by enumerating every table with the observed margins (R ``fisher.test``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import product

import numpy as np
import pandas as pd
from scipy import special  # chdtrc and fdtrc are what scipy.stats' chi2.sf and f.sf call

from pipeline.stats.design import Design, is_missing
from pipeline.stats.estimates import categories_of, domain_means

__all__ = ["CrosstabResult", "crosstab", "fisher_exact", "pearson_chisq", "rao_scott", "srs_test"]

#: Enumeration is refused beyond this many tables (a few seconds); use Monte Carlo instead.
MAX_TABLES = 1_000_000


@dataclass
class CrosstabResult:
    """A weighted two-way table with its independence test.

    ``table`` holds weighted counts (rows = levels of the first variable). ``method`` is
    ``"rao-scott-F"`` or ``"pearson"``; ``ddf`` is ``inf`` for Pearson. ``fisher_p`` is the exact
    Fisher p-value for unweighted designs, else None (NaN when enumeration would be too large).
    """

    table: pd.DataFrame
    counts: pd.DataFrame
    statistic: float
    ndf: float
    ddf: float
    p_value: float
    method: str
    fisher_p: float | None = None
    notes: list[str] = field(default_factory=list)


def _check_table(table: np.ndarray) -> np.ndarray:
    t = np.asarray(table, dtype=float)
    if t.ndim != 2 or min(t.shape) < 2:
        raise ValueError(f"a test of independence needs at least 2 rows and 2 columns, got shape {t.shape}")
    if np.isnan(t).any() or (t < 0).any():
        raise ValueError("table counts must be non-negative numbers without missing values")
    for axis, name in ((1, "row"), (0, "column")):
        zero = np.flatnonzero(t.sum(axis=axis) == 0)
        if len(zero):
            raise ValueError(f"{name} {zero[0] + 1} of the table has a zero total; drop that category first")
    return t


def pearson_chisq(table: np.ndarray) -> tuple[float, int, float]:
    """Pearson χ² without continuity correction: ``(statistic, df, p_value)``.

    Raises ValueError for a table with a zero row or column total (degenerate).
    """
    t = _check_table(table)
    expected = np.outer(t.sum(axis=1), t.sum(axis=0)) / t.sum()
    x2 = float(((t - expected) ** 2 / expected).sum())
    df = (t.shape[0] - 1) * (t.shape[1] - 1)
    return x2, df, float(special.chdtrc(df, x2))


def _compositions(total: int, caps: list[int]):
    """All non-negative integer vectors with the given sum and element-wise upper bounds."""
    if len(caps) == 1:
        if total <= caps[0]:
            yield (total,)
        return
    rest_cap = sum(caps[1:])
    for x in range(max(0, total - rest_cap), min(total, caps[0]) + 1):
        for tail in _compositions(total - x, caps[1:]):
            yield (x, *tail)


def _composition_grid(total: int, caps: list[int], limit: int) -> np.ndarray:
    """The same vectors as :func:`_compositions`, as a k×len(caps) array (vectorised)."""
    ranges = [np.arange(min(c, total) + 1) for c in caps[:-1]]
    size = math.prod(len(r) for r in ranges)
    if size > limit:
        raise ValueError("too many tables")
    grid = np.stack([g.ravel() for g in np.meshgrid(*ranges, indexing="ij")], axis=1) if ranges \
        else np.zeros((1, 0), dtype=int)
    last = total - grid.sum(axis=1)
    keep = (last >= 0) & (last <= caps[-1])
    return np.column_stack([grid[keep], last[keep]])


def _count_compositions(total: int, caps: list[int]) -> int:
    """Number of non-negative integer vectors with sum ``total`` and parts bounded by ``caps``.

    Dynamic programming with prefix sums (exact Python integers): O(total) per part.
    """
    ways = np.zeros(total + 1, dtype=object)
    ways[0] = 1
    s = np.arange(total + 1)
    for cap in caps:
        prefix = np.concatenate((np.array([0], dtype=object), np.cumsum(ways)))
        ways = prefix[s + 1] - prefix[np.maximum(0, s - cap)]
    return int(ways[total])


def _table_count_lower_bound(rows: list[int], cols: list[int]) -> int:
    """A cheap lower bound on the number of tables with these margins.

    For each column but the last, fix all parts of its total but the two largest rows and let
    those two vary: a subset of its compositions, so the product bounds the count from below.
    """
    ordered = sorted(rows, reverse=True)
    a, b, others = ordered[0], ordered[1], sum(ordered[2:])
    bound = 1
    for total in cols[:-1]:
        m = total - min(max(0, total - a - b), others)
        bound *= max(1, min(a, m) - max(0, m - b) + 1)
    return bound


def _table_count_bound(rows: list[int], cols: list[int]) -> int:
    """Upper bound on the number of tables with these margins."""
    return math.prod(_count_compositions(c, rows) for c in cols[:-1])


def fisher_exact(table: np.ndarray, max_tables: int = MAX_TABLES) -> float:
    """Exact two-sided Fisher p-value of an r×c table of counts, by full enumeration.

    Sums the probabilities of all tables with the observed margins that are no more likely than
    the observed one (relative tolerance 1e-7, as R ``fisher.test``). Raises ValueError for
    non-integer counts, a zero row/column total, or when an upper bound on the number of tables
    (the product over all but the last column of the bounded compositions of its total) exceeds
    ``max_tables``.
    """
    t = _check_table(table)
    if not np.allclose(t, np.round(t)):
        raise ValueError("Fisher's exact test needs integer (unweighted) counts")
    t = np.round(t).astype(int)
    if t.shape[0] > t.shape[1]:  # fewer rows = fewer compositions per column
        t = t.T
    rows = [int(v) for v in t.sum(axis=1)]
    cols = [int(v) for v in t.sum(axis=0)]
    n = sum(rows)
    # refused before anything is computed (log-factorials up to n take a while at a million respondents)
    if _table_count_lower_bound(rows, cols) > max_tables:
        raise ValueError(f"Fisher's exact test would need more than {max_tables} tables (n = {n}; limit {max_tables}); "
                         "use a Monte Carlo test instead")
    bound = _table_count_bound(rows, cols)
    if bound > max_tables:
        raise ValueError(f"Fisher's exact test could need up to {bound} tables (n = {n}; limit {max_tables}); "
                         "use a Monte Carlo test instead")
    const = (sum(special.gammaln(r + 1) for r in rows) + sum(special.gammaln(c + 1) for c in cols)
             - special.gammaln(n + 1))
    lf = special.gammaln(np.arange(n + 2) + 1.0)
    threshold = const - float(lf[t].sum()) + math.log1p(1e-7)
    total = 0.0
    count = 0
    too_many = ValueError(f"Fisher's exact test would need more than {max_tables} tables (n = {n}); "
                          "use a Monte Carlo test instead")

    def walk(j: int, remaining: np.ndarray, acc: float) -> None:
        nonlocal total, count
        if j == len(cols) - 2:  # the last two columns at once: column j free, column j+1 = the rest
            try:
                grid = _composition_grid(cols[j], remaining.tolist(), max_tables)
            except ValueError:
                raise too_many from None
            count += len(grid)
            if count > max_tables:
                raise too_many
            lp = acc - lf[grid].sum(axis=1) - lf[remaining - grid].sum(axis=1)
            total += float(np.exp(lp[lp <= threshold]).sum())
            return
        for col in _compositions(cols[j], remaining.tolist()):
            x = np.array(col)
            walk(j + 1, remaining - x, acc - float(lf[x].sum()))

    walk(0, np.array(rows), const)
    return min(1.0, total)


def _interaction_contrasts(nr: int, nc: int) -> np.ndarray:
    """Interaction columns of the saturated model on the r·c cells, main effects regressed out.

    Cells are ordered with the row index varying fastest (R ``interaction(rows, cols)``).
    """
    cells = [(i, j) for j in range(nc) for i in range(nr)]
    x1 = np.array([[1.0] + [float(i == a) for a in range(1, nr)] + [float(j == b) for b in range(1, nc)]
                   for i, j in cells])
    x12 = np.array([[float(i == a and j == b) for a, b in product(range(1, nr), range(1, nc))] for i, j in cells])
    coef, *_ = np.linalg.lstsq(x1, x12, rcond=None)
    return x12 - x1 @ coef


def rao_scott(design: Design, row_codes: np.ndarray, col_codes: np.ndarray, nr: int, nc: int,
              complete: np.ndarray) -> tuple[float, float, float, float]:
    """Rao–Scott second-order F: ``(F, ndf, ddf, p_value)`` as R ``svychisq(statistic="F")``."""
    cell = col_codes * nr + row_codes
    indicators = np.zeros((design.n, nr * nc))
    indicators[np.flatnonzero(complete), cell[complete]] = 1.0
    p_hat, v = domain_means(design, indicators, complete)
    n = design.n
    cmat = _interaction_contrasts(nr, nc)
    inv_d = np.where(p_hat > 0, 1.0 / np.where(p_hat > 0, p_hat, 1.0), 0.0)
    denom = cmat.T @ (inv_d[:, None] * cmat) / n
    numr = cmat.T @ (inv_d[:, None] * v * inv_d[None, :]) @ cmat
    delta = np.linalg.solve(denom, numr)
    tr = float(np.trace(delta))
    d0 = tr**2 / float(np.trace(delta @ delta))
    x2, _, _ = pearson_chisq(p_hat.reshape(nc, nr).T * n)
    f_stat = x2 / tr
    ddf = d0 * design.degf
    return f_stat, d0, ddf, float(special.fdtrc(d0, ddf, f_stat))


def crosstab(design: Design, row: str, col: str, test: str = "auto") -> CrosstabResult:
    """Weighted cross-table of ``row`` × ``col`` with a test of independence.

    ``test="auto"`` uses Pearson χ² (and exact Fisher) for an unweighted design and the
    Rao–Scott F otherwise; ``"rao-scott"`` or ``"pearson"`` force one. Respondents with a missing
    value in either variable are left out of the table (domain estimation for the variance).
    Only observed levels form rows and columns.
    """
    if test not in ("auto", "rao-scott", "pearson"):
        raise ValueError(f"test must be 'auto', 'rao-scott' or 'pearson'; got {test!r}")
    rv, cv = design.column(row), design.column(col)
    complete = ~is_missing(rv) & ~is_missing(cv)
    if not complete.any():
        raise ValueError(f"no respondent has values for both {row!r} and {col!r}")
    row_levels = [c for c in categories_of(rv[complete]) if (rv[complete] == c).any()]
    col_levels = [c for c in categories_of(cv[complete]) if (cv[complete] == c).any()]
    for name, levels in ((row, row_levels), (col, col_levels)):
        if len(levels) < 2:
            raise ValueError(f"variable {name!r} has fewer than 2 observed categories ({levels}); "
                             "no test of independence is possible")
    row_codes = np.full(design.n, -1)
    col_codes = np.full(design.n, -1)
    for i, lev in enumerate(row_levels):
        row_codes[(rv == lev).to_numpy(dtype=bool, na_value=False)] = i
    for j, lev in enumerate(col_levels):
        col_codes[(cv == lev).to_numpy(dtype=bool, na_value=False)] = j
    nr, nc = len(row_levels), len(col_levels)
    weighted = np.zeros((nr, nc))
    counts = np.zeros((nr, nc), dtype=int)
    np.add.at(weighted, (row_codes[complete], col_codes[complete]), design.weights[complete])
    np.add.at(counts, (row_codes[complete], col_codes[complete]), 1)
    index = pd.Index(row_levels, name=row)
    columns = pd.Index(col_levels, name=col)
    result_table = pd.DataFrame(weighted, index=index, columns=columns)
    count_table = pd.DataFrame(counts, index=index, columns=columns)

    use_pearson = test == "pearson" or (test == "auto" and design.is_unweighted)
    notes: list[str] = []
    fisher_p: float | None = None
    if use_pearson:
        stat, df, p = pearson_chisq(counts)
        ndf, ddf, method = float(df), math.inf, "pearson"
        if design.is_unweighted:
            fisher_p = _fisher_or_nan(counts, notes)
    else:
        stat, ndf, ddf, p = rao_scott(design, row_codes, col_codes, nr, nc, complete)
        method = "rao-scott-F"
    return CrosstabResult(table=result_table, counts=count_table, statistic=stat, ndf=ndf, ddf=ddf,
                          p_value=p, method=method, fisher_p=fisher_p, notes=notes)


def _fisher_or_nan(counts: np.ndarray, notes: list[str]) -> float:
    """Exact Fisher p, or NaN (with the reason added to ``notes``) when enumeration is refused."""
    try:
        return fisher_exact(counts)
    except ValueError as exc:
        notes.append(str(exc))
        return math.nan


def srs_test(counts: np.ndarray) -> tuple[float, float, float, float, float]:
    """The test :func:`crosstab` gives an unweighted design (equal weights, one stratum), from its
    r×c table of unweighted counts: ``(statistic, ndf, ddf, p_value, fisher_p)`` of Pearson's χ²
    (ddf ``inf``) and the exact Fisher p (NaN when refused). Rows and columns without respondents
    are left out first (only observed levels, as :func:`crosstab`)."""
    t = np.asarray(counts)
    t = t[t.sum(axis=1) > 0][:, t.sum(axis=0) > 0]
    stat, df, p = pearson_chisq(t)
    return stat, float(df), math.inf, p, _fisher_or_nan(t, [])
