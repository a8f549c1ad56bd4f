"""Drafts from exports shaped like the tools' documented formats (FORMATS.md) but unlike the samples.

Each fixture is generated here, by hand, from the format description: LimeSurvey writes a multiple
choice as one column per subquestion, `Q[SQ001]`, with `Y` for ticked and an empty cell otherwise
(answer codes), or `Yes`/`No`/`N/A` translated into the export language (full answers, FORMATS.md
§2.1). The expected codebook is what a researcher would write for that question: one multiple
choice with its options, not one yes/no question per option.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from pipeline import answers
from pipeline.scaffold import draft_codebook

LIME_META = {"id": ["1", "2", "3", "4"], "submitdate": ["2025-06-01 12:00:00", "2025-06-03 09:00:00",
                                                        "2025-06-02 10:00:00", "2025-06-09 18:30:00"],
             "lastpage": ["2"] * 4, "startlanguage": ["nl"] * 4, "seed": ["11", "12", "13", "14"]}


def _frame(columns: dict[str, list[str]]) -> pd.DataFrame:
    df = pd.DataFrame({**LIME_META, **columns}, dtype=object)
    df.index = pd.Index([2, 3, 4, 5], name="row")
    df.attrs.update(tool="limesurvey", tool_reason="test", header_labels={})
    return df


def test_limesurvey_code_export_multiple_choice_is_one_question(tmp_path):
    df = _frame({"G1Q2[SQ001]": ["Y", "", "Y", "Y"], "G1Q2[SQ002]": ["", "", "Y", ""],
                 "G1Q2[SQ003]": ["Y", "Y", "", ""]})
    cb, _ = draft_codebook("t", tmp_path / "x.csv", df, "limesurvey")
    assert len(cb["questions"]) == 1
    q = cb["questions"][0]
    assert q["type"] == "multiple_choice" and q["selected"] == ["Y"]
    assert [a["source"] for a in q["answers"]] == ["G1Q2[SQ001]", "G1Q2[SQ002]", "G1Q2[SQ003]"]
    assert cb["period"] == {"start": "2025-06-01", "end": "2025-06-09"} and cb["target_respondents"] == 4


def test_limesurvey_full_answer_export_multiple_choice_is_one_question(tmp_path):
    df = _frame({"Wat doe je graag? [Sport]": ["Ja", "Nee", "Ja", "N/A"],
                 "Wat doe je graag? [Muziek]": ["Nee", "Nee", "Ja", "N/A"],
                 "Wat doe je graag? [Lezen]": ["Ja", "Ja", "Nee", "N/A"]})
    cb, _ = draft_codebook("t", tmp_path / "x.csv", df, "limesurvey")
    assert len(cb["questions"]) == 1
    q = cb["questions"][0]
    assert q["type"] == "multiple_choice" and q["label"] == "Wat doe je graag?" and q["selected"] == ["Ja"]
    assert [a["label"] for a in q["answers"]] == ["Sport", "Muziek", "Lezen"]
    # the cleaner reads "N/A" (question not shown) as not ticked, not as an unknown answer
    ticked, unknown = answers.option_column_values(df["Wat doe je graag? [Sport]"], SimpleNamespace(selected=["Ja"]))
    assert ticked.tolist() == [True, False, True, False] and not unknown.any()
    # a Dutch export writes "N.v.t." for it: five rows were quarantined as unknown answers (review of unseen exports)
    ticked, unknown = answers.option_column_values(pd.Series(["Ja", "N.v.t.", "nvt", "Nee"], dtype=object),
                                                   SimpleNamespace(selected=["Ja"]))
    assert ticked.tolist() == [True, False, False, False] and not unknown.any()


def test_a_limesurvey_array_of_scales_stays_a_matrix(tmp_path):
    scale = ["Eens", "Oneens", "Neutraal", "Eens"]
    df = _frame({"G2Q1[SQ001]": scale, "G2Q1[SQ002]": scale[::-1]})
    cb, _ = draft_codebook("t", tmp_path / "x.csv", df, "limesurvey")
    assert [q["type"] for q in cb["questions"]] == ["likert", "likert"]


def _qualtrics(columns: dict[str, tuple[str, list[str]]]) -> pd.DataFrame:
    """Qualtrics 3-row header: codes in row 1, "question - item" texts in row 2 (FORMATS.md §1.2)."""
    df = pd.DataFrame({"ResponseId": ["R_1", "R_2", "R_3", "R_4"],
                       "RecordedDate": ["2025-02-01 08:00:00", "2025-02-05 08:00:00", "2025-02-02 08:00:00",
                                        "2025-02-03 08:00:00"],
                       **{c: v for c, (_, v) in columns.items()}}, dtype=object)
    df.index = pd.Index([4, 5, 6, 7], name="row")
    df.attrs.update(tool="qualtrics", tool_reason="test",
                    header_labels={"ResponseId": "Response ID", "RecordedDate": "Recorded Date",
                                   **{c: t for c, (t, _) in columns.items()}})
    return df


def test_qualtrics_grouped_questions_take_their_text_from_the_second_header_row(tmp_path):
    agree = ["Strongly agree", "Somewhat agree", "Strongly disagree", "Somewhat agree"]
    df = _qualtrics({
        "Q1_1": ("How much do you agree? - School is fun", agree),
        "Q1_2": ("How much do you agree? - Teachers listen", agree[::-1]),
        "Q4_1": ("Which sports? - Selected Choice - Football", ["1", "", "1", ""]),
        "Q4_2": ("Which sports? - Selected Choice - Tennis", ["", "1", "1", ""]),
    })
    cb, _ = draft_codebook("t", tmp_path / "x.csv", df, "qualtrics")
    matrix = [q for q in cb["questions"] if q["type"] == "likert"]
    assert [(q["label"], q["text"]) for q in matrix] == [("School is fun", "How much do you agree?"),
                                                          ("Teachers listen", "How much do you agree?")]
    multi = next(q for q in cb["questions"] if q["type"] == "multiple_choice")
    assert multi["label"] == "Which sports?"
    assert [a["label"] for a in multi["answers"]] == ["Football", "Tennis"]


def test_google_forms_checkboxes_joined_with_comma_are_one_multiple_choice(tmp_path):
    """Google Forms joins the ticked labels with ', ' (FORMATS.md §1.3), even when a label holds
    ', ' itself. Ticks counted by hand: sport 6 (cells 1, 3, 4, 6, 7, 8), Muziek 6, Lezen 5."""
    cells = ["Sport, spel en bewegen", "Muziek", "Sport, spel en bewegen, Muziek", "Sport, spel en bewegen, Lezen",
             "Muziek, Lezen", "Sport, spel en bewegen, Muziek, Lezen", "Sport, spel en bewegen, Lezen",
             "Sport, spel en bewegen, Muziek", "Lezen", "", "Muziek"]
    df = pd.DataFrame({"Tijdstempel": [f"{d}-5-2025 14:00:00" for d in range(1, 12)],
                       "Welke activiteiten doe je?": cells}, dtype=object)
    df.index = pd.Index(range(2, 13), name="row")
    df.attrs.update(tool="google_forms", tool_reason="test", header_labels={})
    cb, _ = draft_codebook("t", tmp_path / "x.csv", df, "google_forms")
    [q] = cb["questions"]
    assert q["type"] == "multiple_choice" and q["separator"] == ", "
    assert [a["label"] for a in q["answers"]] == ["Lezen", "Muziek", "Sport, spel en bewegen"]  # alphabetical
    assert cb["period"] == {"start": "2025-05-01", "end": "2025-05-11"} and cb["target_respondents"] == 11
    from pipeline.codebook import Question

    question = Question.model_validate({k: v for k, v in q.items() if not k.startswith("_")})
    ticks = answers.multi_indicators(df["Welke activiteiten doe je?"].rename(q["name"]), question)
    assert ticks.sum().tolist() == [5, 6, 6]
    assert not answers.multi_unknown(df["Welke activiteiten doe je?"], question).any()


def test_free_text_with_commas_stays_free_text(tmp_path):
    cells = [f"Ik vind {w}, maar soms {v}" for w, v in zip("abcdefghij", "klmnopqrst", strict=True)]
    df = pd.DataFrame({"Tijdstempel": ["1-5-2025 14:00:00"] * 10, "Opmerking": cells}, dtype=object)
    df.attrs.update(tool="google_forms", tool_reason="test", header_labels={})
    cb, _ = draft_codebook("t", tmp_path / "x.csv", df, "google_forms")
    assert cb["questions"][0]["type"] == "free_text"


def test_eusurvey_multiple_choice_in_one_cell_is_one_question(tmp_path):
    """EUSurvey joins the ticked answers with '; ' (FORMATS.md §2.8), here with assigned values
    shown. Most respondents tick one option, so few cells hold '; '. By hand: Natuur 7, Sport 6."""
    cells = ["Natuur(ID1); Sport(ID2)", "Natuur(ID1)", "Sport(ID2)", "Natuur(ID1)", "Sport(ID2)", "Natuur(ID1)",
             "Natuur(ID1); Sport(ID2)", "Sport(ID2)", "Natuur(ID1)", "Sport(ID2)", "Natuur(ID1)"]
    df = pd.DataFrame({"Contribution Id": [f"c{i}" for i in range(11)],
                       "Creation Date": [f"2025-09-{d:02d} 10:00:00" for d in range(1, 12)],
                       "Wat vind je belangrijk?": cells}, dtype=object)
    df.index = pd.Index(range(5, 16), name="row")
    df.attrs.update(tool="eusurvey", tool_reason="test", header_labels={})
    cb, _ = draft_codebook("t", tmp_path / "x.xls", df, "eusurvey")
    [q] = cb["questions"]
    assert q["type"] == "multiple_choice" and q["separator"] == "; "
    assert [a["label"] for a in q["answers"]] == ["Natuur(ID1)", "Sport(ID2)"]
    from pipeline.codebook import Question

    question = Question.model_validate({k: v for k, v in q.items() if not k.startswith("_")})
    assert answers.multi_indicators(df["Wat vind je belangrijk?"], question).sum().tolist() == [7, 6]
