"""Issue 11 item 5: a question with no answers, one answer, only missing values, or an empty
cross-tab gives a note in the report, not a crash. Expected counts are counted by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline.codebook import Codebook
from pipeline.report import blocks
from pipeline.stages.analyse import process


def _codebook(questions, crosstabs=()) -> Codebook:
    return Codebook.model_validate(dict(
        id="t", title="t", source_line="LEVL, test", method="m", tool="csv",
        period={"start": "2024-01-01", "end": "2024-01-02"}, target_respondents=3, export={"file": "x.csv"},
        respondent={"id": "_row"}, questions=questions, crosstabs=list(crosstabs)))


def _choice(name: str) -> dict:
    return {"name": name, "source": name, "label": f"Vraag {name}", "type": "single_choice",
            "answers": [{"code": "ja", "label": "Ja"}, {"code": "nee", "label": "Nee"}]}


QUESTIONS = [
    _choice("empty"), _choice("one"),
    {"name": "num", "source": "num", "label": "Getal", "type": "number"},
    {"name": "multi", "label": "Meerkeuze", "type": "multiple_choice",
     "answers": [{"code": "a", "label": "A", "source": "A"}, {"code": "b", "label": "B", "source": "B"}]},
]


def _clean() -> pd.DataFrame:
    cat = lambda vals: pd.Categorical(vals, categories=["Ja", "Nee"])  # noqa: E731
    return pd.DataFrame({
        "respondent": ["R1", "R2", "R3"], "empty": cat([None] * 3), "one": cat(["Ja", None, None]),
        "num": [np.nan] * 3, "multi__a": pd.array([pd.NA] * 3, dtype="boolean"),
        "multi__b": pd.array([pd.NA] * 3, dtype="boolean")})


def test_questions_without_answers_and_empty_crosstab_are_analysed_without_error():
    cb = _codebook(QUESTIONS, crosstabs=[{"rows": "one", "by": "empty"}])
    est, tests = process(cb, _clean())
    by_table = {t: g for t, g in est.groupby("table")}
    assert list(by_table["empty"]["base"]) == [0, 0] and list(by_table["empty"]["n"]) == [0, 0]
    one = by_table["one"].set_index("category")
    assert one.loc["Ja", "n"] == 1 and one.loc["Nee", "n"] == 0 and one.loc["Ja", "base"] == 1
    assert list(by_table["multi"]["base"]) == [0, 0] and list(by_table["multi"]["category"]) == ["A", "B"]
    assert set(by_table["num"]["n"]) == {0}
    assert "one__by__empty" not in by_table  # nobody answered both: no cells
    assert list(tests["table"]) == ["one__by__empty"] and tests["n"].iloc[0] == 0


def test_a_codebook_with_only_open_questions_gives_an_empty_table():
    cb = _codebook([{"name": "t", "source": "t", "label": "Open", "type": "free_text"}])
    est, tests = process(cb, pd.DataFrame({"respondent": ["R1"], "t": ["tekst"]}))
    assert est.empty and "table" in est.columns and tests.empty


def _notes(cb: Codebook, est: pd.DataFrame, monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(blocks, "display", lambda obj, **kw: shown.append(getattr(obj, "data", str(obj))))
    r = blocks.Report.__new__(blocks.Report)
    r.cb, r.estimates, r.tests = cb, est, pd.DataFrame()
    r.accounting = {"rows_kept": 3}
    r.figure = lambda name, title=None, detail=True: shown.append(f"figuur {name}")  # charts are tested elsewhere
    r.table = lambda name, title=None, by_label=None: shown.append(f"tabel {name}")
    r.all_findings()
    return shown


def test_report_shows_a_note_instead_of_an_empty_table(monkeypatch):
    cb = _codebook(QUESTIONS, crosstabs=[{"rows": "one", "by": "empty"}])
    est, _ = process(cb, _clean())
    shown = _notes(cb, est, monkeypatch)
    assert "tabel one" in shown and "figuur one" in shown
    for label in ("Vraag empty", "Getal", "Meerkeuze"):
        assert any(f"‘{label}’: geen antwoorden" in s for s in shown), (label, shown)
    assert any("Kruistabel ‘Vraag one’ naar ‘Vraag empty’: leeg" in s for s in shown)
    assert not any(s in ("tabel empty", "tabel multi", "tabel num") for s in shown)


def test_report_without_any_table_says_so(monkeypatch):
    cb = _codebook([{"name": "t", "source": "t", "label": "Open", "type": "free_text"}])
    est, _ = process(cb, pd.DataFrame({"respondent": ["R1"], "t": ["x"]}))
    shown = _notes(cb, est, monkeypatch)
    assert len(shown) == 1 and "geen vragen met antwoorden" in shown[0]


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])


def test_an_export_with_one_respondent_is_analysed_without_error():
    """One respondent: no survey design exists (it needs two), yet the report must still build.
    By hand: 1 of 1 said Ja (100 %, Wilson 95 % interval 20.65–100 %), option A ticked, B not."""
    df = _clean().iloc[:1].copy()
    df["num"] = [3.0]
    df["multi__a"] = pd.array([True], dtype="boolean")
    df["multi__b"] = pd.array([False], dtype="boolean")
    est, _ = process(_codebook(QUESTIONS), df)
    ja = est[(est["table"] == "one") & (est["category"] == "Ja")].iloc[0]
    assert (ja["n"], ja["base"], ja["estimate"]) == (1, 1, 1.0)
    assert ja["ci_low"] == pytest.approx(0.2065, abs=1e-4) and ja["ci_high"] == pytest.approx(1.0)
    assert ja["status"] != "ok"  # below small_cell: the report hides the share
    multi = est[est["table"] == "multi"].set_index("category")
    assert multi["n"].tolist() == [1, 0] and multi["base"].tolist() == [1, 1]
    assert est[(est["table"] == "num") & (est["category"] == "mediaan")]["estimate"].iloc[0] == 3.0
