"""The comparison of two waves (issue 16; pipeline/analyses/waves/tables.py, docs/waves.md).

Small hand-made waves: every expected number is worked out in the comments.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.analyses.waves.tables import Wave, compare
from pipeline.codebook import earlier_in_text, load_codebook
from pipeline.errors import ConfigError

REPO = Path(__file__).resolve().parent.parent

HEAD = """id: {id}
title: Test {id}
source_line: "LEVL, test"
synthetic: true
method: test
tool: CSV
period: {{start: 2024-01-01, end: 2024-02-01}}
target_respondents: 10
export: {{file: x.csv, tool: csv}}
respondent: {{id: code}}
"""

CHOICE = """  - name: know
    source: Q1
    type: single_choice
    label: Weet hoe te registreren
    answers:
      - {{code: ja, label: Ja}}
      - {{code: nee, label: Nee}}
  - name: vote
    source: Q2
    type: single_choice
    label: Gaat stemmen
    answers:
      - {{code: sure, label: Zeker}}
      - {{code: {maybe}, label: Misschien}}
      - {{code: never, label: Zeker niet}}
"""


def _codebook(tmp_path: Path, cid: str, extra_questions: str = "", waves: str = "", maybe: str = "maybe"):
    text = HEAD.format(id=cid) + waves + "questions:\n" + CHOICE.format(maybe=maybe) + extra_questions
    path = tmp_path / f"{cid}.yml"
    path.write_text(text, encoding="utf-8")
    return load_codebook(path)


def _frame(ids, **answers) -> pd.DataFrame:
    df = pd.DataFrame({"respondent": ids})
    for name, (labels, values) in answers.items():
        df[name] = pd.Categorical(values, categories=labels)
    return df


VOTE = ["Zeker", "Misschien", "Zeker niet"]
KNOW = ["Ja", "Nee"]


def _independent(tmp_path, n1=(40, 60), n2=(70, 30), recode=""):
    early = _codebook(tmp_path, "w1", maybe="perhaps" if recode else "maybe",
                      extra_questions="  - {name: old_only, source: Q9, type: single_choice, label: Oud, "
                                      "answers: [{code: a, label: A}, {code: b, label: B}]}\n")
    waves = ("waves:\n  earlier: w1\n  design: independent\n  label: \"2026\"\n  earlier_label: \"2022\"\n" + recode)
    late = _codebook(tmp_path, "w2", waves=waves)
    a = _frame([f"a{i}" for i in range(100)], know=(KNOW, ["Ja"] * n1[0] + ["Nee"] * n1[1]),
               vote=(VOTE, (["Zeker"] * 50 + ["Misschien"] * 30 + ["Zeker niet"] * 20)))
    a["old_only"] = pd.Categorical(["A"] * 50 + ["B"] * 50, categories=["A", "B"])
    b = _frame([f"b{i}" for i in range(100)], know=(KNOW, ["Ja"] * n2[0] + ["Nee"] * n2[1]),
               vote=(VOTE, (["Zeker"] * 50 + ["Misschien"] * 30 + ["Zeker niet"] * 20)))
    return Wave(late, b, pd.DataFrame()), Wave(early, a, pd.DataFrame())


def test_independent_waves_share_by_share(tmp_path):
    later, earlier = _independent(tmp_path)
    changes, tests, info = compare(later, earlier)
    ja = changes[(changes["variable"] == "know") & (changes["category"] == "Ja")].iloc[0]
    # 40/100 → 70/100: +0,30; SE² = 0,4·0,6/99 + 0,7·0,3/99 (each wave's own n/(n−1) variance)
    se = np.sqrt(0.4 * 0.6 / 99 + 0.7 * 0.3 / 99)
    assert (ja["estimate_earlier"], ja["estimate_later"]) == pytest.approx((0.4, 0.7))
    assert ja["difference"] == pytest.approx(0.3) and ja["diff_se"] == pytest.approx(se)
    assert ja["diff_ci_low"] == pytest.approx(0.3 - 1.959963984540054 * se)
    assert (ja["n_earlier"], ja["base_earlier"], ja["status"]) == (40, 100, "ok")
    # vote did not change at all
    vote = tests[tests["variable"] == "vote"].iloc[0]
    assert vote["test"] == "rao-scott-F" and vote["p_value"] == pytest.approx(1.0)
    # Holm over the two tests: the smallest p times 2, the other at least that (here 1)
    know = tests[tests["variable"] == "know"].iloc[0]
    assert know["p_holm"] == pytest.approx(min(1.0, 2 * know["p_value"])) and bool(know["holds"])
    assert not bool(vote["holds"])
    assert info["compared"] == ["know", "vote"] and info["only_earlier"] == ["old_only"]
    assert info["linked"] is None and info["respondents_earlier"] == 100


def test_a_renamed_answer_is_matched_by_the_mapping(tmp_path):
    # the earlier codebook called "Misschien" perhaps; the later one maybe: without a recode the earlier
    # answers would be a category of their own, with it they line up
    later, earlier = _independent(tmp_path, recode="  recode:\n    vote: {perhaps: maybe}\n")
    changes, _, _ = compare(later, earlier)
    vote = changes[changes["variable"] == "vote"]
    assert list(vote["category"]) == VOTE
    assert list(vote["n_earlier"]) == [50, 30, 20] and list(vote["difference"]) == pytest.approx([0, 0, 0])


def test_a_cell_hidden_in_either_wave_hides_the_change_and_the_test(tmp_path):
    # 3 of 100 said "Zeker niet" in the later wave: hidden (small cell), and one more hidden to protect it
    later, earlier = _independent(tmp_path)
    later.data["vote"] = pd.Categorical(["Zeker"] * 57 + ["Misschien"] * 40 + ["Zeker niet"] * 3, categories=VOTE)
    changes, tests, _ = compare(later, earlier)
    vote = changes[changes["variable"] == "vote"].set_index("category")
    assert vote.loc["Zeker niet", "status"] == "suppressed" and vote.loc["Zeker niet", "hidden_reason"] == "small"
    assert np.isnan(vote.loc["Zeker niet", "estimate_later"]) and np.isnan(vote.loc["Zeker niet", "difference"])
    assert np.isnan(vote.loc["Zeker niet", "n_later"])
    assert (vote["status"] == "suppressed").sum() == 2  # the complement too: the base is published
    hidden = vote[vote["status"] == "suppressed"]
    assert hidden[["difference", "diff_ci_low", "diff_ci_high", "diff_p"]].isna().all(axis=None)
    test = tests[tests["variable"] == "vote"].iloc[0]
    assert test["status"] == "withheld" and test["reason"] == "hidden_cells" and np.isnan(test["p_value"])


def test_a_cell_its_own_report_hides_stays_hidden(tmp_path):
    later, earlier = _independent(tmp_path)
    earlier.estimates = pd.DataFrame({"table": ["vote"], "kind": ["frequency"], "by": [""],
                                      "category": ["Misschien"], "status": ["suppressed"]})
    changes, _, _ = compare(later, earlier)
    vote = changes[changes["variable"] == "vote"].set_index("category")
    assert vote.loc["Misschien", "status"] == "suppressed" and vote.loc["Misschien", "hidden_reason"] == "protect"


def _paired(tmp_path, before, after, ids_before, ids_after, likert=False):
    extra = ("  - {name: trust, source: Q3, type: likert, label: Vertrouwen, answers: [{code: een, label: 'Een'}, "
             "{code: twee, label: 'Twee'}, {code: drie, label: 'Drie'}]}\n") if likert else ""
    early = _codebook(tmp_path, "voor", extra_questions=extra)
    waves = "waves:\n  earlier: voor\n  design: paired\n  label: na\n  earlier_label: voor\n"
    late = _codebook(tmp_path, "na", waves=waves, extra_questions=extra)
    n1, n2 = len(ids_before), len(ids_after)
    a = _frame(ids_before, know=(KNOW, before), vote=(VOTE, (["Zeker"] * n1)))
    b = _frame(ids_after, know=(KNOW, after), vote=(VOTE, (["Zeker"] * n2)))
    return Wave(late, b, pd.DataFrame()), Wave(early, a, pd.DataFrame())


def test_the_same_people_are_linked_and_tested_with_mcnemar(tmp_path):
    # 40 people, all linked: 10 Ja→Ja, 20 Nee→Ja, 5 Ja→Nee, 5 Nee→Nee: b = 5, c = 20, exact binomial
    # (25 discordant is not fewer than 25: the χ² with continuity correction (|5 − 20| − 1)²/25 = 7,84)
    ids = [f"p{i}" for i in range(40)]
    before = ["Ja"] * 10 + ["Nee"] * 20 + ["Ja"] * 5 + ["Nee"] * 5
    after = ["Ja"] * 10 + ["Ja"] * 20 + ["Nee"] * 5 + ["Nee"] * 5
    # the later export lists the people in another order: the link is by pseudonym, not by row
    order = np.random.default_rng(1).permutation(40)
    later, earlier = _paired(tmp_path, before, [after[i] for i in order], ids, [ids[i] for i in order])
    changes, tests, info = compare(later, earlier)
    assert (info["linked"], info["unlinked_earlier"], info["unlinked_later"]) == (40, 0, 0)
    know = tests[tests["variable"] == "know"].iloc[0]
    assert know["test"] == "mcnemar-chisq" and know["statistic"] == pytest.approx(7.84) and know["pairs"] == 40
    ja = changes[(changes["variable"] == "know") & (changes["category"] == "Ja")].iloc[0]
    # each wave's own share: 15/40 → 30/40; a paired change has no interval of its own
    assert ja["difference"] == pytest.approx(0.375) and np.isnan(ja["diff_ci_low"]) and np.isnan(ja["diff_se"])


def test_few_people_changing_or_answering_once_withholds_mcnemar(tmp_path):
    ids = [f"p{i}" for i in range(40)]
    # b = 3 went Ja → Nee: 1 to 4 people changed one way, the p-value and the shares would give it away
    before = ["Ja"] * 20 + ["Ja"] * 3 + ["Nee"] * 17
    after = ["Ja"] * 20 + ["Nee"] * 3 + ["Ja"] * 10 + ["Nee"] * 7
    later, earlier = _paired(tmp_path, before, after, ids, ids)
    know = compare(later, earlier)[1].set_index("variable").loc["know"]
    assert know["status"] == "withheld" and know["reason"] == "few_changed"
    # 2 more people answered only before (both "Nee"): their answers would follow from the two tables
    before2 = ["Ja"] * 15 + ["Nee"] * 25 + ["Nee"] * 2
    after2 = ["Ja"] * 10 + ["Nee"] * 5 + ["Ja"] * 15 + ["Nee"] * 10
    later, earlier = _paired(tmp_path, before2, after2, ids + ["x1", "x2"], ids)
    _, tests, info = compare(later, earlier)
    assert (info["linked"], info["unlinked_earlier"], info["unlinked_later"]) == (40, 2, 0)
    know = tests.set_index("variable").loc["know"]
    assert know["status"] == "withheld" and know["reason"] == "answered_once"


def test_likert_scores_use_the_signed_rank_test(tmp_path):
    ids = [f"p{i}" for i in range(40)]
    trust = ["Een", "Twee", "Drie"]
    later, earlier = _paired(tmp_path, ["Ja"] * 40, ["Ja"] * 40, ids, ids, likert=True)
    # 30 people one step up (Een → Twee), 10 unchanged (Drie): V = 30 · 15,5 = 465 (all ranks tied),
    # z = (465 − 232,5 − 0,5) / √(30·31·61/24 − (30³ − 30)/48) = 232 / √(2363,75 − 561,875)
    earlier.data["trust"] = pd.Categorical(["Een"] * 30 + ["Drie"] * 10, categories=trust)
    later.data["trust"] = pd.Categorical(["Twee"] * 30 + ["Drie"] * 10, categories=trust)
    t = compare(later, earlier)[1].set_index("variable").loc["trust"]
    from scipy import stats

    z = 232 / np.sqrt(30 * 31 * 61 / 24 - (30**3 - 30) / 48)
    assert t["test"] == "wilcoxon-signed-rank" and t["statistic"] == 465
    assert t["p_value"] == pytest.approx(2 * stats.norm.sf(z))


# --------------------------------------------------------------------------- the codebook and make

def test_the_codebook_refuses_what_cannot_be_compared(tmp_path):
    with pytest.raises(ConfigError) as err:
        _codebook(tmp_path, "w2", waves="waves:\n  earlier: w2\n  design: paired\n  label: a\n  earlier_label: b\n")
    assert "een andere raadpleging" in " ".join(err.value.details) and "sleutel ''" not in " ".join(err.value.details)
    with pytest.raises(ConfigError) as err:
        _codebook(tmp_path, "w2", waves="waves:\n  earlier: w1\n  design: paired\n  label: a\n  earlier_label: b\n"
                                        "  recode:\n    vote: {perhaps: later}\n")
    assert "geen antwoordcodes van 'vote'" in " ".join(err.value.details)


MAKE_LINE = re.search(r"^earlier_of = \$\(shell (.*) surveys/\$\(1\)/codebook.yml\)$",
                      (REPO / "Makefile").read_text(encoding="utf-8"), re.MULTILINE)


@pytest.mark.parametrize("text", [
    "id: a\nwaves:\n  earlier: nieuw_x   # the 2022 wave\n  design: paired\nquestions: []\n",
    "waves: {design: paired, earlier: \"b_voor\", label: x}\n",
    "waves:\n  # comment\n  earlier: 'd0'\nother: 1\n",
    "id: c\nquestions:\n  - earlier: zz\n",  # not in the waves block: no earlier wave
    "id: c\nwaves:\n  design: paired\nquestions:\n  - {name: x, earlier: zz}\n",
])
def test_make_and_python_read_the_same_earlier_wave(tmp_path, text):
    assert MAKE_LINE, "the Makefile's earlier_of line changed: update this test"
    path = tmp_path / "codebook.yml"
    path.write_text(text, encoding="utf-8")
    command = MAKE_LINE.group(1).replace("$$", "$") + f" {path}"
    out = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=True).stdout.split()
    assert (out[0] if out else None) == earlier_in_text(text)


def test_the_analyse_rule_of_a_later_wave_passes_no_empty_chain():
    # its charts and report wait for the comparison, so analyse has no stage after it in its chain:
    # `--then` with nothing after it was an argparse error that stopped every such rebuild
    later = [p.parent.name for p in (REPO / "surveys").glob("*/codebook.yml")
             if earlier_in_text(p.read_text(encoding="utf-8"))]
    assert later, "the examples have consultations with waves"
    for wave in later:
        dry = subprocess.run(["make", "-n", "-W", f"surveys/{wave}/codebook.yml", f"processed/{wave}/estimates.csv"],
                             cwd=REPO, capture_output=True, text=True).stdout
        commands = [line for line in dry.splitlines() if "-m pipeline" in line]
        assert any(f"analyse {wave}" in c for c in commands), dry[-2000:]
        assert not [c for c in commands if re.search(r"--then\s*($|[|;)])", c)], commands


def test_paired_waves_must_read_the_personal_code_alike(tmp_path):
    from pipeline.stages.compare import check_linkable

    waves = "waves:\n  earlier: voor\n  design: paired\n  label: na\n  earlier_label: voor\n"
    typed = HEAD.replace("respondent: {{id: code}}", "respondent: {{id: code, personal_code: true}}")
    early = _codebook(tmp_path, "voor")
    (tmp_path / "na.yml").write_text(typed.format(id="na") + waves + "questions:\n" + CHOICE.format(maybe="maybe"),
                                     encoding="utf-8")
    late = load_codebook(tmp_path / "na.yml")
    assert late.respondent.personal_code and not early.respondent.personal_code
    # "FA0767" in one wave and "fa0767" keyed in the other would never match: stop, and say how to fix it
    with pytest.raises(ConfigError) as err:
        check_linkable(late, early)
    assert err.value.column == "respondent.personal_code" and "in beide codeboeken" in err.value.fix
    check_linkable(late, late)  # both alike: no complaint
    check_linkable(early, early)  # no waves: nothing to link



def test_a_multiple_choice_share_has_the_interval_of_its_waves_own_report(tmp_path):
    # nieuwkomers_wonen_2026: the 2022 share 'Ik werd nooit geweigerd' had 11,4–23,0 % in the comparison and
    # 11,4–22,9 % in the 2022 report; the comparison took those who answered as the whole design
    from pipeline.analyses.frequencies.tables import multiple
    from pipeline.vocabulary import rules_for

    extra = ("  - name: help\n    type: multiple_choice\n    label: Hulp\n    answers:\n"
             "      - {code: fam, label: Familie, source: Q3a}\n      - {code: ocmw, label: OCMW, source: Q3b}\n")
    early = _codebook(tmp_path, "w1", extra_questions=extra)
    waves = "waves:\n  earlier: w1\n  design: independent\n  label: \"2026\"\n  earlier_label: \"2022\"\n"
    late = _codebook(tmp_path, "w2", extra_questions=extra, waves=waves)
    frames = []
    for prefix, (fam, ocmw, answered) in (("a", (30, 20, 80)), ("b", (50, 15, 90))):
        df = _frame([f"{prefix}{i}" for i in range(100)], know=(KNOW, ["Ja"] * 100), vote=(VOTE, ["Zeker"] * 100))
        df["help__fam"] = pd.array([i < fam for i in range(answered)] + [pd.NA] * (100 - answered), dtype="boolean")
        df["help__ocmw"] = pd.array([i >= answered - ocmw for i in range(answered)] + [pd.NA] * (100 - answered),
                                    dtype="boolean")
        frames.append(df)
    changes, _, _ = compare(Wave(late, frames[1], pd.DataFrame()), Wave(early, frames[0], pd.DataFrame()))
    for side, cb, df in (("earlier", early, frames[0]), ("later", late, frames[1])):
        q = cb.by_name["help"]
        own = multiple(df, q, rules_for(cb, q)).set_index("category")  # what the wave's report publishes
        got = changes[changes["variable"] == "help"].set_index("category")
        for label in ("Familie", "OCMW"):
            assert got.loc[label, f"base_{side}"] == own.loc[label, "base"]
            assert got.loc[label, f"ci_low_{side}"] == pytest.approx(own.loc[label, "ci_low"], abs=1e-12)
            assert got.loc[label, f"ci_high_{side}"] == pytest.approx(own.loc[label, "ci_high"], abs=1e-12)


def test_a_recode_of_a_code_the_earlier_wave_does_not_have_is_refused(tmp_path):
    # a typo in the earlier code ("perhapss") was accepted: "Misschien" became two half rows, each 0 in one wave,
    # and the test found a change that was only the zeros (review of unseen exports)
    later, earlier = _independent(tmp_path, recode="  recode:\n    vote: {perhapss: maybe}\n")
    with pytest.raises(ConfigError) as err:
        compare(later, earlier)
    assert "'perhapss' is geen antwoordcode van 'vote'" in str(err.value) and "perhaps" in str(err.value)
    assert err.value.column == "waves.recode.vote"


def test_an_earlier_answer_without_a_code_now_is_named_in_the_stage_line(tmp_path):
    # the same rename with the recode forgotten: compared with 0 now, which the researcher is told
    from pipeline.stages.compare import _unmatched

    later, earlier = _independent(tmp_path, recode="  questions: [know, vote]\n")  # "perhaps" in the earlier wave
    _, _, info = compare(later, earlier)
    assert info["unmatched_answers"] == {"vote": ["perhaps"]}
    assert _unmatched(info, "w1") == ["let op, antwoorden van 'w1' zonder code in dit codeboek (vote: perhaps): "
                                      "vergeleken met 0 nu; hernoemd? zet ze onder waves.recode"]
    (tmp_path / "ok").mkdir()
    later, earlier = _independent(tmp_path / "ok", recode="  recode:\n    vote: {perhaps: maybe}\n")
    assert compare(later, earlier)[2]["unmatched_answers"] == {}


def test_a_question_one_wave_hides_with_its_base_is_not_compared(tmp_path):
    # a routed question whose base would give a hidden cell back is hidden whole in its own report
    # (analyses/frequencies/routing.py); the comparison printed each wave's base beside it
    later, earlier = _independent(tmp_path)
    earlier.estimates = pd.DataFrame({"table": ["vote"] * 3, "kind": "frequency", "variable": "vote", "by": "",
                                      "group": "", "category": VOTE, "n": 0, "status": ["suppressed"] * 3,
                                      "base": [float("nan")] * 3, "hidden_reason": "protect"})
    changes, _, info = compare(later, earlier)
    assert "vote" not in set(changes["variable"]) and "know" in set(changes["variable"])
    assert {"question": "vote", "why": "hidden"} in info["not_compared"] and info["compared"] == ["know"]


def test_answers_one_wave_merged_are_compared_merged_in_both(tmp_path):
    # 2022: "Misschien" 17 and "Zeker niet" 3; its report published one row, "Misschien of zeker niet" = 20.
    # The 2026 codebook shows the parts. Compared part by part, any 2022 part the comparison showed would
    # give the other back (20 − 17 = 3, never published). So both waves are compared at the coarser answers.
    merge = ("    merge:\n      - {answers: [maybe, never], label: Misschien of zeker niet}\n")
    early = load_codebook(_write(tmp_path, "w1", HEAD.format(id="w1") + "questions:\n"
                                 + CHOICE.format(maybe="maybe") + merge))
    waves = "waves:\n  earlier: w1\n  design: independent\n  label: \"2026\"\n  earlier_label: \"2022\"\n"
    late = _codebook(tmp_path, "w2", waves=waves)
    a = _frame([f"a{i}" for i in range(100)], know=(KNOW, ["Ja"] * 50 + ["Nee"] * 50),
               vote=(VOTE, ["Zeker"] * 80 + ["Misschien"] * 17 + ["Zeker niet"] * 3))
    b = _frame([f"b{i}" for i in range(100)], know=(KNOW, ["Ja"] * 50 + ["Nee"] * 50),
               vote=(VOTE, ["Zeker"] * 60 + ["Misschien"] * 25 + ["Zeker niet"] * 15))
    changes, tests, info = compare(Wave(late, b, pd.DataFrame()), Wave(early, a, pd.DataFrame()))
    vote = changes[changes["variable"] == "vote"].set_index("category")
    assert list(vote.index) == ["Zeker", "Misschien of zeker niet"]
    # 2022: 80 and 3 + 17 = 20 of 100; 2026: 60 and 25 + 15 = 40 of 100
    assert list(vote["n_earlier"]) == [80, 20] and list(vote["n_later"]) == [60, 40]
    assert vote.loc["Misschien of zeker niet", "difference"] == pytest.approx(0.2)
    assert info["merged"] == {"vote": [{"label": "Misschien of zeker niet", "answers": ["Misschien", "Zeker niet"],
                                        "wave": "2022"}]}


def test_merges_that_leave_one_row_leave_nothing_to_compare(tmp_path):
    # 2022 merged maybe+never, 2026 merges sure+maybe: the only grouping both reports allow is all three
    early = load_codebook(_write(tmp_path, "w1", HEAD.format(id="w1") + "questions:\n" + CHOICE.format(maybe="maybe")
                                 + "    merge:\n      - {answers: [maybe, never], label: Misschien of zeker niet}\n"))
    waves = "waves:\n  earlier: w1\n  design: independent\n  label: \"2026\"\n  earlier_label: \"2022\"\n"
    late = load_codebook(_write(tmp_path, "w2", HEAD.format(id="w2") + waves + "questions:\n"
                                + CHOICE.format(maybe="maybe")
                                + "    merge:\n      - {answers: [sure, maybe], label: Zeker of misschien}\n"))
    a = _frame([f"a{i}" for i in range(100)], know=(KNOW, ["Ja"] * 50 + ["Nee"] * 50),
               vote=(VOTE, ["Zeker"] * 80 + ["Misschien"] * 17 + ["Zeker niet"] * 3))
    b = _frame([f"b{i}" for i in range(100)], know=(KNOW, ["Ja"] * 50 + ["Nee"] * 50),
               vote=(VOTE, ["Zeker"] * 60 + ["Misschien"] * 37 + ["Zeker niet"] * 3))
    changes, tests, info = compare(Wave(late, b, pd.DataFrame()), Wave(early, a, pd.DataFrame()))
    # one row of 100 % in both waves: nothing to compare, and said why
    assert "vote" not in set(changes["variable"]) and "vote" not in set(tests["variable"])
    assert {"question": "vote", "why": "merged"} in info["not_compared"]
    assert info["compared"] == ["know"]


def test_overlapping_merges_of_two_waves_are_one_row_named_by_its_answers(tmp_path):
    # 2022 merged maybe+never, 2026 merges never+refused: the coarser grouping is maybe+never+refused
    refused = "      - {code: refused, label: Geen antwoord}\n"
    early = load_codebook(_write(tmp_path, "w1", HEAD.format(id="w1") + "questions:\n"
                                 + CHOICE.format(maybe="maybe") + refused
                                 + "    merge:\n      - {answers: [maybe, never], label: Misschien of zeker niet}\n"))
    waves = "waves:\n  earlier: w1\n  design: independent\n  label: \"2026\"\n  earlier_label: \"2022\"\n"
    late = load_codebook(_write(tmp_path, "w2", HEAD.format(id="w2") + waves + "questions:\n"
                                + CHOICE.format(maybe="maybe") + refused
                                + "    merge:\n      - {answers: [never, refused], label: Zeker niet of geen antwoord}\n"))
    labels = [*VOTE, "Geen antwoord"]
    a = _frame([f"a{i}" for i in range(100)], know=(KNOW, ["Ja"] * 50 + ["Nee"] * 50),
               vote=(labels, ["Zeker"] * 70 + ["Misschien"] * 20 + ["Zeker niet"] * 3 + ["Geen antwoord"] * 7))
    b = _frame([f"b{i}" for i in range(100)], know=(KNOW, ["Ja"] * 50 + ["Nee"] * 50),
               vote=(labels, ["Zeker"] * 60 + ["Misschien"] * 25 + ["Zeker niet"] * 10 + ["Geen antwoord"] * 5))
    # 2026's report hides its merged row: the row that holds it stays hidden (and so does its complement)
    late_est = pd.DataFrame({"table": ["vote"], "kind": ["frequency"], "by": [""],
                             "category": ["Zeker niet of geen antwoord"], "status": ["suppressed"]})
    changes, _, info = compare(Wave(late, b, late_est), Wave(early, a, pd.DataFrame()))
    vote = changes[changes["variable"] == "vote"].set_index("category")
    assert list(vote.index) == ["Zeker", "Misschien, Zeker niet of Geen antwoord"]
    # 2022: 70 and 20 + 3 + 7 = 30; 2026: 60 and 25 + 10 + 5 = 40
    assert list(vote["n_earlier"].fillna(-1)) in ([70, 30], [-1, -1])
    assert vote.loc["Misschien, Zeker niet of Geen antwoord", "status"] == "suppressed"
    assert info["merged"]["vote"][0]["answers"] == ["Misschien", "Zeker niet", "Geen antwoord"]


def _write(tmp_path: Path, cid: str, text: str) -> Path:
    path = tmp_path / f"{cid}.yml"
    path.write_text(text, encoding="utf-8")
    return path
