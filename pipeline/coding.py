"""Researchers' codes of open answers: which themes each respondent mentioned in an open question.

The codebook names the file (``coding: {file: codes.csv, questions: [...]}``), kept next to the
export in ``raw/<id>/``. One row per (respondent, question, theme); an answer may carry several
themes. The respondent column holds the tool's response id exactly as in the export; it is
pseudonymised here with the same key and prefix as ingest, so codes join the answers without the
tool's id ever reaching ``processed/``.

Every row is checked (pandera, all problems in one pass) against the codebook and the export:
the respondent must be in the export and have answered that open question, the question must be
one of ``coding.questions`` and the theme one of the codebook's ``themes`` (code, label or alias);
a (respondent, question, theme) row may occur only once. Any problem is a :class:`DataError`
naming the file, the row as a person sees it (header = row 1), the column, the value, what was
expected and how to fix it.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from pipeline import privacy
from pipeline.codebook import Codebook, normalise
from pipeline.errors import ConfigError, DataError
from pipeline.fmt import count
from pipeline.readers import ExportSpec, read_export

OUTPUT_COLUMNS = ["respondent", "question", "theme"]


def theme_map(cb: Codebook) -> dict[str, str]:
    """Normalised code, label or alias of a theme → its code."""
    out: dict[str, str] = {}
    for t in cb.themes:
        for text in (t.code, t.label, *t.aliases):
            out[normalise(text)] = t.code
    return out


def _check_config(cb: Codebook) -> None:
    coding = cb.coding
    assert coding is not None
    where = f"surveys/{cb.id}/codebook.yml"
    unknown = [q for q in coding.questions if q not in cb.by_name]
    if unknown:
        raise ConfigError(f"coding.questions noemt een onbekende vraag: '{unknown[0]}'", file=cb.path or where,
                          value=unknown[0], expected=", ".join(q.name for q in cb.questions if q.type == "free_text"),
                          fix=f"gebruik de naam (name:) van een open vraag uit {where}")
    not_open = [q for q in coding.questions if cb.by_name[q].type != "free_text"]
    if not_open:
        raise ConfigError(f"coding.questions: '{not_open[0]}' is geen open vraag (type free_text)",
                          file=cb.path or where, value=not_open[0],
                          fix="codeer alleen open vragen; gesloten vragen worden al geteld")
    if not cb.themes:
        raise ConfigError("het codeboek heeft 'coding' maar geen lijst 'themes'", file=cb.path or where,
                          fix=f"zet de thema's (code en label) onder themes: in {where}")


def _schema(cb: Codebook, ids: set[str]) -> tuple[pa.DataFrameSchema, dict]:
    coding = cb.coding
    assert coding is not None
    themes = theme_map(cb)
    where = f"surveys/{cb.id}/codebook.yml"
    r, q, t = coding.respondent_column, coding.question_column, coding.theme_column
    theme_list = ", ".join(f"{x.code} ({x.label})" for x in cb.themes)

    return pa.DataFrameSchema(
        {
            r: pa.Column(str, nullable=False, checks=[
                pa.Check(lambda s: s.str.strip().isin(ids), element_wise=False, name="respondent",
                         error="respondent staat niet in de export",
                         description="de antwoord-id zoals in de export (kolom "
                                     f"'{cb.respondent.id}')"),
            ]),
            q: pa.Column(str, nullable=False, checks=pa.Check(
                lambda s: s.str.strip().isin(coding.questions), name="vraag",
                error="onbekende vraag", description=", ".join(coding.questions))),
            t: pa.Column(str, nullable=False, checks=pa.Check(
                lambda s: s.map(normalise).isin(list(themes)), name="thema",
                error="onbekend thema", description=theme_list)),
            "_answered": pa.Column(bool, checks=pa.Check(lambda s: s, name="beantwoord",
                                                          error="respondent gaf geen antwoord op deze vraag")),
            "_key": pa.Column(str, unique=True, report_duplicates="exclude_first"),
        },
        strict=False, name=f"{cb.id}: codes van open antwoorden",
    ), {
        "respondent": (r, f"de antwoord-id zoals in de export (kolom '{cb.respondent.id}')",
                       "neem de id over zoals hij in de export staat, of verwijder de rij"),
        "beantwoord": (r, "een respondent die deze open vraag beantwoordde",
                       "controleer respondent en vraag: er is geen antwoord om te coderen"),
        "vraag": (q, "een van: " + ", ".join(coding.questions),
                  f"gebruik de vraagnaam uit het codeboek, of voeg de vraag toe onder coding.questions: in {where}"),
        "thema": (t, "een themacode of -label uit het codeboek: " + theme_list,
                  f"voeg het thema toe onder themes: in {where}, of verbeter de tikfout"),
        "dubbel": ("_key", "elke combinatie (respondent, vraag, thema) één keer",
                   "verwijder de dubbele rij"),
    }


def read_codes(cb: Codebook, raw_export_df: pd.DataFrame, key: bytes) -> pd.DataFrame:
    """The checked codes: DataFrame[respondent (pseudonym), question, theme (code)], sorted."""
    coding = cb.coding
    if coding is None:
        raise ConfigError("het codeboek heeft geen 'coding'", file=cb.path)
    _check_config(cb)
    path = cb.raw_file(coding.file)
    codes = read_export(ExportSpec(file=str(path), tool="csv"))
    r, q, t = coding.respondent_column, coding.question_column, coding.theme_column
    missing = [c for c in (r, q, t) if c not in codes.columns]
    if missing:
        raise DataError(f"kolom '{missing[0]}' ontbreekt in het codeerbestand", file=path, row=1, column=missing[0],
                        expected=f"kolommen {r}, {q}, {t}", value=", ".join(map(str, codes.columns)),
                        fix=f"geef de kolommen deze namen in de kopregel, of zet de namen onder coding: in "
                            f"surveys/{cb.id}/codebook.yml (respondent_column, question_column, theme_column)")
    codes = codes[[r, q, t]]
    codes = codes[~(codes.apply(lambda col: col.str.strip()) == "").all(axis=1)]  # blank rows: nothing coded
    ids = {str(v).strip() for v in raw_export_df[cb.respondent.id] if str(v).strip()}
    answered: dict[str, set[str]] = {}
    for name in coding.questions:
        source = cb.by_name[name].source
        col = raw_export_df[source].fillna("").astype(str).str.strip() if source in raw_export_df else None
        ids_col = raw_export_df[cb.respondent.id].astype(str).str.strip()
        answered[name] = set(ids_col[col != ""]) if col is not None else set(ids_col)
    themes = theme_map(cb)
    check = codes.copy()
    check["_key"] = (check[r].str.strip() + "\x1f" + check[q].str.strip() + "\x1f"
                     + check[t].map(lambda v: themes.get(normalise(v), normalise(v))))
    # a code for an answer that is not there (only judged when respondent and question are known)
    check["_answered"] = [resp.strip() not in ids or quest.strip() not in answered
                          or resp.strip() in answered[quest.strip()]
                          for resp, quest in zip(check[r], check[q], strict=True)]
    schema, meaning = _schema(cb, ids)
    try:
        schema.validate(check, lazy=True)
    except SchemaErrors as exc:
        raise _error(exc.failure_cases, meaning, path, codes) from None
    out = pd.DataFrame({
        "respondent": privacy.pseudonymise(codes[r].tolist(), key, prefix="R",
                                           salt=privacy.salt_for(cb.respondent, cb.id)),  # as ingest keys them
        "question": codes[q].str.strip().to_numpy(),
        "theme": codes[t].map(lambda v: themes[normalise(v)]).to_numpy(),
    })
    return out.sort_values(OUTPUT_COLUMNS, kind="stable").reset_index(drop=True)[OUTPUT_COLUMNS]


def _error(fc: pd.DataFrame, meaning: dict, path, codes: pd.DataFrame) -> DataError:
    # pandera reports a failing check by its column (and its error text): map back to our checks
    by_column = {meaning[k][0]: k for k in ("respondent", "vraag", "thema")}
    by_column.update({"_answered": "beantwoord", "_key": "dubbel"})
    problems = []
    for rec in fc.itertuples(index=False):
        name = by_column.get(str(rec.column), str(rec.column))
        column, expected, fix = meaning.get(name, (str(rec.column), None, None))
        row = None if rec.index is None or pd.isna(rec.index) else int(rec.index)
        value = codes.at[row, column] if row is not None and column in codes.columns else rec.failure_case
        if name == "dubbel" and row is not None:
            column = ", ".join(codes.columns)
            value = " / ".join(str(codes.at[row, c]) for c in codes.columns)
        label = {"respondent": "onbekende respondent", "beantwoord": "geen antwoord om te coderen",
                 "vraag": "onbekende vraag", "thema": "onbekend thema", "dubbel": "dubbele rij"}.get(name, name)
        problems.append((row if row is not None else 0, label, column, value, expected, fix))
    problems.sort(key=lambda p: p[0])
    first = problems[0]
    details = [f"rij {p[0]}, kolom '{p[2]}': {p[3]!r} — {p[1]}" for p in problems]
    return DataError(
        f"{count(len(problems), 'probleem', 'problemen')} in het codeerbestand; eerste: {first[1]}",
        file=path, row=first[0] or None, column=first[2], value=first[3], expected=first[4],
        details=details, fix=first[5],
    )
