"""Issue 11 items 1-4 and issue 14 item 1: tool detection, the tool's own columns, the types a
researcher would choose, a truthful draft, and no respondent's typed answer as a label.

The rows below are written by hand from the formats in ../shared/samples/FORMATS.md (not read from
the samples), so detection is tested on signatures, not on files; expected values are counted by hand.
"""

from __future__ import annotations

import os
from pathlib import Path
import subprocess
import sys

import pandas as pd
import pytest
import yaml

from pipeline.readers.detect import from_rows
from pipeline.scaffold import draft_codebook
from tests.tiny import REPO

SIGNATURES = {
    "qualtrics": [["StartDate", "EndDate", "Status", "Q1"], ["Startdatum", "Einddatum", "Status", "Vraag 1"],
                  ['{"ImportId":"startDate"}', '{"ImportId":"endDate"}', '{"ImportId":"status"}', '{"ImportId":"QID1"}']],
    "qualtrics_legacy": [["V1", "V2", "V3", "Q1"], ["ResponseID", "ResponseSet", "Name", "Vraag 1"]],
    "surveymonkey": [["Respondent ID", "Collector ID", "Welke?", ""], ["", "", "Taal", "Werk"]],
    "kobotoolbox": [["start", "Vraag", "_id", "_uuid", "_submission_time", "_index"]],
    "odk": [["SubmissionDate", "vraag", "meta-instanceID", "KEY"]],
    "limesurvey": [["id", "submitdate", "lastpage", "startlanguage", "seed", "q1"]],
    "ms_forms": [["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", "Vraag"]],
    "google_forms": [["Tijdstempel", "Vraag 1", "Vraag 2"]],
    "eusurvey": [["Alias", "mijn_enquete"], ["Export Date", "2024-10-17 01:10:49"], [], ["Vraag (P1)", "Creation date"]],
}


@pytest.mark.parametrize("name", sorted(SIGNATURES))
def test_tool_is_detected_from_its_signature(name):
    expected = name.removesuffix("_legacy")
    found = from_rows(SIGNATURES[name], "csv")
    assert found.tool == expected and found.reason


def test_a_plain_table_is_not_taken_for_a_tool():
    found = from_rows([["Leeftijd", "Gemeente", "ID"], ["34", "Gent", "1"]], "xlsx")
    assert found.tool == "xlsx" and "geen kenmerken" in found.reason
    # SurveyMonkey needs its second header row, not just the word somewhere in the answers
    assert from_rows([["Vraag", "ID"], ["Response", "1"]], "csv").tool == "csv"


def kobo_frame() -> pd.DataFrame:
    rows = {
        "start": ["2024-03-05T10:02:11.000+01:00", "2024-03-06T14:30:00.000+01:00", "2024-03-09T09:00:00.000+01:00"],
        "Bent u zelfstandig?": ["Ja", "Nee", "ja"],
        "Drempels": ["Taal Diploma", "Andere", ""],
        "Drempels/Taal": ["1", "0", ""],
        "Drempels/Diploma": ["1", "0", ""],
        "Drempels/Andere": ["0", "1", ""],
        "Tevreden?": ["Eens", "Helemaal oneens", "Neutraal"],
        "_id": ["11", "12", "13"],
        "_uuid": ["u-1", "u-2", "u-3"],
        "_submission_time": ["2024-03-05T09:10:02", "2024-03-06T13:31:00", "2024-03-08T08:01:00"],
        "_validation_status": ["Approved", "", ""],
        "_status": ["submitted_via_web"] * 3,
        "__version__": ["vX"] * 3,
        "_tags": ["", "", ""],
        "_index": ["1", "2", "3"],
    }
    df = pd.DataFrame(rows, dtype=object)
    df.index = pd.Index([2, 3, 4], name="row")
    df.attrs.update(tool="kobotoolbox", tool_reason="test", header_labels={})
    return df


def test_kobo_draft_keeps_tool_columns_out_and_groups_the_split_multi_select(tmp_path):
    cb, notes = draft_codebook("t", tmp_path / "x.csv", kobo_frame(), "kobotoolbox")
    sources = [q.get("source") for q in cb["questions"]]
    for meta in ("start", "_id", "_uuid", "_submission_time", "_validation_status", "_status", "__version__",
                 "_tags", "_index", "Drempels"):
        assert meta not in sources
    assert cb["respondent"]["id"] == "_uuid" and cb["respondent"]["date"]["column"] == "_submission_time"
    assert cb["period"] == {"start": "2024-03-05", "end": "2024-03-08"}  # first and last _submission_time
    assert cb["target_respondents"] == 3 and cb["export"]["tool"] == "kobotoolbox" and cb["tool"] == "KoboToolbox"
    by_label = {q["label"]: q for q in cb["questions"]}
    yes_no = by_label["Bent u zelfstandig?"]
    assert yes_no["type"] == "single_choice" and [a["label"] for a in yes_no["answers"]] == ["Ja", "Nee"]
    multi = by_label["Drempels"]
    assert multi["type"] == "multiple_choice" and multi["selected"] == ["1"]
    assert [(a["label"], a["source"]) for a in multi["answers"]] == [
        ("Taal", "Drempels/Taal"), ("Diploma", "Drempels/Diploma"), ("Andere", "Drempels/Andere")]
    likert = by_label["Tevreden?"]
    assert likert["type"] == "likert"
    assert [a["label"] for a in likert["answers"]] == ["Helemaal oneens", "Neutraal", "Eens"]  # scale order
    assert any("samenvattende kolom" in n for n in notes)


@pytest.mark.parametrize("values, order", [
    (["Tout à fait d'accord", "Pas du tout d'accord", "Plutôt d'accord"],
     ["Pas du tout d'accord", "Plutôt d'accord", "Tout à fait d'accord"]),
    (["Stimme zu", "Stimme überhaupt nicht zu", "Weder noch"], ["Stimme überhaupt nicht zu", "Weder noch", "Stimme zu"]),
    (["Always", "Never", "Sometimes", "Don't know"], ["Never", "Sometimes", "Always"]),
    (["Zeer tevreden", "Ontevreden", "Tevreden"], ["Ontevreden", "Tevreden", "Zeer tevreden"]),
])
def test_likert_scales_in_four_languages_keep_scale_order(values, order):
    from pipeline.draft_types import infer

    q, _ = infer(pd.Series(values * 6), 5)
    assert q["type"] == "likert" and [a["label"] for a in q["answers"]] == order
    assert q.get("missing", []) == (["Don't know"] if "Don't know" in values else [])


def test_answers_are_alphabetical_never_by_frequency_and_numbers_by_value():
    from pipeline.draft_types import infer

    q, _ = infer(pd.Series(["Zwijnaarde"] * 9 + ["Aalst"] * 5 + ["Mol"] * 7), 5)
    assert [a["label"] for a in q["answers"]] == ["Aalst", "Mol", "Zwijnaarde"]
    q, _ = infer(pd.Series(["10", "2", "1"] * 10), 5)
    assert [a["label"] for a in q["answers"]] == ["1", "2", "10"]
    q, _ = infer(pd.Series(["$100,000 - $149,999", "$0 - $24,999", "$25,000 - $49,999", "$150,000+"] * 5), 5)
    assert [a["label"] for a in q["answers"]] == ["$0 - $24,999", "$25,000 - $49,999", "$100,000 - $149,999",
                                                  "$150,000+"]
    q, _ = infer(pd.Series(["> 60", "18-29", "45-60", "30-44"] * 5), 5)
    assert [a["label"] for a in q["answers"]] == ["18-29", "30-44", "45-60", "> 60"]
    q, _ = infer(pd.Series(["7,5", "12,25", "3"]), 5)
    assert q["type"] == "number" and q["min"] == 3.0 and q["max"] == 12.25


def test_rare_and_identifying_answers_never_become_labels():
    from pipeline.draft_types import OTHER, infer

    values = ["Huurwoning"] * 6 + ["Eigen woning"] * 5 + ["Anders: mail jan.peeters@example.be", "bij mijn tante"]
    q, notes = infer(pd.Series(values), 5)
    labels = [a["label"] for a in q["answers"]]
    assert labels == ["Eigen woning", "Huurwoning", OTHER["label"]] and q["other"] == OTHER["code"]
    assert "jan.peeters" not in yaml.safe_dump(q) and "tante" not in yaml.safe_dump(q)
    assert any("zeldzame" in n for n in notes)
    # five times, but an e-mail address: still not a label
    q, _ = infer(pd.Series(["Ja graag"] * 6 + ["info@bedrijf.be"] * 5), 5)
    assert "info@bedrijf.be" not in yaml.safe_dump(q)


def test_other_takes_unlisted_answers_in_validation_and_cleaning():
    from pipeline import answers
    from pipeline.codebook import Question

    q = Question(name="w", source="W", label="W", type="single_choice", other="anders",
                 answers=[{"code": "huur", "label": "Huur"}, {"code": "anders", "label": "Anders"}])
    codes, unknown = answers.choice_codes(pd.Series(["Huur", "bij mijn tante", ""]), q)
    assert list(codes.fillna("-")) == ["huur", "anders", "-"] and not unknown.any()


def test_matrix_items_get_their_own_unique_labels(tmp_path):
    question = "Please state whether you view the following characters favorably, unfavorably, or are unfamiliar"
    items = [f"Character with a very long shared name prefix that goes past eighty characters number {i}"
             for i in range(14)]
    data = {f"{question} | {item}": (["Very favorably", "Somewhat favorably", "Very unfavorably"] * 4)[: 12]
            for item in items}
    df = pd.DataFrame(data, dtype=object)
    df.attrs.update(tool="surveymonkey", header_labels={})
    cb, _ = draft_codebook("t", tmp_path / "x.csv", df, "surveymonkey")
    labels = [q["label"] for q in cb["questions"]]
    assert len(cb["questions"]) == 14 and len(set(labels)) == 14
    assert all(q["type"] == "likert" and q["text"].startswith("Please state") for q in cb["questions"])


def test_new_prints_the_tool_and_writes_the_exploration_notebook(tmp_path):
    export = tmp_path / "export.csv"
    export.write_text("Tijdstempel,Woont u in Gent?\n3/1/2024 10:00:00,Ja\n3/4/2024 11:30:00,Nee\n"
                      "3/2/2024 09:00:00,Ja\n", encoding="utf-8")
    env = dict(os.environ, LEVL_ROOT=str(tmp_path), PYTHONPATH=str(REPO))
    res = subprocess.run([sys.executable, "-m", "pipeline", "new", "proef", "--from", str(export)], cwd=REPO,
                         env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "google_forms" in res.stdout and "Tijdstempel" in res.stdout
    cb = yaml.safe_load((tmp_path / "surveys" / "proef" / "codebook.yml").read_text(encoding="utf-8"))
    assert cb["export"]["tool"] == "google_forms" and cb["tool"] == "Google Forms" and cb["target_respondents"] == 3
    assert cb["period"] == {"start": "2024-03-01", "end": "2024-03-04"}
    assert [q["source"] for q in cb["questions"]] == ["Woont u in Gent?"]
    notebook = (tmp_path / "surveys" / "proef" / "notebooks" / "explore.py").read_text(encoding="utf-8")
    assert 'load("proef")' in notebook


def test_a_group_path_of_different_questions_is_not_a_matrix(tmp_path):
    df = pd.DataFrame({"profiel/zelfstandige": ["ja", "nee", "ja"], "profiel/score": ["7.5", "4", "9"],
                       "_uuid": ["a", "b", "c"], "_submission_time": ["2024-01-02T10:00:00"] * 3}, dtype=object)
    df.attrs.update(tool="kobotoolbox", header_labels={})
    cb, _ = draft_codebook("t", tmp_path / "x.csv", df, "kobotoolbox")
    types = {q["source"]: q["type"] for q in cb["questions"]}
    assert types == {"profiel/zelfstandige": "single_choice", "profiel/score": "number"}
    assert not any("text" in q for q in cb["questions"])


def test_a_column_of_codes_one_per_row_is_an_id_not_a_question():
    # review of unseen exports: a .sav's 'respid' (R0000 …) was drafted as an open question, and the tool's
    # ids sat beside the pseudonyms in clean.parquet
    from pipeline.scaffold import _looks_like_ids

    assert _looks_like_ids(pd.Series([f"R{i:04d}" for i in range(40)]))
    assert _looks_like_ids(pd.Series([f"{i:06d}" for i in range(40)]))  # zero-padded numbers
    assert _looks_like_ids(pd.Series([f"uuid:{i:x}a-7f3" for i in range(40)]))
    assert not _looks_like_ids(pd.Series([str(18 + i) for i in range(40)]))  # ages, each different
    assert not _looks_like_ids(pd.Series([f"2024-03-{i:02d}" for i in range(1, 29)]))  # a date question
    assert not _looks_like_ids(pd.Series([f"Antwoord {i}" for i in range(40)]))  # text with spaces
    assert not _looks_like_ids(pd.Series(["R1", "R2", "R2"] * 5))  # not one per row
    assert not _looks_like_ids(pd.Series([f"R{i}" for i in range(5)]))  # too few to tell


def test_gps_tracks_are_identifying():
    from pipeline.privacy import looks_identifying

    track = pd.Series(["51.054342 3.717424 12 5; 51.054401 3.717502 12 5", "50.8503 4.3517 0 0"])
    assert looks_identifying("some_geotrace", track) == "locatie"
    assert looks_identifying("score", pd.Series(["3.5 op 10", "7.25"])) is None


def test_a_draft_finds_repeated_submissions_by_e_mail(tmp_path):
    # review of unseen exports: the draft flagged 'E-mailadres' as identifying but did not use it, and a form
    # sent twice by one person counted twice ("0 herhaalde inzendingen verwijderd")
    raw = pd.DataFrame({"Tijdstempel": ["2024-03-05 10:00:00", "2024-03-06 11:00:00", "2024-03-07 12:00:00"],
                        "E-mailadres": ["a@x.be", "b@x.be", "a@x.be"], "Tevreden?": ["Ja", "Nee", "Ja"]})
    cb, notes = draft_codebook("t", tmp_path / "x.csv", raw, "google_forms")
    assert cb["respondent"]["person"] == ["E-mailadres"]
    assert "E-mailadres" in cb["identifying"] and "E-mailadres" not in [q.get("source") for q in cb["questions"]]
    assert any("herhaalde inzendingen" in n for n in notes)


def test_an_anonymous_e_mail_column_is_no_person_in_a_draft(tmp_path):
    # an anonymous Microsoft Forms export has "anonymous" in its e-mail column: the draft made it respondent.person
    # and clean then kept 1 of 60 respondents (review of unseen exports)
    raw = pd.DataFrame({"ID": ["1", "2", "3"], "E-mail": ["anonymous"] * 3, "Tevreden?": ["Ja", "Nee", "Ja"]})
    cb, notes = draft_codebook("t", tmp_path / "x.csv", raw, "ms_forms")
    assert "person" not in cb["respondent"] and not any("herhaalde inzendingen" in n for n in notes)
    assert "E-mail" in cb["identifying"]


def test_a_long_remark_given_often_is_no_answer_label_in_a_draft(tmp_path):
    # the same remark of several lines pasted ten times became an answer label, and every chart of the question
    # collapsed under it (review of unseen exports)
    long = "Ik vind dit heel belangrijk.\nTweede regel met uitleg."
    raw = pd.DataFrame({"ID": [str(i) for i in range(30)],
                        "Opmerking": [long] * 10 + ["Goed"] * 10 + ["Slecht"] * 10})
    cb, _ = draft_codebook("t", tmp_path / "x.csv", raw, "csv")
    q = next(q for q in cb["questions"] if q.get("source") == "Opmerking")
    labels = [a["label"] for a in q.get("answers", [])]
    assert "Goed" in labels and "Slecht" in labels and not any("belangrijk" in lab for lab in labels)


def test_a_year_in_two_digits_gives_the_real_period(tmp_path):
    # Microsoft Forms times after a round trip through Excel ("03/18/25 14:00:00") were no dates to the draft:
    # the period became today's date (review of unseen exports)
    raw = pd.DataFrame({"ID": [str(i) for i in range(6)],
                        "Begintijd": ["03/01/25 09:00:00", "03/02/25 10:00:00", "03/05/25 11:00:00",
                                      "03/09/25 12:00:00", "03/14/25 13:00:00", "03/18/25 14:00:00"],
                        "Tevreden?": ["Ja", "Nee"] * 3})
    cb, _ = draft_codebook("t", tmp_path / "x.csv", raw, "ms_forms")
    assert cb["period"] == {"start": "2025-03-01", "end": "2025-03-18"}
    # both orders are listed; the one that reads most values goes first when they are read (answers.dates)
    assert "%m/%d/%y %H:%M:%S" in cb["respondent"]["date"]["formats"]


@pytest.mark.parametrize(("times", "start", "end"), [
    (["15/01/2025 21:53", "16/01/2025 08:05", "3/02/2025 9:15"], "2025-01-15", "2025-02-03"),  # Belgian Excel
    (["15.01.2025 21:53", "16.01.2025 08:05", "03.02.2025 09:15"], "2025-01-15", "2025-02-03"),
])
def test_times_without_seconds_give_the_real_period(tmp_path, times, start, end):
    # an MS Forms export re-saved by Belgian Excel ('15/01/2025 21:53'): the draft said "geen inzenddatum in de
    # export" and the period became today's date (review of unseen exports)
    raw = pd.DataFrame({"ID": [str(i) for i in range(3)], "Tijd van voltooien": times, "Tevreden?": ["Ja", "Nee", "Ja"]})
    cb, _ = draft_codebook("t", tmp_path / "x.csv", raw, "ms_forms")
    assert cb["period"] == {"start": start, "end": end}
    assert cb["respondent"]["date"]["column"] == "Tijd van voltooien"


def test_new_from_a_missing_or_unreadable_file_says_so_and_leaves_nothing(tmp_path):
    # review of unseen exports: --from a missing file advised "controleer de naam van de raadpleging", and a
    # failed draft left its copy in raw/<id>/, where a later `new` put the good export beside it
    env = dict(os.environ, LEVL_ROOT=str(tmp_path), PYTHONPATH=str(REPO))
    res = subprocess.run([sys.executable, "-m", "pipeline", "new", "ontbreekt", "--from", str(tmp_path / "x.sav")],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode != 0 and "het exportbestand na --from bestaat niet" in res.stderr
    assert "naam van de raadpleging" not in res.stderr and "Traceback" not in res.stderr
    bad = tmp_path / "kapot.xlsx"
    bad.write_bytes(b"PK\x03\x04" + os.urandom(500))
    res = subprocess.run([sys.executable, "-m", "pipeline", "new", "kapot", "--from", str(bad)],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode != 0 and "Traceback" not in res.stderr
    assert not (tmp_path / "raw" / "kapot").exists() and not (tmp_path / "surveys" / "kapot").exists()


def test_new_reads_the_sheet_and_rows_it_is_told_and_writes_them_in_the_codebook(tmp_path):
    # review of unseen exports: `new` had no --sheet or --skip-rows, so a workbook with an 'Info' sheet first, or
    # a title above the header, was a dead end
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Info"
    wb.active.append(["Over deze export"])
    ws = wb.create_sheet("Form1")
    for r in [["Titel van de bevraging"], ["ID", "Tevreden?"], *([str(i), "Ja" if i % 3 else "Nee"] for i in range(30))]:
        ws.append(r)
    path = tmp_path / "twee.xlsx"
    wb.save(path)
    env = dict(os.environ, LEVL_ROOT=str(tmp_path), PYTHONPATH=str(REPO))
    res = subprocess.run([sys.executable, "-m", "pipeline", "new", "twee", "--from", str(path), "--sheet", "Form1",
                          "--skip-rows", "1"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    cb = yaml.safe_load((tmp_path / "surveys" / "twee" / "codebook.yml").read_text(encoding="utf-8"))
    assert cb["export"]["sheet"] == "Form1" and cb["export"]["skip_rows"] == 1
    assert [q["source"] for q in cb["questions"]] == ["Tevreden?"]


@pytest.mark.parametrize(("seen", "labels"), [
    (["No"], ["Yes", "No"]), (["Yes", "Yes"], ["Yes", "No"]), (["Ja"], ["Ja", "Nee"]), (["Oui"], ["Oui", "Non"]),
])
def test_a_yes_no_question_seen_one_way_gets_its_other_answer_in_the_same_language(seen, labels):
    # a draft from the first answers of a Google Form ('No' only) listed 'Ja' and 'No'; the full export's 33 'Yes'
    # were then refused as "onbekend antwoord; verwacht een van: 'Ja', 'No'" (review of unseen exports)
    from pipeline.draft_types import infer

    keys, notes = infer(pd.Series(seen), 5)
    assert [a["label"] for a in keys["answers"]] == labels
    assert any("toegevoegd" in note for note in notes)


def test_spss_codes_declared_missing_of_a_number_are_no_answers(tmp_path):
    # pyreadstat's sample declares -1 and 2000–3000 missing for the number 'mynum' (no value labels): the draft made
    # them answers, so 2500 was its maximum and -1 a value in every mean
    from pathlib import Path

    from pipeline.readers import ExportSpec, read_export

    sample = Path(__file__).resolve().parents[2] / "shared" / "samples" / "spss" / "pyreadstat__basic_sample_missing.sav"
    if not sample.exists():
        pytest.skip("samples not found")
    raw = read_export(ExportSpec(file=str(sample)))
    cb, _ = draft_codebook("t", sample, raw, "spss")
    q = next(q for q in cb["questions"] if q.get("source") == "mynum")
    assert q["type"] == "number" and sorted(q["missing"]) == ["-1", "2500"]
    assert q["min"] == -1000.3 and q["max"] == 1000.3  # by hand: 1.1, 1.2, -1000.3, -1.4, 1000.3 are the answers


@pytest.mark.parametrize(("values", "kind", "codes"), [
    # a Qualtrics numeric export: a 1 … 5 satisfaction scale, 8 = "weet niet", -99 = seen but not answered; the draft
    # made it a number from -99 to 8 and the report a mean of -7,1 (review of unseen exports)
    (["1", "2", "3", "4", "5"] * 8 + ["8", "-99", "-99"], "single_choice", ["-99", "8"]),
    ([str(a) for a in range(18, 78)] + ["999"], "number", ["999"]),
    ([str(a) for a in range(0, 11)] * 4, "single_choice", None),  # a 0 … 10 score: 8, 9 and 10 are answers
    ([str(a) for a in range(18, 100)], "number", None),  # an age of 99 among ages is an age
    ([str(a) for a in range(1, 8)] * 6 + ["8"], "single_choice", None),  # 8 right after 7 is the scale's own
])
def test_codes_for_no_answer_among_numbers_are_drafted_as_missing(values, kind, codes):
    from pipeline.draft_types import infer

    typed, notes = infer(pd.Series(values, dtype=object), 5)
    assert typed["type"] == kind
    assert typed.get("missing") == codes
    if codes:
        assert any("geen antwoord" in n for n in notes)
        if kind == "number":
            assert typed["max"] < 999


@pytest.mark.parametrize("labels", [
    # Dutch forms' own wordings and Turkish ones, read as choice questions in alphabetical order (review of unseen
    # exports): each is a scale, lowest first
    ["Helemaal niet tevreden", "Niet tevreden", "Neutraal", "Tevreden", "Helemaal tevreden"],
    ["Helemaal mee oneens", "Mee oneens", "Neutraal", "Mee eens", "Helemaal mee eens"],
    ["Heel slecht", "Slecht", "Goed", "Heel goed"],
    ["Kesinlikle katılmıyorum", "Katılmıyorum", "Kararsızım", "Katılıyorum", "Kesinlikle katılıyorum"],
    ["Hiç memnun değilim", "Memnun değilim", "Memnunum", "Çok memnunum"],
])
def test_common_scale_wordings_are_drafted_as_likert_in_their_order(labels):
    from pipeline.draft_types import infer

    values = pd.Series(sorted(labels * 6), dtype=object)  # alphabetical, as a sheet sorted by answer
    typed, _ = infer(values, 5)
    assert typed["type"] == "likert"
    assert [a["label"] for a in typed["answers"]] == labels


@pytest.mark.parametrize(("times", "start", "end", "kept"), [
    # a Dutch Google Sheet (day/month) of a consultation of 1 … 12 March: every day is 12 or less, and the draft read
    # it as 3 January … 3 December (review of unseen exports). Closest together: day/month, March.
    ([f"{d}/3/2025 10:00:00" for d in range(1, 13)] * 3, "2025-03-01", "2025-03-12", "dag/maand"),
    # an American sheet (month/day) of 1 … 12 March: month/day gives March, day/month January … December
    ([f"3/{d}/2025 10:00:00" for d in range(1, 13)] * 3, "2025-03-01", "2025-03-12", "maand/dag"),
])
def test_submission_times_whose_day_and_month_cannot_be_told_apart_take_the_closer_order(times, start, end, kept):
    raw = pd.DataFrame({"Tijdstempel": times, "Woonplaats": ["Gent", "Antwerpen", "Brugge"] * 12},
                       index=pd.Index(range(2, 38), name="row"))
    cb, notes = draft_codebook("t", Path("x.csv"), raw, "google_forms")
    assert cb["period"] == {"start": start, "end": end}
    assert any(kept in n for n in notes)


def test_submission_times_with_a_day_above_12_need_no_choice():
    raw = pd.DataFrame({"Tijdstempel": [f"{d}/3/2025 10:00:00" for d in range(1, 31)],
                        "Woonplaats": ["Gent", "Antwerpen", "Brugge"] * 10}, index=pd.Index(range(2, 32), name="row"))
    cb, notes = draft_codebook("t", Path("x.csv"), raw, "google_forms")
    assert cb["period"] == {"start": "2025-03-01", "end": "2025-03-30"}
    assert not any("dag en maand" in n for n in notes)


@pytest.mark.parametrize(("ticked", "not_ticked"), [("Y", ""), ("Ja", "Nee")])
def test_a_limesurvey_multiple_choice_with_other_is_one_question_and_its_text_an_open_one(ticked, not_ticked):
    # 'G1Q2[other]' holds typed text: in the group, the options became single choices labelled with the
    # respondents' words ("Buurvrouw"), and "N.v.t." (not shown) counted as an answer (review of unseen exports)
    rows = 30
    other = ["Buurvrouw" if i % 7 == 0 else "" for i in range(rows)]
    raw = pd.DataFrame({
        "id": [str(i) for i in range(1, rows + 1)],
        "G1Q2[SQ001]": [ticked if i % 2 else not_ticked for i in range(rows)],
        "G1Q2[SQ002]": [ticked if i % 3 else ("N.v.t." if not_ticked else "") for i in range(rows)],
        "G1Q2[SQ003]": [ticked if i % 5 else not_ticked for i in range(rows)],
        "G1Q2[other]": other}, index=pd.Index(range(2, rows + 2), name="row"))
    cb, _ = draft_codebook("t", Path("x.csv"), raw, "limesurvey")
    by_source = {q.get("source"): q for q in cb["questions"]}
    (mc,) = [q for q in cb["questions"] if q["type"] == "multiple_choice"]
    assert [a["source"] for a in mc["answers"]] == ["G1Q2[SQ001]", "G1Q2[SQ002]", "G1Q2[SQ003]"]
    assert mc["selected"] == [ticked]
    assert by_source["G1Q2[other]"]["type"] == "free_text"
    assert "Buurvrouw" not in yaml.safe_dump(cb["questions"], allow_unicode=True)


def test_numbers_with_a_thousands_point_are_drafted_as_numbers_with_the_decimal_comma():
    # Dutch Excel writes 1.100 for a rent of eleven hundred: drafted as a choice question ordered 1.100, 1.250, 450
    # (review of unseen exports)
    rents = ["650", "1.100", "450", "1.250", "720", "", "980"] * 4
    raw = pd.DataFrame({"ID": [str(i) for i in range(1, 29)], "Huur per maand": rents},
                       index=pd.Index(range(2, 30), name="row"))
    cb, _ = draft_codebook("t", Path("x.csv"), raw, "csv")
    (q,) = [q for q in cb["questions"] if q["source"] == "Huur per maand"]
    assert q["type"] == "number" and (q["min"], q["max"]) == (450.0, 1250.0)
    assert cb["export"]["decimal"] == ","
    assert not any(k.startswith("_decimal") for q in cb["questions"] for k in q)


@pytest.mark.parametrize("values", [
    # a second review: real answers taken for codes of no answer
    [str(v) for v in [1, 2, 3, 4, 5, 6] * 5] + ["9"],  # a household of 9
    [str(v) for v in [0, 1, 2, 3, 4] * 6] + ["8"],  # a mother of 8 children
    [str(v) for v in [0, 1, 2, 3] * 8] + ["-1"],  # -1 on a scale from -3 to +3
    [str(v) for v in range(0, 8)] * 4 + ["9"],  # a score of 9 out of 10
])
def test_real_numbers_are_not_drafted_as_codes_for_no_answer(values):
    from pipeline.draft_types import infer

    typed, _ = infer(pd.Series(values, dtype=object), 5)
    assert "missing" not in typed


def test_a_thousands_point_beside_a_decimal_point_sets_no_decimal_comma():
    # rents '1.100' and heights '1.58': a decimal comma for the export refused every row (a second review)
    raw = pd.DataFrame({"ID": [str(i) for i in range(1, 29)],
                        "Huur": ["650", "1.100", "450", "1.250", "720", "", "980"] * 4,
                        "Lengte": ["1.58", "1.72", "1.65", "1.80", "1.61", "1.77", "1.69"] * 4},
                       index=pd.Index(range(2, 30), name="row"))
    cb, notes = draft_codebook("t", Path("x.csv"), raw, "csv")
    assert "decimal" not in cb["export"]
    assert any("duizendtallen" in n and "decimale punt" in n for n in notes)
