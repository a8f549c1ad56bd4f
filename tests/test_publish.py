"""Published tables never show a suppressed number, in any form."""

import re

import pandas as pd

from pipeline.publish import markdown, published


def est(rows):
    base = {"table": "t", "kind": "frequency", "variable": "v", "label": "Vraag", "by": "", "group": "",
            "se": 0.01}
    return pd.DataFrame([{**base, **r} for r in rows])


def test_suppressed_cells_are_marked_not_shown():
    e = est([
        {"category": "Ja", "n": 40, "base": 47, "estimate": 40 / 47, "ci_low": 0.72, "ci_high": 0.93, "status": "ok"},
        {"category": "Nee", "n": 4, "base": 47, "estimate": 4 / 47, "ci_low": 0.03, "ci_high": 0.2, "status": "suppressed"},
        {"category": "Weet niet", "n": 3, "base": 47, "estimate": 3 / 47, "ci_low": 0.02, "ci_high": 0.17, "status": "suppressed"},
    ])
    p = published(e, "t")
    text = markdown(p)
    assert "85,1\u202f%" in text  # 40/47 = 0,8511
    assert "×" in text
    assert not re.search(r"8,5\s?%|6,4\s?%", text)  # 4/47 and 3/47 never appear
    assert pd.isna(p.numbers.loc[1, "Aantal"]) and pd.isna(p.numbers.loc[1, "Percentage"])
    assert p.suppressed == 2


def test_small_base_gives_no_percentage_and_flags():
    e = est([
        {"category": "Ja", "n": 12, "base": 20, "estimate": 0.6, "ci_low": 0.39, "ci_high": 0.78, "status": "base_too_small"},
        {"category": "Nee", "n": 8, "base": 20, "estimate": 0.4, "ci_low": 0.22, "ci_high": 0.61, "status": "base_too_small"},
    ])
    text = markdown(published(e, "t"))
    assert not re.search(r"60,0\s?%", text) and "–" in text
    e2 = est([{"category": "Ja", "n": 30, "base": 45, "estimate": 2 / 3, "ci_low": 0.52, "ci_high": 0.79, "status": "flagged"}])
    assert "66,7\u202f%\\*" in markdown(published(e2, "t"))  # the mark is escaped: a literal "*" in every format


def test_hidden_note_names_the_reason_of_every_hidden_number():
    from pipeline.publish import hidden_note

    est = pd.DataFrame([
        {"table": "space", "kind": "frequency", "group": "", "category": "Helemaal niet akkoord", "base": 198,
         "status": "suppressed", "hidden_reason": "small"},
        {"table": "space", "kind": "frequency", "group": "", "category": "Niet akkoord", "base": 198,
         "status": "suppressed", "hidden_reason": "protect"},
        {"table": "space", "kind": "frequency", "group": "", "category": "Akkoord", "base": 198,
         "status": "ok", "hidden_reason": ""},
    ])
    assert hidden_note(est, "space") == ("Niet getoond (×): Helemaal niet akkoord (te weinig respondenten); "
                                         "Niet akkoord (verborgen om een kleine groep te beschermen).")
    assert hidden_note(est[est["status"] == "ok"], "space") == ""
