"""Linked tables (issue 12 item 2, issue 14 item 4): a number hidden in a question's one-way table
cannot be recovered from its cross-tabs, and a sensitive subgroup keeps its own threshold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline.analyses.frequencies.tables import cross
from pipeline.stats import SuppressionRules

NORMAL = SuppressionRules(min_cell=5, min_base_pct=0, flag_base_pct=0)
SENSITIVE = SuppressionRules(min_cell=10, min_base_pct=0, flag_base_pct=0)


def _frame(cells: dict[tuple[str, str], int]) -> pd.DataFrame:
    rows = [(q, g) for (q, g), n in cells.items() for _ in range(n)]
    return pd.DataFrame(rows, columns=["q", "g"]).astype("category")


def test_sensitive_subgroup_keeps_its_own_threshold():
    # household (sensitive, threshold 10) has groups of 8, 29 and 63. Its one-way table hides the 8
    # (primary) and the 29 (the only possible complement: with the total shown, 8 alone would follow).
    # The cross-tab by household must hide both groups and their sizes; before, it used the row
    # question's threshold 5, for which 8 is no small group, and printed 29 and 8 as group sizes.
    df = _frame({("Man", "alleen"): 4, ("Vrouw", "alleen"): 4, ("Man", "koppel"): 14,
                 ("Vrouw", "koppel"): 15, ("Man", "gezin"): 30, ("Vrouw", "gezin"): 33})
    out, test = cross(df, "q", "g", "Gender", NORMAL, SENSITIVE)
    hidden = out[out["group"].isin(["alleen", "koppel"])]
    assert (hidden["status"] == "suppressed").all()
    assert hidden["base"].isna().all()
    assert set(hidden.loc[hidden["group"] == "alleen", "hidden_reason"]) == {"small"}
    assert set(hidden.loc[hidden["group"] == "koppel", "hidden_reason"]) == {"protect"}
    assert np.isnan(test["p_value"])


def test_a_cell_hidden_in_the_one_way_table_stays_hidden_in_the_crosstab():
    # gender one-way: Man 50, Vrouw 83, X 3 (total 136): X is hidden, and Man (the smaller count) as
    # its complement. If the cross-tab showed both Man cells, their sum 50 and the total would give
    # X = 136 − 50 − 83 = 3 back. (A full random check is in tests/stats/test_disclosure_attack.py.)
    df = _frame({("Man", "A"): 25, ("Vrouw", "A"): 40, ("X", "A"): 2,
                 ("Man", "B"): 25, ("Vrouw", "B"): 43, ("X", "B"): 1})
    out, _ = cross(df, "q", "g", "Gender", NORMAL, NORMAL)
    assert (out.loc[out["category"] == "Man", "status"] == "suppressed").any()
    assert (out.loc[out["category"] == "X", "status"] == "suppressed").all()


def test_codebook_merge_publishes_small_answers_together():
    # gender as in nieuwkomers_wonen: Man 101, Vrouw 83, X 3, "Zeg ik liever niet" 11. Without a merge
    # the 3 is hidden and, with the total shown, one more answer as its complement: Vrouw (83 people).
    # Merged, "X of zeg ik liever niet" counts 3 + 11 = 14 ≥ 5: nothing is hidden.
    from pipeline.analyses.frequencies.tables import frequency, merge_answers
    from pipeline.codebook import Codebook

    answers = [{"code": "man", "label": "Man"}, {"code": "woman", "label": "Vrouw"}, {"code": "x", "label": "X"},
               {"code": "no_say", "label": "Zeg ik liever niet"}]
    data = {"id": "tiny", "title": "t", "source_line": "t", "method": "t", "tool": "t",
            "period": {"start": "2024-01-01", "end": "2024-02-01"}, "target_respondents": 1,
            "export": {"file": "x.csv"}, "respondent": {"id": "id", "person": []},
            "questions": [{"name": "gender", "source": "G", "type": "single_choice", "label": "Gender",
                           "answers": answers}]}
    values = ["Man"] * 101 + ["Vrouw"] * 83 + ["X"] * 3 + ["Zeg ik liever niet"] * 11
    df = pd.DataFrame({"gender": pd.Categorical(values, categories=[a["label"] for a in answers])})
    # "Zeg ik liever niet" as a missing answer (as the codebook had it): Man, Vrouw, X
    missing = pd.DataFrame({"gender": pd.Categorical([v for v in values if v != "Zeg ik liever niet"],
                                                     categories=["Man", "Vrouw", "X"])})
    plain = frequency(missing, "gender", "Gender", NORMAL, "gender").set_index("category")
    assert plain.loc["Vrouw", "status"] == "suppressed" and plain.loc["Vrouw", "hidden_reason"] == "protect"
    merged_cb = Codebook.model_validate({**data, "questions": [{**data["questions"][0], "merge": [
        {"answers": ["x", "no_say"], "label": "X of zeg ik liever niet"}]}]})
    merged = merge_answers(merged_cb, df)
    out = frequency(merged, "gender", "Gender", NORMAL, "gender").set_index("category")
    assert list(out.index) == ["Man", "Vrouw", "X of zeg ik liever niet"]
    assert out["n"].tolist() == [101, 83, 14]
    assert (out["status"] == "ok").all()
    assert list(df["gender"].cat.categories)[2] == "X"  # the clean data keep every answer


def _estimates(vrouw_status: str) -> pd.DataFrame:
    """Gender one-way (Man 50 shown, Vrouw 83 and X 3 hidden, base 136) and its cross-tab by A/B."""
    rows = [dict(table="q", kind="frequency", variable="q", by="", group="", category=c, n=n, base=136, status=st)
            for c, n, st in (("Man", 50, "ok"), ("Vrouw", 83, "suppressed"), ("X", 3, "suppressed"))]
    for g, cells in (("A", (25, 40, 2)), ("B", (25, 43, 1))):
        for c, n in zip(("Man", "Vrouw", "X"), cells, strict=True):
            st = "ok" if c == "Man" else ("suppressed" if c == "X" else vrouw_status)
            rows.append(dict(table="q__by__g", kind="crosstab", variable="q", by="g", group=g, category=c, n=n,
                             base=sum(cells), status=st))
    return pd.DataFrame(rows)


def test_consultation_audit_reads_all_tables_together():
    from pipeline.publish import audit_tables

    limits = {"q": 5, "q__by__g": 5}
    # the cross-tab shows Vrouw 40 and 43: their sum 83 with Man 50 and the base 136 give X = 3
    leaks = audit_tables(_estimates("ok"), limits)
    assert any(line.startswith("q: X") for line in leaks)
    # with the Vrouw cells hidden too: X_A + Vrouw_A = 67 − 25 = 42 and X_B + Vrouw_B = 44, so X can be
    # anything from 0 to 86 − … : X_A ∈ [0, 42], X_B ∈ [0, 44]; nothing is pinned down
    assert audit_tables(_estimates("suppressed"), limits) == []


@pytest.mark.parametrize("consultation", ["nieuwkomers_wonen", "ondernemers", "leerkrachten", "praktijktesten"])
def test_example_consultations_pass_the_audit_over_all_their_tables(consultation):
    """Issue 12 'must show': the audit over every published one-way table and cross-tab of each example
    consultation (read together) finds no hidden number that can be worked out or narrowed too far.
    (ik_stem_ook is a campaign analysis without survey tables.)"""
    from pipeline.codebook import codebook_for
    from pipeline.publish import audit_consultation
    from pipeline.stages import analyse, clean, ingest, validate

    cb = codebook_for(consultation)
    if not (cb.processed_dir / "clean.parquet").exists():
        for module in (ingest, validate, clean):
            module.run(consultation)
    est, _ = analyse.process(cb, analyse.load(cb))
    hidden = est["status"].eq("suppressed").sum()
    assert audit_consultation(consultation, est) == [], f"{hidden} verborgen cellen"


def test_crosstab_of_the_classes_of_a_sensitive_number_keeps_the_sensitive_threshold():
    # income (sensitive, threshold 10) in classes: < 1000 has 7 people, 1000–1999 60, ≥ 2000 50. Its
    # one-way table hides the 7 (and a complement). A codebook cross-tab {rows: income_group, by: gender}
    # used to take the rules of "no question" (threshold 5) for the classes: 7 is then no small cell, the
    # cross-tab printed 7/62 = 11,3 % for Man and 0 % for Vrouw, and 11,3 % × 62 = 7 gave the hidden
    # count back. The attacker below reads only published numbers (shown shares × shown bases).
    from pipeline.codebook import Codebook
    from pipeline.stages import analyse

    answers = [{"code": "m", "label": "Man"}, {"code": "v", "label": "Vrouw"}]
    cb = Codebook.model_validate({
        "id": "tiny", "title": "t", "source_line": "t", "method": "t", "tool": "t",
        "period": {"start": "2024-01-01", "end": "2024-02-01"}, "target_respondents": 1,
        "export": {"file": "x.csv"}, "respondent": {"id": "id", "person": []},
        "crosstabs": [{"rows": "income_group", "by": "gender"}],
        "questions": [
            {"name": "gender", "source": "G", "type": "single_choice", "label": "Gender", "answers": answers},
            {"name": "income", "source": "I", "type": "number", "label": "Inkomen", "sensitive": True,
             "min": 0, "max": 9999, "bins": {"name": "income_group", "breaks": [0, 1000, 2000, 10000],
                                            "labels": ["< 1000", "1000-1999", "≥ 2000"]}}]})
    cells = {("Man", 500): 7, ("Man", 1500): 30, ("Man", 2500): 25, ("Vrouw", 1500): 30, ("Vrouw", 2500): 25}
    rows = [(g, v) for (g, v), k in cells.items() for _ in range(k)]
    df = pd.DataFrame(rows, columns=["gender", "income"])
    df["gender"] = pd.Categorical(df["gender"], categories=["Man", "Vrouw"])
    df["income_group"] = pd.cut(df["income"], [0, 1000, 2000, 10000], right=False,
                                labels=["< 1000", "1000-1999", "≥ 2000"])
    est, _ = analyse.process(cb, df)
    one_way = est[est["table"] == "income_group"].set_index("category")
    assert one_way.loc["< 1000", "status"] == "suppressed"
    x = est[est["table"] == "income_group__by__gender"]
    low = x[x["category"] == "< 1000"]
    shown = low[low["status"].isin(["ok", "flagged"]) & low["base"].notna()]
    if len(shown) == len(low):  # every group's share shown: their counts add up to the hidden one
        recovered = int(sum(round(e * b) for e, b in zip(shown["estimate"], shown["base"], strict=True)))
        assert recovered != 7, "the hidden 7 follows from the cross-tab"
    # and a cross-tab cell of 5 … 9 respondents of a sensitive number's classes is itself hidden
    man_low = x[(x["category"] == "< 1000") & (x["group"] == "Man")]
    assert (man_low["status"] == "suppressed").all()


def _lp_width(cells: np.ndarray, shown: np.ndarray, row_totals: dict[int, int], col_totals: list[int], k: tuple) -> float:
    """An attacker's interval width for cell k of a rows×cols table: shown cells known, the given row
    totals and every column total known, counts ≥ 0 (scipy linprog, independent of pipeline.stats)."""
    from scipy.optimize import linprog

    r, c = cells.shape
    unknown = [(i, j) for i in range(r) for j in range(c) if not shown[i, j]]
    pos = {ij: n for n, ij in enumerate(unknown)}
    a_eq, b_eq = [], []
    for i, total in row_totals.items():
        a_eq.append([1.0 if (ii == i) else 0.0 for ii, _ in unknown])
        b_eq.append(total - sum(cells[i, j] for j in range(c) if shown[i, j]))
    for j in range(c):
        a_eq.append([1.0 if jj == j else 0.0 for _, jj in unknown])
        b_eq.append(col_totals[j] - sum(cells[i, j] for i in range(r) if shown[i, j]))
    obj = np.zeros(len(unknown))
    obj[pos[k]] = 1.0
    lo = linprog(obj, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs").fun
    hi = -linprog(-obj, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs").fun
    return hi - lo


def test_a_crosstab_hides_no_cell_that_cannot_widen_anything():
    # gender one-way (threshold 5): Man 8 hidden, Vrouw 1 hidden, X 132 shown (141): Man + Vrouw = 9 is
    # public. By a sensitive household (threshold 10): A = (Man 5, Vrouw 0, X 65), B = (3, 1, 67). No
    # cross-tab pattern can make a Man or Vrouw cell less certain than 0 … 9, so the 10 is out of reach;
    # the old rule kept hiding cells to reach it and hid Vrouw / A = 0, which changes no interval.
    from pipeline.stats.disclosure import suppress_linked

    counts = pd.DataFrame([[5, 3], [0, 1], [65, 67]], index=["Man", "Vrouw", "X"], columns=["A", "B"])
    st = suppress_linked(counts, SENSITIVE, ["secondary", "primary", "ok"], ["ok", "ok"])
    assert st.loc["Vrouw", "A"] == "ok"
    cells = counts.to_numpy()
    shown = (st == "ok").to_numpy()
    # the attacker knows X's row (132), Man + Vrouw together (9, as a sum of the two hidden rows
    # modelled as: row totals of the shown rows only) and the column totals 70 and 71
    for i, j in zip(*np.nonzero(~shown), strict=True):
        width = _lp_width(cells, shown, {2: 132}, [70, 71], (int(i), int(j)))
        best = _lp_width(cells, np.zeros_like(shown), {2: 132}, [70, 71], (int(i), int(j)))
        assert width >= min(best, 10) - 1e-9, (counts.index[i], counts.columns[j], width, best)


def test_consultation_audit_asks_no_more_than_any_pattern_can_give():
    # the same tables as published estimates: every cross-tab cell of Man and Vrouw hidden, X hidden
    # too; Man / B = 3 lies in 0 … 9 whatever is hidden (Man + Vrouw = 141 − 132), so the audit must not
    # report it (it did: 9 < the subgroup's threshold 10), while a real leak is still reported
    from pipeline.publish import audit_tables

    rows = [dict(table="q", kind="frequency", variable="q", by="", group="", category=c, n=n, base=141, status=s)
            for c, n, s in (("Man", 8, "suppressed"), ("Vrouw", 1, "suppressed"), ("X", 132, "ok"))]
    for g, cells in (("A", (5, 0, 65)), ("B", (3, 1, 67))):
        for c, n in zip(("Man", "Vrouw", "X"), cells, strict=True):
            rows.append(dict(table="q__by__g", kind="crosstab", variable="q", by="g", group=g, category=c, n=n,
                             base=sum(cells), status="suppressed"))
    est = pd.DataFrame(rows)
    assert audit_tables(est, {"q": 5, "q__by__g": 10}) == []
    est.loc[(est["table"] == "q__by__g") & (est["category"] == "X"), "status"] = "ok"  # X/A, X/B shown
    assert any("Man / B" in line for line in audit_tables(est, {"q": 5, "q__by__g": 10}))
