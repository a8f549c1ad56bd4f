"""Issue 14 item 9: hostile or broken codebooks get one Dutch message (exit 2), never a crash or hang.

Encodings other than UTF-8, YAML alias bombs, thresholds that make analyse crash, an export path
outside raw/<id>/ and an id that is not the folder's name.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pipeline.codebook import codebook_for, load_codebook
from pipeline.errors import ConfigError
from tests.tiny import TINY_CODEBOOK

REPO = Path(__file__).resolve().parents[1]
TINY = textwrap.dedent(TINY_CODEBOOK)


def _write(tmp_path: Path, text: str | bytes, cid: str = "tiny") -> Path:
    path = tmp_path / "surveys" / cid / "codebook.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, LEVL_ROOT=str(tmp_path), PYTHONPATH=str(REPO))
    env.pop("LEVL_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


def test_a_cp1252_codebook_exits_2_with_a_message(tmp_path):
    _write(tmp_path, TINY.replace("Kleine testbevraging", "Bevraging café-uitbaters").encode("cp1252"))
    res = _cli(tmp_path, "ingest", "tiny")
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr and "UnicodeDecodeError" not in res.stderr
    assert "UTF-8" in res.stderr and "rij:       3" in res.stderr  # 'title' is on line 3


def test_a_utf16_codebook_is_refused_with_a_message(tmp_path):
    path = _write(tmp_path, TINY.encode("utf-16"))
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    assert "UTF-16" in str(err.value) and "UTF-8" in str(err.value.fix)


def test_a_utf8_codebook_with_a_bom_is_read(tmp_path):
    path = _write(tmp_path, b"\xef\xbb\xbf" + TINY.encode("utf-8"))
    assert load_codebook(path).id == "tiny"


def test_a_billion_laughs_codebook_is_refused_quickly_with_a_short_message(tmp_path):
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    path = _write(tmp_path, TINY + "\n" + bomb.replace("a: &a", "lol_a: &a")
                  .replace("\nb: &b", "\nlol_b: &b"))
    start = time.perf_counter()
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    assert time.perf_counter() - start < 5
    assert "YAML-verwijzingen" in str(err.value) and len(str(err.value)) < 2000


def test_a_smaller_alias_bomb_gives_a_short_message_not_megabytes(tmp_path):
    # below the expansion bound, but every question's 'label' is a huge list: the message stays short
    bomb = 'x: &a ["' + "lol" * 500 + '"]\n'
    text = TINY.replace("    label: Leeftijd", "    label: [*a, *a, *a, *a, *a, *a, *a, *a]")
    path = _write(tmp_path, bomb.replace("x:", "# x:") + text.replace("title:", "anchor_holder: " + bomb[3:] + "title:"))
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    assert len(str(err.value)) < 3000


def test_a_recursive_alias_is_refused(tmp_path):
    path = _write(tmp_path, TINY + "loop: &loop [*loop]\n")
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    assert "zichzelf" in str(err.value)


def test_the_shared_answer_scale_anchor_still_works():
    cb = load_codebook(REPO / "surveys" / "ondernemers" / "codebook.yml")  # uses &agree / *agree
    assert cb.id == "ondernemers"


@pytest.mark.parametrize("change, words", [
    ("small_cell: 0", "small_cell"),
    ("small_cell: 2", "small_cell"),
    ("small_cell_sensitive: 4", "small_cell_sensitive"),
    ("min_base_pct: 80\nflag_base_pct: 60", "min_base_pct"),
    ("target_respondents: 0", "target_respondents"),
])
def test_thresholds_that_would_crash_analyse_are_refused(tmp_path, change, words):
    text = TINY.replace("target_respondents: 5\n", "") if "target" in change else TINY
    path = _write(tmp_path, text + change + "\n")
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    assert any(words in d for d in err.value.details), err.value.details


@pytest.mark.parametrize("file", ["/etc/passwd", "../../etc/passwd", "../andere/export.xlsx", "C:\\\\export.xlsx"])
def test_an_export_outside_raw_is_refused_and_never_opened(tmp_path, file):
    _write(tmp_path, TINY.replace("file: export.xlsx", f"file: '{file}'"))
    res = _cli(tmp_path, "ingest", "tiny")
    assert res.returncode == 2, res.stderr
    assert "raw/<id>/" in res.stderr and "export.file" in res.stderr
    assert "root:" not in res.stderr and "Traceback" not in res.stderr


def test_an_id_that_differs_from_the_folder_is_refused(tmp_path, monkeypatch):
    from pipeline import codebook

    _write(tmp_path, TINY, cid="andere")  # surveys/andere/codebook.yml says id: tiny
    monkeypatch.setattr(codebook, "ROOT", tmp_path)
    with pytest.raises(ConfigError) as err:
        codebook_for("andere")
    assert err.value.value == "tiny" and err.value.expected == "andere"


def test_a_key_written_twice_is_refused_with_both_lines(tmp_path):
    # review of issue 14: YAML silently keeps the last of two equal keys, so a codebook that shows
    # `small_cell: 5` at the top can publish with a threshold of 3 set further down
    text = TINY.replace("\ntitle:", "\nsmall_cell: 5\ntitle:", 1) + "small_cell: 3\n"
    assert load_codebook(_write(tmp_path, TINY + "small_cell: 3\n")).small_cell == 3  # YAML keeps the last
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    assert "small_cell" in str(err.value) and "twee keer" in str(err.value)


def test_a_shared_scale_with_a_merge_key_is_still_fine(tmp_path):
    text = TINY + "x_scale: &scale {a: 1, b: 2}\nx_use: {<<: *scale, c: 3}\n"
    path = _write(tmp_path, text)
    try:
        load_codebook(path)
    except ConfigError as err:  # an unknown top-level key may be refused, but not as a duplicate
        assert "twee keer" not in str(err)


def test_the_question_as_asked_is_never_a_survey_tools_code():
    from pipeline.codebook import Question

    def q(**kw):
        return Question(name="age", type="number", label="Leeftijd", **kw)

    assert q(source="G01Q03").asked is None  # LimeSurvey's code: charts then show the label
    assert q(source="Q5_2").asked is None
    assert q(source="Hoe oud bent u?").asked == "Hoe oud bent u?"  # Forms: the header is the question
    assert q(source="G01Q03", text="Wat is uw leeftijd?").asked == "Wat is uw leeftijd?"
    assert q(source=" ").asked is None
    # a tool's code with a space or two codes is still a code, not words
    assert q(source="Q5 2").asked is None and q(source="SQ001 SQ002").asked is None
    assert q(source="G01Q03 [SQ001]").asked is None
    assert q(source="Woont u in Brussel?").asked == "Woont u in Brussel?"
    assert q(source="Leeftijd (jaren)").asked == "Leeftijd (jaren)"


def test_an_unquoted_no_gets_a_dutch_message_about_quotes(tmp_path):
    # review of unseen exports: `code: no` gave "Input should be a valid string (gevonden: False)"
    import yaml

    from pipeline.codebook import load_codebook
    from pipeline.errors import ConfigError
    from tests.tiny import TINY_CODEBOOK

    text = TINY_CODEBOOK.replace("{code: own, label: Eigen woning}", "{code: no, label: Eigen woning}")
    assert yaml.safe_load(text)["questions"][1]["answers"][1]["code"] is False
    path = tmp_path / "codebook.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    message = str(err.value)
    assert 'code: "no"' in message and "aanhalingstekens" in message
    assert "Input should be" not in message


@pytest.mark.parametrize(("mistake", "replace", "words"), [
    # the commonest hand edits (review of unseen exports): PyYAML's English, without a fix, reached researchers
    ("a tab", ("    label: Leeftijd", "\tlabel: Leeftijd"), "er staat een tab op deze regel"),
    ("a colon in a label", ("    label: Leeftijd", "    label: Leeftijd: in jaren"), "een dubbele punt (:)"),
    ("a line indented wrongly", ("    label: Leeftijd", "   label: Leeftijd"), "springt anders in"),
])
def test_yaml_mistakes_are_said_in_dutch_with_their_line_and_a_fix(tmp_path, mistake, replace, words):
    text = TINY_CODEBOOK.replace(*replace, 1)
    assert text != TINY_CODEBOOK
    with pytest.raises(ConfigError) as err:
        load_codebook(_write(tmp_path, text))
    message = str(err.value)
    assert words in message and "YAML meldt" not in message and err.value.fix
    lines = text.splitlines()
    assert err.value.row is not None and abs(err.value.row - (lines.index(replace[1]) + 1)) <= 1


def test_a_check_of_the_whole_codebook_names_no_empty_key_and_dumps_nothing(tmp_path):
    # two questions with one name: "sleutel '': duplicate question names: [...] (gevonden: {'id': … (2317 tekens))"
    text = TINY_CODEBOOK.replace("  - name: housing", "  - name: age", 1)
    with pytest.raises(ConfigError) as err:
        load_codebook(_write(tmp_path, text))
    details = " ".join(err.value.details)
    assert "twee vragen hebben dezelfde naam: age" in details
    assert "sleutel ''" not in details and "gevonden" not in details and "duplicate" not in details


@pytest.mark.parametrize(("change", "words"), [
    # each was accepted (and stopped clean or analyse with "Onverwachte fout", or published a wrong number)
    # in a review of unseen exports
    (("    max: 99\n", "    max: 99\n    bins: {name: age_group, breaks: [16, 35, 25, 100], labels: [a, b, c]}\n"),
     "'breaks' moeten van klein naar groot lopen"),
    (("    max: 99\n", "    max: 99\n    bins: {name: age_group, breaks: [16, 25, 35, 100], labels: [a, a, c]}\n"),
     "elke klasse ('labels') heeft een eigen label"),
    (("    max: 99\n", "    max: 99\n    bins: {name: housing, breaks: [16, 25, 35, 100], labels: [a, b, c]}\n"),
     "de klassen ('bins.name') 'housing' hebben de naam van een vraag"),
    (("    ask_if: {variable: housing, in: [rent]}", "    ask_if: {variable: rent, in: [rent]}"),
     "ask_if verwijst naar de vraag zelf"),
    (("  - {code: own, label: Eigen woning}\n", "  - {code: own, label: Eigen woning}\n      - {code: x, label: X}\n"
      "    merge: [{answers: [own, x], label: Huurwoning}]\n"), "het label 'Huurwoning' van een ander antwoord"),
    (("source_line:", "crosstabs: [{rows: housing, by: remarks}]\nsource_line:"), "is van type free_text"),
    (("source_line:", "crosstabs: [{rows: housing, by: agree}, {rows: housing, by: agree}]\nsource_line:"),
     "staat er twee keer"),
])
def test_codebook_mistakes_that_gave_wrong_numbers_or_a_fault_are_refused(tmp_path, change, words):
    text = TINY_CODEBOOK.replace(*change, 1)
    assert text != TINY_CODEBOOK
    with pytest.raises(ConfigError) as err:
        load_codebook(_write(tmp_path, text))
    assert words in " ".join(err.value.details), err.value.details


def test_an_empty_headline_text_is_said_in_dutch(tmp_path):
    # pydantic's English "String should have at least 1 character" reached the researcher
    text = TINY_CODEBOOK.replace("    label: Tevreden\n", "    label: Tevreden\n    headline: {answers: [a3], text: ''}\n", 1)
    with pytest.raises(ConfigError) as err:
        load_codebook(_write(tmp_path, text))
    details = " ".join(err.value.details)
    assert "mag niet leeg zijn" in details and "String should" not in details



@pytest.mark.parametrize(("edit", "line"), [("end: 2024-11-31", 17), ("end: 2023-02-29", 17)])
def test_a_date_that_does_not_exist_is_a_dutch_message_with_its_line(tmp_path, edit, line):
    # unseen-export review: `period.end: 2022-06-31` gave "Onverwachte fout" (PyYAML's ValueError)
    text = (Path(__file__).resolve().parents[1] / "surveys" / "leerkrachten" / "codebook.yml").read_text(encoding="utf-8")
    assert "period: {start: 2024-09-23, end: 2024-11-15}" in text.splitlines()[line - 1]
    path = tmp_path / "codebook.yml"
    path.write_text(text.replace("end: 2024-11-15", edit, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    assert err.value.row == line and err.value.file == str(path)
    assert "geen bestaande datum" in err.value.message and edit.split()[1] in err.value.message


def test_a_key_twice_names_the_codebook_file(tmp_path):
    # the message said "bestand: <unicode string>"
    path = tmp_path / "codebook.yml"
    path.write_text("id: x\nsmall_cell: 5\nsmall_cell: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    assert err.value.file == str(path) and err.value.row == 3


@pytest.mark.parametrize(("old", "new", "says"), [
    ("min: 16\n    max: 99", "min: 99\n    max: 16", "min (99) is groter dan max (16)"),
    ("period: {start: 2024-01-01, end: 2024-02-01}", "period: {start: 2024-02-01, end: 2024-01-01}",
     "het begin (2024-02-01) ligt na het einde (2024-01-01)"),
])
def test_swapped_bounds_are_refused_by_name(tmp_path, old, new, says):
    # unseen-export review: `min: 99, max: 16` quarantined every row ("verwacht tussen 99 en 16"); a reversed period
    # was accepted without a word
    from tests.tiny import TINY_CODEBOOK

    assert old in TINY_CODEBOOK
    path = tmp_path / "codebook.yml"
    path.write_text(TINY_CODEBOOK.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    assert any(says in d for d in err.value.details), err.value.details


@pytest.mark.parametrize(("one", "other"), [("In Maßen", "In Massen"), ("kinderen²", "kinderen2"),
                                            ("Akkoord", "akkoord\u00ad")])
def test_two_answers_read_as_the_same_text_are_refused(tmp_path, one, other):
    # a second review: "In Maßen" (in moderation) and "In Massen" (massively) were one answer without a word
    from tests.tiny import TINY_CODEBOOK

    old = "      - {code: own, label: Eigen woning}"
    assert old in TINY_CODEBOOK
    text = TINY_CODEBOOK.replace(old, f"      - {{code: own, label: \"{one}\"}}\n      - {{code: other, label: \"{other}\"}}")
    path = tmp_path / "codebook.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    assert any(one in d and other in d for d in err.value.details), err.value.details


def test_a_turkish_capital_i_matches_its_answer():
    from pipeline.codebook import normalise

    assert normalise("TÜRKİYE") == normalise("Türkiye") == "türkiye"


@pytest.mark.parametrize(("old", "new", "said"), [
    # review of unseen exports: pydantic's English "or", and a mistyped ask_if named as a wrong kind of question
    ("type: likert", "type: likertt", "'free_text' of 'municipality'"),
    ("ask_if: {variable: housing", "ask_if: {variable: housng", "geen vraag met die naam; bedoelt u 'housing'?"),
])
def test_codebook_mistakes_are_told_in_dutch(tmp_path, old, new, said):
    import textwrap

    from pipeline.codebook import load_codebook
    from pipeline.errors import ConfigError
    from tests.tiny import TINY_CODEBOOK

    path = tmp_path / "codebook.yml"
    path.write_text(textwrap.dedent(TINY_CODEBOOK).replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    assert said in str(err.value) and " or " not in str(err.value)
