"""Headlines: the share of the answers a codebook names as a question's finding (``headline:``).

For a single-choice or Likert question the headline is the share of respondents who gave one of the
named answers, estimated exactly as the single answers are (:func:`pipeline.analyses.frequencies.tables.frequency`
on the question recoded to "one of these answers" / "another answer": design-based, Wilson interval,
item non-response left out of the base). For a multiple-choice question it is the share that chose the
one named option, copied from that option's row.

Disclosure control: the headline count is the sum of cells of the question's one-way table, and its
complement (base − count) is published with it, so both must reach the question's small-cell threshold
(``suppress_series`` on the two cells). Then it is linked to every published table in the consultation
audit (:func:`pipeline.publish.audit_tables` with ``headlines=``): a headline that would let a reader
work out or narrow a hidden cell of its question's table (or of a cross-tab linked to it) is hidden
with the reason ``protect``. The report then says that the number is not shown, never the number.

Written to ``processed/<id>/headlines.csv``: the columns of estimates.csv (kind ``headline``, category
= the headline's text) plus ``answers``, the published answer labels it adds up (a JSON list).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from pipeline.analyses.frequencies.tables import categorical, frequency
from pipeline.codebook import Codebook
from pipeline.vocabulary import OUT_COLUMNS, PROTECT, rules_for, thresholds

KIND = "headline"
COLUMNS = [*OUT_COLUMNS, "answers"]
OTHER = "__other__"


def table_name(question: str) -> str:
    return f"{question}__headline"


def _one(cb: Codebook, df: pd.DataFrame, est: pd.DataFrame, name: str) -> pd.DataFrame:
    q = cb.by_name[name]
    h, cats = q.headline, q.headline_categories
    table = table_name(name)
    if q.type == "multiple_choice":
        row = est[(est["table"] == name) & (est["category"].astype(str) == cats[0])].copy()
        row[["table", "kind", "category"]] = [table, KIND, h.text]
    else:
        col = categorical(df[name])
        values = col.astype(object)
        recoded = pd.Categorical(np.where(values.isna(), None, np.where(values.isin(cats), h.text, OTHER)),
                                 categories=[h.text, OTHER])
        two = frequency(pd.DataFrame({name: recoded}), name, q.label, rules_for(cb, q), table, kind=KIND)
        row = two[two["category"] == h.text].copy()
    row["answers"] = json.dumps(cats, ensure_ascii=False)
    return row.reindex(columns=COLUMNS)


def headlines(cb: Codebook, df: pd.DataFrame, est: pd.DataFrame) -> pd.DataFrame:
    """One row per question with a ``headline`` (``df``: the clean data with merged answers; ``est``:
    the consultation's estimates after disclosure control)."""
    names = [q.name for q in cb.questions if q.headline is not None and q.analyse and q.name in set(est["table"])]
    if not names:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat([_one(cb, df, est, n) for n in names], ignore_index=True)
    return protect_linked(cb, est, out)


def protect_linked(cb: Codebook, est: pd.DataFrame, heads: pd.DataFrame) -> pd.DataFrame:
    """Hide each shown headline that, read with every published table and the headlines kept before
    it, lets a hidden cell be worked out or narrowed (reason ``protect``)."""
    from pipeline.publish import audit_tables

    heads = heads.copy()
    limit = thresholds(cb, est)
    before = set(audit_tables(est, limit))
    shown = heads[heads["status"].isin(["ok", "flagged"])]
    if shown.empty or not set(audit_tables(est, limit, headlines=heads[heads["status"] != "suppressed"])) - before:
        # every headline together reveals nothing: then neither does any part of them (each published
        # number only narrows what an attacker can infer), and one audit replaces one per headline
        return heads
    for i in heads.index:
        if heads.at[i, "status"] not in ("ok", "flagged"):
            continue
        kept = heads.loc[[j for j in heads.index if j <= i and heads.at[j, "status"] != "suppressed"]]
        if set(audit_tables(est, limit, headlines=kept)) - before:
            heads.loc[i, ["status", "hidden_reason"]] = ["suppressed", PROTECT]
    return heads
