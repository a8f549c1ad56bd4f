"""The codebook is strict: unknown keys and wrong types are errors that name the key."""

from __future__ import annotations

import pytest
import yaml

from pipeline.codebook import load_codebook
from pipeline.errors import ConfigError
from tests.tiny import TINY_CODEBOOK


def write(tmp_path, data) -> object:
    path = tmp_path / "codebook.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True) if isinstance(data, dict) else data, encoding="utf-8")
    return path


def tiny() -> dict:
    return yaml.safe_load(TINY_CODEBOOK)


def test_valid_codebook_loads_with_questions_in_order(tiny_codebook):
    assert [q.name for q in tiny_codebook.questions] == ["age", "housing", "rent", "agree", "help", "town", "since", "remarks"]
    assert tiny_codebook.by_name["housing"].answers[0].label == "Huurwoning"
    assert tiny_codebook.small_cell == 5 and tiny_codebook.small_cell_sensitive == 10


def test_unknown_key_is_named(tmp_path):
    data = tiny()
    data["questions"][1]["answers"][0]["lable"] = "typo"
    with pytest.raises(ConfigError) as err:
        load_codebook(write(tmp_path, data))
    assert any("questions[1].answers[0].lable" in d and "onbekende sleutel" in d for d in err.value.details)
    assert err.value.exit_code == 2


def test_wrong_type_is_named_with_value(tmp_path):
    data = tiny()
    data["target_respondents"] = "veel"
    with pytest.raises(ConfigError) as err:
        load_codebook(write(tmp_path, data))
    assert any("target_respondents" in d and "'veel'" in d for d in err.value.details)


def test_yaml_boolean_answer_code_is_caught(tmp_path):
    # YAML reads an unquoted `no` as False: the codebook must say so, not silently accept it
    data = TINY_CODEBOOK.replace("{code: own, label: Eigen woning}", "{code: no, label: Eigen woning}")
    with pytest.raises(ConfigError) as err:
        load_codebook(write(tmp_path, data))
    assert any("questions[1].answers[1].code" in d for d in err.value.details)


def test_routing_to_unknown_question_is_an_error(tmp_path):
    data = tiny()
    data["questions"][2]["ask_if"]["variable"] = "housnig"
    with pytest.raises(ConfigError) as err:
        load_codebook(write(tmp_path, data))
    assert any("housnig" in d for d in err.value.details)


def test_missing_codebook_and_bad_yaml(tmp_path):
    with pytest.raises(ConfigError):
        load_codebook(tmp_path / "nope.yml")
    with pytest.raises(ConfigError) as err:
        load_codebook(write(tmp_path, "id: [unclosed\n"))
    assert err.value.file is not None


def test_every_shipped_codebook_is_valid():
    from pathlib import Path

    books = sorted(Path(__file__).resolve().parents[1].glob("surveys/*/codebook.yml"))
    assert books, "no codebooks found"
    for path in books:
        cb = load_codebook(path)
        assert cb.id == path.parent.name


def test_routing_must_use_answer_codes_of_a_choice_question(tmp_path):
    data = tiny()
    data["questions"][2]["ask_if"]["in"] = ["Huurwoning"]  # a label, not the code 'rent'
    with pytest.raises(ConfigError) as err:
        load_codebook(write(tmp_path, data))
    assert any("Huurwoning" in d and "rent" in d for d in err.value.details)
    data = tiny()
    data["questions"][2]["ask_if"] = {"variable": "age", "in": ["x"]}  # a number is no condition
    with pytest.raises(ConfigError):
        load_codebook(write(tmp_path, data))


def test_bins_must_cover_the_allowed_range(tmp_path):
    data = tiny()
    data["questions"][0]["bins"] = {"name": "age_group", "breaks": [18, 65, 100], "labels": ["jong", "oud"]}
    with pytest.raises(ConfigError) as err:  # min is 16: ages 16 and 17 would fall outside every class
        load_codebook(write(tmp_path, data))
    assert any("breaks" in d for d in err.value.details)


def test_a_personal_code_without_a_column_is_refused(tmp_path):
    # `id: _row` numbers the rows: there is no typed code to read, and the key would be ignored silently
    data = tiny()
    data["respondent"] = {"id": "_row", "personal_code": True}
    with pytest.raises(ConfigError) as err:
        load_codebook(write(tmp_path, data))
    assert any("personal_code" in d and "_row" in d for d in err.value.details)
    assert "(1 probleem)" in str(err.value) and "Value error" not in str(err.value)  # Dutch, in agreement
    data["respondent"] = {"id": "code", "personal_code": True}
    load_codebook(write(tmp_path, data))  # a column with the code: fine


def test_a_codebook_is_read_once_per_text_and_again_when_the_file_changes(tmp_path):
    path = tmp_path / "codebook.yml"
    path.write_text(TINY_CODEBOOK, encoding="utf-8")
    first = load_codebook(path)
    assert load_codebook(path) is first  # the same text: not parsed and checked again
    path.write_text(TINY_CODEBOOK.replace(f"title: {first.title}", "title: Een andere titel"), encoding="utf-8")
    assert load_codebook(path).title == "Een andere titel"
    path.write_text(TINY_CODEBOOK + "\nonbekende_sleutel: 1\n", encoding="utf-8")
    for _ in range(2):  # a codebook with a problem is refused every time, never kept
        with pytest.raises(ConfigError):
            load_codebook(path)
