"""Analyse: the tables of a survey consultation, with a disclosure status per cell.

Writes two tidy tables that every report, chart and spreadsheet reads:

* ``processed/<id>/estimates.csv`` — one row per cell: table, kind, variable, by, group, category,
  n (unweighted count), base (unweighted respondents who answered), estimate (0–1), se, ci_low,
  ci_high, and ``status`` from the disclosure-control step: ``ok``, ``flagged`` (base 30–59:
  uncertain), ``suppressed`` (small cell, primary or secondary) or ``base_too_small``.
* ``processed/<id>/tests.csv`` — the cross-tab tests (Rao–Scott F / Pearson χ², exact Fisher) and
  those of other kinds (correspondence tests).

The tables come from the kinds of analysis the codebook switches on (pipeline/analyses: frequency
tables, coded themes, correspondence tests); this stage loads, asks each kind, and saves.
"""

from __future__ import annotations

import sys

import pandas as pd

from pipeline import analyses
from pipeline.analyses.frequencies.tables import merge_answers
from pipeline.codebook import Codebook, codebook_for
from pipeline.fmt import count
from pipeline.io import Progress, read_parquet_handed_on, write_csv
from pipeline.vocabulary import OUT_COLUMNS, SMALL, TEST_COLUMNS


def load(cb: Codebook) -> pd.DataFrame:
    return read_parquet_handed_on(cb.processed_dir / "clean.parquet")  # in make's chain: the table clean wrote


def process(cb: Codebook, df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    scope = analyses.scope_for(cb, merge_answers(cb, df))
    tables, tests = [], []
    for kind in analyses.kinds_for(cb):
        if hasattr(kind, "estimates"):  # waves are compared by their own stage
            more, more_tests = kind.estimates(cb, scope)
            tables.extend(more)
            tests.extend(more_tests)
    tables = [t for t in tables if not t.empty]
    est = (pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()).reindex(columns=OUT_COLUMNS)
    est["hidden_reason"] = est["hidden_reason"].fillna("")
    tests = analyses.protect(cb, est, tests)
    if cb.waves is not None:  # the same people in an earlier wave: its published tables count too
        from pipeline.analyses.waves.linked import protect_across_waves

        protect_across_waves(cb, df, est)
    # a hidden number without a recorded reason (themes, multiple choice) is a small group itself
    est.loc[(est["status"] == "suppressed") & (est["hidden_reason"] == ""), "hidden_reason"] = SMALL
    # the cross-tab columns first; correspondence tests add their own (test, group, p_adjusted, a–d, …),
    # which the report reads: cutting them off printed every McNemar p as "–"
    frame = pd.DataFrame(tests)
    return est, frame.reindex(columns=list(dict.fromkeys([*TEST_COLUMNS, *frame.columns])))


def save(cb: Codebook, est: pd.DataFrame, tests: pd.DataFrame, heads: pd.DataFrame | None = None) -> None:
    write_csv(cb.processed_dir / "tests.csv", tests.round(12))
    if heads is not None:  # before estimates.csv, the file make checks: a report never reads an old one
        write_csv(cb.processed_dir / "headlines.csv", heads.round(12))
    write_csv(cb.processed_dir / "estimates.csv", est.round(12))


def run(consultation: str) -> None:
    progress = Progress("analyse", consultation)
    cb = codebook_for(consultation)
    df = load(cb)
    est, tests = process(cb, df)
    from pipeline.analyses.frequencies.headlines import headlines

    heads = headlines(cb, merge_answers(cb, df), est)  # the codebook's headline shares, linked to est
    from pipeline.analyses.frequencies.routing import protect_routed

    protect_routed(cb, est, heads)  # a routed question's base is a sum of its routing question's cells
    save(cb, est, tests, heads)
    hidden = int((est["status"] != "ok").sum())
    progress.done(count(len(df), "respondent", "respondenten"),
                  count(est["table"].nunique(), "tabel", "tabellen"),
                  f"{count(hidden, 'cel', 'cellen')} onderdrukt of gemarkeerd", *_not_coded(cb, est),
                  "→ estimates.csv, tests.csv")


def _not_coded(cb, est) -> list[str]:
    """A note naming the coded open questions whose answers carry no theme yet (their tables show no share)."""
    from pipeline.analyses.themes.tables import NO_THEME, not_coded, table_name

    if cb.coding is None:
        return []
    names = [cb.by_name[q].label for q in cb.coding.questions if not_coded(est[est["table"] == table_name(q)])]
    notes = [f"let op, nog niet in thema's ingedeeld: {', '.join(f'‘{n}’' for n in names)}"] if names else []
    none = est[est["table"].isin([table_name(q) for q in cb.coding.questions]) & (est["category"] == NO_THEME)]
    if len(none):  # partly coded, or answers left without a theme: how many (for the researcher, not published)
        notes.append("antwoorden zonder thema: " + ", ".join(
            f"‘{cb.by_name[str(r.variable)].label}’ {int(r.n)} van {int(r.base)}" for r in none.itertuples()))
    return notes


if __name__ == "__main__":  # pragma: no cover
    run(sys.argv[1])
