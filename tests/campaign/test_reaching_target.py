"""Issue 12 item 5 (e): "reaching the target" is decided exactly, not on a rounded float.

Expected values by hand: growth = (final − baseline)/baseline·100, so 5 → 6 and 10 → 12 are
exactly 20 % (the float 6/5 − 1 is 0.19999999999999996), 50 → 57 exactly 14 %, 100 → 119 is 19 %.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.campaign.growth import Settings, partner_statistics, reaches_target


@pytest.mark.parametrize(("baseline", "final", "target", "expected"), [
    (5, 6, 20, True),        # exactly 20 %
    (10, 12, 20, True),      # exactly 20 %
    (50, 57, 14, True),      # exactly 14 % (float: 13.99999999999999)
    (100, 119, 20, False),   # 19 %
    (1000, 1123, 12.3, True),   # 12.3 % exactly: the target is read as the decimal 123/10
    (1000, 1122, 12.3, False),  # 12.2 %
    (5, 6, 20.000001, False),
    (0, 5, 0, False),        # no growth % without a baseline
    (5, 0, -100, True),      # fell to 0: −100 %
])
def test_reaches_target_is_exact(baseline, final, target, expected) -> None:
    assert reaches_target(baseline, final, target) is expected


def test_partner_statistics_counts_exact_hits() -> None:
    table = pd.DataFrame({
        "nis_code": ["11001", "11002", "11004", "11005"],
        "partner": [True, True, True, False],
        "baseline": pd.array([5, 10, 100, 5], dtype="Int64"),
        "final": pd.array([6, 12, 119, 6], dtype="Int64"),
    })
    got = partner_statistics(table, Settings(target_pct=20.0, bootstrap_resamples=99))
    assert got["n"] == 3
    assert got["reaching_target"] == 2  # 5 → 6 and 10 → 12 reach 20 %; 100 → 119 does not
