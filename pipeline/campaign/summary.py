"""Assemble ``summary.json`` exactly as the contract lists its keys, and say it in words.

Percentages are numbers (×100, not strings); ``null`` where a value cannot be computed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline import fmt
from pipeline.campaign import growth
from pipeline.campaign.facts import size_split
from pipeline.campaign.growth import Settings


@dataclass(frozen=True)
class Targets:
    growth_pct: float
    min_partners: int
    min_per_province: int
    min_material_users: int
    provinces: tuple[str, ...]
    large_from_population: int
    min_large: int
    min_small: int
    population_column: str = "population_2020"


def _by_province(partners: pd.DataFrame, provinces: tuple[str, ...]) -> dict[str, int]:
    counts = partners["province"].value_counts()
    return {p: int(counts.get(p, 0)) for p in provinces}


def build_summary(
    table: pd.DataFrame,
    *,
    baseline_date: str,
    final_date: str,
    settings: Settings,
    targets: Targets,
    population: pd.Series,
    material_users: int | None,
    previous_table: pd.DataFrame | None = None,
) -> dict:
    """``table`` is growth_by_municipality; ``population`` maps nis_code → population for the
    large/small split; ``material_users`` is None when materials.csv is absent."""
    partners_table = table[table["partner"]]
    non_partners = table[~table["partner"]]

    partners = growth.partner_statistics(table, settings)
    partners = {
        "n": partners["n"],
        "by_province": _by_province(partners_table, targets.provinces),
        **{k: v for k, v in partners.items() if k != "n"},
    }

    nonpartners = None
    if len(non_partners):
        nonpartners = {
            "n": int(len(non_partners)),
            "mean_growth_pct": growth.mean_growth_pct(non_partners),
            "pooled_growth_pct": growth.pooled_growth_pct(non_partners),
        }

    mean, ci = partners["mean_growth_pct"], partners["mean_growth_ci95_pct"]
    n_large, n_small = size_split(table, population, targets.large_from_population)
    material_met = None if material_users is None else material_users >= targets.min_material_users
    target = {
        "growth_pct": targets.growth_pct,
        "met": None if mean is None else bool(mean >= targets.growth_pct),
        "met_with_certainty": None if ci is None else bool(ci[0] > targets.growth_pct),
        "min_partners": targets.min_partners,
        "min_partners_met": bool(partners["n"] >= targets.min_partners),
        "min_per_province": targets.min_per_province,
        "min_per_province_met": all(n >= targets.min_per_province for n in partners["by_province"].values()),
        "size_spread_met": bool(n_large >= targets.min_large and n_small >= targets.min_small),
        "min_material_users": targets.min_material_users,
        "material_users": material_users,
        "min_material_users_met": material_met,
    }

    compared = growth.comparison(table, settings, previous_table)
    return {
        "baseline_date": baseline_date,
        "final_date": final_date,
        "partners": partners,
        "nonpartners": nonpartners,
        "flanders": {"pooled_growth_pct": growth.pooled_growth_pct(table)},
        "target": target,
        "comparison": compared,
    }


def _pct(x: float, decimals: int = 1) -> str:
    return fmt.pct_points(x, decimals)


def verdict_text(summary: dict) -> str:
    """The growth target in words (Dutch). The interval is a bootstrap interval over the partners
    (who are not a sample): it shows how stable their average is, not a proof; the sentence says
    where the interval lies relative to the target instead of claiming certainty."""
    t, p = summary["target"], summary["partners"]
    goal = _pct(t["growth_pct"], 0 if float(t["growth_pct"]).is_integer() else 1)
    if p["mean_growth_pct"] is None:
        return "Geen oordeel mogelijk: geen enkele partnergemeente heeft een groeipercentage."
    mean = _pct(p["mean_growth_pct"])
    ci = p["mean_growth_ci95_pct"]
    ci_text = f" (95%-interval {_pct(ci[0])} tot {_pct(ci[1])})" if ci else ""
    if t["met_with_certainty"]:
        return (f"Doel gehaald: de gemiddelde stijging is {mean}{ci_text}. Ook de ondergrens van het interval ligt "
                f"boven {goal}: het resultaat hangt niet af van een paar gemeenten.")
    if t["met"]:
        return (f"Doel gehaald, maar nipt: de gemiddelde stijging is {mean}{ci_text}. Het interval reikt "
                f"onder {goal}: met een paar andere partnergemeenten had het gemiddelde ook onder het doel kunnen liggen.")
    return f"Doel niet gehaald: de gemiddelde stijging is {mean}{ci_text}, het doel was {goal}."


def comparison_absent_reason(summary: dict) -> str | None:
    """Why ``comparison`` is null (Dutch), or None when it is present."""
    if summary["comparison"] is not None:
        return None
    if summary["nonpartners"] is None:
        return (
            "Geen vergelijking met andere gemeenten: de gegevens bevatten alleen partnergemeenten."
        )
    return (
        "Geen vergelijking met andere gemeenten: er zijn minder dan twee partner- of "
        "niet-partnergemeenten met een groeipercentage (een beginstand van 0 geeft geen percentage)."
    )
