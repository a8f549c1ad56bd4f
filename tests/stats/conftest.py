"""Shared fixtures: the R `survey` reference set in ../shared/reference/stats (beside the repo)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.stats import Design, rake

REF_DIR = Path(__file__).resolve().parents[3] / "shared" / "reference" / "stats"

# The R designs in survey_estimates.csv that map onto the Python API.
DESIGNS = ("wt_only", "strat_fpc", "unweighted", "raked", "poststrat")


def _require_reference() -> Path:
    if not (REF_DIR / "ref" / "survey_estimates.csv").exists():
        pytest.skip(f"reference set not found at {REF_DIR} (expected shared/ beside the repository)")
    return REF_DIR


@pytest.fixture(scope="session")
def ref_dir() -> Path:
    return _require_reference()


@pytest.fixture(scope="session")
def survey(ref_dir: Path) -> pd.DataFrame:
    return pd.read_csv(ref_dir / "data" / "survey_small.csv")


@pytest.fixture(scope="session")
def estimates(ref_dir: Path) -> pd.DataFrame:
    return pd.read_csv(ref_dir / "ref" / "survey_estimates.csv")


@pytest.fixture(scope="session")
def margins(ref_dir: Path) -> dict[object, dict[object, float]]:
    """Population margins: gender, agegrp, stratum, and the joint gender × agegrp cells."""
    pm = pd.read_csv(ref_dir / "data" / "population_margins.csv")
    out: dict[object, dict[object, float]] = {}
    for var, grp in pm.groupby("variable"):
        if var == "gender_x_agegrp":
            out[("gender", "agegrp")] = {tuple(lvl.split(":")): tot for lvl, tot in zip(grp.level, grp.pop_total)}
        else:
            out[var] = dict(zip(grp.level, grp.pop_total))
    return out


@pytest.fixture(scope="session")
def designs(survey: pd.DataFrame, margins) -> dict[str, Design]:
    """The Python equivalents of the R designs (names as in the `design` column)."""
    unweighted = Design(survey)
    return {
        "wt_only": Design(survey, weights="w_design"),
        "strat_fpc": Design(survey, strata="stratum", fpc="fpc"),
        "unweighted": unweighted,
        "raked": rake(unweighted, {k: margins[k] for k in ("gender", "agegrp", "stratum")}),
        "poststrat": rake(unweighted, {("gender", "agegrp"): margins[("gender", "agegrp")]}),
    }


def _rows(estimates: pd.DataFrame, **conditions) -> pd.DataFrame:
    """Reference rows matching column == value for each condition (at least one row)."""
    sel = estimates
    for col, val in conditions.items():
        sel = sel[sel[col] == val]
    assert len(sel), f"no reference rows for {conditions}"
    return sel


@pytest.fixture(scope="session")
def rows():
    """``rows(df, column=value, ...)``: select reference rows, failing when none match."""
    return _rows
