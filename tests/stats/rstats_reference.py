"""The R values of tests/reference/r/ (made by make_rstats.R; committed, so R is not needed here)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.stats import Design

R_DIR = Path(__file__).resolve().parents[1] / "reference" / "r"
# R svyciprop method → ours (R's "xlogit" is our "logit"; "beta" is Korn–Graubard)
METHOD = {"beta": "korn-graubard", "xlogit": "logit", "wilson": "wilson", "korn-graubard": "korn-graubard"}
LEVELS = ["ja", "misschien", "nee", "nooit"]  # "nooit": an answer level nobody chose


def reference() -> pd.DataFrame:
    return pd.read_csv(R_DIR / "rstats_reference.csv", keep_default_na=False,
                       na_values={c: [""] for c in ("estimate", "se", "ci_low", "ci_high", "df", "nrow", "base",
                                                    "p_value")})


def survey() -> pd.DataFrame:
    df = pd.read_csv(R_DIR / "rstats_survey.csv")
    return df.assign(answer=pd.Categorical(df["answer"], categories=LEVELS))


def designs(df: pd.DataFrame) -> dict[str, Design]:
    """The Python equivalents of the R designs in make_rstats.R."""
    return {
        "wt_only": Design(df, weights="w"),
        "strat_w": Design(df, weights="w", strata="stratum"),
        "strat_fpc": Design(df, strata="stratum", fpc="fpc"),
        "unweighted": Design(df),
    }
