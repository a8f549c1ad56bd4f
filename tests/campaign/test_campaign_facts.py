"""Issue 13, "facts that disagree" (Ik stem ook): the verdict says what a bootstrap interval shows,
the size spread has a result, and municipalities without a baseline are named and counted once.
Expected values are counted by hand from the tiny campaign in conftest.py."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from conftest import run_stage
from pipeline.campaign.contract import load_reference
from pipeline.campaign.facts import size_result, size_split, zero_baseline_sentence
from pipeline.campaign.summary import verdict_text


def _summary(mean, ci, met, certain, goal=50):
    return {"target": {"growth_pct": goal, "met": met, "met_with_certainty": certain},
            "partners": {"mean_growth_pct": mean, "mean_growth_ci95_pct": ci}}


def test_verdict_never_claims_certainty_from_a_bootstrap_interval() -> None:
    whole = verdict_text(_summary(73.6, [63.7, 83.2], True, True))
    assert "zekerheid" not in whole and "zeker" not in whole.split()
    assert whole.startswith("Doel gehaald:")
    # it says where the interval lies: its lower bound above the target
    assert "ondergrens van het interval ligt boven 50 %" in whole.replace("\u00a0", " ").replace("\u202f", " ")
    assert "63,7" in whole and "83,2" in whole
    reaching = verdict_text(_summary(55.0, [45.0, 66.0], True, False)).replace("\u00a0", " ").replace("\u202f", " ")
    assert reaching.startswith("Doel gehaald, maar nipt") and "onder 50 %" in reaching
    missed = verdict_text(_summary(40.0, [30.0, 52.0], False, False)).replace("\u00a0", " ").replace("\u202f", " ")
    assert missed.startswith("Doel niet gehaald") and "50 %" in missed


def test_size_split_counts_partners_by_population(tiny_project: Path) -> None:
    summary, table = run_stage(tiny_project)
    population = pd.to_numeric(load_reference().municipalities["population_2020"])
    # partners Antwerpen, Gent, Hasselt, Leuven: all above 20 000 inhabitants; no small partner
    assert size_split(table, population, 20_000) == (4, 0)
    # with the threshold above Gent (≈ 262 000) only Antwerpen (≈ 529 000) is large
    assert size_split(table, population, 300_000) == (1, 3)
    assert size_result(4, 0) == "4 grote en 0 kleine partners"
    assert summary["target"]["size_spread_met"] is False


def test_zero_baseline_names_every_municipality_and_marks_partners(tiny_project: Path) -> None:
    _, table = run_stage(tiny_project)
    # only Hasselt (a partner, NIS 71022) has 0 registered voters on 1 January
    text = zero_baseline_sentence(table)
    assert text == "1 gemeente heeft een beginstand van 0 en dus geen groeipercentage: Hasselt (partnergemeente)."
    assert "71022" not in text


def test_zero_baseline_counts_partners_and_others_alike() -> None:
    table = pd.DataFrame({
        "nis_code": ["31005", "44021", "11002"], "municipality": ["Brugge", "Gent", "Antwerpen"],
        "partner": ["False", "True", "True"], "baseline": [0, 0, 12],
    })
    assert zero_baseline_sentence(table) == (
        "2 gemeenten hebben een beginstand van 0 en dus geen groeipercentage: Brugge en Gent (partnergemeente).")
    table["baseline"] = [3, 4, 12]
    assert zero_baseline_sentence(table).startswith("Geen enkele gemeente")
