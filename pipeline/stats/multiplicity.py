"""Multiple-comparison adjustment of p-values (as R ``p.adjust``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["adjust_pvalues", "METHODS"]

METHODS = ("holm", "bh", "bonferroni", "hochberg", "by")


def adjust_pvalues(p: Sequence[float] | np.ndarray, method: str = "holm") -> np.ndarray:
    """Adjusted p-values in the input order; NaN stays NaN and does not count as a test.

    ``method``: ``"holm"`` (family-wise, for confirmatory families), ``"bh"`` (Benjamini–Hochberg
    false discovery rate, for exploratory batches), ``"bonferroni"``, ``"hochberg"`` or ``"by"``
    (Benjamini–Yekutieli). Matches R ``p.adjust`` with its default n = number of non-missing p.
    """
    key = method.lower()
    if key not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}; got {method!r}")
    arr = np.asarray(p, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"p must be a one-dimensional sequence, got shape {arr.shape}")
    ok = ~np.isnan(arr)
    vals = arr[ok]
    if ((vals < 0) | (vals > 1)).any():
        raise ValueError(f"p-values must lie between 0 and 1, got {vals[(vals < 0) | (vals > 1)][0]!r}")
    m = len(vals)
    out = np.full(arr.shape, np.nan)
    if m == 0:
        return out
    i = np.arange(1, m + 1)
    if key == "bonferroni":
        adj = np.minimum(1.0, m * vals)
    elif key == "holm":
        order = np.argsort(vals, kind="stable")
        adj = np.empty(m)
        adj[order] = np.minimum(1.0, np.maximum.accumulate((m - i + 1) * vals[order]))
    else:
        order = np.argsort(vals, kind="stable")[::-1]  # decreasing
        rank = i[::-1]  # rank of each p in increasing order
        if key == "hochberg":
            factor = m - rank + 1
        elif key == "bh":
            factor = m / rank
        else:  # by
            factor = m / rank * np.sum(1.0 / i)
        adj = np.empty(m)
        adj[order] = np.minimum(1.0, np.minimum.accumulate(factor * vals[order]))
    out[ok] = adj
    return out
