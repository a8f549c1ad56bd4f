"""Findings in words (pipeline/report/findings.py) and the codebook's headlines (pipeline/analyses/frequencies/headlines.py).

Tiny hand-made consultations; every expected number is worked out by hand in the comments."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
import yaml
from scipy import stats

from pipeline.charts.figures import finding
from pipeline.codebook import Codebook, load_codebook
from pipeline.errors import ConfigError
from pipeline.report.findings import Findings, count
from tests.tiny import TINY_CODEBOOK

DISC = [{"code": "never", "label": "Nee"}, {"code": "sometimes", "label": "Ja, soms"},
        {"code": "often", "label": "Ja, vaak"}]
FOUR = [{"code": "a", "label": "A"}, {"code": "b", "label": "B"}, {"code": "c", "label": "C"},
        {"code": "d", "label": "D"}]


def plain(text: str) -> str:
    """Markdown escapes removed and every kind of space one space (the number format may use a
    narrow no-break space before %)."""
    return re.sub(r"[\u00a0\u202f\u2009]", " ", re.sub(r"\\(.)", r"\1", text))


def codebook(*questions: dict) -> Codebook:
    return Codebook.model_validate({
        "id": "tiny", "title": "t", "source_line": "t", "method": "t", "tool": "t",
        "period": {"start": "2024-01-01", "end": "2024-02-01"}, "target_respondents": 1,
        "export": {"file": "x.csv"}, "respondent": {"id": "id", "person": []}, "questions": list(questions)})


def question(name: str, answers: list[dict], headline: dict | None = None, kind: str = "likert") -> dict:
    q = {"name": name, "source": name, "type": kind, "label": f"Label {name}", "answers": answers}
    return q | ({"headline": headline} if headline else {})


def analysed(cb: Codebook, values: dict[str, list[str]]) -> Findings:
    from pipeline.analyses.frequencies.headlines import headlines
    from pipeline.analyses.frequencies.tables import merge_answers
    from pipeline.stages.analyse import process

    df = pd.DataFrame({name: pd.Categorical(v, categories=[a.label for a in cb.by_name[name].answers],
                                            ordered=cb.by_name[name].type == "likert")
                       for name, v in values.items()})
    est, tests = process(cb, df)
    return Findings(cb, est, tests, headlines(cb, merge_answers(cb, df), est))


def wilson(p: float, n: int) -> tuple[float, float]:
    """The design-based Wilson interval of an unweighted sample of n, worked out from its formula:
    se² = n/(n−1)·p(1−p)/n, so n_eff = n − 1, and the t quantile with n − 1 degrees of freedom."""
    n_eff, t = n - 1, stats.t.ppf(0.975, n - 1)
    centre, half = p + t * t / (2 * n_eff), t / (2 * n_eff) * math.sqrt(4 * n_eff * p * (1 - p) + t * t)
    return (centre - half) / (1 + t * t / n_eff), (centre + half) / (1 + t * t / n_eff)


HEADLINE = {"answers": ["Ja, soms", "Ja, vaak"], "text": "ervoer discriminatie bij het zoeken naar een woning"}


def test_headline_sentence_states_the_combined_share_with_its_interval():
    # Nee 40, Ja soms 30, Ja vaak 30 of 100: the headline is 60/100 = 60 %; Wilson (n_eff 99, t 1,984)
    # gives 50,03–69,21 %, so "60 % (50–69 %)"; every cell ≥ 5, so nothing is hidden
    low, high = wilson(0.6, 100)
    assert (round(low * 100), round(high * 100)) == (50, 69)
    cb = codebook(question("disc", DISC, HEADLINE))
    f = analysed(cb, {"disc": ["Nee"] * 40 + ["Ja, soms"] * 30 + ["Ja, vaak"] * 30})
    row = f.headline_row("disc")
    assert row["n"] == 60 and row["base"] == 100 and row["status"] == "ok"
    assert row["ci_low"] == pytest.approx(low, abs=1e-9) and row["ci_high"] == pytest.approx(high, abs=1e-9)
    short = "60 % (50–69 %) ervoer discriminatie bij het zoeken naar een woning."
    assert plain(f.headline("disc", short=True)) == short
    long = plain(f.headline("disc", ref="zie figuur 2"))
    assert long == ("60 % (50–69 %) ervoer discriminatie bij het zoeken naar een woning "
                    "(100 respondenten beantwoordden de vraag; zie figuur 2).")


def test_headline_that_would_reveal_a_hidden_cell_is_hidden_and_the_sentence_has_no_number():
    # A 3 (< 5: hidden), B 50, C 27, D 20 of 100. The table hides A and one more answer to protect it;
    # B is shown. A headline "A or B" = 53 would give A away (53 − 50 = 3): the audit hides it.
    cb = codebook(question("q", FOUR, {"answers": ["a", "b"], "text": "koos A of B"}, kind="single_choice"))
    f = analysed(cb, {"q": ["A"] * 3 + ["B"] * 50 + ["C"] * 27 + ["D"] * 20})
    table = f.estimates.set_index("category")
    assert table.loc["A", "status"] == "suppressed" and table.loc["B", "status"] == "ok"
    row = f.headline_row("q")
    assert row["status"] == "suppressed" and row["hidden_reason"] == "protect"
    sentence = plain(f.sentence("q"))
    assert "tonen we niet" in sentence and "beschermen" in sentence
    hidden, shown = sentence.split(". Wel ")
    assert not re.search(r"\d", hidden)  # neither 53 % nor its interval
    # B's own share is in the table: said beside it (leerkrachten: the section said only that its figure was hidden)
    low, high = wilson(0.5, 100)
    assert shown == f"antwoordde 50 % ({round(low * 100)}–{round(high * 100)} %) ‘B’ (100 respondenten beantwoordden de vraag)."
    assert "53" not in sentence
    assert not re.search(r"\d", plain(f.headline("q", short=True)))  # the key messages: no part
    assert finding(f.estimates, row) == "Label q"  # the chart then carries the label, no number


def test_headline_below_the_threshold_is_hidden_as_a_small_group():
    # "A" alone: 3 respondents (< 5) → hidden with its complement (97)
    cb = codebook(question("q", FOUR, {"answers": ["A"], "text": "koos A"}, kind="single_choice"))
    f = analysed(cb, {"q": ["A"] * 3 + ["B"] * 50 + ["C"] * 27 + ["D"] * 20})
    row = f.headline_row("q")
    assert row["status"] == "suppressed" and row["hidden_reason"] == "small"
    assert "te weinig respondenten" in plain(f.sentence("q"))


def test_chart_title_states_the_headline_never_the_largest_answer():
    cb = codebook(question("disc", DISC, HEADLINE), question("other", DISC))
    f = analysed(cb, {"disc": ["Nee"] * 42 + ["Ja, soms"] * 28 + ["Ja, vaak"] * 30,
                      "other": ["Nee"] * 42 + ["Ja, soms"] * 28 + ["Ja, vaak"] * 30})
    disc = f.estimates[f.estimates["table"] == "disc"]
    assert plain(finding(disc, f.headline_row("disc"))) == "58 % ervoer discriminatie bij het zoeken naar een woning"
    other = f.estimates[f.estimates["table"] == "other"]
    assert finding(other, f.headline_row("other")) == "Label other"  # no headline: the label, no claim
    assert "antwoordde" not in finding(other)


def test_neutral_sentence_claims_the_largest_answer_only_when_nothing_is_hidden():
    cb = codebook(question("q", FOUR, kind="single_choice"))
    # B 50, C 30, D 20 of 100, A nobody: nothing hidden, B the largest → "het vaakst gegeven antwoord"
    f = analysed(cb, {"q": ["B"] * 50 + ["C"] * 30 + ["D"] * 20})
    s = plain(f.sentence("q"))
    assert s.startswith("Bij ‘Label q’ gaf 50 % (") and "‘B’, het vaakst gegeven antwoord" in s
    # with A = 3 hidden, a hidden answer might be larger than what is shown: no superlative
    f = analysed(cb, {"q": ["A"] * 3 + ["B"] * 50 + ["C"] * 27 + ["D"] * 20})
    s = plain(f.sentence("q"))
    assert "‘B’" in s and "vaakst" not in s


def _tests(p: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"table": [f"q{i}__by__g" for i in range(len(p))], "rows": [f"q{i}" for i in range(len(p))],
                         "by": "g", "p_value": p, "fisher_p": float("nan")})


def test_differences_are_said_only_when_they_hold_after_holm():
    cb = codebook(question("q0", DISC), question("q1", DISC), question("q2", DISC), question("g", FOUR))
    est = pd.DataFrame(columns=["table", "kind", "status"])
    # Holm over 3 tests: 0,01·3 = 0,03 < 0,05 holds; 0,03·2 = 0,06 and 0,2 do not (0,03 would have
    # passed without the correction)
    f = Findings(cb, est, _tests([0.01, 0.03, 0.2]))
    lines = [plain(x) for x in f.differences()]
    assert len(lines) == 1 and "‘Label q0’" in lines[0] and "‘label g’" in lines[0]
    assert "p = 0,030" in lines[0] and "3 toetsen" in lines[0]
    assert f.family()["p_holm"].tolist() == pytest.approx([0.03, 0.06, 0.2])
    # 0,01·3, 0,02·2, 0,04·1 → 0,03, 0,04, 0,04: all three hold
    assert len(Findings(cb, est, _tests([0.01, 0.02, 0.04])).differences()) == 3
    # none holds: one sentence that says so, with the number of tests in the right number
    none = [plain(x) for x in Findings(cb, est, _tests([0.2])).differences()]
    assert none == ["Tussen de subgroepen vonden we geen verschillen die standhouden na correctie voor het aantal "
                    "toetsen (methode van Holm, 1 toets)."]
    assert Findings(cb, est, _tests([])).differences() == []


def test_number_agreement():
    assert count(1, "respondent", "respondenten") == "1 respondent"
    assert count(2, "respondent", "respondenten") == "2 respondenten"
    assert count(1234, "toets", "toetsen") == "1.234 toetsen"
    cb = codebook(question("q", FOUR, kind="single_choice"))
    one = pd.DataFrame([{"table": "q", "kind": "frequency", "label": "Label q", "category": "A", "n": 1, "base": 1,
                         "estimate": 1.0, "ci_low": 0.2, "ci_high": 1.0, "status": "ok", "hidden_reason": ""}])
    assert "(1 respondent beantwoordde de vraag)" in plain(Findings(cb, one, pd.DataFrame()).sentence("q"))


def test_key_messages_take_the_headlines_or_the_researchers_list():
    cb = codebook(question("disc", DISC, HEADLINE), question("q", FOUR, kind="single_choice"))
    f = analysed(cb, {"disc": ["Nee"] * 40 + ["Ja, soms"] * 30 + ["Ja, vaak"] * 30,
                      "q": ["B"] * 50 + ["C"] * 30 + ["D"] * 20})
    default = [plain(x) for x in f.key_messages()]
    assert default[0] == "60 % (50–69 %) ervoer discriminatie bij het zoeken naar een woning."
    assert len(default) == 2 and default[1].startswith("Bij ‘Label q’ gaf 50 %")  # topped up; no more to say
    own = f.key_messages(["q", "Een zin van de onderzoekers."])
    assert plain(own[0]).startswith("Bij ‘Label q’") and own[1] == "Een zin van de onderzoekers."


@pytest.mark.parametrize("headline, says", [
    ({"answers": ["Ja, altijd"], "text": "x"}, "Ja, altijd"),
    ({"answers": ["never", "sometimes", "often"], "text": "x"}, "alle antwoorden"),
])
def test_codebook_headline_errors_name_file_question_and_value(tmp_path, headline, says):
    data = yaml.safe_load(TINY_CODEBOOK)
    data["questions"].append(question("disc", DISC, headline))
    path = tmp_path / "codebook.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    text = str(err.value) + " ".join(err.value.details)
    assert "codebook.yml" in text and "'disc'" in text and says in text and "headline" in text


def test_codebook_headline_in_a_multiple_choice_names_one_option():
    with pytest.raises(ValueError, match="precies één antwoord"):
        codebook({"name": "m", "source": "M", "type": "multiple_choice", "separator": ";", "label": "M",
                  "answers": FOUR, "headline": {"answers": ["a", "b"], "text": "koos A of B"}})


def test_a_paragraph_says_a_shared_base_once():
    # both questions answered by the same 100: the base once, at the end; the figure reference stays
    cb = codebook(question("disc", DISC, HEADLINE), question("q", FOUR, kind="single_choice"))
    f = analysed(cb, {"disc": ["Nee"] * 40 + ["Ja, soms"] * 30 + ["Ja, vaak"] * 30,
                      "q": ["B"] * 50 + ["C"] * 30 + ["D"] * 20})
    text = plain(f.paragraph(["disc", "q"], {"disc": "zie figuur 1"}))
    assert text.startswith("60 % (50–69 %) ervoer discriminatie bij het zoeken naar een woning (zie figuur 1). "
                           "Bij ‘Label q’ gaf 50 % (")
    assert text.endswith("het vaakst gegeven antwoord. Elk van deze cijfers berust op de antwoorden van "
                         "100 respondenten.")
    assert text.count("100 respondenten") == 1


def test_the_consultation_audit_reads_a_headline_as_the_sum_of_its_answers():
    # the table of the hidden-headline test: A 3 hidden, B 50 shown. Read alone, the tables give
    # nothing away; with a shown headline "A or B" = 53, A = 53 − 50 = 3 follows.
    from pipeline.publish import audit_tables

    cb = codebook(question("q", FOUR, {"answers": ["a", "b"], "text": "koos A of B"}, kind="single_choice"))
    f = analysed(cb, {"q": ["A"] * 3 + ["B"] * 50 + ["C"] * 27 + ["D"] * 20})
    limits = {"q": 5}
    assert audit_tables(f.estimates, limits) == []
    shown = f.headlines.assign(status="ok", hidden_reason="")
    problems = audit_tables(f.estimates, limits, shown)
    assert any(p.startswith("q: A (verborgen)") for p in problems), problems
    assert audit_tables(f.estimates, limits, f.headlines) == []  # as published: hidden, so nothing added


def test_a_headline_on_30_to_59_answers_is_called_uncertain_once():
    # 45 answers (Nee 15, Ja soms 15, Ja vaak 15): flagged (30–59); the headline is 30/45 = 67 %
    cb = codebook(question("disc", DISC, HEADLINE), question("other", DISC, {"answers": ["Nee"], "text": "zei nee"}))
    values = ["Nee"] * 15 + ["Ja, soms"] * 15 + ["Ja, vaak"] * 15
    f = analysed(cb, {"disc": values, "other": values})
    assert f.headline_row("disc")["status"] == "flagged"
    one = plain(f.sentence("disc"))
    assert one.startswith("67 % (") and one.endswith("Dit cijfer is onzeker: het berust op minder dan 60 antwoorden.")
    both = plain(f.paragraph(["disc", "other"]))
    assert both.count("onzeker") == 1
    assert both.endswith("Deze cijfers zijn onzeker: elk berust op de antwoorden van 45 respondenten (minder dan 60).")


def test_a_headline_follows_the_codebook_merge():
    gender = [{"code": "man", "label": "Man"}, {"code": "woman", "label": "Vrouw"}, {"code": "x", "label": "X"},
              {"code": "no_say", "label": "Zeg ik liever niet"}]
    merge = [{"answers": ["x", "no_say"], "label": "X of zeg ik liever niet"}]
    q = {"name": "g", "source": "G", "type": "single_choice", "label": "Gender", "answers": gender, "merge": merge}
    whole = codebook(q | {"headline": {"answers": ["woman", "x", "no_say"], "text": "is geen man"}})
    assert whole.by_name["g"].headline_categories == ["Vrouw", "X of zeg ik liever niet"]
    # Man 101, Vrouw 83, X 3, Zeg ik liever niet 11 (as nieuwkomers_wonen): 83 + 14 = 97 of 198 = 49 %
    f = analysed(whole, {"g": ["Man"] * 101 + ["Vrouw"] * 83 + ["X"] * 3 + ["Zeg ik liever niet"] * 11})
    row = f.headline_row("g")
    assert (row["n"], row["base"], row["status"]) == (97, 198, "ok")
    with pytest.raises(ValueError, match="samengenomen rij"):  # half a merged row cannot be a headline
        codebook(q | {"headline": {"answers": ["x"], "text": "is X"}})


def test_a_headline_of_answers_hidden_one_by_one_says_they_are_counted_together():
    # ondernemers: "18 % kent mensen die zakelijk advies kunnen geven" beside a table that hides both 'Akkoord'
    # (4) and 'Helemaal akkoord' (4): a reader saw a number the table seemed to withhold. A 4, B 4, C 52, D 40:
    # A and B hidden (< 5), their sum 8 is what the total minus the shown answers gives anyway
    cb = codebook(question("q", FOUR, {"answers": ["a", "b"], "text": "koos A of B"}, kind="single_choice"))
    f = analysed(cb, {"q": ["A"] * 4 + ["B"] * 4 + ["C"] * 52 + ["D"] * 40})
    table = f.estimates.set_index("category")
    assert (table.loc[["A", "B"], "status"] == "suppressed").all()
    if f.headline_row("q")["status"] not in ("ok", "flagged"):
        pytest.skip("the audit hides this headline")
    sentence = plain(f.headline("q"))
    assert sentence.startswith("8 % ") and "(‘A’ en ‘B’ samen; apart niet getoond; 100 respondenten" in sentence
    # shown one by one: no such clause
    shown = analysed(cb, {"q": ["A"] * 10 + ["B"] * 10 + ["C"] * 40 + ["D"] * 40})
    assert "samen" not in plain(shown.headline("q"))
