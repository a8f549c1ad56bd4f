"""Attack test (issue 12): an attacker who knows every published number of a table and solves linear
programs cannot pin down a hidden cell, nor narrow a primary cell to less than the threshold.

The attacker below is written here, independently of ``pipeline.stats.disclosure`` (its own
``scipy.optimize.linprog`` calls on the full set of unknowns: hidden cells and hidden totals, with
the row, column and grand-total equations and counts ≥ 0). It only reads the statuses ``suppress``
returns (``result.attrs`` says which totals are hidden; normally none).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from pipeline.stats import SuppressionRules, suppress

RULES = SuppressionRules()


def attack(table: np.ndarray, hidden: np.ndarray, row_hidden: np.ndarray, col_hidden: np.ndarray,
           grand_hidden: bool) -> dict[tuple[int, int], tuple[float, float]]:
    """(min, max) of every hidden cell (key (i, j)) and hidden total (("row", i), ("col", j)) of
    ``table`` given the published cells and totals."""
    r, c = table.shape
    unknown = [("cell", i, j) for i in range(r) for j in range(c) if hidden[i, j]]
    unknown += [("row", i, -1) for i in range(r) if row_hidden[i]]
    unknown += [("col", -1, j) for j in range(c) if col_hidden[j]]
    if grand_hidden:
        unknown.append(("grand", -1, -1))
    col_of = {u: n for n, u in enumerate(unknown)}
    eqs, rhs = [], []

    def value_or_var(kind, i, j, coef, row):
        key = (kind, i, j)
        if key in col_of:
            row[col_of[key]] += coef
            return 0.0
        known = {"cell": lambda: table[i, j], "row": lambda: table[i].sum(), "col": lambda: table[:, j].sum(),
                 "grand": lambda: table.sum()}[kind]()
        return coef * float(known)

    for i in range(r):  # cells of row i − row total = 0
        row = np.zeros(len(unknown))
        const = sum(value_or_var("cell", i, j, 1.0, row) for j in range(c)) + value_or_var("row", i, -1, -1.0, row)
        eqs.append(row)
        rhs.append(-const)
    for j in range(c):
        row = np.zeros(len(unknown))
        const = sum(value_or_var("cell", i, j, 1.0, row) for i in range(r)) + value_or_var("col", -1, j, -1.0, row)
        eqs.append(row)
        rhs.append(-const)
    for kind, n in (("row", r), ("col", c)):
        row = np.zeros(len(unknown))
        parts = [value_or_var(kind, i if kind == "row" else -1, -1 if kind == "row" else i, 1.0, row) for i in range(n)]
        const = sum(parts) + value_or_var("grand", -1, -1, -1.0, row)
        eqs.append(row)
        rhs.append(-const)
    keep = [k for k, e in enumerate(eqs) if np.any(e)]
    a_eq, b_eq = np.array([eqs[k] for k in keep]), np.array([rhs[k] for k in keep])
    out = {}
    for n, (kind, i, j) in enumerate(unknown):
        if kind == "grand":
            continue
        obj = np.zeros(len(unknown))
        obj[n] = 1
        lo = linprog(obj, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * len(unknown), method="highs")
        hi = linprog(-obj, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * len(unknown), method="highs")
        assert lo.status == 0, lo.message
        key = (i, j) if kind == "cell" else (kind, i if kind == "row" else j)
        out[key] = (lo.fun, np.inf if hi.status == 3 else -hi.fun)
    return out


def _check(table: np.ndarray, rules: SuppressionRules = RULES) -> tuple[int, int]:
    status = suppress(pd.DataFrame(table), rules)
    st = status.to_numpy()
    hidden = st != "ok"
    primary = (table > 0) & (table < rules.min_cell)
    assert (st == "primary").tolist() == primary.tolist()
    row_hidden = np.array([s != "ok" for s in status.attrs.get("row_totals", ["ok"] * table.shape[0])])
    col_hidden = np.array([s != "ok" for s in status.attrs.get("col_totals", ["ok"] * table.shape[1])])
    grand_hidden = status.attrs.get("grand_total", "ok") != "ok"
    # a total is hidden only when it is itself a small count, or to protect such a total
    if row_hidden.any() or col_hidden.any() or grand_hidden:
        sums = np.concatenate([table.sum(axis=1), table.sum(axis=0)])
        assert ((sums > 0) & (sums < rules.min_cell)).any(), (table, status.attrs)
    found = attack(table, hidden, row_hidden, col_hidden, grand_hidden)
    for key, (lo, hi) in found.items():
        if key[0] in ("row", "col"):
            sums = table.sum(axis=1) if key[0] == "row" else table.sum(axis=0)
            assert hi - lo > 1e-6 or sums[key[1]] == 0
            continue
        i, j = key
        assert hi - lo > 1e-6, f"cell {(i, j)} of {table.tolist()} is determined: {lo}–{hi}"
        if primary[i, j]:
            assert hi - lo >= rules.min_cell - 1e-6, f"primary {(i, j)} of {table.tolist()}: {lo}–{hi}"
    return int(primary.sum()), len(found)


def test_issue_example_is_no_longer_recomputable():
    # the issue's table: with the old rule of thumb, cell (2, 0) = 3 followed from the totals
    table = np.array([[1, 8, 5, 1], [1, 6, 6, 7], [3, 3, 3, 7], [7, 4, 4, 7]])
    n_primary, n_attacked = _check(table)  # asserts the attacker's interval for every hidden cell
    assert n_primary == 8 and n_attacked >= 8  # by hand: the 1s, 3s and 4s of the table


def test_hand_checked_attacker():
    # the attacker itself, on a table worked by hand: rows (3+x, 10), cols … with a 2×2 block hidden
    table = np.array([[3, 10, 20], [15, 12, 30], [40, 50, 60]])
    hidden = np.array([[True, True, False], [True, True, False], [False, False, False]])
    found = attack(table, hidden, np.zeros(3, bool), np.zeros(3, bool), False)
    # row 0 leaves 13 for the two hidden cells, column 0 leaves 18, column 1 leaves 22:
    # x00 ∈ [0, 13] (x01 = 13 − x00 ≤ 22, x10 = 18 − x00 ≥ 0, x11 = 27 − x10 … ≥ 0)
    assert found[(0, 0)] == pytest.approx((0, 13))
    assert found[(1, 1)] == pytest.approx((9, 22))
    # and a lone hidden cell in a row is found exactly
    lone = np.zeros((3, 3), bool)
    lone[0, 0] = lone[1, 0] = True
    assert attack(table, lone, np.zeros(3, bool), np.zeros(3, bool), False)[(0, 0)] == pytest.approx((3, 3))


def _random_tables(seed: int, n: int) -> int:
    """A seeded generator over random tables of 2–6 × 2–6 cells with counts 0–30."""
    rng = np.random.default_rng(seed)
    n_tables, n_primary, n_hidden = 0, 0, 0
    for _ in range(n):
        r, c = rng.integers(2, 7, size=2)
        # mostly small counts, so that many cells are primary (like the issue's audit)
        table = np.where(rng.random((r, c)) < 0.4, rng.integers(0, 6, (r, c)), rng.integers(0, 31, (r, c)))
        p, h = _check(table)
        n_tables += 1
        n_primary += p
        n_hidden += h
    assert n_primary > n and n_hidden > n_primary  # the generator does test many hidden cells
    return n_tables


def test_random_tables_cannot_be_attacked():
    assert _random_tables(12, 300) == 300  # every table attacked; _check asserts on each hidden cell


@pytest.mark.slow
def test_thousands_of_random_tables_cannot_be_attacked():
    assert _random_tables(2026, 2000) == 2000


def test_linked_crosstab_and_one_way_tables_cannot_be_attacked():
    """Random cross-tabs published with both one-way tables (as their row and column totals): the
    cross-tab's pattern comes from ``suppress_linked``, the one-way patterns from ``suppress_series``;
    the attacker sees the cross-tab cells, the shown one-way counts and the grand total."""
    from pipeline.stats import suppress_series
    from pipeline.stats.disclosure import suppress_linked

    rng = np.random.default_rng(14)
    checked = 0
    for _ in range(120):
        r, c = rng.integers(2, 5), rng.integers(2, 4)
        table = np.where(rng.random((r, c)) < 0.3, rng.integers(0, 6, (r, c)), rng.integers(5, 40, (r, c)))
        rows = suppress_series(pd.Series(table.sum(axis=1)), RULES).tolist()
        cols = suppress_series(pd.Series(table.sum(axis=0)), RULES).tolist()
        status = suppress_linked(pd.DataFrame(table), RULES, rows, cols).to_numpy()
        hidden = status != "ok"
        col_hidden = np.array([s != "ok" for s in cols])
        hidden[:, col_hidden] = True  # a group hidden in its one-way table is hidden as a whole
        row_hidden = np.array([s != "ok" for s in rows])
        found = attack(table, hidden, row_hidden, col_hidden, False)
        for key, (lo, hi) in found.items():
            if key[0] in ("row", "col"):
                value = (table.sum(axis=1) if key[0] == "row" else table.sum(axis=0))[key[1]]
                need = RULES.min_cell if RULES.is_primary(int(value)) else 1
            else:
                value = table[key]
                need = RULES.min_cell if RULES.is_primary(int(value)) else (1 if value > 0 else 0)
            assert hi - lo >= need - 1e-6, f"{key} of {table.tolist()} ({rows}, {cols}): {lo}–{hi}"
            checked += 1
    assert checked > 200
