"""Frequency tables: each question's answers with 95 % intervals, cross-tabs by subgroup, and the
disclosure control that links them (a cell hidden in one table is hidden wherever it could be worked
out). These are the rows of ``estimates.csv`` and ``tests.csv`` that every survey consultation has.

All numbers come from :mod:`pipeline.stats` (design-based, agreeing with R's ``survey``);
subgroups are domains of the full design. Nothing here is published before
:mod:`pipeline.publish` applies the status.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd
from scipy import special

from pipeline.codebook import Codebook, Question
from pipeline.stats import Design, SuppressionRules, mean, multiple_response, pct_status
from pipeline.stats.disclosure import suppress_counts, suppress_linked
from pipeline.stats.estimates import srs_proportions
from pipeline.stats.tests_tables import srs_test
from pipeline.vocabulary import COLUMNS, OUT_COLUMNS, PROTECT, SMALL, rules_for, rules_for_var, stricter, thresholds

REASONS = {"primary": SMALL, "secondary": PROTECT}  # a cell's disclosure status → its hidden_reason


def _reason(cell_status: pd.Series) -> pd.Series:
    return pd.Series(_reason_values(cell_status.to_numpy()), index=cell_status.index, dtype=object)


def _reason_values(cell_status: np.ndarray) -> np.ndarray:
    return np.array([REASONS.get(c, "") for c in cell_status], dtype=object)


def _status(cell_status: pd.Series, bases: pd.Series, rules: SuppressionRules) -> pd.Series:
    return pd.Series(_status_values(cell_status.to_numpy(), bases.to_numpy(), rules), index=cell_status.index,
                     dtype=object)


def _status_values(cell_status: np.ndarray, bases: np.ndarray, rules: SuppressionRules) -> np.ndarray:
    """Published status per cell: its base's (``pct_status``), then ``suppressed`` for a hidden cell."""
    by_base = {b: pct_status(int(b), rules) for b in set(bases.tolist())}
    base_status = np.array([by_base[b] for b in bases.tolist()], dtype=object)
    out = np.full(len(cell_status), "ok", dtype=object)
    out[base_status == "flagged"] = "flagged"
    out[base_status == "suppressed"] = "base_too_small"
    out[np.array([c in ("primary", "secondary") for c in cell_status], dtype=bool)] = "suppressed"
    return out


def categorical(col: pd.Series) -> pd.Series:
    return col if isinstance(col.dtype, pd.CategoricalDtype) else col.astype("category")


def categories(df: pd.DataFrame, var: str) -> list[str]:
    return list(categorical(df[var]).cat.categories)


Z_975 = float(special.ndtri(0.975))


def _counts(codes: np.ndarray, k: int) -> np.ndarray:
    """Unweighted count of each of ``k`` categories from category codes (-1: missing)."""
    return np.bincount(codes[codes >= 0], minlength=k)


@functools.lru_cache(maxsize=1024)  # the same few (0 or all of a base) in every table of a consultation
def _wilson_score(k: int, base: int) -> tuple[float, float]:
    """The Wilson score interval of ``k`` of ``base`` (R ``prop.test(k, base, correct=FALSE)``), in the
    arithmetic of ``scipy.stats.binomtest(k, base).proportion_ci(method="wilson")`` (Newcombe 1998, method
    3), to the last bit, without importing scipy.stats (a third of a second in every stage's process)."""
    z = Z_975
    p = k / base
    denom = 2 * (base + z**2)
    centre = (2 * base * p + z**2) / denom
    delta = z / denom * math.sqrt(4 * base * p * (1 - p) + z**2)
    return (0.0 if k == 0 else centre - delta), (1.0 if k == base else centre + delta)


def _shares(counts: np.ndarray, n: int, rows_in: int) -> dict[str, np.ndarray]:
    """Base, shares and 95 % intervals of one frequency table from its counts, the design being all
    ``n`` rows of the export (equal weights) and the table a domain of ``rows_in`` of them (a subgroup
    of a cross-tab: its interval uses the subgroup's degrees of freedom, as R ``svyby``)."""
    k = len(counts)
    base = int(counts.sum())
    est, se, low, high = (np.full(k, np.nan) for _ in range(4))
    if base and n >= 2:
        est, se, low, high = srs_proportions(counts, n, rows_in, ci="wilson")
    elif base:  # one respondent in the whole export: no design, the share is 0 or 100 % (Wilson below)
        est = counts / base
    # an answer nobody (or everybody) gave has a design-based SE of 0 and an interval that would
    # collapse to 0–0 % (100–100 %): use the Wilson score interval on the respondents instead
    for j, c in enumerate(counts if base else []):
        if c in (0, base):
            se[j], (low[j], high[j]) = np.nan, _wilson_score(int(c), base)
    return {"n": counts, "base": np.full(k, base), "estimate": est, "se": se, "ci_low": low, "ci_high": high}


def frequency(df: pd.DataFrame, var: str, label: str, rules: SuppressionRules, table: str,
              by: str = "", group: str = "", kind: str = "frequency", domain: np.ndarray | None = None,
              hide: set | None = None) -> pd.DataFrame:
    """Shares of each category among those who answered; a domain when ``by``/``group`` are set
    (``domain``: its rows, so the interval uses the subgroup's degrees of freedom, as R ``svyby``).
    ``hide``: categories hidden in a linked table (correspondence subgroups), hidden here too."""
    col = categorical(df[var])
    cats = list(col.cat.categories)
    counts = _counts(col.cat.codes.to_numpy(), len(cats))
    numbers = _shares(counts, len(col), len(col) if domain is None else int(np.count_nonzero(domain)))
    cell = suppress_counts(counts, cats, rules, total_published=True, hide=hide)
    return pd.DataFrame({"table": table, "kind": kind, "variable": var, "label": label, "by": by, "group": group,
                         "category": cats, **numbers, "status": _status_values(cell, numbers["base"], rules),
                         "hidden_reason": _reason_values(cell)})


def multiple(df: pd.DataFrame, q: Question, rules: SuppressionRules) -> pd.DataFrame:
    cols = [q.indicator(a.code) for a in q.answers]
    if not df[cols].notna().any(axis=None):  # nobody answered: a row per option with base 0 (a note in the report)
        res = pd.DataFrame({"n": 0, "base": 0, "estimate": np.nan, "se": np.nan, "ci_low": np.nan,
                            "ci_high": np.nan}, index=range(len(cols)))
    elif len(df) < 2:
        res = single_respondent(df[cols])
    else:
        ticks = df[cols]  # 0/1 or True/False; anything else (text) as numbers, or an error
        if not all(pd.api.types.is_numeric_dtype(ticks[c]) for c in cols):
            ticks = ticks.astype("Float64")
        res = multiple_response(Design(ticks), cols)
    out = pd.DataFrame({
        "table": q.name, "kind": "multiple", "variable": q.name, "label": q.label, "by": "", "group": "",
        "category": [a.label for a in q.answers], "n": res["n"].to_numpy(), "base": res["base"].to_numpy(),
        "estimate": res["estimate"].to_numpy(), "se": res["se"].to_numpy(),
        "ci_low": res["ci_low"].to_numpy(), "ci_high": res["ci_high"].to_numpy(),
    })
    # each option is its own yes/no table: "chosen" and "not chosen" must both be safe
    cell = pd.Series(["primary" if 0 < n < rules.min_cell or 0 < b - n < rules.min_cell else "ok"
                      for n, b in zip(out["n"], out["base"], strict=True)], index=out.index)
    out["status"] = _status(cell, out["base"], rules)
    out["hidden_reason"] = _reason(cell)
    return out


def single_respondent(ticks: pd.DataFrame) -> pd.DataFrame:
    """Multiple-response counts of an export with one respondent, where no design exists: the
    counts, and shares without an interval (the report hides them: the base is below small_cell)."""
    values = ticks.astype("Float64")
    n = values.fillna(0).sum().astype(int).to_numpy()
    base = np.full(len(ticks.columns), int(values.notna().any(axis=1).sum()))
    return pd.DataFrame({"n": n, "base": base, "estimate": np.where(base > 0, n / np.maximum(base, 1), np.nan),
                         "se": np.nan, "ci_low": np.nan, "ci_high": np.nan})


def number(df: pd.DataFrame, q: Question, rules: SuppressionRules) -> pd.DataFrame:
    base = int(df[q.name].notna().sum())
    res = mean(Design(df[[q.name]]), q.name) if base >= 2 else {"estimate": np.nan, "se": np.nan,
                                                                  "ci_low": np.nan, "ci_high": np.nan}
    median = float(df[q.name].median()) if base else np.nan
    rows = [
        {"category": "gemiddelde", "estimate": res["estimate"], "se": res["se"],
         "ci_low": res["ci_low"], "ci_high": res["ci_high"]},
        {"category": "mediaan", "estimate": median, "se": np.nan, "ci_low": np.nan, "ci_high": np.nan},
    ]
    out = pd.DataFrame(rows).assign(table=q.name, kind="number", variable=q.name, label=q.label, by="",
                                    group="", n=base, base=base)
    status = "base_too_small" if base < max(rules.min_cell, 10) else "ok"
    out["status"] = status
    out["hidden_reason"] = ""
    return out[OUT_COLUMNS]


def cross(df: pd.DataFrame, rows: str, by: str, label: str, rules: SuppressionRules,
          by_rules: SuppressionRules | None = None, hide: dict[str, set] | None = None
          ) -> tuple[pd.DataFrame, dict]:
    """Column percentages of ``rows`` within each group of ``by`` (domains of one design).

    Disclosure control links this table to the one-way tables of both questions: each is
    suppressed with its own question's rules (a sensitive ``by`` keeps its own threshold), and the
    cross-tab's cells are chosen so that no number hidden in any of the three can be worked out.
    """
    by_rules = rules if by_rules is None else by_rules
    cell_rules = stricter(rules, by_rules)
    table = f"{rows}__by__{by}"
    row_col, by_col = categorical(df[rows]), categorical(df[by])
    row_codes, by_codes = row_col.cat.codes.to_numpy(), by_col.cat.codes.to_numpy()
    test = {"table": table, "rows": rows, "by": by, "statistic": np.nan, "ndf": np.nan, "ddf": np.nan,
            "p_value": np.nan, "fisher_p": np.nan, "n": 0}
    if not len(row_col.cat.categories) or not len(by_col.cat.categories) or not (
            (row_codes >= 0) & (by_codes >= 0)).any():
        return pd.DataFrame(columns=COLUMNS), test  # an empty cross-tab: the report says so
    row_cats, groups = list(row_col.cat.categories), [str(g) for g in by_col.cat.categories]
    nr, ng = len(row_cats), len(groups)
    # one count of both columns: the table with a row and a column for the missing answers first
    full = np.bincount((by_codes.astype(np.int64) + 1) * (nr + 1) + (row_codes.astype(np.int64) + 1),
                       minlength=(ng + 1) * (nr + 1)).reshape(ng + 1, nr + 1)
    joint = full[1:, 1:]  # group × answer
    group_rows, answer_counts = full[1:, :].sum(axis=1), full[:, 1:].sum(axis=0)  # the one-way tables
    parts = [_shares(joint[gi], len(df), int(rows_in)) for gi, rows_in in enumerate(group_rows)]
    numbers = {name: np.concatenate([part[name] for part in parts]) for name in parts[0]}
    group = np.repeat(np.array(groups, dtype=object), nr)
    # the one-way tables as published, each with its own question's rules
    hide = hide or {}  # per question: answers its one-way table hides because a linked table does
    row_margin = suppress_counts(answer_counts, row_cats, rules, hide=hide.get(rows))
    by_margin = suppress_counts(group_rows, list(by_col.cat.categories), by_rules, hide=hide.get(by))
    too_small = [pct_status(int(b), cell_rules) == "suppressed" for b in joint.sum(axis=1)]
    status2d = suppress_linked(pd.DataFrame(joint.T, index=row_cats, columns=groups), cell_rules,
                               list(row_margin), list(by_margin), too_small)
    cell = status2d.to_numpy().T.ravel()  # group by group, as the rows of the table
    status, reason = _status_values(cell, numbers["base"], cell_rules), _reason_values(cell)
    # a group that the one-way table of `by` hides is hidden here too, with its size (linked tables)
    reasons = {g: (SMALL if st == "primary" else PROTECT) for g, st in zip(groups, by_margin, strict=True)
               if st != "ok"}
    in_hidden = np.array([g in reasons for g in group], dtype=bool)
    status[in_hidden] = "suppressed"
    reason[in_hidden] = np.array([reasons[g] for g in group[in_hidden]], dtype=object)
    base = pd.array(numbers.pop("base"), dtype="Int64")
    base[in_hidden] = pd.NA  # its size is not published either
    out = pd.DataFrame({"table": table, "kind": "crosstab", "variable": rows, "label": label, "by": by,
                        "group": group, "category": row_cats * ng, "n": numbers["n"], "base": base,
                        **{k: numbers[k] for k in ("estimate", "se", "ci_low", "ci_high")},
                        # object columns, not the inferred str dtype: the cross-tab's as they have always been
                        # (it decides the dtype of estimates' status when all tables are concatenated)
                        "status": pd.Series(status, dtype=object), "hidden_reason": pd.Series(reason, dtype=object)})
    test = {"table": table, "rows": rows, "by": by, "statistic": np.nan, "ndf": np.nan, "ddf": np.nan,
            "p_value": np.nan, "fisher_p": np.nan, "n": int(joint.sum())}
    # a test statistic of a table with hidden cells can give those cells away: no test then
    observed = (joint.sum(axis=0) > 0).sum(), (joint.sum(axis=1) > 0).sum()  # answers, groups
    if min(observed) > 1 and not np.isin(status, ["suppressed", "base_too_small"]).any():
        statistic, ndf, ddf, p_value, fisher_p = srs_test(joint.T)
        test.update(statistic=statistic, ndf=ndf, ddf=ddf, p_value=p_value, fisher_p=fisher_p)
    return out[OUT_COLUMNS], test


def merge_answers(cb: Codebook, df: pd.DataFrame) -> pd.DataFrame:
    """The codebook's ``merge`` rows: answers published as one category, in the place of the first
    (recoding before suppression: nothing needs hiding when the merged row is large enough)."""
    questions = [q for q in cb.questions if q.merge and q.name in df.columns]
    if not questions:
        return df
    df = df.copy()
    for q in questions:
        label = {a.code: a.label for a in q.answers}
        to = {label[c]: m.label for m in q.merge for c in m.answers}
        order = list(dict.fromkeys(to.get(str(c), str(c)) for c in categorical(df[q.name]).cat.categories))
        df[q.name] = pd.Categorical(df[q.name].astype(object).map(lambda v: to.get(v, v) if pd.notna(v) else v),
                                    categories=order)
    return df


def protect(cb: Codebook, est: pd.DataFrame, tests: list[dict]) -> list[dict]:
    """All one-way tables and cross-tabs read together: hide the cross-tab cells still needed so that no
    hidden number follows from two cross-tabs of one question (``publish.consultation_complements``);
    a cross-tab with a newly hidden cell loses its test. Changes ``est`` in place."""
    from pipeline.publish import consultation_complements

    if est.empty or not (est["kind"] == "crosstab").any():
        return tests
    extra = consultation_complements(est, thresholds(cb, est))
    changed = set()
    for table, category, group in extra:
        at = (est["table"] == table) & (est["category"] == category) & (est["group"].astype(str) == group)
        est.loc[at, ["status", "hidden_reason"]] = ["suppressed", PROTECT]
        changed.add(table)
    for t in tests:
        if t.get("table") in changed:
            t.update(statistic=np.nan, ndf=np.nan, ddf=np.nan, p_value=np.nan, fisher_p=np.nan)
    return tests


def hide_summaries_of_hidden_classes(cb: Codebook, est: pd.DataFrame) -> None:
    """A number whose classes (``bins``) hide a count is not summarised: its mean, interval and median are
    hidden too. Mean and interval give the sum and the sum of squares of the answers back; with the classes'
    bounds and the median they narrow a hidden class below the threshold (a review found an oldest class of 2
    people aged 97 and 99 pinned to 2–5 from the mean 39,6…, its interval and the median in tabellen.xlsx).
    Changes ``est`` in place."""
    for q in cb.questions:
        if q.type != "number" or not q.bins:
            continue
        classes = est["table"] == q.bins.name
        if (est.loc[classes, "status"] == "suppressed").any():
            est.loc[est["table"] == q.name, ["status", "hidden_reason"]] = ["suppressed", PROTECT]


def tables(cb: Codebook, scope) -> tuple[list[pd.DataFrame], list[dict]]:
    """Every analysed question's one-way table, and the cross-tabs of the codebook's crosstabs and
    subgroups, counting ``scope.data`` and hiding what ``scope.hide`` says a linked table hides."""
    df, hide = scope.data, scope.hide
    out, tests = [], []
    for q in cb.questions:
        if not q.analyse or q.type in ("free_text", "date"):
            continue
        rules = rules_for(cb, q)
        if q.type in ("single_choice", "likert"):
            out.append(frequency(df, q.name, q.label, rules, q.name, hide=hide.get(q.name)))
        elif q.type == "multiple_choice":
            out.append(multiple(df, q, rules))
        elif q.type == "number":
            out.append(number(df, q, rules))
            if q.bins:
                out.append(frequency(df, q.bins.name, q.label, rules, q.bins.name))
        elif q.type == "municipality":
            var = f"{q.name}_province"
            # Brussels is no province: "Provincie" above 'Brussels Hoofdstedelijk Gewest' read as a mistake
            brussels = df[var].astype("string").str.contains("Gewest", na=False).any() if var in df else False
            out.append(frequency(df, var, "Provincie of gewest" if brussels else "Provincie", rules, var))
    pairs = [(c.rows, c.by) for c in cb.crosstabs]
    for by in cb.subgroups:
        pairs += [(q.name, by) for q in cb.questions
                  if q.type in ("single_choice", "likert") and q.name != by and (q.name, by) not in pairs]
    for rows, by in pairs:
        q = cb.by_name.get(rows) or next((q for q in cb.questions if q.bins and q.bins.name == rows), None)
        # the rows' own rules: the classes of a sensitive number keep its threshold (they took the
        # default one, and a cross-tab then printed a count its one-way table hides)
        t, test = cross(df, rows, by, q.label if q else rows, rules_for_var(cb, rows), rules_for_var(cb, by), hide)
        out.append(t)
        tests.append(test)
    return out, tests
