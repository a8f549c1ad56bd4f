"""Two independent waves of a consultation (different people each time): what changed, and is it
more than chance? (issue 16, item 2)

The waves are two independent samples, so the variance of a difference is the sum of the two
waves' own design-based variances. This is what R ``survey`` gives for ``svyby(~y, ~wave, d,
svymean)`` followed by ``svycontrast`` on the two waves stacked into one design with the wave as
(part of) the stratum — the reference the tests compare with. A whole answer distribution is
compared with the Rao–Scott F test on that stacked design (R ``svychisq(~answer + wave, d)``).

The interval of a difference is the normal (Wald) interval, as R's ``confint`` of a
``svycontrast``; its p-value is the two-sided normal test of a zero difference.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.stats.design import Design, is_missing
from pipeline.stats.estimates import domain_means

__all__ = ["STRATUM", "WAVE", "Difference", "distribution_test", "share_difference", "stack"]

# columns of the stacked design (underscored: they never clash with a codebook's names)
WAVE, STRATUM, WEIGHT, FPC = "_wave", "_wave_stratum", "_wave_weight", "_wave_fpc"


@dataclass(frozen=True)
class Difference:
    """A share in two waves and its change ``later − earlier`` (all as fractions 0–1)."""

    earlier: float
    later: float
    difference: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    base_earlier: int
    base_later: int


def _share(design: Design, variable: str, category: object) -> tuple[float, float, int]:
    """Weighted share of ``category`` among those who answered, its variance and base."""
    values = design.column(variable)
    answered = ~is_missing(values)
    if not answered.any():
        raise ValueError(f"nobody answered {variable!r} in this wave")
    y = (values == category).to_numpy(dtype=float, na_value=0.0)
    est, var = domain_means(design, y, answered)
    return float(est[0]), float(var[0, 0]), int(answered.sum())


def share_difference(earlier: Design, later: Design, variable: str, category: object,
                     level: float = 0.95) -> Difference:
    """The share answering ``category`` to ``variable`` in each wave and its difference, with the
    design-based standard error, the ``level`` interval and the p-value of no change."""
    from scipy import stats

    p1, v1, n1 = _share(earlier, variable, category)
    p2, v2, n2 = _share(later, variable, category)
    diff = p2 - p1
    se = float(np.sqrt(v1 + v2))
    z = float(stats.norm.ppf(0.5 + level / 2))
    p = float(2 * stats.norm.sf(abs(diff) / se)) if se > 0 else (1.0 if diff == 0 else 0.0)
    return Difference(p1, p2, diff, se, diff - z * se, diff + z * se, p, n1, n2)


def _rows(design: Design, wave: str, variables: list[str], fpc: bool) -> pd.DataFrame:
    out = design.data[variables].copy()
    out[WAVE] = wave
    labels = np.asarray(design.strata_labels, dtype=object)[design.strata_codes]
    out[STRATUM] = [f"{wave}|{s}" for s in labels]
    out[WEIGHT] = design.weights
    if fpc:
        out[FPC] = design.popsize[design.strata_codes]
    return out


def stack(waves: dict[str, Design], variables: list[str]) -> Design:
    """One design of independent waves: their respondents one below the other, each wave its own
    strata (so the waves are independent in every variance), weights and population sizes kept.

    A calibrated (raked) wave cannot be stacked: its calibration belongs to its own sample.
    """
    if len(waves) < 2:
        raise ValueError("stacking needs at least two waves")
    calibrated = [w for w, d in waves.items() if d.calibrations]
    if calibrated:
        raise ValueError(f"wave {calibrated[0]!r} is calibrated (raked); compare its shares one by one "
                         "with share_difference, not on a stacked design")
    with_fpc = [d.popsize is not None for d in waves.values()]
    if any(with_fpc) and not all(with_fpc):
        raise ValueError("either every wave has population sizes (fpc) or none has")
    lonely = {d.lonely_psu for d in waves.values()}
    if len(lonely) > 1:
        raise ValueError(f"the waves handle one-respondent strata differently ({', '.join(sorted(lonely))})")
    frames = [_rows(d, w, variables, all(with_fpc)) for w, d in waves.items()]
    data = pd.concat(frames, ignore_index=True)
    for v in variables:  # a category list that changed between waves: the union, in order of appearance
        if all(isinstance(f[v].dtype, pd.CategoricalDtype) for f in frames):
            cats = list(dict.fromkeys(c for f in frames for c in f[v].cat.categories))
            data[v] = pd.Categorical(data[v].astype(object), categories=cats)
    return Design(data, weights=WEIGHT, strata=STRATUM, fpc=FPC if all(with_fpc) else None,
                  lonely_psu=lonely.pop())


def distribution_test(earlier: Design, later: Design, variable: str) -> tuple[float, float, float, float]:
    """Rao–Scott second-order F test that the answers to ``variable`` are distributed the same way in
    both waves: ``(F, ndf, ddf, p_value)`` as R ``svychisq(~variable + wave, stacked)``."""
    from pipeline.stats.tests_tables import crosstab

    stacked = stack({"earlier": earlier, "later": later}, [variable])
    result = crosstab(stacked, variable, WAVE, test="rao-scott")
    return result.statistic, result.ndf, result.ddf, result.p_value
