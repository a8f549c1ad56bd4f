"""Clean: recode validated answers into labelled, typed columns, apply routing, remove repeats.

* single choice → pandas Categorical with the Dutch labels in codebook order; Likert → ordered;
* multiple choice → one boolean column per option (``<question>__<code>``), NA when not answered;
* numbers → floats (with optional classes, e.g. age groups); dates → dates;
* municipality → Dutch name, NIS code and province;
* routing: an answer to a question that was not asked (its ``ask_if`` fails) is set to missing
  and counted;
* repeated submissions (same person hash) are removed, keeping the last one.

Every row is accounted for: rows read = rows kept + rows quarantined + repeated submissions
removed; the stage stops if that does not hold.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from pipeline import answers, fmt, municipalities
from pipeline.codebook import Codebook, Question, codebook_for
from pipeline.errors import DataError
from pipeline.io import Progress, read_json, write_json, write_parquet
from pipeline.schema import clean_schema


# Columns the table carries besides the answers (one value per respondent: no point in a dictionary)
NOT_ANSWERS = ("row", "respondent", "date", "_person", "_when", "_test")
_STR = pd.StringDtype("pyarrow", na_value=float("nan"))  # how pandas reads a text column of Parquet


def load(cb: Codebook) -> tuple[pd.DataFrame, dict, dict]:
    """The validated table, its answer columns as categoricals read from Parquet's dictionaries.

    An answer column holds a few hundred distinct strings in a million rows: read as a dictionary
    it takes a quarter of the memory and time of the strings themselves (900 → 260 MB for the
    benchmark), and its codes are the factorisation :func:`_by_distinct_rows` needs. The values
    are the same strings; :func:`_by_distinct_rows` turns them back into text before recoding.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = cb.processed_dir / "validated.parquet"
    answers_text = [f.name for f in pq.read_schema(path) if f.name not in NOT_ANSWERS
                    and (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))]
    df = pd.read_parquet(path, read_dictionary=answers_text).set_index("row")
    return df, read_json(cb.processed_dir / "ingest.json"), read_json(cb.processed_dir / "validate.json")


def _is_text_categorical(s: pd.Series) -> bool:
    """A column :func:`load` read as a dictionary: categorical with text categories."""
    return isinstance(s.dtype, pd.CategoricalDtype) and s.cat.categories.dtype == _STR


def _as_text(part: pd.DataFrame) -> pd.DataFrame:
    """``part`` with the columns :func:`load` read as dictionaries as text again (as validated)."""
    cats = {c: _STR for c in part.columns if _is_text_categorical(part[c])}
    return part.astype(cats) if cats else part


def _factorized(s: pd.Series):
    """``pd.factorize(s, use_na_sentinel=False)`` as far as :func:`_by_distinct_rows` needs it: a code
    per row and the values the codes stand for (NaN included), as text. The codes of a column read
    as a dictionary are its categorical codes (another numbering of the same classes)."""
    import numpy as np

    if not _is_text_categorical(s):
        codes, uniques = pd.factorize(s, use_na_sentinel=False)
        return codes, pd.Series(uniques, dtype=s.dtype)
    codes = s.cat.codes.to_numpy()
    uniques = pd.Series(s.cat.categories.array, dtype=_STR)
    if (codes < 0).any():  # NaN: a value of its own, as factorize without the sentinel
        codes = np.where(codes < 0, len(uniques), codes)
        uniques = pd.concat([uniques, pd.Series([np.nan], dtype=_STR)], ignore_index=True)
    return codes, uniques


def _by_distinct_rows(df: pd.DataFrame, rows, columns: list[str], fn):
    """``fn(df[columns].iloc[rows])``, computed on the distinct rows of ``columns`` only.

    Every recode below is row by row, so running it once per distinct combination of answers (a few
    hundred in a million rows) and spreading the result back gives the same values, dtypes and
    categories (a category inferred from the data sees the same set of values) without copying
    the text columns.
    """
    import numpy as np

    index = df.index[rows]
    if len(index) < 64:
        return fn(_as_text(df[columns].iloc[rows]))
    key, size, parts = None, 1, {}
    for c in columns:
        codes, uniques = _factorized(df[c])
        codes = codes[rows]
        parts[c] = (codes, uniques)
        if size * len(uniques) >= 1 << 62:  # keep the combined code within int64
            key, _ = pd.factorize(key)
            size = int(key.max()) + 1
        key = codes.astype("int64") if key is None else key * len(uniques) + codes
        size *= len(uniques)
    key, _ = pd.factorize(key)  # one number per combination, in order of first appearance
    first = np.flatnonzero(~pd.Series(key).duplicated().to_numpy())  # row of each combination's first appearance
    if len(first) * 2 > len(index):
        return fn(_as_text(df[columns].iloc[rows]))
    distinct = pd.DataFrame({c: uniques.take(codes[first]).reset_index(drop=True)
                             for c, (codes, uniques) in parts.items()})
    out = fn(distinct).take(key)
    out.index = index
    return out


def _source_columns(q: Question) -> list[str]:
    """The ingested columns :func:`_recode` reads for ``q``."""
    if q.type == "multiple_choice" and not q.separator:
        return [q.indicator(a.code) for a in q.answers]
    return [q.name]


def _asked(cb: Codebook, df: pd.DataFrame, q: Question) -> pd.Series:
    if q.ask_if is None:
        return pd.Series(True, index=df.index)
    cond = cb.by_name[q.ask_if.variable]
    codes, _ = answers.choice_codes(df[cond.name], cond)
    return codes.isin(q.ask_if.in_).fillna(False).astype(bool)


def _recode(cb: Codebook, df: pd.DataFrame, q: Question) -> pd.DataFrame:
    labels = {a.code: a.label for a in q.answers}
    if q.type in ("single_choice", "likert"):
        codes, _ = answers.choice_codes(df[q.name], q)
        cat = pd.Categorical(codes.map(labels), categories=list(labels.values()), ordered=q.type == "likert")
        return pd.DataFrame({q.name: cat}, index=df.index)
    if q.type == "multiple_choice":
        if q.separator:
            return answers.multi_indicators(df[q.name], q)
        cols = {q.indicator(a.code): answers.option_column_values(df[q.indicator(a.code)], q)[0] for a in q.answers}
        out = pd.DataFrame(cols, index=df.index).astype("boolean")
        answered = out.any(axis=1)
        return out.where(answered, pd.NA)
    if q.type == "number":
        values, _ = answers.numbers(answers.without_missing(df[q.name], q.missing, cb.export.decimal), cb.export.decimal)
        out = pd.DataFrame({q.name: values}, index=df.index)
        if q.bins:
            out[q.bins.name] = pd.cut(values, bins=q.bins.breaks, labels=q.bins.labels, right=False)
        return out
    if q.type == "date":
        values, _ = answers.dates(df[q.name], q.date_formats, serials=True)
        return pd.DataFrame({q.name: values.dt.normalize()}, index=df.index)
    if q.type == "municipality":
        codes, _ = answers.municipality_codes(df[q.name], q)
        codes = codes.where(codes != "", pd.NA)
        names, provinces = municipalities.names_nl(), municipalities.provinces()
        return pd.DataFrame({
            q.name: codes.map(names).astype("category"),
            f"{q.name}_nis": codes.astype("string"),
            f"{q.name}_province": codes.map(provinces).astype("category"),
        }, index=df.index)
    text = df[q.name].fillna("").astype("string")
    return pd.DataFrame({q.name: text.where(text.str.strip() != "", pd.NA)}, index=df.index)


# one person sending the form this often is a value that names nobody ("anoniem", a shared address), not a person
MAX_SUBMISSIONS = 3  # more submissions from one person value: not one person (_check_repeats)
MAX_REPEAT_SHARE = 0.05  # more rows than this share dropped as repeats: not repeats (_check_repeats)


def _check_repeats(cb: Codebook, person: pd.Series, n_rows: int) -> None:
    """Stop when one value of the person columns stands on more rows than one person sends: keeping the last
    row of each would silently drop every respondent who shares it."""
    if person.empty:
        return
    counts = person.value_counts()
    most = int(counts.iloc[0])
    # a fixed number, not a share of the rows: 5 % of 201 rows let one helper's account, on which 8, 7 and 6 newcomers
    # were helped to fill in the form, drop 18 of them as "repeated submissions" (unseen-export review); and not only
    # per value: ten helpers' accounts with three newcomers each dropped 19 rows under that limit (a second review)
    repeats = int(len(person) - len(counts))
    # (copies in an export without ids, rows equal to the second, are exempt from the share: an export pasted under
    # itself is half copies)
    if most <= MAX_SUBMISSIONS and (not cb.respondent.person
                                    or repeats <= max(MAX_SUBMISSIONS, MAX_REPEAT_SHARE * n_rows)):
        return
    if most <= MAX_SUBMISSIONS:
        shared = int((counts > 1).sum())
        raise DataError(
            f"{repeats} van de {n_rows} rijen zouden als herhaalde inzending wegvallen ({repeats / n_rows:.0%}; "
            f"{shared} waarden van {', '.join(repr(c) for c in cb.respondent.person)} staan op "
            "meer dan één rij). Zoveel mensen vullen een formulier niet opnieuw in; waarschijnlijk zegt die waarde niet "
            "wie het is (bv. accounts van begeleiders die anderen hielpen invullen, een gedeeld klasadres).",
            file=cb.export_path,
            fix="Kijk de kolom na in de export. Zegt ze niet wie iemand is, haal haar dan weg onder respondent.person in "
                "het codeboek (en voer `make all` opnieuw uit); zijn het echt herhaalde inzendingen, verwijder ze dan "
                "uit de export.",
        )
    groups = int((counts > MAX_SUBMISSIONS).sum())
    if not cb.respondent.person:  # copies of one row in an export without ids (ingest._copies)
        raise DataError(
            f"Eén rij staat {most} keer in de export, tot op de seconde gelijk: als kopieën zouden er {most - 1} "
            "wegvallen. Zo vaak plakt niemand dezelfde rij; waarschijnlijk vulden verschillende mensen tegelijk "
            "hetzelfde in.",
            file=cb.export_path,
            fix="Kijk de export na. Zijn het verschillende mensen, exporteer dan opnieuw met een respondent-id (of "
                "tijdstippen tot op de seconde) en voer `make all` opnieuw uit.",
        )
    columns = ", ".join(f"'{c}'" for c in cb.respondent.person)
    raise DataError(
        f"Eén waarde van {columns} (respondent.person) staat op {most} rijen"
        + (f" (en nog {groups - 1} andere op meer dan {MAX_SUBMISSIONS})" if groups > 1 else "")
        + f": als herhaalde inzendingen van één persoon zouden er {most - 1} wegvallen. Zo vaak vult niemand een "
        "formulier in; waarschijnlijk zegt die waarde niet wie het is (bv. 'anoniem', een gedeeld adres, het account "
        "van een begeleider die anderen hielp invullen).",
        file=cb.export_path,
        fix="Kijk de kolom na in de export. Zegt ze niet wie iemand is, haal haar dan weg onder respondent.person in "
            "het codeboek (en voer `make all` opnieuw uit).",
    )


def _not_latest(df: pd.DataFrame) -> pd.Series:
    """Per person, every row but the latest submission: the latest submission time when each of the person's rows
    has one (``_when``, ingest; equal times: the later row in the file), else the last row in the file. A review sorted the
    sheet by name before exporting it, and the older answers were kept."""
    person = df["_person"]
    last_row = person.duplicated(keep="last")
    if "_when" not in df.columns or not last_row.any():
        return last_row
    several = np.flatnonzero(person.duplicated(keep=False).to_numpy(dtype=bool))  # only they have a choice
    who = person.iloc[several]
    when = pd.to_numeric(df["_when"].iloc[several], errors="coerce").fillna(-1).to_numpy(dtype="float64")
    place = several.astype("float64")
    timed = pd.Series(when >= 0).groupby(who.to_numpy(), sort=False).transform("all").to_numpy(dtype=bool)
    key = np.where(timed, when * (len(df) + 1) + place, place)  # within a person: one scale or the other
    order = np.argsort(key, kind="stable")
    later = np.empty(len(several), dtype=bool)
    later[order] = who.iloc[order].duplicated(keep="last").to_numpy(dtype=bool)
    out = np.zeros(len(df), dtype=bool)
    out[several] = later
    return pd.Series(out, index=df.index)


def process(cb: Codebook, df: pd.DataFrame, ingest: dict, validate: dict) -> tuple[pd.DataFrame, dict]:
    # repeated submissions: the same person (keyed hash of the person columns) sent the form again
    if "_person" in df.columns:
        has_person = df["_person"] != ""
        repeat = has_person & _not_latest(df)
        _check_repeats(cb, df["_person"][has_person], len(df))
    else:
        repeat = pd.Series(False, index=df.index)
    rows = _rows_by_respondent(df, (~repeat).to_numpy())  # the kept rows, already in the output's order
    parts = [df[["respondent"] + (["date"] if "date" in df.columns else [])].iloc[rows]]
    not_asked: dict[str, int] = {}
    for q in cb.questions:
        if q.ask_if is None:
            asked = pd.Series(True, index=df.index[rows])
        else:
            asked = _by_distinct_rows(df, rows, [q.ask_if.variable], lambda part, q=q: _asked(cb, part, q))
        block = _by_distinct_rows(df, rows, _source_columns(q), lambda part, q=q: _recode(cb, part, q))
        answered_not_asked = int((block.notna().any(axis=1) & ~asked).sum())
        if answered_not_asked:
            not_asked[q.name] = answered_not_asked
        parts.append(block.where(asked, pd.NA) if q.ask_if else block)
    clean = pd.concat(parts, axis=1)
    if "date" in clean.columns:
        clean["date"] = clean["date"].replace("", pd.NA).astype("string")
    clean["respondent"] = clean["respondent"].astype(str)
    clean = clean.reset_index(drop=True)
    accounting = {
        "rows_read": ingest["rows_read"],
        "rows_quarantined": validate["rows_quarantined"],
        "duplicates_removed": int(repeat.sum()),
        "rows_kept": len(clean),
        "answers_removed_by_routing": not_asked,
    }
    total = accounting["rows_kept"] + accounting["rows_quarantined"] + accounting["duplicates_removed"]
    if total != accounting["rows_read"]:
        raise DataError(
            f"rijen kloppen niet: {accounting['rows_read']} gelezen, maar {accounting['rows_kept']} behouden + "
            f"{accounting['rows_quarantined']} in quarantaine + {accounting['duplicates_removed']} dubbel = {total}",
            file=cb.processed_dir / "validated.parquet",
            fix="voer `make all` opnieuw uit vanaf de ruwe export; blijft dit, meld het als fout",
        )
    clean_schema(cb).validate(clean, lazy=True, inplace=True)  # checks only (no coercion): no copy
    return clean, accounting


def _rows_by_respondent(df: pd.DataFrame, keep):
    """Positions of the kept rows, ordered as ``sort_values("respondent", kind="stable")`` orders them.

    The output is sorted by pseudonym; ordering the rows before recoding (every recode is row by
    row) spares a copy of the whole cleaned table. pyarrow's sort is stable, and UTF-8 byte order
    is code point order, so the order is the same as pandas' on the same strings.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = np.flatnonzero(keep)
    pseudonyms = df["respondent"].iloc[rows].astype(str)
    numbers = _pseudonym_numbers(pseudonyms)
    if numbers is not None:  # the same order, from integers (a tenth of the time of sorting strings)
        return rows[np.argsort(numbers, kind="stable")]
    return rows[pc.sort_indices(pa.array(pseudonyms.array)).to_numpy()]


def _pseudonym_numbers(pseudonyms: pd.Series):
    """The 12 hex characters after a common two-character prefix ('R-…', as pseudonymise makes them)
    as integers, when every value has that form; else None.

    Strings of one length with one prefix sort as what follows it, and lower-case hex digits sort
    as the numbers they write ('0' < … < '9' < 'a' < … < 'f'), so sorting the numbers (stable)
    gives the order of sorting the strings (stable).
    """
    import numpy as np
    import pyarrow as pa

    arr = pa.chunked_array(pa.array(pseudonyms.array)).combine_chunks() if len(pseudonyms) else None
    if arr is None or arr.null_count or not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return None
    width = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    offsets = np.frombuffer(arr.buffers()[1], dtype=width)[arr.offset: arr.offset + len(arr) + 1]
    if not (np.diff(offsets) == 14).all():
        return None
    chars = np.frombuffer(arr.buffers()[2], dtype=np.uint8)[offsets[0]: offsets[-1]].reshape(-1, 14)
    if not (chars[:, :2] == chars[0, :2]).all():
        return None
    nibble = np.full(256, 16, dtype=np.uint8)
    nibble[np.frombuffer(b"0123456789abcdef", dtype=np.uint8)] = np.arange(16, dtype=np.uint8)
    digits = nibble[chars[:, 2:]]
    if (digits == 16).any():
        return None
    numbers = np.zeros(len(chars), dtype=np.uint64)
    for j in range(12):
        numbers = (numbers << np.uint64(4)) | digits[:, j].astype(np.uint64)
    return numbers


def save(cb: Codebook, clean: pd.DataFrame, accounting: dict) -> None:
    write_json(cb.processed_dir / "accounting.json", accounting)
    write_parquet(cb.processed_dir / "clean.parquet", clean, hand_on=True)  # to analyse, in make's chain


def run(consultation: str) -> None:
    progress = Progress("clean", consultation)
    cb = codebook_for(consultation)
    df, ingest, validate = load(cb)
    clean, acc = process(cb, df, ingest, validate)
    save(cb, clean, acc)
    progress.done(f"{fmt.number(len(df))} geldig gelezen",
                  f"{fmt.count(acc['duplicates_removed'], 'herhaalde inzending', 'herhaalde inzendingen')} verwijderd",
                  f"{fmt.number(acc['rows_kept'])} behouden", "→ clean.parquet")


if __name__ == "__main__":  # pragma: no cover
    run(sys.argv[1])
