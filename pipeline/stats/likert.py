"""Likert items (distribution, top-2-box, mean score) and multiple-response questions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from pipeline.stats.design import Design, is_missing
from pipeline.stats.estimates import domain_means, proportion
from pipeline.stats.intervals import CI_METHODS, proportion_ci, wald_ci

__all__ = ["likert_summary", "multiple_response"]


def _scores(values: pd.Series, variable: str) -> np.ndarray:
    """Numeric score per respondent: the value itself, or 1..k for an ordered categorical."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        if not values.cat.ordered:
            raise ValueError(f"Likert variable {variable!r} is an unordered categorical; "
                             "make it ordered so a mean score is defined")
        codes = values.cat.codes.to_numpy()
        return np.where(codes >= 0, codes + 1, np.nan).astype(float)
    try:
        return pd.to_numeric(values.where(pd.notna(values)), errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Likert variable {variable!r} is neither numeric nor an ordered categorical") from exc


def likert_summary(design: Design, variable: str, top: Sequence[Any] = (4, 5), ci: str = "wilson",
                   level: float = 0.95) -> dict[str, Any]:
    """Summary of one Likert item.

    Returns a dict with ``distribution`` (the :func:`~pipeline.stats.proportion` table),
    ``top`` (dict ``levels, estimate, se, ci_low, ci_high`` for the share answering one of the
    ``top`` levels — values or category labels), ``mean`` (dict ``estimate, se, ci_low, ci_high``
    of the score: the numeric value, or 1..k for an ordered categorical) and ``n`` (respondents
    with an answer). Missing answers are left out of every base (domain estimation).
    """
    values = design.column(variable)
    present = ~is_missing(values)
    if not present.any():
        raise ValueError(f"Likert variable {variable!r} has no answers")
    top = tuple(top)
    observed = set(values[present].unique())
    known = set(values.cat.categories) if isinstance(values.dtype, pd.CategoricalDtype) else observed
    unknown = [t for t in top if t not in known]
    if unknown or not top:
        raise ValueError(f"top levels {list(top)} of Likert variable {variable!r} are not all answer levels "
                         f"(unknown: {unknown})")
    distribution = proportion(design, variable, ci=ci, level=level)
    in_top = values.isin(top).to_numpy(dtype=bool, na_value=False)
    est, cov = domain_means(design, in_top.astype(float), present)
    p, se = float(est[0]), float(np.sqrt(max(cov[0, 0], 0.0)))
    low, high = proportion_ci(ci, p, se, design.degf, design.n, level, base=int(present.sum()))
    scores = _scores(values, variable)
    m_est, m_cov = domain_means(design, scores, present)
    m_se = float(np.sqrt(max(m_cov[0, 0], 0.0)))
    m_low, m_high = wald_ci(float(m_est[0]), m_se, design.degf, level)
    return {
        "distribution": distribution,
        "top": {"levels": top, "n": int(in_top.sum()), "estimate": p, "se": se, "ci_low": low, "ci_high": high},
        "mean": {"estimate": float(m_est[0]), "se": m_se, "ci_low": m_low, "ci_high": m_high},
        "n": int(present.sum()),
    }


def multiple_response(design: Design, options: Sequence[str], asked: str | None = None, ci: str = "wilson",
                      level: float = 0.95) -> pd.DataFrame:
    """Share of respondents choosing each option of a multiple-response question.

    Each option is a 0/1 (or boolean) column. The base is every respondent who was asked
    (``asked`` column True, or everyone) and answered (at least one option not missing); within
    the base a missing option counts as "not chosen". Percentages are "% of respondents" and may
    sum to more than 100 %. Returns one row per option: ``option, n`` (choosing), ``base``,
    ``estimate, se, ci_low, ci_high``. An option chosen by nobody or by everybody in the base
    gets the Wilson score interval on the base (Clopper–Pearson for "korn-graubard"), as
    single-choice answers do, not a 0–0 % interval.
    """
    if ci not in CI_METHODS:
        raise ValueError(f"ci must be one of {', '.join(CI_METHODS)}; got {ci!r}")
    options = list(options)
    if not options:
        raise ValueError("multiple_response needs at least one option column")
    chosen = np.empty((design.n, len(options)))
    answered = np.zeros(design.n, dtype=bool)
    for j, opt in enumerate(options):
        col = design.column(opt)
        miss = is_missing(col)
        vals = _numbers(col, miss)
        bad = ~miss & (vals != 0.0) & (vals != 1.0)
        if bad.any():
            raise ValueError(f"option column {opt!r} must hold 0/1 values, found {col[bad].iloc[0]!r}")
        chosen[:, j] = np.where(miss, 0.0, vals)
        answered |= ~miss
    base = answered
    if asked is not None:
        flag = design.column(asked)
        if is_missing(flag).any():
            raise ValueError(f"column {asked!r} (asked) has {int(is_missing(flag).sum())} missing values")
        base = base & flag.astype(bool).to_numpy()
    if not base.any():
        raise ValueError(f"no respondent was asked and answered options {options}")
    n_chosen = np.count_nonzero((chosen != 0) & base[:, None], axis=0)
    if design.is_unweighted:
        # equal weights, one stratum: each option is a share of the base (0/1 values), whose linearisation SE
        # reduces to counts (estimates._srs_shares, as proportion() does): no n×k influence matrix
        est, se = _srs_shares_of_base(n_chosen, int(base.sum()), design.n)
    else:
        est, cov = domain_means(design, chosen, base, overwrite=True)  # chosen is used up
        se = np.sqrt(np.clip(np.diag(cov), 0, None))
    rows = []
    for j, opt in enumerate(options):
        # an option chosen by nobody or everybody: Wilson score on the base (proportion_ci)
        low, high = proportion_ci(ci, float(est[j]), float(se[j]), design.degf, design.n, level,
                                  base=int(base.sum()))
        rows.append({"option": opt, "n": int(n_chosen[j]), "base": int(base.sum()),
                     "estimate": float(est[j]), "se": float(se[j]), "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows, columns=["option", "n", "base", "estimate", "se", "ci_low", "ci_high"])


def _srs_shares_of_base(chosen: np.ndarray, base: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Shares of ``base`` respondents choosing each option, and their SEs, in an equal-weight one-stratum design of
    ``n`` rows: n/(n−1) · p(1 − p) / base, the linearisation variance with the influence values d_i (y_i − p) / base
    (they sum to zero)."""
    est = np.asarray(chosen, dtype=float) / base
    se = np.sqrt(np.clip(n / (n - 1) * est * (1 - est) / base, 0, None))
    return est, se


def _numbers(col: pd.Series, miss: np.ndarray) -> np.ndarray:
    """An option column as floats (NaN where missing; text that is no number is NaN too)."""
    if pd.api.types.is_numeric_dtype(col.dtype):  # numbers or booleans already: no conversion pass
        return col.to_numpy(dtype=float, na_value=np.nan)
    return pd.to_numeric(col.where(~miss), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
