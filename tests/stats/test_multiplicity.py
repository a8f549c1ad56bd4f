"""adjust_pvalues against R p.adjust (ref/p_adjust.csv)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline.stats import adjust_pvalues


@pytest.mark.parametrize(("method", "column"), [("holm", "holm"), ("bh", "BH"), ("bonferroni", "bonferroni"),
                                                ("hochberg", "hochberg"), ("by", "BY")])
def test_matches_p_adjust(ref_dir, method, column):
    ref = pd.read_csv(ref_dir / "ref" / "p_adjust.csv")
    shuffled = ref.sample(frac=1, random_state=3)  # order must be preserved, whatever it is
    got = adjust_pvalues(shuffled["p"].to_numpy(), method=method)
    np.testing.assert_allclose(got, shuffled[column].to_numpy(), rtol=1e-12)


def test_nan_kept_and_not_counted(ref_dir):
    ref = pd.read_csv(ref_dir / "ref" / "p_adjust.csv")
    p = np.insert(ref["p"].to_numpy(), 2, np.nan)
    got = adjust_pvalues(p, "holm")
    assert np.isnan(got[2])
    np.testing.assert_allclose(np.delete(got, 2), ref["holm"], rtol=1e-12)
    assert np.isnan(adjust_pvalues([np.nan], "bh")).all()


def test_errors():
    with pytest.raises(ValueError, match="method must be one of"):
        adjust_pvalues([0.1], "fdr-magic")
    with pytest.raises(ValueError, match="between 0 and 1"):
        adjust_pvalues([0.1, 1.2])
