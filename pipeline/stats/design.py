"""Survey design object and Taylor-linearisation variance (as R ``survey``'s ``svydesign``).

A :class:`Design` holds the respondents, their weights, the strata and the finite-population
correction. Estimators in :mod:`pipeline.stats.estimates` compute influence values per unit of
weight and hand them to :func:`linearised_variance`, which applies (in this order)

1. the calibration residualisation of every raking/post-stratification step (least squares of
   the influence values on the calibration dummies, weighted by the weights *before* that step);
2. the stratified with-replacement variance of the weighted influence values, with the
   finite-population correction ``1 - n_h/N_h`` within each stratum when ``fpc`` is given;
   a stratum with one respondent is handled as R's ``options(survey.lonely.psu=)`` says
   (``lonely_psu``: "fail", "remove", "certainty", "adjust" or "average").

This reproduces ``svymean``/``svytotal`` of R ``survey`` (see ``docs/statistics.md``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Design", "Calibration", "linearised_variance", "is_missing", "LONELY_PSU"]

# R survey's options("survey.lonely.psu"); "fail" is R's default
LONELY_PSU = ("fail", "remove", "certainty", "adjust", "average")


@dataclass(frozen=True)
class Calibration:
    """One calibration step (raking or post-stratification).

    ``dummies`` is the n×k matrix of calibration indicators (all margins side by side) and
    ``initial_weights`` the weights the step started from.
    """

    dummies: np.ndarray
    initial_weights: np.ndarray
    margins: tuple[str, ...]


def is_missing(values: pd.Series) -> np.ndarray:
    """Boolean array: True where a value is missing (NaN, None, ``pd.NA``, ``NaT``)."""
    return np.asarray(pd.isna(values), dtype=bool)


class Design:
    """A one-stage survey design: weights, optional strata and optional population sizes.

    Parameters
    ----------
    data:
        The respondents, one row each.
    weights:
        Column with the sampling (design) weights. ``None``: all weights 1, unless ``fpc`` is
        given, in which case the weights are ``N_h / n_h`` as in R ``svydesign(fpc=)``.
    strata:
        Column with the stratum of each respondent. ``None``: one stratum.
    fpc:
        Column with the population size ``N_h`` of the respondent's stratum (constant within a
        stratum). Values that are all ≤ 1 are read as sampling fractions ``n_h/N_h``, as in R.
    lonely_psu:
        What a stratum with one respondent does to the variance, as R's
        ``options(survey.lonely.psu=)``: ``"fail"`` (default: an error, unless the stratum is
        its whole population), ``"remove"`` and ``"certainty"`` (it adds no variance; the same
        for a one-stage design), ``"adjust"`` (its influence value is centred at zero, the
        whole-sample mean, instead of its own) or ``"average"`` (the other strata's variance is
        scaled up by #strata / #strata with more than one respondent).
    """

    def __init__(
        self,
        data: pd.DataFrame,
        weights: str | None = None,
        strata: str | None = None,
        fpc: str | None = None,
        lonely_psu: str = "fail",
        *,
        _weights_array: np.ndarray | None = None,
        _calibrations: tuple[Calibration, ...] = (),
    ) -> None:
        if not isinstance(data, pd.DataFrame):
            raise ValueError(f"data must be a pandas DataFrame, got {type(data).__name__}")
        if len(data) < 2:
            raise ValueError(f"a design needs at least 2 respondents, got {len(data)}")
        for role, col in (("weights", weights), ("strata", strata), ("fpc", fpc)):
            if col is not None and col not in data.columns:
                raise ValueError(f"{role} column {col!r} is not in the data")
        if lonely_psu not in LONELY_PSU:
            raise ValueError(f"lonely_psu must be one of {', '.join(LONELY_PSU)}; got {lonely_psu!r}")
        self.lonely_psu = lonely_psu
        self.data: pd.DataFrame = data.reset_index(drop=True)
        self.weights_column = weights
        self.strata_column = strata
        self.fpc_column = fpc
        self.calibrations: tuple[Calibration, ...] = _calibrations

        n = len(self.data)
        if strata is None:
            self.strata_codes = np.zeros(n, dtype=np.int64)
            self.strata_labels: list[object] = ["(all)"]
        else:
            s = self.data[strata]
            if is_missing(s).any():
                raise ValueError(f"strata column {strata!r} has {int(is_missing(s).sum())} missing values")
            codes, uniques = pd.factorize(s, sort=True)
            self.strata_codes = codes.astype(np.int64)
            self.strata_labels = list(uniques)
        n_h = np.bincount(self.strata_codes)
        self.stratum_sizes = n_h
        self.popsize = self._read_fpc(fpc, n_h)
        # a one-respondent stratum that is its whole population (N_h = 1) has no variance (R)
        lonely = [h for h in np.flatnonzero(n_h < 2) if self.popsize is None or self.popsize[h] > n_h[h]]
        if lonely and lonely_psu == "fail":
            raise ValueError(f"stratum {self.strata_labels[lonely[0]]!r} in column {strata!r} has only one "
                             "respondent; merge it with another stratum or choose lonely_psu "
                             f"({', '.join(LONELY_PSU[1:])})")
        if lonely and lonely_psu == "average" and len(lonely) == len(n_h):
            raise ValueError(f"every stratum in column {strata!r} has only one respondent: "
                             "lonely_psu='average' has no other strata to average")

        if _weights_array is not None:
            w = np.asarray(_weights_array, dtype=float)
        elif weights is not None:
            col = self.data[weights]
            if is_missing(col).any():
                raise ValueError(f"weights column {weights!r} has {int(is_missing(col).sum())} missing values")
            try:
                w = col.to_numpy(dtype=float)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"weights column {weights!r} is not numeric") from exc
        elif self.popsize is not None:
            w = self.popsize[self.strata_codes] / n_h[self.strata_codes]
        else:
            w = np.ones(n)
        if not np.all(np.isfinite(w)) or (w <= 0).any():
            bad = int((~np.isfinite(w) | (w <= 0)).sum())
            raise ValueError(f"weights column {weights!r} has {bad} values that are not positive finite numbers")
        self.weights: np.ndarray = w

    def _read_fpc(self, fpc: str | None, n_h: np.ndarray) -> np.ndarray | None:
        """Population size per stratum (index = stratum code), or None without fpc."""
        if fpc is None:
            return None
        col = self.data[fpc]
        if is_missing(col).any():
            raise ValueError(f"fpc column {fpc!r} has {int(is_missing(col).sum())} missing values")
        values = col.to_numpy(dtype=float)
        pop = np.empty(len(n_h))
        for h in range(len(n_h)):
            v = np.unique(values[self.strata_codes == h])
            if len(v) != 1:
                raise ValueError(f"fpc column {fpc!r} is not constant within stratum {self.strata_labels[h]!r}: "
                                 f"values {v.tolist()}")
            pop[h] = v[0]
        if (pop <= 0).any():
            raise ValueError(f"fpc column {fpc!r} has values ≤ 0")
        if (pop <= 1).all():  # sampling fractions, as R accepts
            pop = n_h / pop
        short = np.flatnonzero(pop < n_h)
        if len(short):
            h = short[0]
            raise ValueError(f"fpc column {fpc!r}: population size {pop[h]:g} of stratum "
                             f"{self.strata_labels[h]!r} is smaller than its {n_h[h]} respondents")
        return pop

    # ------------------------------------------------------------------ properties
    @property
    def n(self) -> int:
        """Number of respondents (rows), including those with missing items."""
        return len(self.data)

    @property
    def degf(self) -> int:
        """Design degrees of freedom: respondents minus strata (R ``degf``)."""
        return self.n - len(self.stratum_sizes)

    def domain_mask(self, domain: np.ndarray | pd.Series | str | None) -> np.ndarray:
        """Boolean array of the rows in a domain (subgroup): all rows for ``None``, else a
        boolean array/Series of length n or the name of a boolean column."""
        if domain is None:
            return np.ones(self.n, dtype=bool)
        if isinstance(domain, str):
            domain = self.column(domain)
        if isinstance(domain, pd.Series):
            if is_missing(domain).any():
                raise ValueError(f"the domain {domain.name!r} has missing values; use True/False for every row")
            domain = domain.to_numpy()
        mask = np.asarray(domain)
        if mask.shape != (self.n,) or mask.dtype != bool:
            raise ValueError(f"a domain must be {self.n} True/False values, one per row of the design")
        return mask

    def domain_degf(self, domain: np.ndarray | pd.Series | str | None = None) -> int:
        """Degrees of freedom of a subgroup, as R ``degf(subset(design, domain))`` (what
        ``svyby`` uses): its rows minus the strata it has rows in."""
        mask = self.domain_mask(domain)
        strata_in = np.bincount(self.strata_codes[mask], minlength=len(self.stratum_sizes))  # a count, not a sort
        return int(mask.sum()) - int(np.count_nonzero(strata_in))

    @property
    def is_unweighted(self) -> bool:
        """True for simple random sampling: equal weights, one stratum, no fpc, no calibration."""
        return (len(self.stratum_sizes) == 1 and self.popsize is None and not self.calibrations
                and bool(np.allclose(self.weights, self.weights[0], rtol=1e-12, atol=0)))

    def column(self, name: str) -> pd.Series:
        """The column ``name`` of the data, with a plain error when it does not exist."""
        if name not in self.data.columns:
            raise ValueError(f"variable {name!r} is not in the data")
        return self.data[name]

    def with_weights(self, weights: np.ndarray, calibration: Calibration | None = None) -> Design:
        """A new design with other weights (and, optionally, one more calibration step)."""
        cals = self.calibrations + ((calibration,) if calibration is not None else ())
        return Design(self.data, weights=self.weights_column, strata=self.strata_column, fpc=self.fpc_column,
                      lonely_psu=self.lonely_psu, _weights_array=weights, _calibrations=cals)

    def __repr__(self) -> str:
        return (f"Design(n={self.n}, weights={self.weights_column!r}, strata={self.strata_column!r}, "
                f"fpc={self.fpc_column!r}, calibrated={len(self.calibrations)})")


def _residualise(u: np.ndarray, cal: Calibration) -> np.ndarray:
    """Residuals of a least-squares fit of ``u`` on the calibration dummies (initial weights)."""
    sw = np.sqrt(cal.initial_weights)[:, None]
    coef, *_ = np.linalg.lstsq(cal.dummies * sw, u * sw, rcond=None)
    return u - cal.dummies @ coef


def linearised_variance(design: Design, u: np.ndarray, overwrite: bool = False) -> np.ndarray:
    """Covariance matrix of estimators with influence values ``w_i * u[i]``.

    ``u`` (n×k) holds each respondent's influence per unit of weight, e.g. for a ratio mean
    ``d_i (y_i - ȳ) / Σ d w`` with ``d`` the domain indicator (0 for missing items).
    ``overwrite``: ``u`` is a float work array of the caller's that may be used up (one n×k array
    fewer to allocate).
    """
    u = np.asarray(u, dtype=float)
    if u.ndim == 1:
        u = u[:, None]
    for cal in design.calibrations:
        u = _residualise(u, cal)
    z = np.multiply(design.weights[:, None], u, out=u if overwrite else None)
    k = z.shape[1]
    var = np.zeros((k, k))
    averaged = 0  # strata left out by lonely_psu="average"
    for h, n_h in enumerate(design.stratum_sizes):
        # one stratum: all rows, no copy; z and a stratum's rows are this function's own arrays,
        # centred in place (allocating n×k arrays costs more than the arithmetic at a million rows)
        zh = z if n_h == len(z) else z[design.strata_codes == h]
        f = 1.0 if design.popsize is None else 1.0 - n_h / design.popsize[h]
        if f < 1e-7:  # the stratum is its whole population: no variance (as R, whatever lonely_psu)
            continue
        if n_h > 1:
            centred = np.subtract(zh, zh.mean(axis=0), out=zh)
            var += f * n_h / (n_h - 1) * centred.T @ centred
        elif design.lonely_psu == "adjust":  # centred at 0, the mean over the whole sample (R 4.1)
            var += f * zh.T @ zh
        elif design.lonely_psu == "average":
            averaged += 1
        # "remove" and "certainty": no contribution ("fail" never gets here: Design refused it)
    n_strata = len(design.stratum_sizes)
    return var * n_strata / (n_strata - averaged) if averaged else var
