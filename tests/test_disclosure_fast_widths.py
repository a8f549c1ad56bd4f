"""The interval widths behind the disclosure audit are found through one kept HiGHS model per system
(``pipeline.stats.disclosure._Widths``) instead of a ``scipy.optimize.linprog`` call per width. This
checks, on many seeded random tables, that nothing an audit decides changed:

* every width equals the one from two plain ``linprog`` calls (min and max of the number, written here);
* ``widest(…, enough=)`` gives the exact width below ``enough``, and a width between ``enough`` and the exact one
  otherwise (a width proven by whole-count solutions kept from earlier linear programs);
* ``audit``, ``widest``, ``protect``, ``suppress``, ``suppress_series`` and ``suppress_linked`` give
  exactly what they gave before, i.e. what ``tests/reference/disclosure_linprog.py`` (the module as it
  was, every width its own linprog) gives — on two-way tables with zeros, small counts, hidden totals,
  and on linked systems (one question crossed with two subgroups, their one-way tables, a headline).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

from pipeline.stats import disclosure as fast

_spec = importlib.util.spec_from_file_location("disclosure_linprog", Path(__file__).parent / "reference" /
                                               "disclosure_linprog.py")
ref = importlib.util.module_from_spec(_spec)
sys.modules.setdefault(_spec.name, ref)  # dataclasses look their module up there
_spec.loader.exec_module(ref)


def _counts(rng: np.random.Generator, shape) -> np.ndarray:
    """Counts with many zeros and small numbers (the cases disclosure control is about)."""
    kind = rng.choice(3, size=shape, p=[0.25, 0.4, 0.35])
    return np.where(kind == 0, 0, np.where(kind == 1, rng.integers(1, 5, size=shape), rng.integers(5, 40, size=shape)))


def _plain_width(s, unknown: np.ndarray, k: int) -> float:
    """max − min of number k: two linprog calls on the sums written out here, counts ≥ 0."""
    var = np.flatnonzero(unknown)
    col = {int(v): i for i, v in enumerate(var)}
    rows, rhs = [], []
    for parts, total in s.sums:
        row, known = np.zeros(len(var)), 0.0
        for m, coef in [*((int(p), 1.0) for p in parts), (int(total), -1.0)]:
            if m in col:
                row[col[m]] += coef
            else:
                known += coef * s.values[m]
        if row.any():
            rows.append(row)
            rhs.append(-known)
    if not rows:
        return np.inf
    obj = np.zeros(len(var))
    obj[col[k]] = 1.0
    low = linprog(obj, A_eq=np.array(rows), b_eq=np.array(rhs), bounds=(0, None), method="highs")
    high = linprog(-obj, A_eq=np.array(rows), b_eq=np.array(rhs), bounds=(0, None), method="highs")
    assert low.status == 0
    return -high.fun - low.fun if high.status == 0 else np.inf


def _linked(mod, rng: np.random.Generator):
    """A question crossed with two subgroups, with the one-way table of each (the cross-tabs' row and column
    totals), an unknown ≥ 0 for people who skipped a subgroup question, and sometimes a headline (the sum of
    the first two answers): the kind of system ``publish.audit_tables`` builds, no plain two-way table."""
    r, g1, g2 = rng.integers(2, 5), rng.integers(2, 4), rng.integers(2, 4)
    x1, x2 = _counts(rng, (r, g1)), _counts(rng, (r, g2))
    skip1 = rng.integers(0, 3, size=r)  # answered the question, not subgroup 1
    values, sums = [], []

    def num(v) -> int:
        values.append(int(v))
        return len(values) - 1

    x2 = x2 + 0
    rows = x1.sum(axis=1) + skip1
    # subgroup 2 may also be skipped: make the second cross-tab's rows add up to no more than the question
    x2 = np.minimum(x2, rows[:, None] // max(g2, 1))
    q = [num(v) for v in rows]
    sums.append((np.array(q), num(rows.sum())))
    c1 = [[num(v) for v in row] for row in x1]
    c2 = [[num(v) for v in row] for row in x2]
    for cells, x in ((c1, x1), (c2, x2)):
        cols = [num(v) for v in x.sum(axis=0)]
        for j, t in enumerate(cols):
            sums.append((np.array([row[j] for row in cells]), t))
        sums.append((np.array(cols), num(x.sum())))
        for i in range(r):
            slack = num(rows[i] - x[i].sum())
            sums.append((np.array([*cells[i], slack]), q[i]))
    if rng.random() < 0.5:
        sums.append((np.array(q[:2]), num(rows[:2].sum())))
    return mod.Structure(np.array(values), sums)


def _two_way(mod, c):
    return mod.table_structure(c)


def _random_case(rng: np.random.Generator, linked: bool):
    if linked:
        seed = int(rng.integers(2**31))
        s_new, s_ref = _linked(fast, np.random.default_rng(seed)), _linked(ref, np.random.default_rng(seed))
    else:
        c = _counts(rng, (int(rng.integers(1, 6)), int(rng.integers(1, 6))))
        s_new, s_ref = _two_way(fast, c), _two_way(ref, c)
    n = len(s_new.values)
    small = (s_new.values > 0) & (s_new.values < 5)
    primary = small & (rng.random(n) < 0.8)
    hidden = primary | (rng.random(n) < rng.choice([0.1, 0.3, 0.6]))
    if rng.random() < 0.3:
        hidden |= s_new.margin & (rng.random(n) < 0.5)  # hidden totals
    limit = rng.choice([3, 5, 10], size=n) if linked else int(rng.choice([3, 5, 10]))
    exempt = hidden & ~primary & (rng.random(n) < 0.2)
    return s_new, s_ref, hidden, primary, limit, exempt


@pytest.mark.parametrize("linked", [False, True])
def test_widths_equal_two_plain_linprogs(linked: bool) -> None:
    rng = np.random.default_rng(20261203 + linked)
    checked = 0
    for _ in range(30):
        s, _, hidden, *_ = _random_case(rng, linked)
        var, a_eq, b_eq = fast._equations(s, hidden)
        for k in var:
            got, want = fast._width(var, a_eq, b_eq, int(k)), _plain_width(s, hidden, int(k))
            assert (np.isinf(got) and np.isinf(want)) or abs(got - want) < 1e-9, (s.values, hidden, k, got, want)
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("linked", [False, True])
def test_audit_widest_protect_as_before(linked: bool) -> None:
    rng = np.random.default_rng(15 + linked)
    failures = passes = 0
    for _ in range(100 if not linked else 30):
        s_new, s_ref, hidden, primary, limit, exempt = _random_case(rng, linked)
        for first_only in (False, True):
            a, b = (m.audit(s, hidden, primary, limit, first_only=first_only, exempt=exempt)
                    for m, s in ((fast, s_new), (ref, s_ref)))
            assert np.array_equal(a, b), (s_new.values, hidden, primary, a, b)
            failures, passes = failures + bool(len(a)), passes + (not len(a))
        every = hidden | (~s_new.margin if s_new.shape else rng.random(len(hidden)) < 0.7)
        cap_new, cap_ref = fast.widest(s_new, every, primary), ref.widest(s_ref, every, primary)
        assert np.array_equal(cap_new, cap_ref), (cap_new, cap_ref)
        a, b = (m.audit(s, hidden, primary, limit, exempt=exempt, cap=cap)
                for m, s, cap in ((fast, s_new, cap_new), (ref, s_ref, cap_ref)))
        assert np.array_equal(a, b)
        # widest(enough=…) may give a width it proves instead of the exact one, never below enough, and the
        # audit with that cap is the audit with the exact one
        fast._SYSTEMS.clear()
        fast.audit(s_new, every, primary, limit)  # solutions kept from an audit of this system, as in protect
        cap_enough = fast.widest(s_new, every, primary, enough=limit)
        exact = cap_ref < np.broadcast_to(limit, cap_ref.shape)
        assert np.array_equal(cap_enough[exact], cap_ref[exact])
        assert (cap_enough[~exact] >= np.broadcast_to(limit, cap_ref.shape)[~exact]).all()
        assert (cap_enough[~exact] <= cap_ref[~exact] + 1e-9).all()
        a = fast.audit(s_new, hidden, primary, limit, exempt=exempt, cap=cap_enough)
        assert np.array_equal(a, b)
        fixed = hidden & ~primary & (rng.random(len(hidden)) < 0.5)
        unpublished = ~primary & ~fixed & (rng.random(len(hidden)) < 0.1)
        candidates = None if rng.random() < 0.5 else (~s_new.margin if s_new.shape else rng.random(len(hidden)) < 0.8)
        a, b = (m.protect(s, primary, limit, unpublished=unpublished, fixed=fixed, candidates=candidates)
                for m, s in ((fast, s_new), (ref, s_ref)))
        assert np.array_equal(a, b), (s_new.values, primary, fixed, a, b)
        a, b = (m.audit(s, hidden_now, primary, limit, exempt=unpublished)  # a protected pattern, mostly passing
                for m, s, hidden_now in ((fast, s_new, a), (ref, s_ref, b)))
        assert np.array_equal(a, b)
        failures, passes = failures + bool(len(a)), passes + (not len(a))
    assert failures > 20 and passes > 20  # both outcomes were exercised


def test_suppress_functions_as_before() -> None:
    rng = np.random.default_rng(7)
    for case in range(80):
        rules = fast.SuppressionRules(min_cell=int(rng.choice([3, 5, 10])), zeros_disclosive=bool(case % 5 == 0))
        rules_ref = ref.SuppressionRules(min_cell=rules.min_cell, zeros_disclosive=rules.zeros_disclosive)
        c = _counts(rng, (int(rng.integers(1, 6)), int(rng.integers(1, 6))))
        df = pd.DataFrame(c, index=[f"r{i}" for i in range(c.shape[0])], columns=[f"c{j}" for j in range(c.shape[1])])
        a, b = fast.suppress(df, rules), ref.suppress(df, rules_ref)
        pd.testing.assert_frame_equal(a, b)
        assert a.attrs == b.attrs
        statuses = ["ok", "ok", "ok", "primary", "secondary"]
        row_margin = [statuses[i] for i in rng.integers(0, 5, size=c.shape[0])]
        col_margin = [statuses[i] for i in rng.integers(0, 5, size=c.shape[1])]
        unpub = list(rng.random(c.shape[1]) < 0.2)
        a = fast.suppress_linked(df, rules, row_margin, col_margin, unpub)
        b = ref.suppress_linked(df, rules_ref, row_margin, col_margin, unpub)
        pd.testing.assert_frame_equal(a, b)
        series = pd.Series(c.ravel()[:8], index=[f"a{i}" for i in range(min(8, c.size))])
        hide = {lab for lab in series.index if rng.random() < 0.15}
        pd.testing.assert_series_equal(fast.suppress_series(series, rules, hide=hide),
                                       ref.suppress_series(series, rules_ref, hide=hide))


def test_the_kept_model_is_what_runs() -> None:
    """scipy's HiGHS is driven directly (a scipy without ``scipy.optimize._highspy._core`` falls back to
    linprog per width: the same numbers, the analyse stage several times slower)."""
    assert fast._highs is not None
    fast._SYSTEMS.clear()
    s = fast.table_structure(np.array([[1, 7, 9], [8, 2, 6]]))
    hidden = np.zeros(len(s.values), bool)
    hidden[[0, 1, 4, 5]] = True
    assert fast._width(*fast._equations(s, hidden), 0) == 8.0  # the 1 can be 0 … 8 (its row: 1 + 7)
    assert len(fast._SYSTEMS) == 1 and next(iter(fast._SYSTEMS.values())).model is not None


def test_without_scipys_highs_module_the_same(monkeypatch) -> None:
    """The fallback (a scipy without the module): every width through linprog, the same statuses."""
    monkeypatch.setattr(fast, "_highs", None)
    monkeypatch.setattr(fast, "_SYSTEMS", {})
    rng = np.random.default_rng(11)
    for _ in range(25):
        c = _counts(rng, (int(rng.integers(2, 5)), int(rng.integers(2, 5))))
        df = pd.DataFrame(c)
        a, b = fast.suppress(df, fast.SuppressionRules()), ref.suppress(df, ref.SuppressionRules())
        pd.testing.assert_frame_equal(a, b)
        assert a.attrs == b.attrs
    assert all(w.model is None for w in fast._SYSTEMS.values())
