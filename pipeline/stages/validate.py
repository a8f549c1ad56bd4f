"""Validate: check every answer against the codebook before anything is converted.

A pandera schema generated from the codebook runs with ``lazy=True``, so all problems are found
in one pass. Every failing cell is written to ``processed/<id>/validation_failures.csv`` (row,
column, value, problem); every row with a problem goes to ``processed/<id>/quarantine.csv`` with
its reasons, and the valid rows go on. When more rows are rejected than the codebook's
``max_quarantine_share`` allows, the stage stops the build and leaves the previous outputs as they
were (the failure list is then written to ``processed/<id>/errors/`` for the researcher).
"""

from __future__ import annotations

import shutil
import sys
import weakref
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from pipeline import answers, fmt
from pipeline.codebook import Codebook, codebook_for
from pipeline.errors import DataError
from pipeline.io import (Progress, atomic_path, file_stamp, read_parquet_handed_on, stamp_once_written, write_csv,
                         write_json, write_parquet)
from pipeline.schema import AMBIGUOUS_NUMBER, EMPTY_ID, ingested_schema
from pipeline.vocabulary import NO_ANSWER, REPEATED_ID, TOOL_TEST

FAILURE_COLUMNS = ["row", "column", "variable", "value", "problem"]


# The frame load() read and the file it came from (as it was then): when every row is valid,
# save() gets that very frame back and copies the file instead of encoding a million rows again.
_LOADED: dict[Path, tuple[weakref.ref, Callable[[], tuple]]] = {}


def load(cb: Codebook) -> pd.DataFrame:
    path = cb.processed_dir / "ingested.parquet"
    df = read_parquet_handed_on(path).set_index("row")  # in make's chain: the table ingest just wrote
    _LOADED[path] = (weakref.ref(df), stamp_once_written(path))  # in the chain the file may still be written
    return df


def _unchanged_ingested(cb: Codebook, kept: pd.DataFrame, n_read: int) -> Path | None:
    """ingested.parquet when ``kept`` is the frame :func:`load` read from it, all rows, the file is
    still the one it read and its columns are int64 or large_string; else None.

    Writing that frame back gives the same table (the row index becomes the 'row' column again;
    int64 and large_string columns come back as they are, a 'string' column of a small export
    would come back as large_string), so the file can be copied as it is.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = cb.processed_dir / "ingested.parquet"
    loaded = _LOADED.get(path)
    if loaded is None or loaded[0]() is not kept or len(kept) != n_read:
        return None
    try:
        read = loaded[1]()  # first: it waits for a file being written behind
        if file_stamp(path) != read:
            return None
        schema = pq.read_schema(path)
    except OSError:
        return None
    same = all(f.type in (pa.int64(), pa.large_string()) for f in schema)
    return path if same and schema.names[0] == "row" else None


def _source_column(cb: Codebook, variable: str) -> str:
    if variable == "respondent":
        return cb.respondent.id
    q = cb.by_name.get(variable)
    if q is not None:
        return q.source or variable
    name, _, code = variable.partition("__")
    q = cb.by_name.get(name)
    if q is not None:
        return next((a.source for a in q.answers if a.code == code and a.source), variable)
    return variable


def failures(cb: Codebook, df: pd.DataFrame, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """One row per failing cell, in the words of the codebook's checks."""
    try:
        schema.validate(df, lazy=True)
    except SchemaErrors as exc:
        fc = exc.failure_cases
    else:
        return pd.DataFrame(columns=FAILURE_COLUMNS)
    rows = []
    for rec in fc.itertuples(index=False):
        variable = str(rec.column)
        if rec.index is None or pd.isna(rec.index):  # a schema-level problem (e.g. a missing column)
            raise DataError(f"de tussentabel klopt niet met het codeboek: {rec.check} ({variable})",
                            file=cb.processed_dir / "ingested.parquet", column=variable,
                            fix="voer `make all` opnieuw uit; blijft dit, meld het aan de beheerder")
        check = str(rec.check)
        problem = _explain(cb, schema, variable, check)
        if problem == "geen getal" and answers.ambiguous_numbers(pd.Series([str(rec.failure_case)]), cb.export.decimal).iloc[0]:
            problem = AMBIGUOUS_NUMBER  # a number, but two: said apart from "geen getal"
        problem = _named(cb, variable, problem, str(rec.failure_case))
        rows.append({"row": int(rec.index), "column": _source_column(cb, variable), "variable": variable,
                     "value": rec.failure_case, "problem": problem})
    out = pd.DataFrame(rows, columns=FAILURE_COLUMNS)
    # two empty ids are each empty, not each other's repeat: one reason per row
    empty_id = set(out.loc[out["problem"] == EMPTY_ID, "row"])
    out = out[~(out["row"].isin(empty_id) & out["problem"].isin(list(REPEATED_ID.values())))]
    return out.sort_values(["row", "variable"], kind="stable").drop_duplicates().reset_index(drop=True)


def _named(cb: Codebook, variable: str, problem: str, value: str) -> str:
    """The researcher's part of a problem (after its ';', which a report leaves out) names what is wrong in the
    value: the closest municipality to a misspelt one ('Gendt': Gent), the unknown option of a multiple choice."""
    q = cb.by_name.get(variable)
    if q is None or ";" not in problem:
        return problem
    head, _, rest = problem.partition(";")
    if q.type == "municipality":
        from pipeline.municipalities import suggest

        close = suggest(value)
        return f"{head}; bedoelt u ‘{close}’?{rest}" if close else problem
    if q.type == "multiple_choice" and q.separator:
        mapping = answers.choice_map(q)
        tokens = answers.split_multi(pd.Series([value]), q.separator, set(mapping)).iloc[0]
        unknown = [t for t in tokens if t not in mapping]
        if unknown:
            shown = [part.strip() for part in value.split(q.separator) if answers.normalise(part) in unknown] or unknown
            return f"{head}; onbekend: {', '.join(f'‘{t}’' for t in dict.fromkeys(shown))};{rest}"
    return problem


def _explain(cb: Codebook, schema: pa.DataFrameSchema, variable: str, check: str) -> str:
    col = schema.columns.get(variable)
    if col is not None:
        for c in col.checks:
            if c.name == check or str(c) == check:
                return c.error or check
    if "field_uniqueness" in check or "unique" in check:
        return REPEATED_ID[cb.respondent.personal_code]
    return check




def _without_answers(df: pd.DataFrame) -> pd.DataFrame:
    """One failure per row in which every question is empty: a blank line in the middle of an export was
    counted as a respondent ("121 respondenten namen geldig deel" with 120 people). Narrowed column by column,
    so that a million answered rows cost one pass over one column."""
    questions = [c for c in df.columns if c not in ("respondent", "_person", "_when", "_test", "date")]
    rows = df.index
    for c in questions:
        if not len(rows):
            break
        s = df.loc[rows, c]
        empty = s.isna() | (s.astype("string").str.strip() == "").fillna(True)
        rows = rows[empty.to_numpy(dtype=bool)]
    if not questions or not len(rows):
        return pd.DataFrame(columns=FAILURE_COLUMNS)
    return pd.DataFrame({"row": [int(r) for r in rows], "column": "(alle vragen)", "variable": "",
                         "value": "", "problem": NO_ANSWER}, columns=FAILURE_COLUMNS)




def _tool_tests(df: pd.DataFrame) -> pd.DataFrame:
    """One failure per row the survey tool marks as its own test or as spam (ingest's ``_test``)."""
    if "_test" not in df.columns:
        return pd.DataFrame(columns=FAILURE_COLUMNS)
    hit = df["_test"].fillna("").astype(str)
    hit = hit[hit != ""]
    return pd.DataFrame({"row": [int(r) for r in hit.index], "column": "(enquêtetool)", "variable": "",
                         "value": hit.to_numpy(), "problem": TOOL_TEST}, columns=FAILURE_COLUMNS)


SECOND_HEADER = "een tweede kopregel: zijn twee exports onder elkaar geplakt?"


def _header_rows(cb: Codebook, df: pd.DataFrame) -> pd.DataFrame:
    """One failure per row that repeats the header (a second export pasted under the first): it was reported
    as "geen getal" and "onbekend antwoord" in every column. A row whose answers are the questions' own column
    names for at least half of them (and two); only rows that failed a check are looked at."""
    single = [q for q in cb.questions if q.source and q.name in df.columns]
    if len(single) < 2 or df.empty:
        return pd.DataFrame(columns=FAILURE_COLUMNS)
    hits = pd.Series(0, index=df.index)
    for q in single:
        same = df[q.name].astype("string").str.strip().str.casefold() == q.source.strip().casefold()
        hits += same.fillna(False).to_numpy(dtype=bool).astype(int)
    rows = hits.index[hits >= max(2, len(single) / 2)]
    return pd.DataFrame({"row": [int(r) for r in rows], "column": "(kopregel)", "variable": "", "value": "",
                         "problem": SECOND_HEADER}, columns=FAILURE_COLUMNS)


def process(cb: Codebook, df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    fails = failures(cb, df, ingested_schema(cb))
    blank = pd.concat([_without_answers(df), _tool_tests(df)], ignore_index=True)
    if len(fails):  # a repeated header: one reason instead of one per column
        failed = df.loc[sorted(set(fails["row"]))] if set(fails["row"]) <= set(df.index) else df.iloc[0:0]
        headers = _header_rows(cb, failed)
        if len(headers):
            fails = pd.concat([headers, fails[~fails["row"].isin(headers["row"])]], ignore_index=True)
    if len(fails) or len(blank):
        fails = (pd.concat([fails, blank], ignore_index=True).sort_values(["row", "variable"], kind="stable")
                 .reset_index(drop=True))
    bad_rows = sorted(set(fails["row"]))
    reasons = fails.assign(reason=lambda f: "kolom '" + f["column"] + "': " + f["value"].astype(str).map(repr)
                           + " — " + f["problem"]).groupby("row")["reason"].agg("; ".join)
    quarantine = df.loc[bad_rows].drop(columns=["_person", "_when", "_test"], errors="ignore").copy()
    quarantine.insert(0, "reason", reasons.reindex(quarantine.index).to_numpy())
    kept = df.drop(index=bad_rows) if bad_rows else df  # no copy of a million rows when all are valid
    return kept, quarantine.reset_index(), fails


def save(cb: Codebook, kept: pd.DataFrame, quarantine: pd.DataFrame, fails: pd.DataFrame, n_read: int) -> None:
    # an empty submission is no answer that failed a check: it does not count towards the share refused
    # (KoboToolbox's sample of three rows has one, and its draft allows 10 %)
    # nor does a response the tool marks as its own test
    blank = fails.loc[fails["problem"].isin([NO_ANSWER, TOOL_TEST]), "row"].nunique() if len(fails) else 0
    share = (len(quarantine) - blank) / (n_read - blank) if n_read > blank else 0.0
    if share > cb.max_quarantine_share:
        errors = cb.processed_dir / "errors"
        write_csv(errors / "validation_failures.csv", fails, for_people=True)
        write_csv(errors / "quarantine.csv", quarantine, for_people=True)
        empty_rows = set(fails.loc[fails["problem"].isin([NO_ANSWER, TOOL_TEST]), "row"])
        counted = fails[~fails["row"].isin(empty_rows)]  # the examples and the headline: rows that count
        counted = counted if len(counted) else fails
        # the most common problem first: an export pasted under itself led with row 42's age of 230, while 201 of
        # its 203 refused rows had a repeated id (unseen-export review)
        counted = counted.assign(kind=counted["problem"].astype(str).str.split(";").str[0])
        rows_per_kind = counted.groupby("kind", sort=False)["row"].nunique().sort_values(ascending=False, kind="stable")
        firsts = counted.drop_duplicates("kind").set_index("kind")  # each kind's first failure, in row order
        summary = [f"{fmt.count(int(n), 'rij', 'rijen')}: {k}" for k, n in rows_per_kind.head(4).items()]
        if len(rows_per_kind) > 4:
            summary.append(f"… en nog {fmt.count(len(rows_per_kind) - 4, 'soort probleem', 'soorten problemen')}")
        first = firsts.loc[rows_per_kind.index[0]]
        examples = [f"bv. rij {r.row}, kolom '{r.column}': {r.value!r} — {r.problem}"
                    for r in firsts.loc[rows_per_kind.index[:3]].itertuples()]
        raise DataError(
            f"{len(quarantine) - blank} van de {n_read - blank} rijen"
            f"{' met antwoorden' if blank else ''} ({share:.0%}) afgekeurd; het codeboek staat maximaal "
            f"{cb.max_quarantine_share:.0%} toe",
            file=cb.export_path,
            row=int(first["row"]),
            column=str(first["column"]),
            value=first["value"],
            details=summary + examples + [f"alle problemen: {errors / 'validation_failures.csv'}"],
            fix="verbeter de export of het codeboek (antwoorden, aliassen, bereik); de vorige uitvoer blijft ongewijzigd",
        )
    shutil.rmtree(cb.processed_dir / "errors", ignore_errors=True)  # the last failed run's list is outdated
    write_csv(cb.processed_dir / "validation_failures.csv", fails, for_people=True)
    write_csv(cb.processed_dir / "quarantine.csv", quarantine, for_people=True)
    write_json(cb.processed_dir / "validate.json", {"rows_read": n_read, "rows_valid": len(kept),
                                                     "rows_quarantined": len(quarantine),
                                                     "cells_failed": len(fails)})
    source = _unchanged_ingested(cb, kept, n_read)
    if source is not None:  # every row valid: validated.parquet holds what ingested.parquet holds
        with atomic_path(cb.processed_dir / "validated.parquet") as tmp:
            shutil.copyfile(source, tmp)
    else:
        write_parquet(cb.processed_dir / "validated.parquet", kept.reset_index())


def run(consultation: str) -> None:
    progress = Progress("validate", consultation)
    cb = codebook_for(consultation)
    df = load(cb)
    kept, quarantine, fails = process(cb, df)
    save(cb, kept, quarantine, fails, len(df))
    progress.done(f"{fmt.number(len(df))} gelezen", f"{fmt.number(len(kept))} geldig",
                  f"{fmt.number(len(quarantine))} in quarantaine",
                  "→ validated.parquet, quarantine.csv")


if __name__ == "__main__":  # pragma: no cover
    run(sys.argv[1])
