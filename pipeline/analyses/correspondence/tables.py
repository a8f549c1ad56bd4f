"""Paired correspondence tests (praktijktesten): response rates, net discrimination, McNemar.

Called by the analyse stage when a codebook has a ``correspondence:`` block. The clean data hold one
row per pair; ``majority`` and ``minority`` name the two single-choice questions with each profile's
response, ``positive`` the answer codes that count as a positive response (e.g. ``invited``).

For all pairs and for every level of every ``by`` question this writes, as rows of
``processed/<id>/estimates.csv`` (kind ``correspondence``; table ``correspondence`` for all pairs,
``correspondence__by__<question>`` per subgroup question, one ``group`` per level):

* ``<Positief>: <meerderheidsprofiel>`` and ``<Positief>: <minderheidsprofiel>`` — the response rate
  of each profile, (a+b)/n and (a+c)/n, with the design-based Wilson interval of every other share (``_rate``);
* ``Netto discriminatie`` — (b−c)/n with the Newcombe (1998, method 10) interval; n = base = the
  number of pairs (not b+c: with b−c that would give b and c away);
* ``Netto discriminatieratio`` — (b−c)/(a+b+c) (Riach & Rich), no interval; n = base = a+b+c;
* the four cells ``a``, ``b``, ``c``, ``d`` of the paired table as counts and shares of the pairs.

and, per scope, one test row for ``tests.csv``: the exact McNemar test (p_value) and, for the
subgroups, the p-value adjusted across the whole subgroup family (every tested level of every
``by`` question together) with the codebook's ``adjust`` method. The test of all pairs is the
primary test and is not adjusted.

Pairs with a missing response for either profile are left out (counted as ``excluded``); a pair
with a missing subgroup answer only drops out of that subgroup question.

Disclosure and reliability: the pairs rule (docs/privacy.md), with the codebook's thresholds (the
stricter one when a response question is marked sensitive). A test pair is not a respondent: it is
two fictitious applications to one advertiser, and a, b, c, d count the advertisers' answers. What
could identify someone is a scope so small that it points to a few advertisers, not a small a–d cell
within a scope. So:

* a scope with 1 … min_cell−1 pairs: every row ``suppressed`` (hidden_reason ``small``), its
  number of pairs too, no test;
* the subgroups of one question partition all pairs, so one hidden subgroup could be recomputed as
  all pairs minus the others: then the smallest other subgroup is hidden as a whole too (rates,
  net discrimination, cells, number of pairs and test; hidden_reason ``protect``);
* fewer than ``min_base_pct`` pairs: no percentages (``base_too_small``), no test;
* ``min_base_pct`` … ``flag_base_pct``−1 pairs: ``flagged`` (uncertain);
* within a scope the rates, the net discrimination (their difference), the NDR and the cells a–d
  always share one status, so no published pair of figures gives a hidden one by subtraction.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from pipeline import fmt
from pipeline.codebook import Codebook, CorrespondenceSpec, Question
from pipeline.stats import SuppressionRules, adjust_pvalues, correspondence, pct_status
from pipeline.stats.correspondence import wilson_score
from pipeline.stats.estimates import srs_proportions
from pipeline.vocabulary import COLUMNS, OUT_COLUMNS, PROTECT, SMALL, rules_for

KIND = "correspondence"
TABLE = "correspondence"
LABEL = "reacties per profiel"
NET = "Netto discriminatie"
NDR = "Netto discriminatieratio"
Z = 1.959963984540054  # scipy.stats.norm.ppf(0.975), written out: importing scipy.stats takes half a second


def table_name(by: str = "") -> str:
    return f"{TABLE}__by__{by}" if by else TABLE


def table_label(cb: Codebook, by: str = "") -> str:
    """The title of one table, its distinguishing part first ('Stad: reacties per profiel'): the
    published tables never share one title, and the sheet names of tabellen.xlsx (cut at 31
    characters) still tell them apart."""
    if not by:
        return f"Alle paren: {LABEL}"
    q = cb.by_name.get(by) or next((x for x in cb.questions if x.bins is not None and x.bins.name == by), None)
    label = q.label if q is not None else by
    return f"{label[:1].upper()}{label[1:]}: {LABEL}"


def analysed(cb: Codebook, df: pd.DataFrame) -> pd.Series:
    """True for the pairs that are analysed: a response for both profiles. Every table of a
    correspondence consultation counts these pairs, so one number of tests runs through the report
    (the rows received and kept are in the row accounting; the difference is said once)."""
    spec = cb.correspondence
    return df[spec.majority].notna() & df[spec.minority].notna()


def finding_title(cb: Codebook, table: pd.DataFrame) -> str | None:
    """A chart title that says what happened in the tests (landlords do not 'answer' a question):
    '60 % van de kandidaturen van het meerderheidsprofiel werd uitgenodigd' for a response question,
    '58 % van de paren: Particuliere verhuurder' for a question that describes the pairs.
    None when the codebook has no correspondence tests or nothing in the table is published."""
    spec = cb.correspondence
    if spec is None or table.empty:
        return None
    safe = table[table["status"].isin(["ok", "flagged"])]
    variable = str(table["variable"].iloc[0])
    if variable in (spec.majority, spec.minority):
        positive = positive_label(cb).split(" of ")
        rows = table[table["category"].astype(str).isin(positive)]
        if rows.empty or not rows["status"].isin(["ok", "flagged"]).all():
            return None
        share = float(rows["estimate"].sum())
        profile = spec.majority_label if variable == spec.majority else spec.minority_label
        verb = positive_label(cb)
        return (f"{fmt.pct(share, 0)} van de kandidaturen van het {profile} werd "
                f"{verb[:1].lower()}{verb[1:]}")
    if safe.empty:
        return None
    top = safe.loc[safe["estimate"].idxmax()]
    return f"{fmt.pct(top['estimate'], 0)} van de paren: {top['category']}"


def positive_label(cb: Codebook) -> str:
    """'Uitgenodigd' (or 'Uitgenodigd of teruggebeld'): the labels of the positive answer codes."""
    spec = cb.correspondence
    q = cb.by_name[spec.majority]
    labels = [a.label for a in q.answers if a.code in spec.positive]
    return " of ".join(labels)


def categories(cb: Codebook) -> dict[str, str]:
    """The category of each row, keyed by measure."""
    spec = cb.correspondence
    pos = positive_label(cb)
    low = pos[:1].lower() + pos[1:]
    return {
        "rate_majority": f"{pos}: {spec.majority_label}",
        "rate_minority": f"{pos}: {spec.minority_label}",
        "net": NET,
        "ndr": NDR,
        "a": f"a: beide profielen {low}",
        "b": f"b: alleen {spec.majority_label} {low}",
        "c": f"c: alleen {spec.minority_label} {low}",
        "d": f"d: geen van beide {low}",
    }


def _check(cb: Codebook) -> CorrespondenceSpec:
    spec = cb.correspondence
    if spec is None:
        raise ValueError(f"codebook '{cb.id}' has no correspondence block")
    for name in (spec.majority, spec.minority):
        q = cb.by_name.get(name)
        if q is None or q.type != "single_choice":
            raise ValueError(f"correspondence: '{name}' must be a single-choice question of the codebook")
        unknown = set(spec.positive) - {a.code for a in q.answers}
        if unknown:
            raise ValueError(f"correspondence: positive code(s) {sorted(unknown)} are not answers of '{name}'")
    known = set(cb.by_name) | {q.bins.name for q in cb.questions if q.bins}
    for by in spec.by:
        if by not in known:
            raise ValueError(f"correspondence: subgroup '{by}' is not a question or bins name")
    return spec


def _outcome(df: pd.DataFrame, q: Question, positive: list[str]) -> pd.Series:
    """1 (positive), 0 (negative) or NA (missing) per pair, from the clean labelled column."""
    labels = {a.label for a in q.answers if a.code in positive}
    col = df[q.name].astype(object)
    out = col.map(lambda v: pd.NA if pd.isna(v) else int(v in labels))
    return out.astype("Int64")


def _levels(df: pd.DataFrame, var: str) -> list[str]:
    col = df[var]
    if isinstance(col.dtype, pd.CategoricalDtype):
        return [str(c) for c in col.cat.categories]
    return sorted(str(v) for v in col.dropna().unique())


def _rules(cb: Codebook, spec: CorrespondenceSpec) -> SuppressionRules:
    min_cell = max(cb.threshold(spec.majority), cb.threshold(spec.minority))
    return SuppressionRules(min_cell=min_cell, min_base_pct=cb.min_base_pct, flag_base_pct=cb.flag_base_pct)


def _base_status(n: int, rules: SuppressionRules) -> str:
    """Status of a percentage on n pairs: 0 < n < min_cell → suppressed (tiny subgroup)."""
    if 0 < n < rules.min_cell:
        return "suppressed"
    status = pct_status(n, rules)
    return {"suppressed": "base_too_small"}.get(status, status)


def _wilson(x: int, n: int) -> tuple[float, float]:
    return wilson_score(x, n, Z) if n > 0 else (math.nan, math.nan)


def _rate(x: int, n: int, design_rows: int) -> tuple[float, float, float, float]:
    """A profile's rate x/n with its standard error and interval as every other share of the pipeline
    (design-based Wilson, :func:`pipeline.stats.estimates.srs_proportions`; a subgroup is a domain of the
    ``design_rows`` analysed pairs): the same number as the outcome question's one-way table, which the
    charts and tabellen.xlsx also publish (plain Wilson gave 54,1–65,2 % beside 54,1–65,3 % there)."""
    if n < 2:
        return (x / n if n else math.nan), math.nan, math.nan, math.nan
    est, se, low, high = srs_proportions(np.array([x, n - x]), max(design_rows, n), n)
    return float(est[0]), float(se[0]), float(low[0]), float(high[0])


def scope_rows(cb: Codebook, pairs: pd.DataFrame, rules: SuppressionRules, by: str = "", group: str = "",
               design_rows: int | None = None) -> tuple[pd.DataFrame, dict]:
    """Rows and test of one scope (all pairs, or one level of a subgroup question).

    ``pairs`` has the 0/1 columns ``maj`` and ``mino`` for the pairs of this scope with both outcomes;
    ``design_rows``: the analysed pairs of all scopes (a subgroup's rates are domain estimates).
    """
    cats = categories(cb)
    table = table_name(by)
    label = table_label(cb, by)
    maj = pairs["maj"].to_numpy(dtype=int)
    mino = pairs["mino"].to_numpy(dtype=int)
    a = int(((maj == 1) & (mino == 1)).sum())
    b = int(((maj == 1) & (mino == 0)).sum())
    c = int(((maj == 0) & (mino == 1)).sum())
    d = int(((maj == 0) & (mino == 0)).sum())
    n = a + b + c + d
    status = "base_too_small" if n == 0 else _base_status(n, rules)
    res = correspondence(pairs, "maj", "mino") if n > 0 else None

    rows = []

    def add(key: str, count: int, base: int, estimate: float, se: float, low: float, high: float, st: str) -> None:
        rows.append({"table": table, "kind": KIND, "variable": TABLE, "label": label, "by": by, "group": group,
                     "category": cats[key], "n": count, "base": base, "estimate": estimate, "se": se,
                     "ci_low": low, "ci_high": high, "status": st})

    for key, x in (("rate_majority", a + b), ("rate_minority", a + c)):
        p, se, low, high = _rate(x, n, design_rows or n)
        add(key, x, n, p, se, low, high, status)
    counts = pd.Series({"a": a, "b": b, "c": c, "d": d})
    if res is not None:
        # SE of a paired difference of proportions: sqrt(b + c − (b − c)²/n) / n
        se = math.sqrt(max(b + c - (b - c) ** 2 / n, 0.0)) / n
        # the net difference is the difference of the two rates: it always shares their status
        add("net", n, n, res["net_discrimination"], se, res["ci_low"], res["ci_high"], status)
    else:
        add("net", 0, 0, math.nan, math.nan, math.nan, math.nan, status)
    informative = a + b + c
    ndr = (b - c) / informative if informative else math.nan
    add("ndr", informative, informative, ndr, math.nan, math.nan, math.nan,
        "base_too_small" if not informative and status != "suppressed" else status)
    for key, x in counts.items():
        low, high = _wilson(int(x), n)
        add(str(key), int(x), n, x / n if n else math.nan, math.nan, low, high, status)

    test = {"table": table, "rows": f"{cb.correspondence.majority}/{cb.correspondence.minority}", "by": by,
            "group": group, "test": "mcnemar_exact", "statistic": math.nan, "ndf": math.nan, "ddf": math.nan,
            "p_value": math.nan, "fisher_p": math.nan, "n": n, "a": a, "b": b, "c": c, "d": d,
            "rate_majority": math.nan, "rate_minority": math.nan, "net_discrimination": math.nan,
            "ci_low": math.nan, "ci_high": math.nan, "ndr": math.nan, "mcnemar_midp": math.nan,
            "p_adjusted": math.nan, "adjust": "", "status": status}
    if res is not None and status in ("ok", "flagged"):
        test.update(statistic=float(b), p_value=res["p_value"], rate_majority=res["rate_majority"],
                    rate_minority=res["rate_minority"], net_discrimination=res["net_discrimination"],
                    ci_low=res["ci_low"], ci_high=res["ci_high"], ndr=res["ndr"],
                    mcnemar_midp=res["mcnemar_midp"])
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["hidden_reason"] = np.where(out["status"] == "suppressed", SMALL, "")
    return out, test


def _secondary(cb: Codebook, tables: list[pd.DataFrame], tests: list[dict], hide: set | None = None) -> None:
    """Secondary suppression within one subgroup question: the subgroups partition all pairs,
    whose numbers are published, so one hidden subgroup could be recomputed as all pairs minus the
    others (every count: pairs, a, b, c, d). Then the smallest other subgroup is hidden as a whole
    too, and more while the hidden ones together hold fewer than min_cell pairs."""
    rules = _rules(cb, cb.correspondence)
    for j, t in enumerate(tests):  # levels the subgroup question's own table hides (linked tables)
        if t["group"] in (hide or set()) and t["status"] != "suppressed":
            _hide(tables, tests, j)
    hidden = [i for i, t in enumerate(tests) if t["status"] == "suppressed"]
    shown = sorted((i for i, t in enumerate(tests) if t["status"] != "suppressed" and t["n"] > 0),
                   key=lambda i: (tests[i]["n"], i))
    if not hidden:
        return
    while shown and (len(hidden) == 1 or sum(tests[i]["n"] for i in hidden) < rules.min_cell):
        j = shown.pop(0)
        hidden.append(j)
        _hide(tables, tests, j)


def _hide(tables: list[pd.DataFrame], tests: list[dict], j: int) -> None:
    """Hide level j as a whole to protect another (every figure of it, its test too)."""
    tables[j]["status"] = "suppressed"
    tables[j]["hidden_reason"] = PROTECT
    tests[j].update(status="suppressed", p_value=math.nan, statistic=math.nan, net_discrimination=math.nan,
                    ci_low=math.nan, ci_high=math.nan, ndr=math.nan, mcnemar_midp=math.nan,
                    rate_majority=math.nan, rate_minority=math.nan)


def correspondence_tables(cb: Codebook, df: pd.DataFrame, hide: dict[str, set] | None = None
                          ) -> tuple[pd.DataFrame, list[dict]]:
    """Estimates rows (pipeline.vocabulary.COLUMNS) and test dicts for all pairs and every subgroup level.

    ``hide``: per subgroup question, the levels its own one-way table hides; they are hidden here
    too (pairs per level ≈ rows per level: two different complements would pin a hidden level down)."""
    spec = _check(cb)
    rules = _rules(cb, spec)
    maj = _outcome(df, cb.by_name[spec.majority], spec.positive)
    mino = _outcome(df, cb.by_name[spec.minority], spec.positive)
    complete = maj.notna() & mino.notna()
    pairs = pd.DataFrame({"maj": maj, "mino": mino}, index=df.index)[complete].astype(int)
    excluded = int((~complete).sum())

    tables, tests = [], []
    t, test = scope_rows(cb, pairs, rules)
    test.update(p_adjusted=test["p_value"], adjust="none", excluded=excluded)
    tables.append(t)
    tests.append(test)

    family = []
    for by in spec.by:
        values = df.loc[complete, by]
        part_tables, part_tests = [], []
        for level in _levels(df, by):
            in_level = (values.astype(object) == level).fillna(False).to_numpy(dtype=bool)
            t, test = scope_rows(cb, pairs[in_level], rules, by=by, group=level, design_rows=len(pairs))
            test["excluded"] = excluded
            part_tables.append(t)
            part_tests.append(test)
        _secondary(cb, part_tables, part_tests, (hide or {}).get(by))
        tables.extend(part_tables)
        tests.extend(part_tests)
        family.extend(part_tests)
    if family:
        adjusted = adjust_pvalues(np.array([t["p_value"] for t in family], dtype=float), spec.adjust)
        for t, p in zip(family, adjusted, strict=True):
            t["p_adjusted"] = float(p)
            t["adjust"] = spec.adjust if not math.isnan(p) else ""
    return pd.concat(tables, ignore_index=True)[OUT_COLUMNS], tests


def linked_hiding(cb: Codebook, df: pd.DataFrame) -> dict[str, set]:
    """Per subgroup question of the correspondence tests: the levels hidden both in its one-way table
    and among the correspondence subgroups. ``narrow`` gives it the analysed pairs only, so pairs
    per level and rows per level are the same count; two different complements would still pin a
    hidden level down (X = 3 pairs in [0, 3]): hide the union in both, until nothing changes."""
    if cb.correspondence is None:
        return {}
    from pipeline.analyses.frequencies.tables import categories, frequency

    linked = [by for by in cb.correspondence.by if by in cb.by_name and cb.by_name[by].analyse
              and cb.by_name[by].type in ("single_choice", "likert")]
    hide: dict[str, set] = {by: set() for by in linked}
    for _ in range(sum(len(categories(df, by)) for by in linked) + 1):  # grows until stable
        corr, _ = correspondence_tables(cb, df, hide)
        grown = {}
        for by in linked:
            q = cb.by_name[by]
            one = frequency(df, by, q.label, rules_for(cb, q), by, hide=hide[by])
            grown[by] = (set(one.loc[one["status"] == "suppressed", "category"].astype(str))
                         | set(corr.loc[(corr["table"] == table_name(by)) & (corr["status"] == "suppressed"),
                                        "group"].astype(str)))
        if grown == hide:
            break
        hide = grown
    return {by: h for by, h in hide.items() if h}
