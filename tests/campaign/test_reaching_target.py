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


def test_partner_chart_colours_an_exact_hit_as_reached() -> None:
    # 5 → 6 is exactly 20 %: the bar must have the "reached" colour (C0), like the count above;
    # 100 → 119 (19 %) the "missed" colour (C1)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.colors as mcolors
    import matplotlib.pyplot as plt

    from pipeline.campaign.charts import plot_partner_growth

    table = pd.DataFrame({"municipality": ["Exact", "Mis"], "partner": [True, True], "baseline": [5, 100],
                          "final": [6, 119], "growth_pct": [(6 / 5 - 1) * 100, 19.0]})
    fig, ax = plt.subplots()
    plot_partner_growth(ax, table, 20)
    colours = {label.get_text(): mcolors.to_hex(bar.get_facecolor())
               for label, bar in zip(ax.get_yticklabels(), ax.patches, strict=True)}
    plt.close(fig)
    assert colours["Exact"] == mcolors.to_hex("C0")
    assert colours["Mis"] == mcolors.to_hex("C1")
