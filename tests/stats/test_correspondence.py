"""Paired correspondence tests against ref/correspondence.csv (R) for all pairs and per landlord type."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pipeline.stats import correspondence

# (reference quantity, column, our key)
KEYS = [
    ("n_pairs", "estimate", "n"), ("a_both", "estimate", "a"), ("b_only_be", "estimate", "b"),
    ("c_only_fo", "estimate", "c"), ("d_neither", "estimate", "d"),
    ("rate_be", "estimate", "rate_majority"), ("rate_fo", "estimate", "rate_minority"),
    ("net_discrimination_all_pairs", "estimate", "net_discrimination"),
    ("net_discrimination_rate_RiachRich", "estimate", "ndr"),
    ("diff_rate_newcombe10", "ci_low", "ci_low"), ("diff_rate_newcombe10", "ci_high", "ci_high"),
    ("relative_response_be_over_fo", "estimate", "relative_response"),
    ("exact_binomial_b_of_bc", "p_value", "p_value"),
    ("mcnemar_chisq_cc", "p_value", "mcnemar_cc_p"),
    ("mcnemar_midp", "p_value", "mcnemar_midp"),
    ("conditional_odds_ratio_b_over_c", "estimate", "odds_ratio_bc"),
    ("conditional_odds_ratio_b_over_c", "ci_low", "odds_ratio_bc_ci_low"),
    ("conditional_odds_ratio_b_over_c", "ci_high", "odds_ratio_bc_ci_high"),
]


@pytest.fixture(scope="module")
def pairs(ref_dir):
    return pd.read_csv(ref_dir / "data" / "correspondence_pairs.csv")


@pytest.fixture(scope="module")
def reference(ref_dir):
    return pd.read_csv(ref_dir / "ref" / "correspondence.csv")


@pytest.mark.parametrize("subset", ["all", "particulier", "makelaar"])
def test_matches_r(pairs, reference, subset):
    data = pairs if subset == "all" else pairs[pairs["landlord_type"] == subset]
    got = correspondence(data, majority="positive_be", minority="positive_fo", level=0.95)
    ref = reference[reference["subset"] == subset].set_index("quantity")
    for quantity, column, key in KEYS:
        assert got[key] == pytest.approx(ref.loc[quantity, column], rel=1e-8), (subset, key)


def test_subsets_add_up(pairs):
    parts = [correspondence(g, "positive_be", "positive_fo") for _, g in pairs.groupby("landlord_type")]
    total = correspondence(pairs, "positive_be", "positive_fo")
    for key in "abcdn":
        assert sum(p[key] for p in parts) == total[key]


def test_hand_example_and_edge_cases():
    # 2 pairs both positive, 3 only majority, 1 only minority, 4 neither (hand-made)
    df = pd.DataFrame({"maj": [1, 1, 1, 1, 1, 0, 0, 0, 0, 0], "mino": [1, 1, 0, 0, 0, 1, 0, 0, 0, 0]})
    got = correspondence(df, "maj", "mino")
    assert (got["a"], got["b"], got["c"], got["d"]) == (2, 3, 1, 4)
    assert got["net_discrimination"] == pytest.approx(0.2)
    assert got["ndr"] == pytest.approx(2 / 6)
    assert got["p_value"] == pytest.approx(0.625)  # 2·P(X ≥ 3 | Bin(4, ½)) = 2·5/16
    assert got["odds_ratio_bc"] == 3
    assert got["ci_low"] < 0.2 < got["ci_high"]
    none = correspondence(pd.DataFrame({"maj": [1, 0], "mino": [1, 0]}), "maj", "mino")
    assert none["p_value"] == 1.0 and math.isnan(none["odds_ratio_bc"])


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="'maj' has 1 missing"):
        correspondence(pd.DataFrame({"maj": [1, None], "mino": [1, 0]}), "maj", "mino")
    with pytest.raises(ValueError, match="'mino' must hold 0/1"):
        correspondence(pd.DataFrame({"maj": [1, 0], "mino": [2, 0]}), "maj", "mino")
