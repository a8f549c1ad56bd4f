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
(HiGHS, the solver of :func:`scipy.optimize.linprog`): the smallest and largest value it can take given all
published numbers, the sums, and counts ≥ 0 (none when two whole-count solutions found before already
show the interval is wide enough). A pattern passes when no hidden number is determined
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

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linprog

__all__ = ["SuppressionRules", "suppress", "suppress_series", "pct_status", "Structure", "intervals", "audit",
           "protect", "table_structure", "widest",
           "suppress_linked", "suppress_counts"]

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
        if not hasattr(self, "_lines"):  # one pass over the sums (asking each sum about each number took seconds)
            self._lines = [[] for _ in range(len(self.values))]
            for parts, total in self.sums:
                members = np.append(parts, total)
                for i in dict.fromkeys(members.tolist()):
                    self._lines[i].append(members)
        return self._lines[k]

    def part_of(self, k: int) -> list[int]:
        """The total of every sum that number ``k`` is one of the parts of."""
        if not hasattr(self, "_part_of"):
            self._part_of = [[] for _ in range(len(self.values))]
            for parts, total in self.sums:
                for i in dict.fromkeys(np.asarray(parts).tolist()):
                    self._part_of[i].append(int(total))
        return self._part_of[k]

    def line_sums(self) -> tuple[np.ndarray, np.ndarray]:
        """Per number: whether one of its sums adds up to 0, and whether all of them add up to more than 0."""
        if not hasattr(self, "_line_sums"):
            n = len(self.values)
            self._line_sums = (np.array([any(self.values[ln].sum() == 0 for ln in self.lines(m)) for m in range(n)]),
                               np.array([all(self.values[ln].sum() > 0 for ln in self.lines(m)) for m in range(n)]))
        return self._line_sums


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
    """max − min of number k given ``A x = b``, ``x ≥ 0`` (``inf`` when it has no maximum)."""
    return _widths(var, a_eq, b_eq).width(k)


class _Unbounded:
    """The widths of a system without equations: every unknown can be anything ≥ 0."""

    def width(self, k: int) -> float:
        return np.inf

    def proven(self, k: int) -> float:
        return np.inf

    def reaches(self, k: int, at_least: float) -> bool:
        return True


class _NumberWidths:
    """:class:`_Widths` of one system addressed by the numbers' indices (the system looked up once)."""

    def __init__(self, var: np.ndarray, a_eq: np.ndarray, b_eq: np.ndarray) -> None:
        self.system = _system_widths(a_eq, b_eq)
        self.column = {int(k): j for j, k in enumerate(var)}

    def width(self, k: int) -> float:
        return self.system.width(self.column[int(k)])

    def proven(self, k: int) -> float:
        return self.system.proven(self.column[int(k)])

    def reaches(self, k: int, at_least: float) -> bool:
        return self.system.reaches(self.column[int(k)], at_least)


def _widths(var: np.ndarray, a_eq: np.ndarray, b_eq: np.ndarray) -> _NumberWidths | _Unbounded:
    """The widths of the numbers of one system (``width``, ``proven``, ``reaches`` of a number's index)."""
    return _Unbounded() if a_eq.shape[0] == 0 else _NumberWidths(var, a_eq, b_eq)


def _width_lp(a_eq: np.ndarray, b_eq: np.ndarray, j: int) -> float:
    """max − min of unknown j in one :func:`scipy.optimize.linprog`: maximise x_j − y_j over two copies of
    the feasible set (x and y each satisfy A · = b, ≥ 0). The way every width was found before
    :class:`_Widths`, which falls back to it."""
    n = a_eq.shape[1]
    obj = np.zeros(2 * n)
    obj[j], obj[n + j] = -1.0, 1.0
    a = sparse.csr_matrix(a_eq)  # A (dense or sparse)
    res = linprog(obj, A_eq=sparse.block_diag((a, a), format="csr"), b_eq=np.concatenate([b_eq, b_eq]),
                  bounds=(0, None), method="highs")
    return -res.fun if res.status == 0 else np.inf


try:  # the HiGHS that linprog(method="highs") runs, driven directly (scipy ships it with the highspy API)
    from scipy.optimize._highspy import _core as _highs

    for _name in ("_Highs", "HighsLp", "HighsModelStatus", "HighsStatus", "MatrixFormat", "ObjSense", "kHighsInf"):
        getattr(_highs, _name)
except (ImportError, AttributeError):  # pragma: no cover - another scipy: every width through linprog, same numbers
    _highs = None


class _Widths:
    """The interval widths of the unknowns of one system ``A x = b``, ``x ≥ 0``, each found once.

    The audits ask for hundreds of widths, about half of them asked for before (protect audits again
    after each complement, a consultation is audited with and without its headlines).
    One linear program through ``linprog`` took ~10 ms, nearly all of it scipy's parsing, checks
    and model building; here one HiGHS model per system is kept and only the objective changes:
    min x_j and max x_j, each warm-started from the last basis (~0.3 ms). The width is max − min
    (the optimum of the doubled program that linprog solved, found in two halves). Anything but an
    optimum or an unbounded maximum goes to :func:`_width_lp`.

    Each solution found is also kept when, rounded, it is a set of whole counts that satisfies the sums
    exactly (small whole numbers, so the check is exact, not up to HiGHS's tolerances): two such prove that a
    number's interval is at least as wide as the difference between them (:meth:`proven`), and an
    audit that only asks whether a width reaches what a number needs (:meth:`reaches`) is answered
    without a linear program when they already show it does (~3 of 4 widths the examples ask for).
    """

    def __init__(self, a_eq: sparse.csc_matrix, b_eq: np.ndarray) -> None:
        self.a_eq, self.b_eq = a_eq, b_eq
        self.known: dict[int, float] = {}
        self.model = None
        self.cost_at: int | None = None
        n = a_eq.shape[1]
        self.least, self.most = np.full(n, np.inf), np.full(n, -np.inf)  # over the solutions kept

    def proven(self, j: int) -> float:
        """A width unknown j certainly has (its exact width once found; −inf when nothing is known)."""
        return self.known.get(j, self.most[j] - self.least[j])

    def reaches(self, j: int, at_least: float) -> bool:
        """Whether unknown j's width is ``at_least`` or more: from the solutions kept when they show it."""
        return bool(self.most[j] - self.least[j] >= at_least) or self.width(j) >= at_least

    def _keep(self, h) -> None:
        x = np.round(np.asarray(h.getSolution().col_value, dtype=float))
        if len(x) == len(self.least) and (x >= 0).all() and np.array_equal(self.a_eq @ x, self.b_eq):
            np.minimum(self.least, x, out=self.least)
            np.maximum(self.most, x, out=self.most)

    def _model(self):
        m, n = self.a_eq.shape
        h = _highs._Highs()
        h.setOptionValue("output_flag", False)
        lp = _highs.HighsLp()
        lp.num_col_, lp.num_row_ = n, m
        lp.col_cost_ = np.zeros(n)
        lp.col_lower_ = np.zeros(n)
        lp.col_upper_ = np.full(n, _highs.kHighsInf)
        lp.row_lower_ = lp.row_upper_ = np.asarray(self.b_eq, dtype=float)
        a = self.a_eq
        lp.a_matrix_.format_ = _highs.MatrixFormat.kColwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
        lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = a.indptr, a.indices, a.data
        if h.passModel(lp) != _highs.HighsStatus.kOk:
            return None
        return h

    def width(self, j: int) -> float:
        if j not in self.known:
            self.known[j] = self._solve(j)
        return self.known[j]

    def _solve(self, j: int) -> float:
        if _highs is None:
            return _width_lp(self.a_eq, self.b_eq, j)
        if self.model is None:
            self.model = self._model()
            if self.model is None:
                return _width_lp(self.a_eq, self.b_eq, j)
        h, status = self.model, _highs.HighsModelStatus
        if self.cost_at is not None:
            h.changeColCost(self.cost_at, 0.0)
        h.changeColCost(j, 1.0)
        self.cost_at = j
        h.changeObjectiveSense(_highs.ObjSense.kMinimize)
        h.run()
        if h.getModelStatus() != status.kOptimal:
            return _width_lp(self.a_eq, self.b_eq, j)
        low = h.getInfo().objective_function_value
        self._keep(h)
        h.changeObjectiveSense(_highs.ObjSense.kMaximize)
        h.run()
        if h.getModelStatus() == status.kUnbounded:
            return np.inf
        if h.getModelStatus() != status.kOptimal:
            return _width_lp(self.a_eq, self.b_eq, j)
        self._keep(h)
        return h.getInfo().objective_function_value - low


_SYSTEMS: dict = {}  # the systems asked about lately, newest last: digest → _Widths
_KEEP = 64


def _system_widths(a_eq: np.ndarray, b_eq: np.ndarray) -> _Widths:
    """The :class:`_Widths` of this system: the one made before when it was asked about lately (the
    digest finds it, the system itself is compared too), else a new one."""
    b_eq = np.asarray(b_eq, dtype=float)
    a = sparse.csc_matrix(a_eq)
    digest = hashlib.blake2b(repr(a_eq.shape).encode())
    for part in (a.indptr, a.indices, a.data, b_eq):
        digest.update(np.ascontiguousarray(part).tobytes())
    key = digest.digest()
    found = _SYSTEMS.pop(key, None)
    if found is None or found.a_eq.shape != a.shape or (found.a_eq != a).nnz or not np.array_equal(found.b_eq, b_eq):
        found = _Widths(a, b_eq)
        while len(_SYSTEMS) >= _KEEP:
            _SYSTEMS.pop(next(iter(_SYSTEMS)))
    _SYSTEMS[key] = found
    return found


def _needed(s: Structure, hidden: np.ndarray, primary: np.ndarray, min_cell: int | np.ndarray,
            exempt: np.ndarray | None = None) -> np.ndarray:
    """The width each number's interval needs: min_cell for primary (at most a published total it is part
    of), more than 0 for other hidden
    numbers (1: with whole counts on sums, the ends of an interval are whole numbers). Exempt: numbers
    not published at all, and a hidden 0 on a line that sums to 0 (nothing can make it uncertain)."""
    on_zero_line = s.line_sums()[0]
    need = np.where(primary, np.asarray(min_cell, dtype=float), np.where(hidden, 1.0, 0.0))
    # a primary number can never be less certain than 0 … a published total it is part of (a group of 9
    # answering a question with threshold 10): then that whole range is what it needs
    for k in np.flatnonzero(primary):
        for total in s.part_of(int(k)):
            if not hidden[total]:
                need[k] = min(need[k], float(s.values[total]))
    need[~primary & on_zero_line] = 0.0
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
    width = None
    for k in order:
        if k in lone:
            continue
        elif _rectangle_width(s, hidden, k) >= need[k] - _EPS:
            continue  # a shift round a rectangle of hidden cells already moves it far enough: no LP needed
        else:
            if width is None:
                width = _widths(*_equations(s, hidden))
            if width.reaches(k, need[k] - _EPS):
                continue
            fails.append(k)
        if first_only:
            break
    return np.array(fails, dtype=int)


def widest(s: Structure, hidden_all: np.ndarray, targets: np.ndarray, enough: int | np.ndarray | None = None
           ) -> np.ndarray:
    """For each target: its interval width with every number of ``hidden_all`` hidden (every cell that
    may be a complement): no pattern can do better. A cross-tab cell of a sensitive subgroup (threshold
    10) in a row whose one-way count is 9 can never be less certain than 0 … 9. Others: ``inf``.

    ``enough``: per number, a width past which the exact one does not matter (as ``cap`` of an
    :func:`audit` with this ``min_cell``, which never needs more): a target shown to reach it may get
    a smaller width it certainly has, still at least ``enough``, instead of its exact width."""
    cap = np.full(len(s.values), np.inf)
    hidden_all = np.asarray(hidden_all, dtype=bool)
    enough = np.broadcast_to(np.inf if enough is None else np.asarray(enough, dtype=float), cap.shape)
    width = _widths(*_equations(s, hidden_all))
    for k in np.flatnonzero(np.asarray(targets, dtype=bool) & hidden_all):
        proven = width.proven(int(k))
        cap[k] = proven if proven >= enough[k] else width.width(int(k))
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
    cap = widest(s, hidden | (allowed & ~s.margin), primary, enough=min_cell) if candidates is not None else None
    while True:
        fails = audit(s, hidden, primary, min_cell, first_only=True, exempt=unpublished, cap=cap)
        if not len(fails):
            break
        k = int(fails[0])
        lines = s.lines(k)
        lone_lines = [ln for ln in lines if hidden[ln].sum() == 1]
        near = np.unique(np.concatenate(lone_lines or lines)) if lines else np.array([], int)
        # a cell on a line that sums to 0 is 0 whatever is hidden: no use as a complement
        useful = ~hidden & allowed & s.line_sums()[1]
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
    status = suppress_counts(counts.to_numpy(), list(counts.index), rules, total_published, hide)
    return pd.Series(status, index=counts.index, name=counts.name, dtype=object)


def suppress_counts(counts: np.ndarray, labels: list, rules: SuppressionRules = SuppressionRules(),
                    total_published: bool = True, hide: set | None = None) -> np.ndarray:
    """:func:`suppress_series` on plain arrays: the counts and their labels (what ``hide`` names),
    the status per cell as an object array (the analyse stage's tables, without a Series each)."""
    c = _as_counts(counts, "the frequency table")
    primary = np.array([rules.is_primary(int(v)) for v in c], dtype=bool)
    status = np.where(primary, PRIMARY, OK).astype(object)
    forced = np.array([k in (hide or set()) for k in labels], dtype=bool)
    status[forced & ~primary] = SECONDARY
    if total_published and (primary.any() or forced.any()) and len(c) > 1:
        s = series_structure(c)
        hidden = protect(s, np.append(primary, False), rules.min_cell, fixed=np.append(forced, False))[: len(c)]
        status[hidden & ~primary] = SECONDARY
    return status


def pct_status(base: int, rules: SuppressionRules = SuppressionRules()) -> str:
    """``"suppressed"`` below ``min_base_pct``, ``"flagged"`` (onzeker) below ``flag_base_pct``, else ``"ok"``."""
    if base is None or (isinstance(base, float) and np.isnan(base)) or base < 0:
        raise ValueError(f"base must be a non-negative unweighted count, got {base!r}")
    if base < rules.min_base_pct:
        return "suppressed"
    if base < rules.flag_base_pct:
        return "flagged"
    return "ok"
