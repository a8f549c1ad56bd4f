"""Themes in coded open answers: the share of respondents who mention each theme.

For every open question in ``coding.questions``: the base is the respondents of the cleaned table
(so not the rows set apart in validation nor repeated submissions) with a non-empty answer to that
question; each theme is a 0/1 indicator per respondent (coded with that theme or not), estimated
with :func:`pipeline.stats.multiple_response` ("% of respondents", may sum to more than 100 %).
Codes of respondents outside the base are not counted. The table lists the themes the
researchers used for that question (coded at least once, in codebook order), then "Geen thema" for the
answers that carry none when there are such (not read yet, or nothing to classify: the codes file cannot tell),
or every theme when the question has no codes yet; then no share is published (``not_coded``: 0 % for every theme would be
a finding nobody made) and the report says the answers are not coded yet.

Disclosure control as for a multiple-choice question: each theme is its own yes/no table, so the
cell is suppressed when 0 < n < threshold or 0 < base − n < threshold (the question's threshold:
``small_cell_sensitive`` for questions marked ``sensitive``), and the percentage is withheld or
flagged by the base (:func:`pipeline.stats.pct_status`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.codebook import Codebook
from pipeline.vocabulary import COLUMNS, rules_for
from pipeline.stats import Design, SuppressionRules, multiple_response, pct_status


NO_THEME = "Geen thema"  # the row of answers that carry no theme (only when the question's others are coded)
NO_THEME_CODE = "_no_theme"


def table_name(question: str) -> str:
    return f"themes__{question}"


def _status(n: int, base: int, rules: SuppressionRules) -> str:
    if 0 < n < rules.min_cell or 0 < base - n < rules.min_cell:
        return "suppressed"
    by_base = pct_status(int(base), rules)
    return {"suppressed": "base_too_small", "flagged": "flagged"}.get(by_base, "ok")


def answered(text: pd.Series) -> pd.Series:
    """True where an open answer is present (not missing, not only spaces)."""
    return text.notna() & (text.astype("string").fillna("").str.strip() != "")


def theme_table(cb: Codebook, clean_df: pd.DataFrame, codes_df: pd.DataFrame, question: str) -> pd.DataFrame:
    q = cb.by_name[question]
    rules = rules_for(cb, q)
    mask = answered(clean_df[q.name]).to_numpy()
    respondents = clean_df["respondent"].astype(str).to_numpy()
    mine = codes_df[codes_df["question"] == question]
    # the themes the researchers used for this question (all themes when none is coded yet)
    used = set(mine["theme"])
    themes = [t for t in cb.themes if t.code in used] or list(cb.themes)
    cols = {}
    for t in themes:
        who = set(mine.loc[mine["theme"] == t.code, "respondent"])
        chosen = np.array([1.0 if r in who else 0.0 for r in respondents])
        cols[t.code] = pd.Series(np.where(mask, chosen, np.nan), dtype="Float64")
    labels = [t.label for t in themes]
    # answers with no theme in a question others are coded in: their own row, so that a reader sees how many of
    # the base no theme describes (not yet read, or nothing to classify) instead of shares that seem to cover all
    coded = set(mine["respondent"])
    none = np.array([0.0 if r in coded else 1.0 for r in respondents])
    if used and (mask & (none == 1.0)).any():
        cols[NO_THEME_CODE] = pd.Series(np.where(mask, none, np.nan), dtype="Float64")
        labels.append(NO_THEME)
    base = int(mask.sum())
    if base:
        res = multiple_response(Design(pd.DataFrame(cols)), list(cols)).set_index("option")
    else:  # nobody answered: a table of zeros without percentages
        res = pd.DataFrame({"n": 0, "base": 0, "estimate": np.nan, "se": np.nan, "ci_low": np.nan,
                            "ci_high": np.nan}, index=list(cols))
    out = pd.DataFrame({
        "table": table_name(q.name), "kind": "multiple", "variable": q.name,
        "label": f"Thema's in de antwoorden op: {q.label}", "by": "", "group": "",
        "category": labels,
        "n": res["n"].to_numpy(dtype=int), "base": res["base"].to_numpy(dtype=int),
        "estimate": res["estimate"].to_numpy(dtype=float), "se": res["se"].to_numpy(dtype=float),
        "ci_low": res["ci_low"].to_numpy(dtype=float), "ci_high": res["ci_high"].to_numpy(dtype=float),
    })
    out["status"] = [_status(int(n), int(b), rules) for n, b in zip(out["n"], out["base"], strict=True)]
    # 'Geen thema' is the base minus those with any theme: beside a shown theme it bounds a hidden one from below
    # (20 with theme B, 22 with any theme: a hidden A is at least 2), so it is hidden with any hidden theme
    no_theme = out["category"] == NO_THEME
    if no_theme.any() and (out.loc[~no_theme, "status"] == "suppressed").any():
        out.loc[no_theme, "status"] = "suppressed"
    if base and not_coded(out):  # answers, but no code yet: 0 % for every theme would be a finding nobody made
        out[["estimate", "se", "ci_low", "ci_high"]] = np.nan
        out["status"] = "base_too_small"
    return out[COLUMNS]


def not_coded(table: pd.DataFrame) -> bool:
    """Whether a theme table counts answers of which none carries a theme: the coding is not done yet
    (an answer the researchers read always gets a theme, if only 'anders'). Codes list only the themes
    given, so an answer left uncoded in a partly coded question cannot be told from one without a theme."""
    base = pd.to_numeric(table["base"], errors="coerce")
    return bool(len(table)) and bool((base > 0).all()) and bool(pd.to_numeric(table["n"], errors="coerce").eq(0).all())


def not_coded_text(cb: Codebook, table: str, rows: pd.DataFrame, md=lambda text: text) -> str:
    """'De 34 antwoorden op ‘…’ zijn nog niet in thema's ingedeeld' when ``rows`` (the cells of ``table``) are the
    theme table of a coded open question whose answers carry no theme yet; '' for any other table. Plain text;
    ``md`` escapes the question's label for Markdown."""
    from pipeline.fmt import count

    if not table.startswith(table_name("")) or not not_coded(rows):
        return ""
    question = table[len(table_name("")):]
    q = cb.by_name.get(question)
    label = md(q.label if q is not None else question)
    n = int(pd.to_numeric(rows["base"]).max())
    who = "Het antwoord" if n == 1 else f"De {count(n, 'antwoord', 'antwoorden')}"
    return f"{who} op ‘{label}’ {'is' if n == 1 else 'zijn'} nog niet in thema's ingedeeld"


def theme_tables(cb: Codebook, clean_df: pd.DataFrame, codes_df: pd.DataFrame) -> list[pd.DataFrame]:
    """One table per coded question, each with exactly the columns of ``pipeline.vocabulary.COLUMNS``.

    A list (not one concatenated frame) because the analyse stage adds them with
    ``tables.extend(...)``; ``pd.concat(theme_tables(...))`` gives the single frame.
    """
    if cb.coding is None:
        return []
    return [theme_table(cb, clean_df, codes_df, question) for question in cb.coding.questions]
