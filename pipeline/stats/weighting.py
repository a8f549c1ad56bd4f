"""Raking (iterative proportional fitting) and Kish's effective sample size.

:func:`rake` returns a new :class:`~pipeline.stats.design.Design` that remembers the
calibration, so standard errors afterwards residualise the influence values on the calibration
dummies, weighted by the weights before raking (R ``rake()`` + ``svymean``).

A margin can be a single variable (``{"gender": {"M": 5200, "V": 4800}}``) or a tuple of
variables with tuple levels (``{("gender", "agegrp"): {("M", "18-29"): 1600, ...}}``); one joint
margin is post-stratification.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from pipeline.stats.design import Calibration, Design, is_missing

__all__ = ["rake", "kish", "RakingError"]


class RakingError(ValueError):
    """Raking did not converge."""


MarginKey = str | tuple[str, ...]


def _margin_codes(design: Design, key: MarginKey, targets: Mapping[object, float]) -> tuple[np.ndarray, np.ndarray]:
    """Per-row index into the margin's levels, and the population totals of those levels."""
    columns = (key,) if isinstance(key, str) else tuple(key)
    for col in columns:
        values = design.column(col)
        if is_missing(values).any():
            raise ValueError(f"raking variable {col!r} has {int(is_missing(values).sum())} missing values; "
                             "impute or drop them before raking")
    if isinstance(key, str):
        labels = list(design.column(key))
    else:
        labels = list(zip(*(design.column(c) for c in columns), strict=True))
    if isinstance(targets, pd.Series):
        targets = targets.to_dict()
    levels = list(targets.keys())
    lookup = {lvl: i for i, lvl in enumerate(levels)}
    codes = np.empty(len(labels), dtype=np.int64)
    for i, lab in enumerate(labels):
        if lab not in lookup:
            raise ValueError(f"level {lab!r} of raking variable {key!r} has no population total")
        codes[i] = lookup[lab]
    totals = np.array([float(targets[lvl]) for lvl in levels])
    if not np.all(np.isfinite(totals)) or (totals <= 0).any():
        raise ValueError(f"population totals of {key!r} must be positive numbers, got {targets!r}")
    empty = [levels[i] for i in range(len(levels)) if not (codes == i).any()]
    if empty:
        raise ValueError(f"level {empty[0]!r} of raking variable {key!r} has a population total "
                         "but no respondents; merge it with another level")
    return codes, totals


def rake(design: Design, margins: Mapping[MarginKey, Mapping[object, float]], *, epsilon: float = 1e-8,
         maxit: int = 100) -> Design:
    """Rake the weights of ``design`` to population ``margins`` by iterative proportional fitting.

    Each sweep scales the weights so that every margin in turn matches its population totals.
    Raking stops when, after a sweep, every margin total is within ``epsilon`` (relative) of its
    target; :class:`RakingError` is raised after ``maxit`` sweeps without convergence. All margins
    must have the same grand total.
    """
    if not margins:
        raise ValueError("rake needs at least one margin")
    coded = [(key, *_margin_codes(design, key, targets)) for key, targets in margins.items()]
    grand = [totals.sum() for _, _, totals in coded]
    if max(grand) - min(grand) > 1e-9 * max(grand):
        raise ValueError("the margins have different grand totals: "
                         + ", ".join(f"{k!r}={g:g}" for (k, _, _), g in zip(coded, grand, strict=True)))
    w0 = design.weights.copy()
    w = w0.copy()
    converged = False
    for _ in range(maxit):
        for _, codes, totals in coded:
            current = np.bincount(codes, weights=w, minlength=len(totals))
            w = w * (totals / current)[codes]
        worst = max(np.max(np.abs(np.bincount(codes, weights=w, minlength=len(totals)) - totals) / totals)
                    for _, codes, totals in coded)
        if worst < epsilon:
            converged = True
            break
    if not converged:
        raise RakingError(f"raking did not converge after {maxit} sweeps (largest relative margin error "
                          f"{worst:.3g}); the margins may be inconsistent with the sample, e.g. empty cells")
    dummies = np.column_stack([np.eye(len(totals))[codes] for _, codes, totals in coded])
    cal = Calibration(dummies=dummies, initial_weights=w0,
                      margins=tuple(k if isinstance(k, str) else "×".join(k) for k, _, _ in coded))
    return design.with_weights(w, calibration=cal)


def kish(design: Design) -> dict[str, float]:
    """Kish's effective sample size and weighting design effect.

    ``n`` = respondents, ``n_eff = (Σw)²/Σw²``, ``deff_w = n Σw²/(Σw)² = 1 + CV²(w)``.
    """
    w = design.weights
    n = design.n
    n_eff = float(w.sum() ** 2 / (w**2).sum())
    return {"n": n, "n_eff": n_eff, "deff_w": n / n_eff}
