"""Weighted proportions and means with design-based standard errors (R ``svymean``).

Item non-response is a domain: a respondent with a missing value stays in the design with a
zero contribution, so standard errors and degrees of freedom keep the full sample's structure
(R ``svymean(..., na.rm=TRUE)``).

A subgroup (``domain=``) is estimated as R's ``svyby``/``subset``: the variance is the full
design's domain variance, but the interval uses the subgroup's degrees of freedom (its rows
minus its strata, R ``degf(subset(...))``) and, for Korn–Graubard, its number of rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.stats.design import Design, is_missing, linearised_variance
from pipeline.stats.intervals import CI_METHODS, proportion_ci, wald_ci

__all__ = ["proportion", "srs_proportions", "mean", "domain_means", "categories_of"]


def domain_means(design: Design, y: np.ndarray, domain: np.ndarray,
                 overwrite: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Weighted means of the columns of ``y`` over the rows where ``domain`` is True.

    Returns ``(estimates, covariance)``; ``y`` may hold anything (e.g. NaN) outside the domain.
    ``overwrite``: ``y`` is a float work array of the caller's that may be used up (it is zeroed
    outside the domain in place: one n×k array fewer to allocate).
    """
    y = np.asarray(y, dtype=float)
    if y.ndim == 1:
        y = y[:, None]
    d = np.asarray(domain, dtype=bool)
    w = design.weights
    total_w = w[d].sum()
    if total_w <= 0:
        raise ValueError("the domain is empty: no respondent has a value")
    if overwrite:
        y0 = y
        np.copyto(y0, 0.0, where=~d[:, None])
    else:
        y0 = np.where(d[:, None], y, 0.0)
    # in place on one work array (the n×k arrays of a million respondents cost more to allocate than
    # to compute): the same operations in the same order as (w·y0).sum and where(d, y0 − est, 0) / Σw
    work = np.multiply(w[:, None], y0)
    est = work.sum(axis=0) / total_w
    u = np.subtract(y0, est, out=work)
    np.copyto(u, 0.0, where=~d[:, None])
    u /= total_w
    return est, linearised_variance(design, u, overwrite=True)


def categories_of(values: pd.Series) -> list[object]:
    """Categories of a column: the category order for a categorical, else the sorted observed values."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return list(values.cat.categories)
    observed = values[~is_missing(values)].unique()
    try:
        return sorted(observed)
    except TypeError:
        return sorted(observed, key=str)


def proportion(design: Design, variable: str, ci: str = "wilson", level: float = 0.95,
               domain: np.ndarray | pd.Series | str | None = None) -> pd.DataFrame:
    """Weighted share of each category of ``variable``, with design-based SE and CI.

    Returns one row per category (sorted; the category order for a categorical column) with
    columns ``category``, ``n`` (unweighted count), ``estimate`` (0–1), ``se``, ``ci_low``,
    ``ci_high``. Missing values are excluded from the base (domain estimation). ``ci`` is one of
    ``"wilson"`` (design-based Wilson on n_eff), ``"logit"`` or ``"korn-graubard"``; at 0 % and
    100 % see :func:`~pipeline.stats.intervals.proportion_ci`. ``domain``: a subgroup (boolean
    array or column), estimated as R ``svyby`` (module docstring).
    """
    if ci not in CI_METHODS:
        raise ValueError(f"ci must be one of {', '.join(CI_METHODS)}; got {ci!r}")
    in_domain = design.domain_mask(domain)
    values = design.column(variable)
    if domain is not None:
        values = values.where(in_domain)
    present = ~is_missing(values)
    if not present.any():
        raise ValueError(f"variable {variable!r} has no non-missing values" + (" in the domain" if domain is not None
                                                                             else ""))
    cats = categories_of(design.column(variable))  # every category, also those absent in the domain
    if design.is_unweighted:
        counts, est, se = _simple_proportions(values, cats, design.n)
    else:
        indicators = np.column_stack([(values == c).to_numpy(dtype=bool, na_value=False) for c in cats])
        counts = indicators.sum(axis=0)
        est, cov = domain_means(design, indicators, present)
        se = np.sqrt(np.clip(np.diag(cov), 0, None))
    df, rows_in, base = design.domain_degf(in_domain), int(in_domain.sum()), int(present.sum())
    low, high = _intervals(ci, est, se, df, rows_in, level, base)
    rows = [{"category": cat, "n": int(counts[j]), "estimate": float(est[j]), "se": float(se[j]),
             "ci_low": low[j], "ci_high": high[j]} for j, cat in enumerate(cats)]
    return pd.DataFrame(rows, columns=["category", "n", "estimate", "se", "ci_low", "ci_high"])


def _intervals(ci: str, est: np.ndarray, se: np.ndarray, df: int, rows_in: int, level: float,
               base: int) -> tuple[list[float], list[float]]:
    """The interval of each category's share (``proportion_ci``), as two lists."""
    limits = [proportion_ci(ci, float(p), float(s), df, rows_in, level, base) for p, s in zip(est, se, strict=True)]
    return [lo for lo, _ in limits], [hi for _, hi in limits]


def srs_proportions(counts: np.ndarray, n: int, rows_in: int, ci: str = "wilson",
                    level: float = 0.95) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`proportion` of an equal-weight, one-stratum design without fpc, from counts alone.

    ``counts``: unweighted count of each category among the respondents with an answer in the
    domain (at least one); ``n``: rows of the whole design; ``rows_in``: rows in the domain (``n``
    for the whole sample). Returns ``(estimate, se, ci_low, ci_high)`` per category, the numbers
    :func:`proportion` gives for such a design, without scanning the respondents again: the
    analyse stage counts each column once and needs no :class:`Design` per table.
    """
    if ci not in CI_METHODS:
        raise ValueError(f"ci must be one of {', '.join(CI_METHODS)}; got {ci!r}")
    counts = np.asarray(counts)
    base = int(counts.sum())
    if base <= 0 or not 0 < base <= rows_in <= n or n < 2:
        raise ValueError(f"need 1 ≤ respondents ({base}) ≤ domain rows ({rows_in}) ≤ design rows ({n}), n ≥ 2")
    est, se = _srs_shares(counts, n)
    low, high = _intervals(ci, est, se, rows_in - 1, rows_in, level, base)  # degf: rows minus its one stratum
    return est, se, np.array(low, dtype=float), np.array(high, dtype=float)


def _simple_proportions(values: pd.Series, cats: list[object], n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Counts, shares and linearisation SEs of an equal-weight, one-stratum design, from counts.

    With equal weights the influence values of category k in the domain of the n_d respondents
    with an answer are z_i = d_i (y_ik − p_k) / n_d, which sum to zero, so R's with-replacement
    variance n/(n−1) Σ z_i² reduces to n/(n−1) · p_k(1 − p_k) / n_d: the same number without an
    n×k matrix (what makes a million respondents feasible).
    """
    codes = pd.Categorical(values, categories=cats).codes
    counts = np.bincount(codes[codes >= 0], minlength=len(cats))
    est, se = _srs_shares(counts, n)
    return counts.astype(int), est, se


def _srs_shares(counts: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Shares and SEs of an equal-weight, one-stratum design of ``n`` rows from category counts."""
    counts = np.asarray(counts).astype(float)
    n_d = counts.sum()
    est = counts / n_d
    se = np.sqrt(np.clip(n / (n - 1) * est * (1 - est) / n_d, 0, None))
    return est, se


def numeric_values(design: Design, variable: str) -> tuple[np.ndarray, np.ndarray]:
    """``(values as float, present mask)`` of a numeric column, with a plain error otherwise."""
    values = design.column(variable)
    present = ~is_missing(values)
    try:
        y = pd.to_numeric(values.where(pd.notna(values)), errors="raise").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"variable {variable!r} is not numeric (e.g. value {values[present].iloc[0]!r})") from exc
    return y, present


def mean(design: Design, variable: str, level: float = 0.95,
         domain: np.ndarray | pd.Series | str | None = None) -> dict[str, float | int]:
    """Weighted mean of a numeric ``variable`` with SE and t interval (df = design degf; for a
    ``domain`` the subgroup's, as R ``svyby``).

    Returns ``{"estimate", "se", "ci_low", "ci_high", "n"}``; ``n`` counts the respondents
    with a value (in the domain).
    """
    in_domain = design.domain_mask(domain)
    y, present = numeric_values(design, variable)
    present = present & in_domain
    if not present.any():
        raise ValueError(f"variable {variable!r} has no non-missing values" + (" in the domain" if domain is not None
                                                                             else ""))
    est, cov = domain_means(design, y, present)
    se = float(np.sqrt(max(cov[0, 0], 0.0)))
    low, high = wald_ci(float(est[0]), se, design.domain_degf(in_domain), level)
    return {"estimate": float(est[0]), "se": se, "ci_low": low, "ci_high": high, "n": int(present.sum())}
