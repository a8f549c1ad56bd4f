"""Statistical disclosure control for published tables (research note §2).

Every report table, chart and spreadsheet passes its **unweighted** counts through these
functions before publication:

* :func:`suppress` — status per cell of a two-way table: ``"ok"``, ``"primary"`` (a count of
  1 … ``min_cell``−1, or 0 when zeros are disclosive) or ``"secondary"`` (a complement chosen so
  that no suppressed cell can be recomputed from the published row and column totals);
* :func:`suppress_series` — the same for a one-way frequency table;
* :func:`pct_status` — whether a percentage may be shown on a given unweighted base.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["SuppressionRules", "suppress", "suppress_series", "pct_status"]

OK, PRIMARY, SECONDARY = "ok", "primary", "secondary"


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


def _pick_complement(counts: np.ndarray, candidates: np.ndarray) -> int:
    """Index of the best complement among ``candidates``: the smallest non-zero count.

    A suppressed zero protects nothing (the attacker bounds the primary cell by the pair's sum),
    so zeros are used only when no positive candidate is left.
    """
    positive = candidates[counts[candidates] > 0]
    pool = positive if len(positive) else candidates
    return int(pool[np.argmin(counts[pool])])


def suppress(counts: pd.DataFrame, rules: SuppressionRules = SuppressionRules(), with_totals: bool = True
             ) -> pd.DataFrame:
    """Status per cell (``"ok"``, ``"primary"``, ``"secondary"``) of a rows×cols count table.

    With ``with_totals`` (row and column totals are published) secondary suppression makes every
    row and column that has a suppressed cell hold at least two. Rows are fixed before columns,
    one cell at a time, until stable; the complement is the smallest non-zero unsuppressed cell
    of the offending line, preferring cells whose crossing line also has exactly one suppressed
    cell (one complement then protects two lines); ties go to the first cell. A line of length 1 cannot be
    protected by a complement: suppress its total instead (use :func:`suppress_series` for
    one-way tables).
    """
    if not isinstance(counts, pd.DataFrame):
        raise ValueError(f"counts must be a pandas DataFrame, got {type(counts).__name__}")
    c = _as_counts(counts.to_numpy(), "the count table")
    primary = np.vectorize(rules.is_primary, otypes=[bool])(c) if c.size else np.zeros(c.shape, bool)
    suppressed = primary.copy()
    if with_totals and c.size:
        changed = True
        while changed:
            changed = False
            for axis in (1, 0):  # rows, then columns
                per_line = suppressed.sum(axis=axis)
                cross = suppressed.sum(axis=1 - axis)
                for line in np.flatnonzero(per_line == 1):
                    mask = suppressed[line, :] if axis == 1 else suppressed[:, line]
                    free = np.flatnonzero(~mask)
                    if len(free) == 0:
                        continue
                    vals = c[line, :] if axis == 1 else c[:, line]
                    # prefer a cell whose crossing line also lacks a complement: one cell fixes two lines
                    lone_cross = free[(cross[free] == 1) & (vals[free] > 0)]
                    best = _pick_complement(vals, lone_cross if len(lone_cross) else free)
                    if axis == 1:
                        suppressed[line, best] = True
                    else:
                        suppressed[best, line] = True
                    changed = True
                    break
                if changed:
                    break
    status = np.where(primary, PRIMARY, np.where(suppressed, SECONDARY, OK))
    return pd.DataFrame(status, index=counts.index, columns=counts.columns)


def suppress_series(counts: pd.Series, rules: SuppressionRules = SuppressionRules(), total_published: bool = True
                    ) -> pd.Series:
    """Status per cell of a one-way frequency table.

    If exactly one cell is primary-suppressed and the total is published, the next-smallest
    (non-zero when possible) cell is suppressed as ``"secondary"``.
    """
    if not isinstance(counts, pd.Series):
        raise ValueError(f"counts must be a pandas Series, got {type(counts).__name__}")
    c = _as_counts(counts.to_numpy(), "the frequency table")
    primary = np.array([rules.is_primary(int(v)) for v in c], dtype=bool)
    status = np.where(primary, PRIMARY, OK).astype(object)
    free = np.flatnonzero(~primary)
    if total_published and primary.sum() == 1 and len(free):
        status[_pick_complement(c, free)] = SECONDARY
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
