"""Published tables never show a suppressed number, in any form."""

import re

import numpy as np
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


def test_hidden_note_names_every_hidden_number_with_one_reason():
    from pipeline.publish import hidden_note

    est = pd.DataFrame([
        {"table": "space", "kind": "frequency", "group": "", "category": "Helemaal niet akkoord", "base": 198,
         "status": "suppressed", "hidden_reason": "small"},
        {"table": "space", "kind": "frequency", "group": "", "category": "Niet akkoord", "base": 198,
         "status": "suppressed", "hidden_reason": "protect"},
        {"table": "space", "kind": "frequency", "group": "", "category": "Akkoord", "base": 198,
         "status": "ok", "hidden_reason": ""},
    ])
    assert hidden_note(est, "space") == ("Niet getoond (×): Helemaal niet akkoord; Niet akkoord (te weinig "
                                         "respondenten, of verborgen om een kleine groep te beschermen).")
    # the words do not tell the small group from the answer hidden to protect it: told that both × are small
    # groups (1 … 4), a reader who knows their sum (8) would know both (4 and 4)
    both_small = est.assign(hidden_reason=est["hidden_reason"].replace("protect", "small"))
    assert hidden_note(both_small, "space") == hidden_note(est, "space")
    assert hidden_note(est[est["status"] == "ok"], "space") == ""


def test_no_published_text_tells_a_small_group_from_a_number_hidden_to_protect_it():
    """Every text a reader gets about a × (alt texts of bar, Likert and wave charts, sentences, the
    correspondence notes) reads the same whether estimates.csv says ``small`` or ``protect``: the audit
    (pipeline/stats/disclosure.py) assumes the reader cannot tell them apart. ondernemers printed two ×
    as 'te weinig respondenten' on a line whose hidden part was 8, so both were 4."""
    from types import SimpleNamespace

    from pipeline.analyses.correspondence.report import Scope
    from pipeline.analyses.waves.charts import hidden_note as wave_note
    from pipeline.charts.figures import alt_text
    from pipeline.charts.likert import likert_alt
    from pipeline.report.findings import _not_shown

    def table(reason_b: str) -> pd.DataFrame:
        return est([
            {"category": "A", "n": 4, "base": 45, "estimate": 4 / 45, "ci_low": 0.03, "ci_high": 0.2,
             "status": "suppressed", "hidden_reason": "small"},
            {"category": "B", "n": 4, "base": 45, "estimate": 4 / 45, "ci_low": 0.03, "ci_high": 0.2,
             "status": "suppressed", "hidden_reason": reason_b},
            {"category": "C", "n": 37, "base": 45, "estimate": 37 / 45, "ci_low": 0.68, "ci_high": 0.91,
             "status": "ok", "hidden_reason": ""},
        ])

    small, protect = table("small"), table("protect")
    assert alt_text(small, "T", "V", "Bron") == alt_text(protect, "T", "V", "Bron")
    assert likert_alt([small], ["S"], "T", "V", "Bron") == likert_alt([protect], ["S"], "T", "V", "Bron")
    assert _not_shown(small.iloc[1]) == _not_shown(protect.iloc[1]) == _not_shown(small.iloc[0])
    wave = {"status_earlier": "suppressed", "status_later": "ok"}
    assert wave_note(pd.Series({**wave, "hidden_reason": "small"}), "earlier") == \
        wave_note(pd.Series({**wave, "hidden_reason": "protect"}), "earlier")
    whys = set()
    for reason in ("small", "protect"):
        rows = pd.DataFrame({"status": ["suppressed"], "hidden_reason": [reason]}, index=["netto"])
        whys.add(Scope.why(SimpleNamespace(rows=rows, status=lambda c, rows=rows: rows.loc[c, "status"]), "netto"))
    assert len(whys) == 1


def test_a_crosstab_column_too_small_for_percentages_prints_dashes_even_when_every_cell_is_hidden():
    """ondernemers: 'Turkije en Midden-Oosten' (11 respondents, three answers of 4, 4 and 3) printed × in
    every cell beside columns of "–": a reader could tell each cell was hidden, so most likely a small
    group, and bound each to 3 … 4. Now it prints "–" like every column under 30 respondents."""
    from pipeline.publish import hidden_note

    base = {"table": "x", "kind": "crosstab", "variable": "v", "label": "Vraag", "by": "regio", "se": 0.01,
            "ci_low": np.nan, "ci_high": np.nan, "estimate": np.nan}
    rows = [{"group": "Klein", "category": c, "n": n, "base": 11, "status": "suppressed", "hidden_reason": "small"}
            for c, n in (("Ja", 4), ("Nee", 4), ("Weet niet", 3))]
    rows += [{"group": "Ook klein", "category": c, "n": n, "base": 20, "status": s, "hidden_reason": r}
             for c, n, s, r in (("Ja", 12, "base_too_small", ""), ("Nee", 6, "base_too_small", ""),
                                ("Weet niet", 2, "suppressed", "small"))]
    rows += [{"group": "Groot", "category": c, "n": n, "base": 60, "status": "ok", "hidden_reason": "",
              "estimate": n / 60} for c, n in (("Ja", 30), ("Nee", 20), ("Weet niet", 10))]
    e = pd.DataFrame([{**base, **r} for r in rows])
    cells = published(e, "x", min_base=30).text.set_index("Antwoord")
    assert set(cells.loc[["Ja", "Nee", "Weet niet"], "Klein"]) == {"–"}
    assert set(cells.loc[["Ja", "Nee", "Weet niet"], "Ook klein"]) == {"–"}
    assert cells.loc["Aantal respondenten (basis)", "Klein"] == "11"
    assert hidden_note(e, "x", 30) == ""  # no × left to explain
    # without the threshold (older callers): as before, × where every cell is hidden
    assert set(published(e, "x").text.set_index("Antwoord").loc[["Ja", "Nee"], "Klein"]) == {"×"}


def test_a_table_by_scope_names_each_rows_scope_and_gives_no_one_base():
    # correspondence tests by landlord type: the sheet printed "Basis (aantal paren): 293", the largest scope's,
    # beside 296 pairs in all: the hidden scope of 3 pairs came back (disclosure review); and its rows named no scope
    import pandas as pd

    from pipeline.publish import published

    rows = []
    for group, base, status in (("Makelaar", 3, "suppressed"), ("Particulier", 293, "suppressed"), ("Gent", 190, "ok")):
        rows.append({"table": "correspondence__by__type", "kind": "correspondence", "variable": "correspondence",
                     "label": "Type: reacties", "by": "type", "group": group, "category": "Netto discriminatie",
                     "n": base, "base": base, "estimate": 0.1, "se": 0.01, "ci_low": 0.05, "ci_high": 0.15,
                     "status": status, "hidden_reason": "small" if base < 5 else ("protect" if status != "ok" else "")})
    p = published(pd.DataFrame(rows), "correspondence__by__type")
    assert p.base is None
    assert p.text["Antwoord"].tolist() == ["Makelaar: Netto discriminatie", "Particulier: Netto discriminatie",
                                           "Gent: Netto discriminatie"]
    assert p.text["Aantal"].tolist()[:2] == ["×", "×"]


def test_a_report_notebook_sees_no_number_of_a_hidden_cell():
    # estimates.csv keeps every count (the audit needs them); a researcher's own r.estimates[...] in a report
    # notebook printed nieuwkomers_wonen's 4 people of 55 and older, hidden as a small cell
    import pandas as pd

    from pipeline.io import ROOT
    from pipeline.report.blocks import Report
    from tests.examples import ensure_analysed

    ensure_analysed("nieuwkomers_wonen")
    raw = pd.read_csv(ROOT / "processed" / "nieuwkomers_wonen" / "estimates.csv")
    hidden = raw["status"].eq("suppressed")
    assert hidden.sum() > 0 and raw.loc[hidden, "n"].notna().all()  # the file itself keeps them
    est = Report("nieuwkomers_wonen").estimates
    assert len(est) == len(raw) and list(est["status"]) == list(raw["status"])
    for col in ("n", "estimate", "se", "ci_low", "ci_high"):
        assert est.loc[hidden.to_numpy(), col].isna().all(), col
    # every shown cell keeps its numbers, and a hidden cell its base
    shown = ~hidden.to_numpy()
    assert (est.loc[shown, "n"].to_numpy() == raw.loc[shown, "n"].to_numpy()).all()
    assert (est.loc[hidden.to_numpy(), "base"].fillna(-1).to_numpy() == raw.loc[hidden, "base"].fillna(-1).to_numpy()).all()


def test_a_reader_gets_the_reason_and_the_question_of_a_rejected_value():
    # the report listed the validate stage's words for the researcher: "onbekend antwoord; verwacht een van:
    # 'Leerkracht', 'Leerkracht in opleiding' (1×)"
    import pandas as pd

    from pipeline.publish import failure_reasons

    failures = pd.DataFrame({
        "row": ["15", "16", "20"], "column": ["Q1", "Q1", "Q4"], "variable": ["role", "role", "age"],
        "value": ["7", "8", "abc"],
        "problem": ["onbekend antwoord; verwacht een van: 'Leerkracht', 'Leerkracht in opleiding'",
                    "onbekend antwoord; verwacht een van: 'Leerkracht', 'Leerkracht in opleiding'", "geen getal"]})
    labels = {"role": "Rol", "age": "Leeftijd"}
    assert failure_reasons(failures, labels) == ["geen getal bij ‘Leeftijd’ (1×)", "onbekend antwoord bij ‘Rol’ (2×)"]
    assert failure_reasons(failures.iloc[:0], labels) == []


def test_a_province_table_with_brussels_is_called_province_or_region():
    # nieuwkomers_wonen's chart "Provincie" listed 'Brussels Hoofdstedelijk Gewest' as a province
    import pandas as pd

    from pipeline.io import ROOT
    from pipeline.stages import analyse
    from tests.examples import ensure_analysed

    ensure_analysed("nieuwkomers_wonen")
    analyse.run("nieuwkomers_wonen")  # with this code, whatever an earlier run left
    est = pd.read_csv(ROOT / "processed" / "nieuwkomers_wonen" / "estimates.csv", keep_default_na=False, na_values=[""])
    t = est[est["table"] == "municipality_province"]
    assert t["category"].str.contains("Brussels").any()
    assert set(t["label"]) == {"Provincie of gewest"}


def test_a_crosstab_puts_every_cell_in_its_row_and_column_and_leaves_a_missing_one_empty():
    # by hand: two groups (read from a CSV as numbers), three answers; 'Nee' has no row in group 2026
    base = {"table": "x", "kind": "crosstab", "variable": "v", "label": "Vraag", "by": "jaar", "se": 0.01,
            "ci_low": np.nan, "ci_high": np.nan, "hidden_reason": ""}
    rows = [(2022, "Ja", 0.5, "ok", 40), (2022, "Nee", 0.25, "flagged", 40), (2022, "Weet niet", 0.25, "ok", 40),
            (2026, "Weet niet", 0.4, "ok", 50), (2026, "Ja", 0.6, "ok", 50)]
    e = pd.DataFrame([{**base, "group": g, "category": c, "estimate": p, "status": s, "base": b, "n": round(p * b)}
                      for g, c, p, s, b in rows])
    p = published(e, "x", min_base=30)
    assert list(p.text.columns) == ["Antwoord", 2022, 2026] and list(p.text["Antwoord"]) == [
        "Ja", "Nee", "Weet niet", "Aantal respondenten (basis)"]
    assert p.text[2022].tolist() == ["50,0\u202f%", "25,0\u202f%*", "25,0\u202f%", "40"]  # narrow no-break space
    assert p.text[2026].tolist()[0] == "60,0\u202f%" and pd.isna(p.text[2026].iloc[1]) and p.text[2026].iloc[3] == "50"
    assert p.numbers[2026].tolist()[::3] == [0.6, 50.0] and pd.isna(p.numbers[2026].iloc[1])
    assert str(p.numbers[2022].dtype) == "float64" and p.base == 90


def test_a_crosstab_with_an_empty_answer_label_gets_its_row():
    # review: an answer read back from estimates.csv as NaN (an empty label) raised KeyError in the cell-by-cell fill
    base = {"table": "x", "kind": "crosstab", "variable": "v", "label": "Vraag", "by": "regio", "se": 0.01,
            "ci_low": np.nan, "ci_high": np.nan, "hidden_reason": "", "status": "ok", "base": 40}
    e = pd.DataFrame([{**base, "group": g, "category": c, "estimate": p, "n": round(p * 40)}
                      for g in ("A", "B") for c, p in (("Ja", 0.75), (np.nan, 0.25))])
    p = published(e, "x", min_base=30)
    assert p.text["A"].tolist() == ["75,0\u202f%", "25,0\u202f%", "40"] and p.text["Antwoord"].isna().tolist()[1]
