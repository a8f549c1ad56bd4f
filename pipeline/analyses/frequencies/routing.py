"""Routed questions: a question asked only after some answers (``ask_if``) publishes its base, and that base is
a sum of the routing question's cells (everyone those answers routed to it, minus who skipped it).

A disclosure review built a consultation in which "Zoektijd" (asked of everyone but owners) printed
"Basis: 195 respondenten" beside a housing table that hid the 3 owners among 198: 198 − 195 = 3. Here each routed
base is added to the consultation audit (:func:`pipeline.publish.audit_tables` with ``routed=``); a routed question
whose base would let a reader work out or narrow a hidden cell of its routing question is not published at all
(every table of it hidden with the reason ``protect``, its base too), since its counts add up to its base.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.codebook import Codebook
from pipeline.vocabulary import PROTECT, thresholds


def routed(cb: Codebook, est: pd.DataFrame) -> list[tuple[str, list[str], str, float]]:
    """(routing question, the labels of its answers that route, routed question, the routed question's published
    base) for every analysed routed question with a published table. A routing answer merged with one that does
    not route is no clean sum: left out (its merged row holds both)."""
    out = []
    tables = set(est["table"])
    for q in cb.questions:
        cond = q.ask_if
        if cond is None or not q.analyse or q.name not in tables or cond.variable not in tables:
            continue
        v = cb.by_name.get(cond.variable)
        if v is None:
            continue
        label = {a.code: a.label for a in v.answers}
        merged = {c: m for m in v.merge for c in m.answers}
        if _merged_with_unrouted(v, cond):
            continue
        labels = list(dict.fromkeys(merged[c].label if c in merged else label[c] for c in cond.in_ if c in label))
        base = pd.to_numeric(est.loc[est["table"] == q.name, "base"], errors="coerce").max()
        if labels and pd.notna(base):
            out.append((cond.variable, labels, q.name, float(base)))
    return out


def merged_routing(cb: Codebook, est: pd.DataFrame) -> list[str]:
    """The routed questions with a published table whose routing answer is merged with one that does not route: its
    base is a part of the merged row, which the merge was there to hide (a review read the shelter residents inside
    'Eigenaar of opvang', and the owners per region, off such a question's bases)."""
    out = []
    tables = set(est["table"])
    for q in cb.questions:
        cond = q.ask_if
        v = cb.by_name.get(cond.variable) if cond is not None else None
        if v is None or not q.analyse or q.name not in tables:
            continue
        if _merged_with_unrouted(v, cond):
            if pd.to_numeric(est.loc[est["table"] == q.name, "base"], errors="coerce").notna().any():
                out.append(q.name)
    return out


def _merged_with_unrouted(routing, cond) -> bool:
    """Whether an answer that routes is merged with one that does not."""
    merged = {c: m for m in routing.merge for c in m.answers}
    return any(set(merged[c].answers) - set(cond.in_) for c in cond.in_ if c in merged)


def routed_by(est: pd.DataFrame, overall: list[tuple[str, list[str], str, float]]) -> list[tuple]:
    """Per cross-tab of a routed question that prints its bases, either way round: (routing question, routing
    labels, routed question, its base, the other question, "rows" when the routed question is the cross-tab's rows
    and "by" when it is its subgroup)."""
    x = est[est["kind"] == "crosstab"]
    shown = x[pd.to_numeric(x["base"], errors="coerce").notna()]  # a cross-tab left out publishes no group bases
    with_bases = sorted(set(zip(shown["variable"].astype(str), shown["by"].fillna("").astype(str))))
    out = []
    for variable, labels, question, base in overall:
        for rows, by in with_bases:
            if rows == question and by:
                out.append((variable, labels, question, base, by, "rows"))
            elif by == question:
                out.append((variable, labels, question, base, rows, "by"))
    return out


def protect_routed(cb: Codebook, est: pd.DataFrame, heads: pd.DataFrame | None = None) -> list[str]:
    """Hide every routed question whose published base, read with every published table and headline (and the
    routed bases kept before it), lets a hidden cell be worked out or narrowed; then every cross-tab of a routed
    question whose group bases (or row sums) do, or that would tell a small number of people not asked it in a group.
    A routed question whose routing answer is merged with one that does not route is hidden outright. Changes
    ``est`` (and ``heads``) in place; returns what it hid."""
    from pipeline.publish import audit_tables

    hidden = []
    for name in merged_routing(cb, est):
        hidden.append(name)
        hide_question(cb, est, name, heads)
    candidates = routed(cb, est)
    if not candidates:
        return hidden
    limit = thresholds(cb, est)
    shown_heads = None if heads is None or heads.empty else heads[heads["status"] != "suppressed"]
    before = set(audit_tables(est, limit, headlines=shown_heads))
    if not set(audit_tables(est, limit, headlines=shown_heads, routed=candidates + routed_by(est, candidates))) - before:
        return hidden  # all bases together reveal nothing: then neither does any one of them
    kept = []
    for c in candidates:
        if set(audit_tables(est, limit, headlines=shown_heads, routed=[*kept, c])) - before:
            hidden.append(c[2])
            hide_question(cb, est, c[2], heads)
        else:
            kept.append(c)
    # then each cross-tab of a routed question still shown: its group bases are sums of the routing question's
    # cells in the same groups, and group size minus base is who in the group was not asked it; one that gives a
    # hidden cell away, or a small number of people not asked, is left out (its cells and bases), nothing more
    for c in routed_by(est, kept):
        if set(audit_tables(est, limit, headlines=shown_heads, routed=[*kept, c])) - before:
            rows, by = (c[2], c[4]) if c[5] == "rows" else (c[4], c[2])
            hidden.append(f"{rows} naar {by}")
            table = est.loc[(est["kind"] == "crosstab") & (est["variable"].astype(str) == rows)
                            & (est["by"].fillna("").astype(str) == by), "table"]
            at = est["table"].isin(set(table))
            est.loc[at, ["status", "hidden_reason"]] = ["suppressed", PROTECT]
            est.loc[at, "base"] = np.nan
        else:
            kept.append(c)
    return hidden


def hide_question(cb: Codebook, est: pd.DataFrame, name: str, heads: pd.DataFrame | None = None) -> None:
    """Every table of a question hidden, with its base: its one-way table (and classes), its cross-tabs either
    way round and its headline."""
    q = cb.by_name[name]
    names = {name} | ({q.bins.name} if q.bins else set())
    at = est["variable"].astype(str).isin(names) | est["by"].fillna("").astype(str).isin(names)
    est.loc[at, ["status", "hidden_reason"]] = ["suppressed", PROTECT]
    est.loc[at, "base"] = np.nan
    if heads is not None and not heads.empty:
        mine = heads["variable"].astype(str).isin(names)
        heads.loc[mine, ["status", "hidden_reason"]] = ["suppressed", PROTECT]
