"""A routed question's base is a sum of its routing question's cells (disclosure review, seventh session): "Zoektijd",
asked of all but owners, printed "Basis: 195" beside a housing table that hid the 3 owners among 198."""

from __future__ import annotations

import pandas as pd

from pipeline.analyses.frequencies.routing import protect_routed
from pipeline.codebook import Codebook
from pipeline.publish import published
from pipeline.stages import analyse

HOUSING = [("private", "Privé"), ("social", "Sociaal"), ("owner", "Eigenaar"), ("family", "Familie")]


def _codebook(routed_to: list[str]) -> Codebook:
    return Codebook.model_validate({
        "id": "route", "title": "t", "source_line": "LEVL, test", "method": "t", "tool": "t", "synthetic": True,
        "period": {"start": "2024-01-01", "end": "2024-02-01"}, "target_respondents": 1,
        "export": {"file": "x.csv"}, "respondent": {"id": "id", "person": []},
        "questions": [
            {"name": "housing", "source": "H", "type": "single_choice", "label": "Woonsituatie",
             "answers": [{"code": c, "label": lab} for c, lab in HOUSING]},
            {"name": "rent", "source": "R", "type": "number", "label": "Huur", "min": 0, "max": 5000,
             "ask_if": {"variable": "housing", "in": routed_to}}]})


def _clean(routed_to: list[str]) -> pd.DataFrame:
    counts = {"Privé": 20, "Sociaal": 3, "Eigenaar": 7, "Familie": 10}  # 40 respondents
    housing = [lab for lab, n in counts.items() for _ in range(n)]
    labels = dict(HOUSING)
    asked = {labels[c] for c in routed_to}
    rent = [600.0 + i if h in asked else None for i, h in enumerate(housing)]  # everyone asked answered
    return pd.DataFrame({"respondent": [f"R-{i}" for i in range(40)],
                         "housing": pd.Categorical(housing, categories=[lab for _, lab in HOUSING]),
                         "rent": pd.array(rent, dtype="Float64")})


def test_a_routed_base_that_gives_a_hidden_cell_back_hides_the_routed_question():
    cb = _codebook(["private", "social"])
    est, _ = analyse.process(cb, _clean(["private", "social"]))
    housing = est[est["table"] == "housing"].set_index("category")
    # by hand: Sociaal 3 < 5 is hidden; the smallest shown count, Eigenaar 7, protects it
    assert list(housing.loc[["Sociaal", "Eigenaar"], "status"]) == ["suppressed", "suppressed"]
    assert est.loc[est["table"] == "rent", "base"].max() == 23  # = Privé 20 + Sociaal 3: the 3 comes back
    assert protect_routed(cb, est) == ["rent"]
    rent = est[est["table"] == "rent"]
    assert (rent["status"] == "suppressed").all() and rent["base"].isna().all()
    shown = published(est, "rent")
    assert shown.base is None and "23" not in " ".join(map(str, shown.text.iloc[0].tolist()))


def test_a_routed_base_that_adds_nothing_leaves_the_routed_question_published():
    # asked of Privé, Sociaal and Eigenaar: 30 = 20 + (3 + 7), and 3 + 7 = 40 − 20 − 10 was published already
    cb = _codebook(["private", "social", "owner"])
    est, _ = analyse.process(cb, _clean(["private", "social", "owner"]))
    assert protect_routed(cb, est) == []
    assert (est.loc[est["table"] == "rent", "status"] == "ok").all()
    assert published(est, "rent").base == 30
