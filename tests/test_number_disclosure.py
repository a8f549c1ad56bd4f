"""A number's mean, interval and median can give back a count its classes hide (review of the disclosure control,
seventh session): an oldest class of two people aged 97 and 99 was narrowed to 2–5 from the mean, its interval and
the median printed next to the classes in tabellen.xlsx. The summary is hidden with the classes it would reveal."""

from __future__ import annotations

import pandas as pd

from pipeline.codebook import Codebook
from pipeline.publish import SUPPRESSED, published
from pipeline.stages import analyse

BREAKS = [18, 30, 40, 50, 100]
LABELS = ["18-29 jaar", "30-39 jaar", "40-49 jaar", "50 jaar en ouder"]


def _codebook() -> Codebook:
    return Codebook.model_validate({
        "id": "ages", "title": "Leeftijden", "source_line": "LEVL, test", "synthetic": True, "method": "t",
        "tool": "t", "period": {"start": "2024-01-01", "end": "2024-02-01"}, "target_respondents": 1,
        "export": {"file": "x.csv"}, "respondent": {"id": "id", "person": []},
        "questions": [{"name": "age", "source": "Leeftijd", "type": "number", "label": "Leeftijd", "integer": True,
                       "min": 18, "max": 99, "bins": {"name": "age_group", "breaks": BREAKS, "labels": LABELS}}]})


def _clean(ages: list[int]) -> pd.DataFrame:  # as the clean stage writes a number with classes
    values = pd.Series(ages, dtype="Float64")
    return pd.DataFrame({"age": values,
                         "age_group": pd.cut(values.astype(float), bins=BREAKS, labels=LABELS, right=False)})


def test_the_summary_of_a_number_whose_classes_hide_a_count_is_hidden_too():
    ages = [20, 22, 24, 25, 27, 29] + [30 + i % 10 for i in range(19)] + [40 + i % 10 for i in range(16)] + [97, 99]
    est, _ = analyse.process(_codebook(), _clean(ages))
    classes = est[est["table"] == "age_group"].set_index("category")
    assert classes.loc["50 jaar en ouder", "status"] == "suppressed"  # 2 people: a small group
    summary = est[est["table"] == "age"]
    assert list(summary["category"]) == ["gemiddelde", "mediaan"]
    assert (summary["status"] == "suppressed").all() and (summary["hidden_reason"] == "protect").all()
    shown = published(est, "age")
    assert shown.text.iloc[0].tolist()[:3] == [SUPPRESSED] * 3 and shown.text.iloc[0, 3] == "43"
    assert shown.numbers[["Gemiddelde", "Ondergrens 95%-interval", "Mediaan"]].isna().all(axis=None)


def test_the_summary_of_a_number_whose_classes_are_all_shown_is_published():
    ages = [20 + i % 10 for i in range(10)] + [30 + i % 10 for i in range(10)] + [40 + i % 10 for i in range(10)] \
        + [50 + i for i in range(10)]
    est, _ = analyse.process(_codebook(), _clean(ages))
    assert (est.loc[est["table"] == "age_group", "status"] != "suppressed").all()
    summary = est[est["table"] == "age"].set_index("category")
    assert (summary["status"] == "ok").all()
    # by hand: 40 ages, 24.5 + 34.5 + 44.5 + 54.5 over four classes of ten → mean 39.5, median (39 + 40) / 2
    assert summary.loc["gemiddelde", "estimate"] == 39.5 and summary.loc["mediaan", "estimate"] == 39.5
    assert published(est, "age").text.iloc[0, 0] == "39,5"
