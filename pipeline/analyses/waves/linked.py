"""The same people in two waves: this wave's tables protected together with the earlier wave's (paired design).

Each wave's report hides its own small cells, but two waves of the same people publish more than either does
alone. Per answer, the earlier wave's count is the people who answered both times (L) plus those who answered
only then (A), and this wave's count is L plus those who answered only now (B); how many answered only once
the report says. So this wave's age table minus the earlier one is the age of those who came only the second
time: a disclosure review read "3, 2 and 1" (of 6) off verkiezingsateliers' two age tables, and with one
newcomer, a hidden cell of the earlier wave to within one.

:func:`protect_across_waves` (analyse stage of the later wave, after the consultation's own protection) adds
every question both waves published as a one-way table, with the same answers, to the consultation's system
of sums (``pipeline.publish._system``): A and B per answer are groups whose counts of 1 … threshold−1 need
protecting like cells; the earlier wave's publication is fixed (it is out). Cells of this wave's one-way tables
and cross-tabs are hidden until no such count can be worked out or narrowed too far.

Linked people who changed their answer or skipped the question once are their own unknowns: when fewer of them
than the threshold changed answer, the attacker is taken to know how many answered alike (age, gender: a birthday
between two workshops); otherwise only how many linked people answered each time. Each option of a multiple
choice is a yes/no question of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.codebook import Codebook, codebook_for
from pipeline.vocabulary import PROTECT


@dataclass
class Overlap:
    """One question in both waves: answer counts of the linked people who answered alike (L), of those who did not
    (C: then, D: now), and of the only-earlier (A) and only-now (B) people."""

    question: str
    categories: list[str]
    counts: dict[str, dict[str, int]]
    earlier: dict[str, int]
    earlier_hidden: dict[str, bool]
    group_label: dict[str, str]
    # fewer linked people than the threshold changed answer (skips aside): an attacker who assumes the answer stays
    # the same (age, gender) is (nearly) right, and knows how many answered alike; else only how many answered
    stable: bool = True
    # a multiple-choice option ("<question>::<option>", answers ticked / not ticked): this wave's two counts, which
    # the consultation's system of one-way tables and cross-tabs does not hold
    later: dict[str, int] | None = None
    later_hidden: dict[str, bool] | None = None


def _one_way(est: pd.DataFrame, name: str) -> pd.DataFrame:
    no_by = est["by"].isna() | (est["by"].astype(str) == "") if "by" in est.columns else True
    return est[(est["table"] == name) & (est["kind"] == "frequency") & no_by]


GROUP_LABELS = {"L": "in beide golven, hetzelfde antwoord", "A": "alleen in de vorige golf",
                "B": "alleen in deze golf", "C": "in beide golven, toen een ander antwoord",
                "D": "in beide golven, nu een ander antwoord"}
TICKED, NOT_TICKED = "aangevinkt", "niet aangevinkt"
OPTION = "::"  # "<question>::<option label>": an option as a question of its own in the system of sums


@dataclass
class _Link:
    """Who is who in the two waves: positions of the linked people in each, and who answered only once."""

    earlier: np.ndarray
    later: np.ndarray
    only_earlier: np.ndarray
    only_later: np.ndarray


def _overlap(cb: Codebook, name: str, question: str, cats: list[str], before: np.ndarray, after: np.ndarray,
             who: _Link, earlier: dict[str, int], later: dict[str, int]) -> tuple[Overlap | None, bool]:
    """The groups' counts of one question (``before``/``after``: each respondent's answer as text, None when not
    answered), or None when the published counts ``earlier``/``later`` are not their sums (a recoded answer: no
    subtraction to guard against). The second value: whether few linked people changed answer (:func:`_few_changed`)."""
    pairs_then, pairs_now = before[who.earlier], after[who.later]
    # linked people who gave another answer, or skipped the question once (a review: one skip switched the whole
    # check off, and the two age tables then gave the newcomers' 18–19 year olds to within one)
    same = np.array([a is not None and a == b for a, b in zip(pairs_then, pairs_now, strict=True)], dtype=bool)
    both = np.array([a is not None and b is not None for a, b in zip(pairs_then, pairs_now, strict=True)], dtype=bool)

    def tally(values: np.ndarray) -> dict[str, int]:
        found = pd.Series(values, dtype=object).value_counts()
        return {c: int(found.get(c, 0)) for c in cats}

    counts = {"L": tally(pairs_now[same]), "A": tally(before[who.only_earlier]), "B": tally(after[who.only_later]),
              "C": tally(pairs_then[~same]), "D": tally(pairs_now[~same])}
    if any(earlier[c] != counts["L"][c] + counts["C"][c] + counts["A"][c]
           or later[c] != counts["L"][c] + counts["D"][c] + counts["B"][c] for c in cats):
        return None, False
    return Overlap(question, cats, counts, earlier, {}, GROUP_LABELS), _few_changed(cb, name, same, both)


def overlaps(cb: Codebook, data: pd.DataFrame, est: pd.DataFrame, earlier_cb: Codebook, earlier_data: pd.DataFrame,
             earlier_est: pd.DataFrame) -> list[Overlap]:
    """Every question published as a one-way table in both waves with the same answers, and every option of a
    multiple choice both published. The linked people are split into those who gave the same answer both times (L)
    and those who did not or skipped it once (C: their earlier answers, D: their later ones)."""
    from pipeline.analyses.frequencies.tables import merge_answers
    from pipeline.analyses.waves.tables import Wave, link

    data, earlier_data = merge_answers(cb, data), merge_answers(earlier_cb, earlier_data)  # as the tables count
    linked = link(Wave(cb, data, est), Wave(earlier_cb, earlier_data, earlier_est))
    who = _Link(linked["earlier"].to_numpy(), linked["later"].to_numpy(),
                ~np.isin(np.arange(len(earlier_data)), linked["earlier"].to_numpy()),
                ~np.isin(np.arange(len(data)), linked["later"].to_numpy()))

    def text(column: pd.Series) -> np.ndarray:
        return np.array([None if pd.isna(v) else str(v) for v in column.astype(object)], dtype=object)

    out = []
    for name in dict.fromkeys(est.loc[est["kind"] == "frequency", "table"]):
        now, then = _one_way(est, name), _one_way(earlier_est, name)
        if now.empty or then.empty or name not in data.columns or name not in earlier_data.columns:
            continue
        cats = list(now["category"].astype(str))
        if sorted(cats) != sorted(then["category"].astype(str)):
            continue  # answers merged or added in one wave: the tables do not line up answer by answer
        shown_then = dict(zip(then["category"].astype(str), pd.to_numeric(then["n"]), strict=True))
        shown_now = dict(zip(now["category"].astype(str), pd.to_numeric(now["n"]), strict=True))
        o, stable = _overlap(cb, name, name, cats, text(earlier_data[name]), text(data[name]), who, shown_then, shown_now)
        if o is not None:
            hidden_then = dict(zip(then["category"].astype(str), then["status"].eq("suppressed"), strict=True))
            o.earlier_hidden, o.stable = {c: bool(hidden_then[c]) for c in cats}, stable
            out.append(o)
    out.extend(_option_overlaps(cb, data, est, earlier_cb, earlier_data, earlier_est, who))
    return out


def _few_changed(cb: Codebook, name: str, same: np.ndarray, both: np.ndarray) -> bool:
    """Whether fewer linked people than the question's threshold answered both times and changed answer: then an
    attacker who assumes nobody changed (age, gender: a birthday between two workshops) is nearly right, and is
    taken to know how many answered alike (a review: one 18-year-old turned 20 and the two age tables still gave
    the newcomers' 18–19 year olds as 2, true 3). With more changes (an opinion the workshop moved) only how many
    linked people answered each time is taken as known."""
    from pipeline.vocabulary import rules_for_var

    return int((both & ~same).sum()) < rules_for_var(cb, name).min_cell


def _option_overlaps(cb: Codebook, data: pd.DataFrame, est: pd.DataFrame, earlier_cb: Codebook,
                     earlier_data: pd.DataFrame, earlier_est: pd.DataFrame, who: _Link) -> list[Overlap]:
    """Each option of a multiple choice both waves published, as a yes/no question (a review: 12 − 10 ticks of
    'School' were the 2 newcomers who ticked it, when every linked person ticked it alike)."""
    def ticks(column: pd.Series) -> np.ndarray:  # None when the question was not answered
        return np.array([None if pd.isna(v) else (TICKED if bool(v) else NOT_TICKED) for v in column], dtype=object)

    out = []
    for name in dict.fromkeys(est.loc[est["kind"] == "multiple", "table"]):
        q, p = cb.by_name.get(name), earlier_cb.by_name.get(name)
        if q is None or p is None or q.type != "multiple_choice" or p.type != "multiple_choice":
            continue
        now_rows = est[(est["table"] == name) & (est["kind"] == "multiple")]
        then_rows = earlier_est[(earlier_est["table"] == name) & (earlier_est["kind"] == "multiple")]
        codes_then = {a.label: a.code for a in p.answers}
        for a in q.answers:
            mine = now_rows[now_rows["category"].astype(str) == a.label]
            theirs = then_rows[then_rows["category"].astype(str) == a.label]
            col_now, col_then = q.indicator(a.code), p.indicator(codes_then.get(a.label, a.code))
            if mine.empty or theirs.empty or col_now not in data.columns or col_then not in earlier_data.columns:
                continue
            n_then, base_then = int(theirs["n"].iloc[0]), int(theirs["base"].iloc[0])
            n_now, base_now = int(mine["n"].iloc[0]), int(mine["base"].iloc[0])
            later = {TICKED: n_now, NOT_TICKED: base_now - n_now}
            o, stable = _overlap(cb, name, f"{name}{OPTION}{a.label}", [TICKED, NOT_TICKED], ticks(earlier_data[col_then]),
                                 ticks(data[col_now]), who, {TICKED: n_then, NOT_TICKED: base_then - n_then}, later)
            if o is None:
                continue
            o.earlier_hidden = dict.fromkeys(o.categories, bool(theirs["status"].iloc[0] == "suppressed"))
            o.stable, o.later = stable, later
            o.later_hidden = dict.fromkeys(o.categories, bool(mine["status"].iloc[0] == "suppressed"))
            out.append(o)
    return out


def protect_across_waves(cb: Codebook, data: pd.DataFrame, est: pd.DataFrame) -> int:
    """Hide (in ``est``, in place) the cells of this wave that two waves of the same people would give away;
    returns how many. Nothing for a consultation without an earlier wave of the same people."""
    from pipeline.analyses.waves.tables import load_wave
    from pipeline.vocabulary import thresholds

    if cb.waves is None or cb.waves.design != "paired" or est.empty:
        return 0
    earlier = load_wave(codebook_for(cb.waves.earlier))
    found = overlaps(cb, data, est, earlier.cb, earlier.data, earlier.estimates)
    if not found:
        return 0
    limits = thresholds(cb, est)
    limits.update({o.question: limits.get(o.question.split(OPTION)[0], 5) for o in found if OPTION in o.question})
    return protect_overlaps(est, limits, found)


def protect_overlaps(est: pd.DataFrame, threshold: dict[str, int], found: list[Overlap]) -> int:
    """Hide cells of ``est`` (in place) until the consultation's tables and the overlaps with the earlier wave
    give no group cell and no hidden cell away; returns how many were hidden."""
    from pipeline.publish import _system
    from pipeline.stats.disclosure import audit, protect, widest

    system = _system(est, threshold, waves=found)
    if system is None:
        return 0
    s, hid, primary, limit, unpublished, keys, _ = system
    mine = np.array([k[0] in ("ow", "x") for k in keys])
    # The group counts are two sums away from this wave's cells (group = this wave's cell − the linked people's),
    # where the general search for complements, finding no shown cell on a group's own sums, took any cell of any
    # table (a review of the first version: twelve cells of six other questions hidden). So this wave's cell of
    # each answer whose group count the published tables give away is hidden first; the search then protects
    # those cells as any hidden cell, and each of them that turns out not to be needed is shown again.
    index = {k: i for i, k in enumerate(keys)}
    failing = set(audit(s, hid, primary, limit, exempt=unpublished).tolist())
    seed = np.zeros(len(keys), dtype=bool)
    for o in found:
        for c in o.categories:
            i = index.get(("ow", o.question, c))
            if i is not None and not hid[i] and any(index.get(("w" + g, o.question, c)) in failing for g in "AB"):
                seed[i] = True
    hidden = protect(s, primary, limit, unpublished=unpublished, fixed=(hid & ~unpublished) | seed,
                     candidates=mine & ~hid & ~seed)
    if seed.any():
        cap = widest(s, hidden | (mine & ~s.margin), primary, enough=limit)
        for i in sorted(np.flatnonzero(seed), key=lambda i: (-s.values[i], -i)):
            trial = hidden.copy()
            trial[i] = False
            if not len(audit(s, trial, primary, limit, first_only=True, exempt=unpublished, cap=cap)):
                hidden = trial
    added = [k for i, k in enumerate(keys) if hidden[i] and not hid[i] and k[0] in ("ow", "x")]
    for key in added:
        if OPTION in str(key[1]):  # an option (ticked or not: the same cell of the table)
            table, option = str(key[1]).split(OPTION, 1)
            rows = (est["table"] == table) & (est["kind"] == "multiple") & (est["category"].astype(str) == option)
            est.loc[rows, "status"] = "suppressed"
            est.loc[rows, "hidden_reason"] = PROTECT
            continue
        rows = (est["table"] == key[1]) & (est["category"].astype(str) == str(key[2]))
        if key[0] == "x":
            rows &= est["group"].astype(str) == str(key[3])
        else:
            rows &= est["by"].isna() | (est["by"].astype(str) == "")
        est.loc[rows, "status"] = "suppressed"
        est.loc[rows, "hidden_reason"] = PROTECT
    return len(added)
