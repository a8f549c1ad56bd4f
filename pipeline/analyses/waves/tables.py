"""Waves: what changed between the earlier wave of a consultation and this one (issue 16).

:func:`compare` turns the clean data and published tables of two waves into the three files the
report, the charts and tabellen.xlsx read (docs/waves.md): ``changes.csv`` (each answer's share in
both waves and its change), ``change_tests.csv`` (one test per question, Holm-corrected over the
comparison) and ``waves.json`` (who was compared, which questions, what could not be).

Disclosure: each wave's cells are its own report's cells (the same data, the stricter small-cell
rules of the two codebooks, and every answer the wave's own report hides stays hidden), and a change
is published only when both of its cells are: a difference never reveals a hidden cell. A test
whose statistic could give a hidden cell away is withheld (docs/waves.md says when).

The same people twice (paired): the shares are still each wave's own (everybody who answered that
time), so the comparison publishes no table of a new group; only the tests use the linked people
who answered both times. The change of a share then has no interval of its own: the pairs' shares
beside the waves' shares would give away the answers of the few who answered only once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.codebook import Codebook, Question
from pipeline.stats.disclosure import SuppressionRules
from pipeline.vocabulary import PROTECT, SMALL, rules_for, stricter

COMPARABLE = ("single_choice", "likert", "multiple_choice")
SIDES = ("earlier", "later")
CHANGE_COLUMNS = (["table", "kind", "variable", "label", "category", "design"]
                  + [f"{c}_{side}" for side in SIDES
                     for c in ("n", "base", "estimate", "ci_low", "ci_high", "status")]
                  + ["difference", "diff_se", "diff_ci_low", "diff_ci_high", "diff_p", "status", "hidden_reason"])
TEST_COLUMNS = ["table", "variable", "label", "category", "test", "statistic", "df", "ddf", "p_value", "p_holm",
                "holds", "pairs", "status", "reason"]
SHOWN = ("ok", "flagged")
ALPHA = 0.05


@dataclass
class Wave:
    """One wave as the comparison reads it: its codebook, clean data and published one-way tables."""

    cb: Codebook
    data: pd.DataFrame
    estimates: pd.DataFrame


def load_wave(cb: Codebook) -> Wave:
    """A wave as its stages left it: ``processed/<id>/clean.parquet`` and ``estimates.csv`` (read by the comparison,
    and by the analysis of a later wave of the same people)."""
    from pipeline.errors import ConfigError

    clean = cb.processed_dir / "clean.parquet"
    estimates = cb.processed_dir / "estimates.csv"
    for path in (clean, estimates):
        if not path.exists():
            raise ConfigError(f"de golf '{cb.id}' is nog niet geanalyseerd: {path.name} ontbreekt", file=path,
                              fix=f"voer `make all` uit (of `python -m pipeline ingest {cb.id} --then validate "
                                  "clean analyse`)")
    return Wave(cb, pd.read_parquet(clean), pd.read_csv(estimates, keep_default_na=False,
                                                        na_values=[""], dtype={"category": str, "group": str}))


# --------------------------------------------------------------------------- which questions

def plan(later: Codebook, earlier: Codebook) -> tuple[list[str], dict]:
    """The questions compared, and what waves.json says about the others."""
    w = later.waves
    analysed = {q.name: q for q in later.questions if q.analyse}
    before = {q.name: q for q in earlier.questions if q.analyse}
    if w.questions is not None:
        missing = [n for n in w.questions if n not in before]
        if missing:
            from pipeline.errors import ConfigError

            raise ConfigError(f"waves: de vraag {missing[0]!r} staat niet in het codeboek van de vorige golf "
                              f"'{earlier.id}'", file=later.path, column="waves.questions",
                              fix="haal ze uit waves.questions of voeg ze toe aan het andere codeboek")
        wanted = list(w.questions)
    else:
        wanted = [n for n, q in analysed.items() if q.type in COMPARABLE and n in before]
    compared, not_compared = [], []
    for name in wanted:
        q, p = later.by_name[name], before[name]
        if q.type not in COMPARABLE:
            not_compared.append({"question": name, "why": q.type})
        elif p.type != q.type:
            not_compared.append({"question": name, "why": f"type changed ({p.type} → {q.type})"})
        else:
            compared.append(name)
    for name in sorted(set(analysed) & set(before) - set(compared) - {d["question"] for d in not_compared}):
        if w.questions is None:
            not_compared.append({"question": name, "why": analysed[name].type})
    unmatched = {}
    for name in compared:
        earlier_codes = [a.code for a in before[name].answers]
        recode = w.recode.get(name, {})
        wrong = [c for c in recode if c not in earlier_codes]
        if wrong:
            from pipeline.errors import ConfigError

            raise ConfigError(
                f"waves.recode van '{name}': {wrong[0]!r} is geen antwoordcode van '{name}' in het codeboek van de "
                f"vorige golf '{earlier.id}' (codes daar: {', '.join(earlier_codes)}). Zonder die hercodering zou het "
                "antwoord als twee halve rijen vergeleken worden, elk met 0 in één golf.",
                file=later.path, column=f"waves.recode.{name}",
                fix="schrijf links de code van de vorige golf en rechts die van nu: {code toen: code nu}")
        now = {a.code for a in analysed[name].answers}
        lost = [c for c in earlier_codes if recode.get(c, c) not in now]
        if lost:
            unmatched[name] = lost
    shown = ("free_text", "date")
    info = {
        "compared": compared,
        "unmatched_answers": unmatched,  # earlier answers with no code now: compared with 0 (waves.recode?)
        "only_earlier": [n for n, q in before.items() if n not in analysed and q.type not in shown],
        "only_later": [n for n, q in analysed.items() if n not in before and q.type not in shown],
        "not_compared": [d for d in not_compared if d["why"] not in shown],
    }
    return compared, info


# --------------------------------------------------------------------------- aligning answers

def _label_map(later: Question, earlier: Question, recode: dict[str, str]) -> dict[str, str]:
    """Earlier answer label → the label this wave uses for the same (or renamed) code."""
    now = {a.code: a.label for a in later.answers}
    return {a.label: now.get(recode.get(a.code, a.code), a.label) for a in earlier.answers}


def merges(later: Codebook, earlier: Codebook, name: str) -> list[tuple[str, list[str], bool]]:
    """The rows both waves' answers are compared in when a codebook ``merge`` publishes answers as one row:
    (row label, answers in this wave's labels, whether this wave's own codebook makes exactly that row).

    Both codebooks' merges count, so each wave is compared at the coarser answers of the two: a wave
    whose report published "Misschien of zeker niet" = 20 would otherwise get one part shown in the
    comparison and the other given back by subtraction. Merges that overlap become one row, named by
    its answers ("Zeker, Misschien of Zeker niet")."""
    q, p = later.by_name[name], earlier.by_name[name]
    to_now = _label_map(q, p, later.waves.recode.get(name, {}) if later.waves else {})
    now = {a.code: a.label for a in q.answers}
    then = {a.code: a.label for a in p.answers}
    order = list(dict.fromkeys([a.label for a in q.answers] + [to_now[a.label] for a in p.answers]))
    groups = [(m.label, frozenset(now[c] for c in m.answers)) for m in q.merge]
    groups += [(m.label, frozenset(to_now[then[c]] for c in m.answers)) for m in p.merge]
    rows: list[frozenset[str]] = []
    for _, answers in groups:  # overlapping merges: one row
        touching = [r for r in rows if r & answers]
        rows = [r for r in rows if not r & answers] + [answers.union(*touching)]
    own = {answers: label for label, answers in groups[:len(q.merge)]}
    theirs = {answers: label for label, answers in groups[len(q.merge):]}
    out = []
    for members in rows:
        answers = [a for a in order if a in members]
        label = own.get(members) or theirs.get(members) or ", ".join(answers[:-1]) + " of " + answers[-1]
        out.append((label, answers, members in own))
    return out


def _merged(later: Codebook, earlier: Codebook, name: str) -> dict[str, str]:
    """Answer label (this wave's), and the label of either codebook's merged row, → the label of the row it is
    compared in (:func:`merges`): a merged row one wave's report hides stays hidden in the row that holds it."""
    rows = merges(later, earlier, name)
    row_of = {a: label for label, answers, _ in rows for a in answers}
    q, p = later.by_name[name], earlier.by_name[name]
    to_now = _label_map(q, p, later.waves.recode.get(name, {}) if later.waves else {})
    label_now = {a.code: a.label for a in q.answers}
    label_then = {a.code: to_now[a.label] for a in p.answers}
    for m in q.merge:
        row_of.setdefault(m.label, row_of[label_now[m.answers[0]]])
    for m in p.merge:
        row_of.setdefault(m.label, row_of[label_then[m.answers[0]]])
    return row_of


def aligned(later: Wave, earlier: Wave, name: str) -> tuple[pd.Series, pd.Series, list[str], Callable[[str], str]]:
    """Both waves' answers to a single-choice or Likert question in this wave's labels (and merges),
    with the answer order (this wave's, then answers only the earlier wave had) and the function that
    turns an earlier wave's label into this wave's."""
    q, p = later.cb.by_name[name], earlier.cb.by_name[name]
    to_now = _label_map(q, p, later.cb.waves.recode.get(name, {}))
    merge = _merged(later.cb, earlier.cb, name)

    def now(label: str, mapping: dict[str, str] = to_now) -> str:
        label = mapping.get(label, label)
        return merge.get(label, label)

    order = list(dict.fromkeys([now(a.label, {}) for a in q.answers] + [now(a.label) for a in p.answers]))

    def relabel(values: pd.Series, mapping: dict[str, str]) -> pd.Series:
        out = values.astype(object).map(lambda v: now(v, mapping) if pd.notna(v) else np.nan)
        return pd.Series(pd.Categorical(out, categories=order), index=values.index)

    return relabel(earlier.data[name], to_now), relabel(later.data[name], {}), order, now


def _hidden(est: pd.DataFrame, table: str, mapping: dict[str, str] | None = None) -> set[str]:
    """Answers a wave's own report hides in the one-way table ``table`` (in this wave's labels)."""
    if est.empty:
        return set()
    rows = est[(est["table"] == table) & (est["by"].fillna("") == "") & (est["status"] == "suppressed")]
    cats = rows["category"].astype(str)
    return {mapping.get(c, c) for c in cats} if mapping else set(cats)


# --------------------------------------------------------------------------- one question

def _rules(later: Wave, earlier: Wave, name: str) -> SuppressionRules:
    return stricter(rules_for(later.cb, later.cb.by_name[name]), rules_for(earlier.cb, earlier.cb.by_name[name]))


def _side(t: pd.DataFrame, side: str) -> pd.DataFrame:
    shown = t["status"].isin(SHOWN)
    cols = {"n": t["n"].where(shown), "base": t["base"], "estimate": t["estimate"].where(shown),
            "ci_low": t["ci_low"].where(shown), "ci_high": t["ci_high"].where(shown), "status": t["status"]}
    return pd.DataFrame({f"{k}_{side}": v.to_numpy() for k, v in cols.items()})


def _cells(name: str, q: Question, kind: str, design: str, cats: list[str], first: pd.DataFrame,
           second: pd.DataFrame, diffs: list[tuple[float, ...]]) -> pd.DataFrame:
    """The rows of changes.csv for one question: both waves side by side and each answer's change,
    published only when the answer is published in both waves."""
    out = pd.DataFrame({"table": name, "kind": kind, "variable": name, "label": q.label, "category": cats,
                        "design": design})
    out = pd.concat([out, _side(first, "earlier"), _side(second, "later")], axis=1)
    d = np.array(diffs, dtype=float).reshape(len(cats), 5)
    status, reason = [], []
    for i in range(len(cats)):
        a, b = first.iloc[i], second.iloc[i]
        if a["status"] in SHOWN and b["status"] in SHOWN:
            status.append("ok")
            reason.append("")
        elif "suppressed" in (a["status"], b["status"]):
            status.append("suppressed")
            own = {str(a.get("hidden_reason", "")), str(b.get("hidden_reason", ""))}
            reason.append(SMALL if SMALL in own else PROTECT)
        else:
            status.append("base_too_small")
            reason.append("")
    out["status"], out["hidden_reason"] = status, reason
    published = out["status"].eq("ok").to_numpy()
    for j, col in enumerate(["difference", "diff_se", "diff_ci_low", "diff_ci_high", "diff_p"]):
        out[col] = np.where(published, d[:, j], np.nan)
    return out[CHANGE_COLUMNS]


def _test_row(name: str, q: Question, category: str = "", **values) -> dict:
    row = {"table": name, "variable": name, "label": q.label, "category": category, "test": "",
           "statistic": np.nan, "df": np.nan, "ddf": np.nan, "p_value": np.nan, "pairs": np.nan,
           "status": "ok", "reason": ""}
    row.update(values)
    return row


def _withheld(name: str, q: Question, test: str, reason: str, category: str = "", pairs: float = np.nan) -> dict:
    return _test_row(name, q, category, test=test, status="withheld", reason=reason, pairs=pairs)


def _frequency(values: pd.Series, name: str, q: Question, rules: SuppressionRules, hide: set[str]) -> pd.DataFrame:
    from pipeline.analyses.frequencies.tables import frequency

    return frequency(pd.DataFrame({name: values}), name, q.label, rules, name, hide=hide or None)


def _design(values: pd.Series | np.ndarray, name: str):
    from pipeline.stats import Design

    return Design(pd.DataFrame({name: pd.Series(values).astype(object)}))


def _difference(before: pd.Series, after: pd.Series, name: str, category: object, is_paired: bool
                ) -> tuple[float, ...]:
    """The change of one answer's share: design-based for independent waves; for the same people the
    change between the two published shares only (its interval would need the pairs' own shares,
    which with people who answered once can give those people away: the pairs get a test instead)."""
    from pipeline.stats.waves import share_difference

    answered = (before.notna().sum(), after.notna().sum())
    if min(answered) < 2:
        return (np.nan,) * 5
    if is_paired:
        share = [float((v == category).sum() / v.notna().sum()) for v in (before, after)]
        return (share[1] - share[0], np.nan, np.nan, np.nan, np.nan)
    d = share_difference(_design(before, name), _design(after, name), name, category)
    return (d.difference, d.se, d.ci_low, d.ci_high, d.p_value)


def _pairs(before: pd.Series, after: pd.Series, linked: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The linked people who answered both times: their earlier and later answers, pair by pair."""
    b = before.iloc[linked["earlier"].to_numpy()].reset_index(drop=True)
    a = after.iloc[linked["later"].to_numpy()].reset_index(drop=True)
    both = (b.notna() & a.notna()).to_numpy()
    return b[both].reset_index(drop=True), a[both].reset_index(drop=True)


def _derived_small(full: pd.Series, part: pd.Series, rules: SuppressionRules) -> bool:
    """True when the people of a wave who are not among the pairs gave some answer 1 to small_cell − 1
    times: a count the pairs' table would give away beside the wave's own table."""
    rest = full.value_counts() - part.value_counts().reindex(full.value_counts().index, fill_value=0)
    return bool(((rest > 0) & (rest < rules.min_cell)).any())


def choice(later: Wave, earlier: Wave, name: str, linked: pd.DataFrame | None) -> tuple[pd.DataFrame, list[dict]]:
    """A single-choice or Likert question: each answer's share in both waves (as each wave's own report
    publishes it), its change, and one test of the whole question."""
    q = later.cb.by_name[name]
    rules = _rules(later, earlier, name)
    before, after, order, now = aligned(later, earlier, name)
    hide_before = {now(c) for c in _hidden(earlier.estimates, name)}
    first = _frequency(before, name, q, rules, hide_before)
    second = _frequency(after, name, q, rules, {now(c, {}) for c in _hidden(later.estimates, name)})
    diffs = [_difference(before, after, name, cat, linked is not None) for cat in order]
    cells = _cells(name, q, q.type, later.cb.waves.design, order, first, second, diffs)
    if linked is None:
        return cells, [_independent_test(name, q, before, after, order, cells, rules)]
    return cells, [_paired_test(name, q, before, after, order, cells, rules, linked)]


def _independent_test(name: str, q: Question, before: pd.Series, after: pd.Series, order: list[str],
                      cells: pd.DataFrame, rules: SuppressionRules) -> dict:
    from pipeline.stats.waves import distribution_test

    test = "rao-scott-F"
    observed = [c for c in order if (before == c).any() or (after == c).any()]
    if min(before.notna().sum(), after.notna().sum()) < rules.min_base_pct:
        return _withheld(name, q, test, "too_few")
    if not cells["status"].eq("ok").all():  # a test statistic of a table with hidden cells can give them away
        return _withheld(name, q, test, "hidden_cells")
    if len(observed) < 2:
        return _withheld(name, q, test, "one_answer")
    f, ndf, ddf, p = distribution_test(_design(before, name), _design(after, name), name)
    return _test_row(name, q, test=test, statistic=f, df=ndf, ddf=ddf, p_value=p)


def _paired_test(name: str, q: Question, before: pd.Series, after: pd.Series, order: list[str],
                 cells: pd.DataFrame, rules: SuppressionRules, linked: pd.DataFrame) -> dict:
    """McNemar (two answers), Stuart–Maxwell (more) or the signed-rank test (Likert) on the pairs."""
    from pipeline.stats import paired

    b, a = _pairs(before, after, linked)
    pairs = len(b)
    observed = [c for c in order if (b == c).any() or (a == c).any()]
    test = ("wilcoxon-signed-rank" if q.type == "likert" else "mcnemar" if len(observed) == 2
            else "stuart-maxwell")
    if pairs < rules.min_base_pct:
        return _withheld(name, q, test, "too_few", pairs=pairs)
    if len(observed) < 2:
        return _withheld(name, q, test, "one_answer", pairs=pairs)
    if q.type == "likert":  # scores 1..k in the answer order
        score = {c: i + 1 for i, c in enumerate(order)}
        r = paired.signed_rank(b.astype(object).map(score).astype(float), a.astype(object).map(score).astype(float))
        return _test_row(name, q, test=test, statistic=r.statistic, p_value=r.p_value, pairs=pairs)
    if not cells["status"].eq("ok").all():
        return _withheld(name, q, test, "hidden_cells", pairs=pairs)
    table = paired.paired_table(b, a, observed)
    if len(observed) == 2:
        return _mcnemar(name, q, table, (before, after), (b, a), rules, pairs)
    r = paired.stuart_maxwell(table)
    return _test_row(name, q, test=test, statistic=r.statistic, df=r.df, p_value=r.p_value, pairs=pairs)


def _mcnemar(name: str, q: Question, table: np.ndarray, full: tuple[pd.Series, pd.Series],
             pairs_: tuple[pd.Series, pd.Series], rules: SuppressionRules, pairs: int, category: str = "") -> dict:
    """McNemar's test, withheld when its two counts of people who changed (which the p-value and the
    published shares give away) are 1 to small_cell − 1, or when the pairs' table beside a wave's own
    table would give away the answers of the few who answered only once."""
    from pipeline.stats import paired

    if any(0 < int(k) < rules.min_cell for k in (table[0, 1], table[1, 0])):
        return _withheld(name, q, "mcnemar", "few_changed", category=category, pairs=pairs)
    if any(_derived_small(f, part, rules) for f, part in zip(full, pairs_, strict=True)):
        return _withheld(name, q, "mcnemar", "answered_once", category=category, pairs=pairs)
    r = paired.mcnemar(table)
    kind = "mcnemar-exact" if "exact" in r.method else "mcnemar-chisq"
    return _test_row(name, q, category, test=kind, statistic=r.statistic, df=r.df, p_value=r.p_value, pairs=pairs)


def _option_columns(later: Wave, earlier: Wave, name: str) -> list[tuple[str, str, str, str]]:
    """Multiple choice, per option both waves have: (label now, earlier label, earlier column, column now)."""
    q, p = later.cb.by_name[name], earlier.cb.by_name[name]
    recode = later.cb.waves.recode.get(name, {})
    before = {recode.get(a.code, a.code): (a.label, p.indicator(a.code)) for a in p.answers}
    return [(a.label, *before[a.code], q.indicator(a.code)) for a in q.answers if a.code in before]


def _ticks(wave: Wave, name: str, cols: list[str]) -> pd.DataFrame:
    """The options ticked by those who answered the question (ticked any option; NaN rows dropped)."""
    q = wave.cb.by_name[name]
    every = [q.indicator(a.code) for a in q.answers]
    answered = wave.data[every].notna().any(axis=1).to_numpy()
    return wave.data.loc[answered, cols].astype("Float64").fillna(0).astype(float)


def _option_table(ticks: pd.DataFrame, labels: list[str], rules: SuppressionRules, hide: set[str],
                  rows: int | None = None) -> pd.DataFrame:
    """Each option's share as the analyse stage publishes it (pipeline.stats.multiple_response): hidden
    when those who chose it, or those who did not, are 1 to small_cell − 1, or when the wave's own
    report hides it. ``rows``: the wave's respondents, of whom those who answered (``ticks``) are a
    domain, as in the analyse stage; the design of the answers alone gave other intervals than the
    wave's own report (11,4–23,0 % beside 11,4–22,9 %: another t quantile and standard error)."""
    from pipeline.stats import Design, multiple_response, pct_status

    base = len(ticks)
    if base >= 2:
        data = ticks.astype("Float64").reset_index(drop=True)
        if rows is not None and rows > base:  # the others did not answer: missing, outside the base
            data = pd.concat([data, pd.DataFrame(pd.NA, index=range(base, rows), columns=data.columns,
                                                 dtype="Float64")])
        res = multiple_response(Design(data), list(ticks.columns))
    else:
        res = pd.DataFrame({"n": ticks.sum().to_numpy(), "base": base, "estimate": np.nan, "se": np.nan,
                            "ci_low": np.nan, "ci_high": np.nan})
    rows = []
    for i, label in enumerate(labels):
        n = int(res["n"].iloc[i])
        small = 0 < n < rules.min_cell or 0 < base - n < rules.min_cell
        base_status = pct_status(base, rules)
        if small or label in hide:
            status, reason = "suppressed", (SMALL if small else PROTECT)
        elif base_status == "suppressed":
            status, reason = "base_too_small", ""
        else:
            status, reason = ("flagged" if base_status == "flagged" else "ok"), ""
        rows.append({"category": label, "n": n, "base": base, "estimate": float(res["estimate"].iloc[i]),
                     "ci_low": float(res["ci_low"].iloc[i]), "ci_high": float(res["ci_high"].iloc[i]),
                     "status": status, "hidden_reason": reason})
    return pd.DataFrame(rows)


def options(later: Wave, earlier: Wave, name: str, linked: pd.DataFrame | None) -> tuple[pd.DataFrame, list[dict]]:
    """A multiple-choice question: each option is its own yes/no share (of those who ticked any), with
    its own test."""
    q = later.cb.by_name[name]
    rules = _rules(later, earlier, name)
    opts = _option_columns(later, earlier, name)
    labels = [o[0] for o in opts]
    to_now = {o[1]: o[0] for o in opts}
    before = _ticks(earlier, name, [o[2] for o in opts]).set_axis(labels, axis=1)
    after = _ticks(later, name, [o[3] for o in opts]).set_axis(labels, axis=1)
    first = _option_table(before, labels, rules, _hidden_options(earlier.estimates, name, to_now), len(earlier.data))
    second = _option_table(after, labels, rules, _hidden_options(later.estimates, name), len(later.data))
    diffs, tests = [], []
    for i, label in enumerate(labels):
        x, y = before[label], after[label]
        diffs.append(_difference(x, y, "o", 1.0, linked is not None))
        shown = first["status"].iloc[i] in SHOWN and second["status"].iloc[i] in SHOWN
        if linked is None:
            tests.append(_option_test(name, q, label, diffs[-1], shown, min(len(x), len(y)), rules))
            continue
        # the pairs: positions in the whole wave → rows of those who answered
        bx = pd.Series(np.nan, index=earlier.data.index)
        bx[x.index] = x.to_numpy()
        ay = pd.Series(np.nan, index=later.data.index)
        ay[y.index] = y.to_numpy()
        b, a = _pairs(bx, ay, linked)
        if len(b) < rules.min_base_pct:
            tests.append(_withheld(name, q, "mcnemar", "too_few", category=label, pairs=len(b)))
        elif not shown:
            tests.append(_withheld(name, q, "mcnemar", "hidden_cells", category=label, pairs=len(b)))
        else:
            table = np.array([[((b == 1) & (a == 1)).sum(), ((b == 1) & (a == 0)).sum()],
                              [((b == 0) & (a == 1)).sum(), ((b == 0) & (a == 0)).sum()]])
            tests.append(_mcnemar(name, q, table, (x, y), (b, a), rules, len(b), category=label))
    return _cells(name, q, "multiple", later.cb.waves.design, labels, first, second, diffs), tests


def _option_test(name: str, q: Question, label: str, diff: tuple[float, ...], shown: bool, base: int,
                 rules: SuppressionRules) -> dict:
    test = "difference-z"
    if base < rules.min_base_pct:
        return _withheld(name, q, test, "too_few", category=label)
    if not shown:
        return _withheld(name, q, test, "hidden_cells", category=label)
    difference, se, _, _, p = diff
    return _test_row(name, q, label, test=test, statistic=difference / se if se else np.nan, p_value=p)


def _hidden_options(est: pd.DataFrame, name: str, mapping: dict[str, str] | None = None) -> set[str]:
    """Options a wave's own report hides (in this wave's labels)."""
    if est.empty:
        return set()
    rows = est[(est["table"] == name) & (est["kind"] == "multiple") & (est["status"] == "suppressed")]
    cats = rows["category"].astype(str)
    return {mapping.get(c, c) for c in cats} if mapping else set(cats)


# --------------------------------------------------------------------------- the whole comparison

def link(later: Wave, earlier: Wave) -> pd.DataFrame:
    """The same people in both waves: positions of each linked pseudonym in both frames."""
    b = pd.Series(np.arange(len(earlier.data)), index=earlier.data["respondent"].astype(str).to_numpy())
    a = pd.Series(np.arange(len(later.data)), index=later.data["respondent"].astype(str).to_numpy())
    common = a.index.intersection(b.index, sort=False)
    order = np.argsort(a[common].to_numpy(), kind="stable")  # in this wave's order
    common = common[order]
    return pd.DataFrame({"earlier": b[common].to_numpy(), "later": a[common].to_numpy()})


def _hidden_whole(est: pd.DataFrame, name: str) -> bool:
    """Whether a wave's own estimates hide every cell of ``name`` and its base."""
    if est is None or est.empty or not {"table", "status", "base"} <= set(est.columns):
        return False
    t = est[est["table"] == name]
    return bool(len(t)) and t["status"].eq("suppressed").all() and pd.to_numeric(t["base"], errors="coerce").isna().all()


def compare(later: Wave, earlier: Wave) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """``changes``, ``tests`` and the ``info`` of waves.json for two waves."""
    from pipeline.stats import adjust_pvalues

    w = later.cb.waves
    compared, info = plan(later.cb, earlier.cb)
    # a question a wave's own report hides with its base (a routed question whose base would give a hidden cell
    # of its routing question back: analyses/frequencies/routing.py) is not compared: the comparison prints bases
    withheld = [n for n in compared if _hidden_whole(earlier.estimates, n) or _hidden_whole(later.estimates, n)]
    if withheld:
        compared = [n for n in compared if n not in withheld]
        info["not_compared"] = [*info.get("not_compared", []), *({"question": n, "why": "hidden"} for n in withheld)]
    # answers merged into one row by the earlier wave's codebook (or overlapping merges of both): compared as
    # that row in both waves (merges); a question whose answers all end up in one row has nothing to compare
    merged, one_row = {}, []
    for n in compared:
        if later.cb.by_name[n].type == "multiple_choice":
            continue
        rows = merges(later.cb, earlier.cb, n)
        if len(aligned(later, earlier, n)[2]) < 2:
            one_row.append(n)
        elif any(not own for _, _, own in rows):
            merged[n] = [{"label": label, "answers": members, "wave": w.earlier_label}
                         for label, members, own in rows if not own]
    if one_row:
        compared = [n for n in compared if n not in one_row]
        info["not_compared"] = [*info.get("not_compared", []), *({"question": n, "why": "merged"} for n in one_row)]
    info["merged"] = merged
    info["compared"] = compared  # without the questions left out above (the stage line counts these)
    linked = None
    info = {"earlier": earlier.cb.id, "later": later.cb.id, "design": w.design, "earlier_label": w.earlier_label,
            "label": w.label, "earlier_title": earlier.cb.title, "respondents_earlier": len(earlier.data),
            "respondents_later": len(later.data), "linked": None, "unlinked_earlier": None,
            "unlinked_later": None, **info}
    if w.design == "paired":
        linked = link(later, earlier)
        info.update(linked=len(linked), unlinked_earlier=len(earlier.data) - len(linked),
                    unlinked_later=len(later.data) - len(linked))
    tables, tests = [], []
    for name in compared:
        kind = later.cb.by_name[name].type
        cells, t = (options if kind == "multiple_choice" else choice)(later, earlier, name, linked)
        tables.append(cells)
        tests.extend(t)
    changes = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=CHANGE_COLUMNS)
    frame = pd.DataFrame(tests).reindex(columns=TEST_COLUMNS)
    run = frame["status"].eq("ok") & frame["p_value"].notna()
    frame["p_holm"] = np.nan
    if run.any():
        frame.loc[run, "p_holm"] = adjust_pvalues(frame.loc[run, "p_value"].to_numpy(float), "holm")
    frame["holds"] = frame["p_holm"].lt(ALPHA)
    return changes[CHANGE_COLUMNS], frame[TEST_COLUMNS], info
