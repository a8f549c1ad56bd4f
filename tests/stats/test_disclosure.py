"""Disclosure control: primary and secondary suppression, percentage bases, rounding."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stats import SuppressionRules, pct_status, round_half_up, suppress, suppress_series
from pipeline.stats.rounding import round_to_base

RULES = SuppressionRules()


def assert_protected(status: pd.DataFrame) -> None:
    """Every row and every column holds 0 or at least 2 suppressed cells."""
    hidden = (status != "ok").to_numpy()
    for line in itertools.chain(hidden, hidden.T):
        assert line.sum() != 1, status


def _reference_table(ref_dir, name: str) -> pd.DataFrame:
    tables = pd.read_csv(ref_dir / "data" / "contingency_tables.csv")
    return tables[tables["table"] == name].pivot(index="row", columns="col", values="count")


def test_reference_2x3(ref_dir):
    counts = _reference_table(ref_dir, "t2x3")  # [[8, 2, 5], [1, 6, 4]]
    status = suppress(counts, RULES)
    # primaries: 2, 1, 4. Every column then has one primary cell, so its other cell goes too.
    assert (status == "primary").to_numpy().tolist() == [[False, True, False], [True, False, True]]
    assert (status != "ok").to_numpy().all()
    assert_protected(status)
    # with min_cell 2 only the 1 is primary; its row complement is the 4, its column's the 8,
    # then row 1 needs the 5: a 2×2 rectangle
    status2 = suppress(counts, SuppressionRules(min_cell=2))
    assert status2.to_numpy().tolist() == [["secondary", "ok", "secondary"], ["primary", "ok", "secondary"]]


def test_reference_3x3(ref_dir):
    counts = _reference_table(ref_dir, "t3x3")  # [[5, 1, 2], [2, 6, 1], [1, 2, 7]]
    status = suppress(counts, RULES)
    # two hidden cells per line is not enough: with only the six small cells hidden, row 0 leaves
    # x01 + x02 = 8 − 5 = 3, so the 1 at (0, 1) lies in [0, 3], narrower than the threshold 5.
    # Hiding the diagonal too leaves it in [0, 8] (x01 = 8 with x00 = x02 = 0 fits every total).
    expected = [["secondary", "primary", "primary"], ["primary", "secondary", "primary"],
                ["primary", "primary", "secondary"]]
    assert status.to_numpy().tolist() == expected
    assert_protected(status)
    assert list(status.index) == list(counts.index) and list(status.columns) == list(counts.columns)


def test_hand_worked_example():
    counts = pd.DataFrame([[3, 10, 20], [15, 12, 30], [40, 50, 60]],
                          index=["a", "b", "c"], columns=["x", "y", "z"])
    # 3 is primary; row a: smallest other is 10 → secondary; column x: smallest other 15;
    # column y now has one hidden cell (10): smallest other is 12, which also completes row b.
    expected = pd.DataFrame([["primary", "secondary", "ok"], ["secondary", "secondary", "ok"],
                             ["ok", "ok", "ok"]], index=counts.index, columns=counts.columns)
    pd.testing.assert_frame_equal(suppress(counts, RULES), expected)


def test_zeros_are_not_complements_and_not_primary_by_default():
    counts = pd.DataFrame([[3, 0, 20], [15, 8, 30]])
    status = suppress(counts, RULES)
    assert status.iloc[0, 1] == "ok"                     # zero is neither primary nor a complement
    assert status.iloc[0, 2] == "secondary"              # 20 protects the 3 in row 0
    assert_protected(status)
    strict = suppress(counts, SuppressionRules(zeros_disclosive=True))
    assert strict.iloc[0, 1] == "primary"
    assert_protected(strict)


def test_without_totals_only_primary():
    counts = pd.DataFrame([[3, 10], [15, 12]])
    assert suppress(counts, RULES, with_totals=False).to_numpy().tolist() == [["primary", "ok"], ["ok", "ok"]]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5).flatmap(lambda r: st.integers(2, 5).flatmap(
    lambda c: st.lists(st.lists(st.integers(0, 30), min_size=c, max_size=c), min_size=r, max_size=r))))
def test_secondary_suppression_property(table):
    counts = pd.DataFrame(table)
    status = suppress(counts, RULES)
    c = counts.to_numpy()
    primary = (c > 0) & (c < RULES.min_cell)
    assert ((status == "primary").to_numpy() == primary).all()
    hidden = (status != "ok").to_numpy()
    # with every total published, a line with one hidden cell gives it away (necessary, not sufficient:
    # the full check is the LP attack in test_disclosure_attack.py)
    if all(v == "ok" for v in [*status.attrs["row_totals"], *status.attrs["col_totals"], status.attrs["grand_total"]]):
        for line in hidden if counts.shape[0] == 1 else itertools.chain(hidden, hidden.T):
            assert line.sum() != 1
    else:  # a total is hidden only when it is a small count itself
        sums = np.concatenate([c.sum(axis=1), c.sum(axis=0)])
        assert ((sums > 0) & (sums < RULES.min_cell)).any()


def test_series():
    s = pd.Series([10, 3, 0, 7, 20], index=list("abcde"))
    assert suppress_series(s, RULES).tolist() == ["ok", "primary", "ok", "secondary", "ok"]
    assert suppress_series(s, RULES, total_published=False).tolist() == ["ok", "primary", "ok", "ok", "ok"]
    two = pd.Series([2, 3, 40])
    assert suppress_series(two, RULES).tolist() == ["primary", "primary", "ok"]


def test_pct_status():
    assert [pct_status(b) for b in (0, 29, 30, 59, 60, 500)] == \
        ["suppressed", "suppressed", "flagged", "flagged", "ok", "ok"]
    assert pct_status(40, SuppressionRules(min_base_pct=50, flag_base_pct=100)) == "suppressed"


def test_bad_input():
    with pytest.raises(ValueError, match="whole"):
        suppress(pd.DataFrame([[1.5, 2]]), RULES)
    with pytest.raises(ValueError, match="missing"):
        suppress(pd.DataFrame([[np.nan, 2]]), RULES)
    with pytest.raises(ValueError, match="min_cell"):
        SuppressionRules(min_cell=0)


def test_round_half_up():
    assert round_half_up(0.125, 2) == 0.13      # Python's round gives 0.12
    assert round_half_up(2.675, 2) == 2.68      # binary 2.67499999… but printed 2.675
    assert round_half_up(12.5) == 13 and round_half_up(-12.5) == -13
    assert np.isnan(round_half_up(float("nan")))
    assert round_to_base(12.5, 5) == 15 and round_to_base(12.4, 5) == 10
