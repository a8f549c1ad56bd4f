# The disclosure control as it was before the widths were found through one kept HiGHS model per system
# (pipeline/stats/disclosure.py at commit 7c0554a, unchanged below this header): every width a separate
# scipy.optimize.linprog call. Frozen here as the reference of tests/test_disclosure_fast_widths.py;
# never imported by the pipeline.

"""Statistical disclosure control for published tables (research note §2, docs/privacy.md).

Every report table, chart and spreadsheet passes its **unweighted** counts through these
functions before publication:

* :func:`suppress` — status per cell of a two-way table: ``"ok"``, ``"primary"`` (a count of
  1 … ``min_cell``−1, or 0 when zeros are disclosive) or ``"secondary"`` (a complement);
* :func:`suppress_series` — the same for a one-way frequency table;
* :func:`audit` / :func:`intervals` — what an attacker can work out about each hidden number;
* :func:`pct_status` — whether a percentage may be shown on a given unweighted base.

A table is a set of counts tied by sums (a row's cells add up to the row total, the row totals
to the grand total, …). Published percentages on a published base give counts back, so they count
as published counts. The **audit** solves, for every hidden number, two linear programs
(:func:`scipy.optimize.linprog`, HiGHS): the smallest and largest value it can take given all
published numbers, the sums, and counts ≥ 0. A pattern passes when no hidden number is determined
exactly (interval wider than 0) and every primary number's interval is at least ``min_cell`` wide.
Secondary cells are added cheapest first (the smallest non-zero count on a line of the first
failing cell; a cell of the table before a total) until the audit passes; then any secondary cell
that is not needed (largest first) is shown again. This is the approach of tau-Argus and of R's
sdcTable (``protectTable``, ``attack``), with a greedy rather than an optimal choice of complements.

Limits: the attacker is assumed not to know which hidden cells are primary (a "×" looks the same
for both), and only the linear relations between the numbers of the table(s) audited together are
used (not, say, rounding of percentages). See docs/privacy.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

__all__ = ["SuppressionRules", "suppress", "suppress_series", "pct_status", "Structure", "intervals", "audit",
           "protect", "table_structure", "widest",
           "suppress_linked"]

OK, PRIMARY, SECONDARY = "ok", "primary", "secondary"
_EPS = 1e-6


@dataclass(frozen=True)
class SuppressionRules:
    """Thresholds for publication.

    ``min_cell``: counts 1 … min_cell−1 are suppressed (zeros too when ``zeros_disclosive``).
    ``min_base_pct``: no percentage on an unweighted base below this.
    ``flag_base_pct``: bases in [min_base_pct, flag_base_pct) are flagged "onzeker".
    """

    min_cell: int = 5
    min_base_pct: int = 30
    flag_base_pct: int = 60
    zeros_disclosive: bool = False

    def __post_init__(self) -> None:
        if self.min_cell < 1:
            raise ValueError(f"min_cell must be at least 1, got {self.min_cell}")
        if not 0 <= self.min_base_pct <= self.flag_base_pct:
            raise ValueError(f"need 0 ≤ min_base_pct ≤ flag_base_pct, got {self.min_base_pct} and "
                             f"{self.flag_base_pct}")

    def is_primary(self, count: int) -> bool:
        """True when this unweighted count must be suppressed on its own."""
        return (0 < count < self.min_cell) or (count == 0 and self.zeros_disclosive)


def _as_counts(values: np.ndarray, what: str) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if np.isnan(arr).any():
        raise ValueError(f"{what} has missing counts; suppression needs every unweighted count")
    if (arr < 0).any() or not np.allclose(arr, np.round(arr)):
        raise ValueError(f"{what} must hold non-negative whole (unweighted) counts, "
                         f"found {arr[(arr < 0) | (arr != np.round(arr))].ravel()[0]!r}")
    return np.round(arr).astype(np.int64)


@dataclass
class Structure:
    """Counts tied by sums: ``sums`` holds (parts, total) index pairs into the flat ``values``.

    ``margin`` marks totals (hidden only when no cell of a table is left to hide).
    """

    values: np.ndarray
    sums: list[tuple[np.ndarray, int]]
    margin: np.ndarray = field(default=None)  # type: ignore[assignment]
    shape: tuple[int, int] | None = None  # (rows, cols) for a two-way table made by table_structure

    def __post_init__(self) -> None:
        self.values = np.asarray(self.values, dtype=np.int64)
        if self.margin is None:
            self.margin = np.zeros(len(self.values), dtype=bool)

    def lines(self, k: int) -> list[np.ndarray]:
        """Every sum relation (all its members) that number ``k`` takes part in."""
        if not hasattr(self, "_lines"):
            members = [np.append(parts, total) for parts, total in self.sums]
            self._lines = [[m for m in members if i in m] for i in range(len(self.values))]
        return self._lines[k]


def table_structure(counts: np.ndarray) -> Structure:
    """A rows×cols table with its row totals, column totals and grand total, flattened row by row
    as the (rows+1)×(cols+1) table whose last column holds the row totals and last row the column totals."""
    c = np.asarray(counts, dtype=np.int64)
    r, k = c.shape
    ext = np.zeros((r + 1, k + 1), dtype=np.int64)
    ext[:r, :k] = c
    ext[:r, k] = c.sum(axis=1)
    ext[r, :k] = c.sum(axis=0)
    ext[r, k] = c.sum()
    idx = np.arange((r + 1) * (k + 1)).reshape(r + 1, k + 1)
    sums = [(idx[i, :k], int(idx[i, k])) for i in range(r + 1)] + [(idx[:r, j], int(idx[r, j])) for j in range(k + 1)]
    margin = np.ones((r + 1, k + 1), dtype=bool)
    margin[:r, :k] = False
    return Structure(ext.ravel(), sums, margin.ravel(), (r, k))


def _equations(s: Structure, unknown: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The sums as equations in the unknown numbers: (unknown indices, A, b) with A x = b."""
    var = np.flatnonzero(unknown)
    rows, rhs = [], []
    for parts, total in s.sums:
        coef = np.zeros(len(s.values))
        coef[parts] += 1.0
        coef[total] -= 1.0
        if not coef[var].any():
            continue
        rows.append(coef[var])
        rhs.append(-float(coef[~unknown] @ s.values[~unknown]))
    return var, np.array(rows).reshape(len(rows), len(var)), np.array(rhs)


def intervals(s: Structure, unknown: np.ndarray, only: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest value of each unknown number given the known ones, the sums and counts ≥ 0.

    Known numbers get their value as both bounds; ``only`` limits the linear programs to those
    indices (the other unknowns get NaN). An unbounded maximum is ``inf``.
    """
    unknown = np.asarray(unknown, dtype=bool)
    lo = np.where(unknown, np.nan, s.values).astype(float)
    hi = lo.copy()
    var, a_eq, b_eq = _equations(s, unknown)
    if not len(var):
        return lo, hi
    targets = var if only is None else np.intersect1d(var, np.flatnonzero(only))
    has_eq = len(b_eq) > 0
    for k in targets:
        obj = (var == k).astype(float)
        low = linprog(obj, A_eq=a_eq if has_eq else None, b_eq=b_eq if has_eq else None, bounds=(0, None),
                      method="highs")
        high = linprog(-obj, A_eq=a_eq if has_eq else None, b_eq=b_eq if has_eq else None, bounds=(0, None),
                       method="highs")
        lo[k] = low.fun if low.status == 0 else 0.0
        hi[k] = -high.fun if high.status == 0 else np.inf
    return lo, hi


def _width(var: np.ndarray, a_eq: np.ndarray, b_eq: np.ndarray, k: int) -> float:
    """max − min of number k in one linear program: maximise x_k − y_k over two copies of the
    feasible set (x and y each satisfy A · = b, ≥ 0)."""
    m, n = a_eq.shape
    if m == 0:
        return np.inf
    obj = np.zeros(2 * n)
    obj[np.flatnonzero(var == k)[0]] = -1.0
    obj[n + np.flatnonzero(var == k)[0]] = 1.0
    a2, b2 = _doubled(a_eq, b_eq)
    res = linprog(obj, A_eq=a2, b_eq=b2, bounds=(0, None), method="highs")
    return -res.fun if res.status == 0 else np.inf


_DOUBLED: list = []  # the last system doubled: (a_eq, b_eq, sparse block diagonal, doubled b)


def _doubled(a_eq: np.ndarray, b_eq: np.ndarray):
    """The two copies of ``A · = b`` as one sparse block-diagonal system, made once per system: an audit
    asks for many numbers' widths in the same system, and building the matrix for each of them cost
    more than solving the linear program (benchmarks: the analyse stage)."""
    if _DOUBLED and _DOUBLED[0] is a_eq and _DOUBLED[1] is b_eq:
        return _DOUBLED[2], _DOUBLED[3]
    a = sparse.csr_matrix(a_eq)
    doubled = (sparse.block_diag((a, a), format="csr"), np.concatenate([b_eq, b_eq]))
    _DOUBLED[:] = [a_eq, b_eq, *doubled]
    return doubled


def _needed(s: Structure, hidden: np.ndarray, primary: np.ndarray, min_cell: int | np.ndarray,
            exempt: np.ndarray | None = None) -> np.ndarray:
    """The width each number's interval needs: min_cell for primary (at most a published total it is part
    of), more than 0 for other hidden
    numbers (1: with whole counts on sums, the ends of an interval are whole numbers). Exempt: numbers
    not published at all, and a hidden 0 on a line that sums to 0 (nothing can make it uncertain)."""
    if not hasattr(s, "_on_zero_line"):
        s._on_zero_line = np.array([any(s.values[ln].sum() == 0 for ln in s.lines(m)) for m in range(len(s.values))])
    need = np.where(primary, np.asarray(min_cell, dtype=float), np.where(hidden, 1.0, 0.0))
    # a primary number can never be less certain than 0 … a published total it is part of (a group of 9
    # answering a question with threshold 10): then that whole range is what it needs
    for k in np.flatnonzero(primary):
        for parts, total in s.sums:
            if k in parts and not hidden[total]:
                need[k] = min(need[k], float(s.values[total]))
    need[~primary & s._on_zero_line] = 0.0
    if exempt is not None:
        need[np.asarray(exempt, dtype=bool) & ~primary] = 0.0
    return need


def audit(s: Structure, hidden: np.ndarray, primary: np.ndarray, min_cell: int | np.ndarray, first_only: bool = False,
          exempt: np.ndarray | None = None, cap: np.ndarray | None = None) -> np.ndarray:
    """Indices of hidden numbers the attacker narrows down too far (empty: the pattern is safe).

    ``hidden`` may include numbers that are simply not published (they need no protection unless
    also ``primary``): pass them as ``exempt``. With ``first_only`` the search stops at the first failure (primaries first).
    ``cap``: the widest interval any choice of complements can give each number (:func:`widest`);
    a number that already has it passes (nothing more to gain by hiding more).
    """
    hidden = np.asarray(hidden, dtype=bool)
    need = _needed(s, hidden, primary, min_cell, exempt)
    if cap is not None:
        need = np.where(need > 0, np.minimum(need, np.asarray(cap, dtype=float)), need)
    order = [int(k) for k in np.flatnonzero(hidden & (need > 0))]
    order.sort(key=lambda k: (not primary[k], k))
    # the only unknown of a sum follows by subtraction: found without an LP, and reported first
    lone = [k for k in order if any(hidden[ln].sum() == 1 for ln in s.lines(k))]
    if lone and first_only:
        return np.array(lone[:1], dtype=int)
    fails = list(lone)
    var, a_eq, b_eq = None, None, None
    for k in order:
        if k in lone:
            continue
        elif _rectangle_width(s, hidden, k) >= need[k] - _EPS:
            continue  # a shift round a rectangle of hidden cells already moves it far enough: no LP needed
        else:
            if var is None:
                var, a_eq, b_eq = _equations(s, hidden)
            if _width(var, a_eq, b_eq, k) >= need[k] - _EPS:
                continue
            fails.append(k)
        if first_only:
            break
    return np.array(fails, dtype=int)


def widest(s: Structure, hidden_all: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """For each target: its interval width with every number of ``hidden_all`` hidden (every cell that
    may be a complement): no pattern can do better. A cross-tab cell of a sensitive subgroup (threshold
    10) in a row whose one-way count is 9 can never be less certain than 0 … 9. Others: ``inf``."""
    cap = np.full(len(s.values), np.inf)
    hidden_all = np.asarray(hidden_all, dtype=bool)
    var, a_eq, b_eq = _equations(s, hidden_all)
    for k in np.flatnonzero(np.asarray(targets, dtype=bool) & hidden_all):
        cap[k] = _width(var, a_eq, b_eq, int(k))
    return cap


def _rectangle_width(s: Structure, hidden: np.ndarray, k: int) -> float:
    """A lower bound of number k's interval width in a two-way table, without an LP: moving t round a
    rectangle of hidden cells (k, k2, k3, k4) keeps every total, so k can go down by min(k, opposite)
    and up by min(the other two). 0 when the structure is not a plain table or k is a total."""
    if s.shape is None or s.margin[k]:
        return 0.0
    r, c = s.shape
    i, j = divmod(k, c + 1)
    h = hidden.reshape(r + 1, c + 1)[:r, :c]
    v = s.values.reshape(r + 1, c + 1)[:r, :c].astype(float)
    rows = np.flatnonzero(h[:, j])
    cols = np.flatnonzero(h[i, :])
    rows, cols = rows[rows != i], cols[cols != j]
    if not len(rows) or not len(cols):
        return 0.0
    sub = h[np.ix_(rows, cols)]
    down = np.minimum(v[i, j], v[np.ix_(rows, cols)])            # k and its opposite corner go down
    up = np.minimum(v[rows, j][:, None], v[i, cols][None, :])     # the two other corners go down
    width = np.where(sub, down + up, 0.0)
    return float(width.max())


def protect(s: Structure, primary: np.ndarray, min_cell: int, unpublished: np.ndarray | None = None,
            fixed: np.ndarray | None = None, candidates: np.ndarray | None = None) -> np.ndarray:
    """Hidden numbers (primary plus secondary) that pass :func:`audit`.

    ``unpublished``: numbers not published at all (unknown to the attacker, never protected on their
    own account). ``fixed``: hidden numbers decided elsewhere (e.g. in a linked table) that must
    stay hidden. ``candidates``: the numbers that may be hidden as complements (default: all).
    The complement for the first failing number is the cheapest shown number on one of
    its lines: cells before totals, non-zero before zero, the smallest count, a cell whose crossing
    line also holds a failing number, the first. Then unneeded secondary cells are shown again.
    """
    n = len(s.values)
    primary = np.asarray(primary, dtype=bool)
    unpublished = np.zeros(n, bool) if unpublished is None else np.asarray(unpublished, dtype=bool)
    fixed = np.zeros(n, bool) if fixed is None else np.asarray(fixed, dtype=bool)
    allowed = np.ones(n, bool) if candidates is None else np.asarray(candidates, dtype=bool)
    hidden = primary | unpublished | fixed
    if not primary.any() and not fixed.any():
        return hidden
    protect_too = primary | fixed  # a fixed hidden number may not be recomputed either (unless exempt)
    cap = widest(s, hidden | (allowed & ~s.margin), primary) if candidates is not None else None
    while True:
        fails = audit(s, hidden, primary, min_cell, first_only=True, exempt=unpublished, cap=cap)
        if not len(fails):
            break
        k = int(fails[0])
        lines = s.lines(k)
        lone_lines = [ln for ln in lines if hidden[ln].sum() == 1]
        near = np.unique(np.concatenate(lone_lines or lines)) if lines else np.array([], int)
        # a cell on a line that sums to 0 is 0 whatever is hidden: no use as a complement
        useful = ~hidden & allowed & np.array([all(s.values[ln].sum() > 0 for ln in s.lines(m)) for m in range(n)])
        cand = near[useful[near] & ~s.margin[near]]
        if not len(cand):  # its lines are hidden: widen through a cell elsewhere, a total only as a last resort
            cand = np.flatnonzero(useful & ~s.margin)
        if not len(cand):
            cand = np.flatnonzero(~hidden & allowed)
        if not len(cand):
            break  # everything is hidden already
        # cells before totals, non-zero before zero, a cell that also completes another line with a
        # single hidden number (one complement for two lines), then the smallest count
        best = min(cand, key=lambda m: (bool(s.margin[m]), s.values[m] == 0,
                                        -sum(1 for ln in s.lines(int(m)) if hidden[ln].sum() == 1),
                                        s.values[m], int(m)))
        hidden[int(best)] = True
    secondary = hidden & ~protect_too & ~unpublished
    for m in sorted(np.flatnonzero(secondary), key=lambda m: (-s.values[m], -m)):
        trial = hidden.copy()
        trial[m] = False
        if not len(audit(s, trial, primary, min_cell, first_only=True, exempt=unpublished, cap=cap)):
            hidden = trial
    return hidden


def suppress(counts: pd.DataFrame, rules: SuppressionRules = SuppressionRules(), with_totals: bool = True
             ) -> pd.DataFrame:
    """Status per cell (``"ok"``, ``"primary"``, ``"secondary"``) of a rows×cols count table.

    With ``with_totals`` the row, column and grand totals are published, and the pattern passes the
    linear-programming :func:`audit`. A total that is itself a small count (1 … min_cell−1) is
    hidden too, with complements among the totals when needed: the statuses of the row totals,
    column totals and grand total are in ``result.attrs["row_totals"]``, ``["col_totals"]`` and
    ``["grand_total"]`` (all ``"ok"`` in the usual case).
    """
    if not isinstance(counts, pd.DataFrame):
        raise ValueError(f"counts must be a pandas DataFrame, got {type(counts).__name__}")
    c = _as_counts(counts.to_numpy(), "the count table")
    is_primary = np.vectorize(rules.is_primary, otypes=[bool])
    primary = is_primary(c) if c.size else np.zeros(c.shape, bool)
    r, k = c.shape
    margins = {"row_totals": [OK] * r, "col_totals": [OK] * k, "grand_total": OK}
    if with_totals and c.size:
        s = table_structure(c)
        ext_primary = is_primary(s.values) & ~(s.margin & (s.values == 0))
        hidden = protect(s, ext_primary, rules.min_cell).reshape(r + 1, k + 1)
        ext_primary = ext_primary.reshape(r + 1, k + 1)
        ext_status = np.where(ext_primary, PRIMARY, np.where(hidden, SECONDARY, OK))
        status = ext_status[:r, :k]
        margins = {"row_totals": [str(v) for v in ext_status[:r, k]], "col_totals": [str(v) for v in ext_status[r, :k]],
                   "grand_total": str(ext_status[r, k])}
    else:
        status = np.where(primary, PRIMARY, OK)
    out = pd.DataFrame(status, index=counts.index, columns=counts.columns)
    out.attrs.update(margins)
    return out


def suppress_linked(counts: pd.DataFrame, rules: SuppressionRules, row_margin: list[str], col_margin: list[str],
                    col_unpublished: list[bool] | None = None) -> pd.DataFrame:
    """Status per cell of a cross-tab audited together with the one-way tables of its two questions.

    ``row_margin``/``col_margin``: the status (``"ok"``, ``"primary"``, ``"secondary"``) of each row's
    and column's count in its own one-way table. The attacker is taken to know every count shown
    there as the cross-tab's row or column total (and the grand total), which is exact when nobody
    skipped either question and otherwise gives him more than he has. A column hidden in its
    one-way table is hidden here as a whole; ``col_unpublished`` marks columns whose cells are not
    published (too few respondents for percentages) and need no protection of their own. The cells
    of the cross-tab are the only complements: a total cannot be hidden here when it is shown in
    its one-way table. Returns statuses like :func:`suppress`.
    """
    c = _as_counts(counts.to_numpy(), "the count table")
    r, k = c.shape
    s = table_structure(c)
    shape = (r + 1, k + 1)
    is_primary = np.vectorize(rules.is_primary, otypes=[bool])
    primary = np.zeros(shape, bool)
    primary[:r, :k] = is_primary(c) if c.size else False
    fixed = np.zeros(shape, bool)
    unpublished = np.zeros(shape, bool)
    for i, st in enumerate(row_margin):
        primary[i, k] = st == PRIMARY
        fixed[i, k] = st != OK
    for j, st in enumerate(col_margin):
        primary[r, j] = st == PRIMARY
        if st != OK:  # the whole group is hidden, its size too
            fixed[: r + 1, j] = True
    for j, no in enumerate(col_unpublished or [False] * k):
        if no and not fixed[r, j]:
            unpublished[:r, j] = ~primary[:r, j]
            fixed[:r, j] |= primary[:r, j]
    candidates = np.zeros(shape, bool)
    candidates[:r, :k] = True
    hidden = protect(s, primary.ravel(), rules.min_cell, unpublished=unpublished.ravel(), fixed=fixed.ravel(),
                     candidates=candidates.ravel()).reshape(shape)
    status = np.where(primary, PRIMARY, np.where(hidden & ~unpublished, SECONDARY, OK))[:r, :k]
    return pd.DataFrame(status, index=counts.index, columns=counts.columns)


def series_structure(c: np.ndarray) -> Structure:
    """A one-way table: its cells and their total (the last number)."""
    n = len(c)
    margin = np.zeros(n + 1, dtype=bool)
    margin[n] = True
    return Structure(np.append(c, c.sum()), [(np.arange(n), n)], margin)


def suppress_series(counts: pd.Series, rules: SuppressionRules = SuppressionRules(), total_published: bool = True,
                    hide: set | None = None) -> pd.Series:
    """Status per cell of a one-way frequency table.

    With the total published the hidden cells pass the :func:`audit`: one primary cell gets the
    next-smallest (non-zero when possible) cell as complement, and more complements are added while
    the hidden cells together leave the primary one less than ``min_cell`` of room. ``hide``: labels
    that must be hidden anyway (hidden in a linked table, e.g. a subgroup of correspondence tests):
    ``"secondary"`` unless primary, and protected like the others.
    """
    if not isinstance(counts, pd.Series):
        raise ValueError(f"counts must be a pandas Series, got {type(counts).__name__}")
    c = _as_counts(counts.to_numpy(), "the frequency table")
    primary = np.array([rules.is_primary(int(v)) for v in c], dtype=bool)
    status = np.where(primary, PRIMARY, OK).astype(object)
    forced = np.array([k in (hide or set()) for k in counts.index], dtype=bool)
    status[forced & ~primary] = SECONDARY
    if total_published and (primary.any() or forced.any()) and len(c) > 1:
        s = series_structure(c)
        hidden = protect(s, np.append(primary, False), rules.min_cell, fixed=np.append(forced, False))[: len(c)]
        status[hidden & ~primary] = SECONDARY
    return pd.Series(status, index=counts.index, name=counts.name, dtype=object)


def pct_status(base: int, rules: SuppressionRules = SuppressionRules()) -> str:
    """``"suppressed"`` below ``min_base_pct``, ``"flagged"`` (onzeker) below ``flag_base_pct``, else ``"ok"``."""
    if base is None or (isinstance(base, float) and np.isnan(base)) or base < 0:
        raise ValueError(f"base must be a non-negative unweighted count, got {base!r}")
    if base < rules.min_base_pct:
        return "suppressed"
    if base < rules.flag_base_pct:
        return "flagged"
    return "ok"
