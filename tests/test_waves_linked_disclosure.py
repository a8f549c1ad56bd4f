"""Two waves of the same people (paired): this wave's tables protected together with the earlier wave's.

A disclosure review subtracted verkiezingsateliers' two age tables (27/13/11 after, 24/11/10 before; every
earlier participant came back) and read the age of the 6 who came only the second time: 3, 2 and 1.
Expected values below are worked out by hand from the sums."""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.analyses.waves.linked import Overlap, protect_overlaps
from pipeline.publish import _system
from pipeline.stats.disclosure import audit

CATS = ["18-19", "20-21", "22+"]
LABELS = {"L": "45 in beide golven", "A": "alleen in de vorige golf", "B": "alleen in deze golf"}


def _later(n: list[int], status: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame({"table": "age", "kind": "frequency", "variable": "age", "label": "Leeftijd", "by": "",
                         "group": "", "category": CATS, "n": n, "base": sum(n), "estimate": np.array(n) / sum(n),
                         "status": status or ["flagged"] * len(n), "hidden_reason": ""})


def _overlap(linked, only_then, only_now, hidden_then=(False, False, False)) -> Overlap:
    counts = {"L": dict(zip(CATS, linked)), "A": dict(zip(CATS, only_then)), "B": dict(zip(CATS, only_now))}
    earlier = {c: linked[i] + only_then[i] for i, c in enumerate(CATS)}
    return Overlap("age", CATS, counts, earlier, dict(zip(CATS, hidden_then)), LABELS)


def _fails(est, found) -> list[str]:
    s, hid, primary, limit, unpublished, keys, labels = _system(est, {"age": 5}, waves=found)
    return [labels[k] for k in audit(s, hid, primary, limit, exempt=unpublished)]


def test_the_newcomers_of_a_second_wave_cannot_be_read_off_two_age_tables():
    found = [_overlap([24, 11, 10], [0, 0, 0], [3, 2, 1])]
    est = _later([27, 13, 11])
    # before: 27−24, 13−11 and 11−10 are the newcomers' own counts, each 1 … 4
    assert sorted(_fails(est, found)) == sorted(f"age: {c} (alleen in deze golf)" for c in CATS)
    assert protect_overlaps(est, {"age": 5}, found) == 3
    # each newcomer count is now 0 … 6 (their total): the whole table of this wave is hidden, nothing else helps
    assert est["status"].eq("suppressed").all() and est["hidden_reason"].eq("protect").all()
    assert _fails(est, found) == []


def test_a_zero_difference_needs_no_hiding_and_the_earlier_publication_is_fixed():
    # gender: 18/28/5 after, 15/25/5 before; newcomers 3/3/0. Hiding 'Man' and 'Vrouw' of this wave leaves each
    # newcomer count 0 … 6; the third answer (no newcomer) stays shown
    cats = ["Man", "Vrouw", "X"]
    est = _later([18, 28, 5]).assign(category=cats, table="g", variable="g")
    counts = {"L": dict(zip(cats, [15, 25, 5])), "A": dict(zip(cats, [0, 0, 0])), "B": dict(zip(cats, [3, 3, 0]))}
    found = [Overlap("g", cats, counts, dict(zip(cats, [15, 25, 5])), dict.fromkeys(cats, False), LABELS)]
    assert protect_overlaps(est, {"g": 5}, found) == 2
    assert list(est["status"]) == ["suppressed", "suppressed", "flagged"]


def test_newcomers_spread_enough_need_nothing():
    # 5 newcomers in one answer, none in the others: no group count of 1 … 4
    found = [_overlap([24, 11, 10], [0, 0, 0], [5, 0, 0])]
    est = _later([29, 11, 10])
    assert _fails(est, found) == []
    assert protect_overlaps(est, {"age": 5}, found) == 0
    assert est["status"].eq("flagged").all()


def test_a_hidden_cell_of_the_earlier_wave_stays_protected():
    # the earlier wave hid '22+' (3, a small cell) and its complement '20-21' (11); one newcomer (22+) came later
    # and this wave shows 24/11/4: the 22+ cell of the earlier wave would be 4 − (0 or 1) — pinned to 3 … 4
    found = [_overlap([24, 11, 3], [0, 0, 0], [0, 0, 1], hidden_then=(False, True, True))]
    est = _later([24, 11, 4])
    assert "age: 22+ (vorige golf)" in _fails(est, found)
    protect_overlaps(est, {"age": 5}, found)
    assert _fails(est, found) == []
    assert est.loc[est["category"] == "22+", "status"].item() == "suppressed"


def test_the_example_waves_publish_no_newcomer_count():
    """Independently of the code above: subtract the shown counts of the two verkiezingsateliers waves' age and
    gender tables, as the reviewer did (a young person gives the same age and gender twice; the codebook asks them
    only to describe who answered). Every earlier participant came back (unlinked earlier: 0), so a difference
    is exactly the newcomers' count of that answer; none may be 1 … 4."""
    import json

    from examples import ensure_analysed
    from pipeline.io import ROOT

    ensure_analysed("verkiezingsateliers_na")
    waves = ROOT / "processed" / "verkiezingsateliers_na" / "waves.json"
    if waves.exists():
        assert json.loads(waves.read_text())["unlinked_earlier"] in (0, None)
    read = {w: pd.read_csv(ROOT / "processed" / f"verkiezingsateliers_{w}" / "estimates.csv") for w in ("voor", "na")}
    checked = 0
    for table in ("age_group", "gender"):
        rows = {w: t[(t["table"] == table) & (t["kind"] == "frequency") & t["by"].isna()].set_index("category")
                for w, t in read.items()}
        for cat in rows["na"].index.intersection(rows["voor"].index):
            a, b = rows["voor"].loc[cat], rows["na"].loc[cat]
            if a["status"] != "suppressed" and b["status"] != "suppressed":
                checked += 1
                assert not 0 < b["n"] - a["n"] < 5, (table, cat, a["n"], b["n"])
    assert checked  # 'X of zeg ik liever niet' is shown in both (5 and 5: no newcomer)


def test_other_questions_keep_their_cells():
    # the first version let the general search for complements, finding no shown cell on a group's own sums, take
    # cells of any table: verkiezingsateliers_na lost twelve cells of six other questions (and two key messages)
    found = [_overlap([24, 11, 10], [0, 0, 0], [3, 2, 1])]
    other = pd.DataFrame({"table": "bring", "kind": "frequency", "variable": "bring", "label": "Weet wat mee te brengen",
                          "by": "", "group": "", "category": ["Ja", "Nee"], "n": [43, 8], "base": 51,
                          "estimate": [43 / 51, 8 / 51], "status": "flagged", "hidden_reason": ""})
    est = pd.concat([_later([27, 13, 11]), other], ignore_index=True)
    assert protect_overlaps(est, {"age": 5, "bring": 5}, found) == 3
    assert est.loc[est["table"] == "bring", "status"].eq("flagged").all()
    assert est.loc[est["table"] == "age", "status"].eq("suppressed").all()


def test_one_linked_person_skipping_the_question_does_not_switch_the_check_off():
    # a review: one linked 18–19 year old left the age question blank the second time; the first version dropped
    # the question from the check, and 26 − 24 + (0 or 1) gave the newcomers' 18–19 year olds as 2 or 3 (true 3)
    counts = {"L": dict(zip(CATS, [23, 11, 10])), "A": dict(zip(CATS, [0, 0, 0])), "B": dict(zip(CATS, [3, 2, 1])),
              "C": dict(zip(CATS, [1, 0, 0])), "D": dict(zip(CATS, [0, 0, 0]))}
    labels = {**LABELS, "C": "toen een ander antwoord", "D": "nu een ander antwoord"}
    found = [Overlap("age", CATS, counts, dict(zip(CATS, [24, 11, 10])), dict.fromkeys(CATS, False), labels, stable=True)]
    est = _later([26, 13, 11])
    assert "age: 18-19 (alleen in deze golf)" in _fails(est, found)
    protect_overlaps(est, {"age": 5}, found)
    assert _fails(est, found) == [] and est["status"].eq("suppressed").all()


def test_answers_that_changed_leave_the_newcomers_unknown_enough():
    # an opinion question: 18 of the 45 linked people changed answer. How many is not published, so the difference
    # of the two tables (the newcomers plus the changes) does not give the newcomers' answers: nothing is hidden
    cats = ["Zeker wel", "Misschien", "Zeker niet"]
    counts = {"L": dict(zip(cats, [13, 8, 6])), "A": dict.fromkeys(cats, 0), "B": dict(zip(cats, [3, 2, 1])),
              "C": dict(zip(cats, [2, 8, 8])), "D": dict(zip(cats, [8, 7, 3]))}
    labels = {**LABELS, "C": "toen een ander antwoord", "D": "nu een ander antwoord"}
    earlier = {c: counts["L"][c] + counts["C"][c] for c in cats}
    now = [counts["L"][c] + counts["D"][c] + counts["B"][c] for c in cats]
    found = [Overlap("v", cats, counts, earlier, dict.fromkeys(cats, False), labels, stable=False)]
    est = _later(now).assign(category=cats, table="v", variable="v")
    assert protect_overlaps(est, {"v": 5}, found) == 0
    assert est["status"].eq("flagged").all()


def test_a_multiple_choice_option_ticked_alike_by_the_linked_people_is_protected():
    # a review: every linked person ticked 'School' alike both times; 12 of 51 now minus 10 of 45 before gave the
    # 2 of the 6 newcomers who ticked it (and the 4 who did not)
    from pipeline.analyses.waves.linked import NOT_TICKED, OPTION, TICKED

    cats = [TICKED, NOT_TICKED]
    counts = {"L": {TICKED: 10, NOT_TICKED: 35}, "A": dict.fromkeys(cats, 0), "B": {TICKED: 2, NOT_TICKED: 4},
              "C": dict.fromkeys(cats, 0), "D": dict.fromkeys(cats, 0)}
    labels = {**LABELS, "C": "toen een ander antwoord", "D": "nu een ander antwoord"}
    name = f"info{OPTION}School"
    found = [Overlap(name, cats, counts, {TICKED: 10, NOT_TICKED: 35}, dict.fromkeys(cats, False), labels,
                     stable=True, later={TICKED: 12, NOT_TICKED: 39}, later_hidden=dict.fromkeys(cats, False))]
    est = pd.DataFrame({"table": "info", "kind": "multiple", "variable": "info", "label": "Info", "by": "",
                        "group": "", "category": ["Sociale media", "School"], "n": [36, 12], "base": 51,
                        "estimate": [36 / 51, 12 / 51], "status": "flagged", "hidden_reason": ""})
    assert protect_overlaps(est, {"info": 5, name: 5}, found) >= 1
    assert est.set_index("category").loc["School", "status"] == "suppressed"
    assert est.set_index("category").loc["Sociale media", "status"] == "flagged"


def test_a_few_changes_count_as_none_many_as_unknown():
    # a birthday between two workshops (one 18-year-old turned 20): an attacker assuming nobody changed is nearly
    # right, so how many answered alike counts as known; with 5 or more changes (the threshold) it does not
    from pipeline.analyses.waves.linked import _few_changed
    from pipeline.codebook import codebook_for

    cb = codebook_for("verkiezingsateliers_na")
    both = np.ones(45, dtype=bool)
    for changed, expected in ((0, True), (1, True), (4, True), (5, False), (18, False)):
        same = np.arange(45) >= changed
        assert _few_changed(cb, "age_group", same, both) is expected, changed
    # a skip is no change: the person answered once
    assert _few_changed(cb, "age_group", np.arange(45) >= 9, np.arange(45) >= 9) is True
