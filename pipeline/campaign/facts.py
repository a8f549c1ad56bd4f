"""Facts of the campaign report that are counted once and said the same way everywhere (Dutch).

``size_split`` is the one count of large and small partners (the summary's ``size_spread_met`` and
the report's goals table both use it); ``zero_baseline_sentence`` names every municipality without
a baseline, from the growth table, so the report and the map's alt text give the same count.
"""

from __future__ import annotations

import pandas as pd

from pipeline import fmt


def _is_partner(table: pd.DataFrame) -> pd.Series:
    """growth_by_municipality.csv read back from disk holds 'True'/'False' as text."""
    return table["partner"].astype(str).str.casefold() == "true"


def size_split(table: pd.DataFrame, population: pd.Series, large_from: int) -> tuple[int, int]:
    """(large, small) partners: population (by NIS code) at least ``large_from`` is large."""
    partners = table[_is_partner(table)]
    large = partners["nis_code"].astype(str).map(population).astype(float) >= large_from
    return int(large.sum()), int((~large).sum())


def size_result(n_large: int, n_small: int) -> str:
    """'12 grote en 13 kleine partners' for the goals table."""
    return f"{fmt.number(n_large)} grote en {fmt.number(n_small)} kleine partners"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def zero_baseline_sentence(table: pd.DataFrame) -> str:
    """Every municipality of the table with 0 registered voters on the baseline date, by name, the
    partners marked: 'Geen enkele gemeente …' or '2 gemeenten … : Brugge (partnergemeente) en Gent.'"""
    base = pd.to_numeric(table["baseline"], errors="coerce")
    zero = table[base == 0].sort_values("municipality")
    if zero.empty:
        return "Geen enkele gemeente heeft een beginstand van 0; elke gemeente heeft een groeipercentage."
    partner = _is_partner(zero)
    names = [f"{name} (partnergemeente)" if p else str(name)
             for name, p in zip(zero["municipality"], partner, strict=True)]
    n = len(zero)
    head = ("1 gemeente heeft" if n == 1 else f"{fmt.number(n)} gemeenten hebben") + " een beginstand van 0"
    return f"{head} en dus geen groeipercentage: {_join(names)}."


def missing_municipalities(table: pd.DataFrame, flemish: pd.DataFrame) -> list[str]:
    """The Flemish municipalities (reference list) without registrations in ``table``, by name."""
    present = set(table["nis_code"].astype(str))
    gone = flemish[~flemish["nis_code"].astype(str).isin(present)]
    return sorted(gone["name_nl"].astype(str))


def missing_sentence(names: list[str], n_flemish: int) -> str:
    """'' when every Flemish municipality has figures; else 'Voor 1 van de 300 Vlaamse gemeenten ontbreken de
    registratiecijfers: Aartselaar. De andere gemeenten en heel Vlaanderen zijn zonder haar berekend.'"""
    if not names:
        return ""
    n = len(names)
    head = (f"Voor {fmt.number(n)} van de {fmt.number(n_flemish)} Vlaamse gemeenten ontbreken de "
            f"registratiecijfers: {_join(names)}.")
    return head + (" De cijfers voor de andere gemeenten en voor heel Vlaanderen zijn zonder "
                   + ("die gemeente" if n == 1 else "deze gemeenten") + " berekend.")


def missing_note(names: list[str], shown: int = 5) -> str:
    """The stage line's warning: 'let op, geen cijfers voor 2 Vlaamse gemeenten: Aartselaar, Boom'."""
    if not names:
        return ""
    listed = ", ".join(names[:shown]) + (f" en {fmt.number(len(names) - shown)} andere" if len(names) > shown else "")
    return f"let op, geen cijfers voor {fmt.count(len(names), 'Vlaamse gemeente', 'Vlaamse gemeenten')}: {listed}"
