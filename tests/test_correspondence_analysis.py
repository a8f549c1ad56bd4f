"""Correspondence tests (praktijktesten) in the analyse stage: a/b/c/d, net discrimination, Holm, suppression.

The expected values are worked out by hand in the comments (or counted independently from the raw
CSV in the end-to-end test), never taken from the code under test.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.analyses.correspondence.tables import correspondence_tables
from pipeline.codebook import Codebook
from pipeline.vocabulary import COLUMNS

REPO = Path(__file__).resolve().parents[1]
RESPONSE = [{"code": "invited", "label": "Uitgenodigd"}, {"code": "refused", "label": "Niet uitgenodigd"},
            {"code": "no_reply", "label": "Geen antwoord"}]
REGIONS = ["Regio X", "Regio Y", "Regio Z", "Regio W"]


def tiny_codebook(**overrides) -> Codebook:
    data = {
        "id": "tiny_pairs", "title": "Test", "source_line": "test", "method": "test", "tool": "test",
        "period": {"start": "2024-01-01", "end": "2024-02-01"}, "target_respondents": 40,
        "small_cell": 5, "min_base_pct": 0, "flag_base_pct": 0,
        "export": {"file": "x.csv"}, "respondent": {"id": "id", "person": []},
        "correspondence": {"majority": "maj", "minority": "mino", "positive": ["invited"],
                           "by": ["region"], "adjust": "holm"},
        "questions": [
            {"name": "region", "source": "Regio", "type": "single_choice", "label": "Regio",
             "answers": [{"code": f"r{i}", "label": r} for i, r in enumerate(REGIONS)]},
            {"name": "maj", "source": "M", "type": "single_choice", "label": "Meerderheid", "answers": RESPONSE},
            {"name": "mino", "source": "m", "type": "single_choice", "label": "Minderheid", "answers": RESPONSE},
        ],
    }
    data.update(overrides)
    return Codebook.model_validate(data)


# (region, a, b, c, d): the paired table of each region, chosen by hand.
CELLS = [("Regio X", 3, 6, 1, 2), ("Regio Y", 2, 5, 0, 3), ("Regio Z", 4, 2, 2, 2), ("Regio W", 1, 1, 0, 1)]


def tiny_clean(cells: list[tuple] | None = None) -> pd.DataFrame:
    """A clean table as the clean stage writes it: Categoricals with the Dutch labels."""
    outcome = {"a": ("Uitgenodigd", "Uitgenodigd"), "b": ("Uitgenodigd", "Geen antwoord"),
               "c": ("Niet uitgenodigd", "Uitgenodigd"), "d": ("Geen antwoord", "Niet uitgenodigd")}
    rows = []
    for region, *counts in cells or CELLS:
        for key, k in zip("abcd", counts, strict=True):
            rows += [(region, *outcome[key])] * k
    rows.append((None, "Uitgenodigd", "Niet uitgenodigd"))  # no region: a b-pair in "all pairs" only
    rows.append(("Regio X", "Uitgenodigd", None))  # minority application not sent: left out everywhere
    df = pd.DataFrame(rows, columns=["region", "maj", "mino"])
    df["region"] = pd.Categorical(df["region"], categories=REGIONS)
    labels = [a["label"] for a in RESPONSE]
    df["maj"] = pd.Categorical(df["maj"], categories=labels)
    df["mino"] = pd.Categorical(df["mino"], categories=labels)
    df.insert(0, "respondent", [f"R-{i:03d}" for i in range(len(df))])
    return df


@pytest.fixture(scope="module")
def result() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The arithmetic, with small-cell protection switched off (threshold 1)."""
    est, tests = correspondence_tables(tiny_codebook(small_cell=1), tiny_clean())
    return est, pd.DataFrame(tests)


@pytest.fixture(scope="module")
def protected() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same pairs with the default small-cell threshold of 5."""
    est, tests = correspondence_tables(tiny_codebook(), tiny_clean())
    return est, pd.DataFrame(tests)


def _row(est: pd.DataFrame, group: str, category: str) -> pd.Series:
    table = "correspondence" if not group else "correspondence__by__region"
    hit = est[(est["table"] == table) & (est["group"] == group) & (est["category"] == category)]
    assert len(hit) == 1, (group, category)
    return hit.iloc[0]


def _test(tests: pd.DataFrame, group: str) -> pd.Series:
    hit = tests[tests["group"] == group]
    assert len(hit) == 1
    return hit.iloc[0]


def test_columns_and_kind(result) -> None:
    est, tests = result
    assert list(est.columns) == [*COLUMNS, "hidden_reason"]
    assert set(est["kind"]) == {"correspondence"}
    for key in ("table", "rows", "by", "statistic", "ndf", "ddf", "p_value", "fisher_p", "n",
                "p_adjusted", "net_discrimination", "ci_low", "ci_high", "a", "b", "c", "d"):
        assert key in tests.columns, key


@pytest.mark.parametrize(("region", "a", "b", "c", "d"), CELLS)
def test_abcd_per_subgroup(result, region, a, b, c, d) -> None:
    _est, tests = result
    t = _test(tests, region)
    assert (t["a"], t["b"], t["c"], t["d"], t["n"]) == (a, b, c, d, a + b + c + d)


def test_overall_abcd_leaves_out_incomplete_pairs(result) -> None:
    _est, tests = result
    t = _test(tests, "")
    # sums of the four regions plus the pair without region (a b-pair); the pair without a minority
    # outcome is left out: a = 3+2+4+1, b = 6+5+2+1+1, c = 1+0+2+0, d = 2+3+2+1
    assert (t["a"], t["b"], t["c"], t["d"], t["n"]) == (10, 15, 3, 8, 36)
    assert t["excluded"] == 1


def test_net_discrimination_and_rates_by_hand(result) -> None:
    est, tests = result
    # Regio X: a=3, b=6, c=1, d=2, n=12 → (b−c)/n = 5/12; rates 9/12 and 4/12
    assert _row(est, "Regio X", "Netto discriminatie")["estimate"] == pytest.approx(5 / 12)
    assert _test(tests, "Regio X")["net_discrimination"] == pytest.approx(5 / 12)
    assert _row(est, "Regio X", "Uitgenodigd: meerderheidsprofiel")["estimate"] == pytest.approx(9 / 12)
    assert _row(est, "Regio X", "Uitgenodigd: minderheidsprofiel")["estimate"] == pytest.approx(4 / 12)
    # Regio Y: (5−0)/10; Regio Z: (2−2)/10; all pairs (15−3)/36
    assert _row(est, "Regio Y", "Netto discriminatie")["estimate"] == pytest.approx(0.5)
    assert _row(est, "Regio Z", "Netto discriminatie")["estimate"] == pytest.approx(0.0)
    assert _row(est, "", "Netto discriminatie")["estimate"] == pytest.approx(12 / 36)
    # NDR of all pairs: (b−c)/(a+b+c) = 12/28
    assert _row(est, "", "Netto discriminatieratio")["estimate"] == pytest.approx(12 / 28)
    # the net row's interval brackets the estimate
    r = _row(est, "Regio X", "Netto discriminatie")
    assert r["ci_low"] < 5 / 12 < r["ci_high"]


def test_interval_of_a_rate_by_hand(result) -> None:
    # a rate's interval is that of every other share (STATISTICS.md: Wilson, design-based): Regio X's 9 of 12 pairs
    # are a domain of the 36 analysed pairs. SE² = 36/35 · p(1−p)/12, so n* = p(1−p)/SE² = 12·35/36; t with
    # 12 − 1 df (the domain's rows minus one, as the one-way tables); [p + t²/(2n*) ± t/(2n*)·√(4n*p(1−p) + t²)] / (1 + t²/n*)
    from scipy.stats import t as student

    est, _tests = result
    p, n_star, t = 9 / 12, 12 * 35 / 36, student.ppf(0.975, 11)
    half = t / (2 * n_star) * math.sqrt(4 * n_star * p * (1 - p) + t**2)
    low, high = ((p + t**2 / (2 * n_star) - half) / (1 + t**2 / n_star),
                 (p + t**2 / (2 * n_star) + half) / (1 + t**2 / n_star))
    r = _row(est, "Regio X", "Uitgenodigd: meerderheidsprofiel")
    assert (r["ci_low"], r["ci_high"]) == (pytest.approx(low), pytest.approx(high))
    assert r["se"] == pytest.approx(math.sqrt(36 / 35 * p * (1 - p) / 12))
    # all pairs: 25 of 36, its own design (n* = 35, t with 35 df)
    p, n_star, t = 25 / 36, 35, student.ppf(0.975, 35)
    half = t / (2 * n_star) * math.sqrt(4 * n_star * p * (1 - p) + t**2)
    r = _row(est, "", "Uitgenodigd: meerderheidsprofiel")
    assert r["ci_low"] == pytest.approx((p + t**2 / (2 * n_star) - half) / (1 + t**2 / n_star))


def test_a_rate_has_the_interval_of_its_outcome_questions_one_way_table() -> None:
    # praktijktesten printed 54,1–65,2 % in the report and 54,1–65,3 % in the chart and tabellen.xlsx for the
    # same 177 of 296 invitations (plain Wilson beside the one-way table's design-based Wilson)
    import pandas as pd

    from pipeline.io import ROOT
    from tests.examples import ensure_analysed

    ensure_analysed("praktijktesten")
    est = pd.read_csv(ROOT / "processed" / "praktijktesten" / "estimates.csv", keep_default_na=False, na_values=[""])
    one_way = est[(est["table"] == "response_majority") & (est["category"] == "Uitgenodigd")].iloc[0]
    rate = est[(est["kind"] == "correspondence") & est["by"].isna()
               & est["category"].str.startswith("Uitgenodigd: meerderheid")].iloc[0]
    assert (rate["n"], rate["base"]) == (one_way["n"], one_way["base"])
    for col in ("estimate", "ci_low", "ci_high"):
        assert rate[col] == pytest.approx(one_way[col], abs=1e-12), col


def test_exact_mcnemar_and_holm_by_hand(result) -> None:
    _est, tests = result
    # exact McNemar = two-sided binomial test of b out of b+c at 1/2:
    # X: b=6 of 7 → 2·(C(7,6)+C(7,7))/2^7 = 16/128 = 0.125
    # Y: b=5 of 5 → 2·1/2^5 = 0.0625;  Z: b=2 of 4 → 1
    # all pairs: b=15 of 18 → 2·(816+153+18+1)/2^18 = 1976/262144
    p = {g: _test(tests, g)["p_value"] for g in ("Regio X", "Regio Y", "Regio Z", "")}
    assert p["Regio X"] == pytest.approx(0.125)
    assert p["Regio Y"] == pytest.approx(0.0625)
    assert p["Regio Z"] == pytest.approx(1.0)
    assert p[""] == pytest.approx(1976 / 262144)
    # W: b=1 of 1 → 1. Holm over the family {X, Y, Z, W}: sorted Y 0.0625·4 = 0.25,
    # X max(0.25, 0.125·3) = 0.375, Z and W min(1, 1·2) = 1
    adj = {g: _test(tests, g)["p_adjusted"] for g in ("Regio X", "Regio Y", "Regio Z", "Regio W")}
    assert adj == {"Regio X": pytest.approx(0.375), "Regio Y": pytest.approx(0.25), "Regio Z": pytest.approx(1.0),
                   "Regio W": pytest.approx(1.0)}
    # the test of all pairs is the primary test: not adjusted
    assert _test(tests, "")["p_adjusted"] == pytest.approx(1976 / 262144)


def test_bh_adjustment_by_hand() -> None:
    cb = tiny_codebook(small_cell=1, correspondence={"majority": "maj", "minority": "mino", "positive": ["invited"],
                                                     "by": ["region"], "adjust": "bh"})
    tests = pd.DataFrame(correspondence_tables(cb, tiny_clean())[1])
    # BH over {Y 0.0625, X 0.125, Z 1, W 1}: p(i)·m/i from the largest down, cumulative minimum:
    # W and Z 1·4/4 = 1 and min(1·4/3, 1) = 1; X 0.125·4/2 = 0.25; Y min(0.0625·4/1, 0.25) = 0.25
    adj = dict(zip(tests["group"], tests["p_adjusted"], strict=True))
    assert adj["Regio Z"] == pytest.approx(1.0) and adj["Regio W"] == pytest.approx(1.0)
    assert adj["Regio X"] == pytest.approx(0.25)
    assert adj["Regio Y"] == pytest.approx(0.25)


def test_small_subgroup_is_suppressed_and_not_tested(protected) -> None:
    est, tests = protected
    w = est[est["group"] == "Regio W"]
    assert len(w) == 8 and set(w["status"]) == {"suppressed"}  # 3 pairs < small_cell 5
    assert set(w["hidden_reason"]) == {"small"}
    t = _test(tests, "Regio W")
    assert math.isnan(t["p_value"]) and math.isnan(t["p_adjusted"])
    # the pairs rule: Regio X has 12 pairs, and c = 1 is a count of advertisers' answers, not of
    # respondents. The rates, their difference (net discrimination), the NDR and the cells share one
    # status, so that no shown pair of figures gives a hidden one (issue 12: 59,3 − 41,9 = 17,4).
    x = est[est["group"] == "Regio X"].set_index("category")
    assert set(x["status"]) == {"ok"}
    # rates (3+6)/12 and (3+1)/12: net discrimination (6 − 1)/12 = 0,41667 = 0,75 − 0,33333
    assert x.loc["Netto discriminatie", "estimate"] == pytest.approx(5 / 12)
    assert x.loc["Uitgenodigd: meerderheidsprofiel", "estimate"] == pytest.approx(9 / 12)
    assert not math.isnan(_test(tests, "Regio X")["p_value"])


def test_one_hidden_subgroup_hides_a_second_one_as_a_whole() -> None:
    # Regio Z has 4 pairs (< 5): hidden. All pairs are published, so Z could be recomputed as
    # all − X − Y − W: the smallest other region (Y, 20 pairs) is hidden as well, rates included
    # (before, Y's rates stayed visible, and with them Z's rates followed from all pairs' rates).
    cells = [("Regio X", 6, 6, 5, 5), ("Regio Y", 5, 5, 5, 5), ("Regio Z", 1, 2, 1, 0), ("Regio W", 6, 6, 6, 6)]
    est, tests = correspondence_tables(tiny_codebook(), tiny_clean(cells))
    status = {t["group"]: t["status"] for t in tests if t["by"]}
    assert status == {"Regio X": "ok", "Regio Y": "suppressed", "Regio Z": "suppressed", "Regio W": "ok"}
    y = est[est["group"] == "Regio Y"].set_index("category")
    assert set(y["status"]) == {"suppressed"} and set(y["hidden_reason"]) == {"protect"}
    assert math.isnan(next(t for t in tests if t["group"] == "Regio Y")["p_value"])


def test_cells_shown_when_every_cell_is_large_enough() -> None:
    est, _ = correspondence_tables(tiny_codebook(small_cell=1), tiny_clean())
    cells = est[(est["table"] == "correspondence") & est["category"].str.match(r"^[abcd]:")]
    assert list(cells["n"]) == [10, 15, 3, 8]
    assert set(cells["status"]) == {"ok"}


def test_base_rules_for_percentages() -> None:
    # with min_base_pct 11 and flag_base_pct 12: Y and Z (10 pairs) get no percentage, X (12) is ok,
    # all pairs (36) ok; with flag_base_pct 40 all pairs (36) are flagged
    est, tests = correspondence_tables(tiny_codebook(small_cell=1, min_base_pct=11, flag_base_pct=12), tiny_clean())
    assert _row(est, "Regio Y", "Netto discriminatie")["status"] == "base_too_small"
    assert _row(est, "Regio X", "Netto discriminatie")["status"] == "ok"
    family = [t for t in tests if t["by"] and not math.isnan(t["p_value"])]
    assert [t["group"] for t in family] == ["Regio X"]
    assert family[0]["p_adjusted"] == pytest.approx(0.125)  # a family of one
    est, _ = correspondence_tables(tiny_codebook(small_cell=1, min_base_pct=11, flag_base_pct=40), tiny_clean())
    assert _row(est, "", "Netto discriminatie")["status"] == "flagged"


# ------------------------------------------------------------------------------ end to end
HEADING = "Discriminatie op de woningmarkt: wat nieuwkomers vertellen en wat praktijktesten tonen"


def _run(stage: str, consultation: str, root) -> None:
    env = dict(os.environ, LEVL_ROOT=str(root), PYTHONPATH=str(REPO))
    res = subprocess.run([sys.executable, "-m", "pipeline", stage, consultation], cwd=REPO, env=env,
                         capture_output=True, text=True)
    assert res.returncode == 0, f"{stage} {consultation}: {res.stderr[-2000:]}"


def _norm(s: pd.Series) -> pd.Series:
    return s.fillna("").str.replace(r"\s+", " ", regex=True).str.strip().str.casefold()


@pytest.mark.slow
def test_praktijktesten_end_to_end(tmp_path) -> None:
    # a throw-away project with both consultations (the housing chapter reads the newcomers' tables)
    for cid in ("praktijktesten", "nieuwkomers_wonen"):
        for top in ("surveys", "raw"):
            shutil.copytree(REPO / top / cid, tmp_path / top / cid, ignore=shutil.ignore_patterns("notebooks"))
    raw = tmp_path / "raw" / "praktijktesten" / "praktijktesten.csv"
    for stage in ("ingest", "validate", "clean", "analyse"):
        _run(stage, "nieuwkomers_wonen", tmp_path)
    for stage in ("ingest", "validate", "clean", "analyse", "report"):
        _run(stage, "praktijktesten", tmp_path)

    out = tmp_path / "reports" / "praktijktesten"
    for ext in ("html", "pdf", "docx"):
        assert (out / f"praktijktesten.{ext}").stat().st_size > 1000, ext

    # independent count from the raw spreadsheet: pairs with an outcome for both profiles
    df = pd.read_csv(raw, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    maj, mino = _norm(df["Reactie meerderheidsprofiel"]), _norm(df["Reactie minderheidsprofiel"])
    both = (maj != "niet verstuurd") & (mino != "niet verstuurd")
    m, f = maj[both] == "uitgenodigd", mino[both] == "uitgenodigd"
    expected = {"a": int((m & f).sum()), "b": int((m & ~f).sum()), "c": int((~m & f).sum()),
                "d": int((~m & ~f).sum())}
    tests = pd.read_csv(tmp_path / "processed" / "praktijktesten" / "tests.csv")
    overall = tests[tests["table"] == "correspondence"]
    assert len(overall) == 1
    got = {k: int(overall.iloc[0][k]) for k in "abcd"}
    assert got == expected
    assert sum(got.values()) == int(both.sum())

    html = (out / "praktijktesten.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert HEADING in text


def test_praktijktesten_rates_and_net_discrimination_are_never_split() -> None:
    # issue 12: for Particuliere verhuurder (172 pairs) the rates 102/172 = 59,3 % and 72/172 = 41,9 %
    # were printed while their difference, the net discrimination 30/172 = 17,4 pp, was hidden
    from pipeline.codebook import codebook_for
    from pipeline.stages import clean, ingest, validate

    cb = codebook_for("praktijktesten")
    if not (cb.processed_dir / "clean.parquet").exists():
        for module in (ingest, validate, clean):
            module.run("praktijktesten")
    est, _ = correspondence_tables(cb, pd.read_parquet(cb.processed_dir / "clean.parquet"))
    for (table, group), scope in est.groupby(["table", "group"], dropna=False):
        assert scope["status"].nunique() == 1, (table, group)  # one status for rates, net, NDR, cells
    private = est[est["group"] == "Particuliere verhuurder"].set_index("category")
    assert (private["status"] != "suppressed").all()
    assert private.loc["Uitgenodigd: meerderheidsprofiel", "n"] == 102
    assert private.loc["Uitgenodigd: minderheidsprofiel", "n"] == 72
    assert private.loc["Netto discriminatie", "estimate"] == pytest.approx(30 / 172)


def test_analyse_keeps_the_mcnemar_rows_the_report_reads():
    """The analyse stage's tests frame keeps the correspondence columns (test, group, p_adjusted, …):
    cutting it to the cross-tab columns made every McNemar p in the praktijktesten report '–' and its
    Holm note say '0 getoetste subgroepen' (found in the issue 12 review)."""
    from scipy.stats import binomtest

    from pipeline.stages import analyse

    _, tests = analyse.process(tiny_codebook(small_cell=1), tiny_clean())
    mc = tests[tests["test"] == "mcnemar_exact"]
    all_pairs = mc[mc["by"] == ""].iloc[0]
    # all pairs: b = 6 + 5 + 2 + 1 + 1 (the pair without a region) = 15, c = 1 + 0 + 2 + 0 = 3; the
    # exact McNemar test is the two-sided binomial test of b out of b + c at 1/2 (R: binom.test(15, 18)):
    # 2 · (C(18,15) + C(18,16) + C(18,17) + C(18,18)) / 2^18 = 2 · 988 / 262144 = 0.007537841796875
    assert all_pairs["p_value"] == pytest.approx(binomtest(15, 18, 0.5).pvalue, rel=1e-9)
    assert all_pairs["p_value"] == pytest.approx(0.007537841796875, rel=1e-9)
    assert mc.loc[mc["by"] == "region", "p_adjusted"].notna().any()
    assert {"table", "rows", "by", "p_value", "n"} <= set(tests.columns)


def _feasible_width(a_eq: list[list[float]], b_eq: list[float], k: int) -> float:
    """max − min of unknown k with a_eq · x = b_eq, x ≥ 0 (an attacker's linear program)."""
    import numpy as np
    from scipy.optimize import linprog

    obj = np.zeros(len(a_eq[0]))
    obj[k] = 1.0
    low = linprog(obj, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    high = linprog(-obj, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    return -high.fun - low.fun


def test_a_hidden_subgroup_cannot_be_narrowed_with_the_subgroup_question_s_own_table():
    # Pairs per region (complete): X 3, Y 40, Z 39, W 60; 3 more Z pairs lack the minority outcome
    # (excluded). The region question's one-way table counts rows: X 3, Y 40, Z 42, W 60 (145), and
    # hid X and the next smallest, Y; the correspondence table hid X and the smallest by pairs, Z.
    # Published: Z = 42 rows, W = 60 rows (of 145); Y = 40 pairs, W = 60 pairs (of 142).
    # Attacker: X_p + Z_p = 142 − 100 = 42 and 39 = 42 − 3 ≤ Z_p ≤ 42 give X_p ∈ [0, 3]; likewise
    # X_rows + Y_rows = 43 with 40 ≤ Y_rows ≤ 43 gives X_rows ∈ [0, 3]: a primary pinned to less than 5.
    from pipeline.stages import analyse

    cb = tiny_codebook(min_base_pct=0, flag_base_pct=0)
    outcome = {"a": ("Uitgenodigd", "Uitgenodigd"), "d": ("Geen antwoord", "Niet uitgenodigd")}
    rows = []
    for region, pairs, excluded in (("Regio X", 3, 0), ("Regio Y", 40, 0), ("Regio Z", 39, 3), ("Regio W", 60, 0)):
        rows += [(region, *outcome["a" if i % 2 else "d"]) for i in range(pairs)]
        rows += [(region, "Uitgenodigd", None)] * excluded
    df = pd.DataFrame(rows, columns=["region", "maj", "mino"])
    df["region"] = pd.Categorical(df["region"], categories=REGIONS)
    labels = [a["label"] for a in RESPONSE]
    df["maj"] = pd.Categorical(df["maj"], categories=labels)
    df["mino"] = pd.Categorical(df["mino"], categories=labels)
    est, _ = analyse.process(cb, df)

    # what is published: the one-way counts shown, its base; the pairs per region shown, all pairs
    one_way = est[est["table"] == "region"].set_index("category")
    corr = est[(est["table"] == "correspondence__by__region") & (est["category"] == "Uitgenodigd: meerderheidsprofiel")]
    corr = corr.set_index("group")
    all_pairs = int(est.loc[(est["table"] == "correspondence") & (est["category"] == "Uitgenodigd: meerderheidsprofiel"),
                            "base"].iloc[0])
    rows_total = int(one_way["base"].iloc[0])
    # unknowns: rows r_g and pairs p_g of every region, and e_g = r_g − p_g ≥ 0 (excluded pairs)
    idx = {(kind, g): i for i, (kind, g) in enumerate((k, g) for k in ("r", "p", "e") for g in REGIONS)}
    a_eq, b_eq = [], []

    def eq(coefs: dict, value: float) -> None:
        row = [0.0] * len(idx)
        for key, c in coefs.items():
            row[idx[key]] = c
        a_eq.append(row)
        b_eq.append(value)

    eq({("r", g): 1 for g in REGIONS}, rows_total)
    eq({("p", g): 1 for g in REGIONS}, all_pairs)
    for g in REGIONS:
        eq({("r", g): 1, ("p", g): -1, ("e", g): -1}, 0)
        if one_way.loc[g, "status"] != "suppressed":
            eq({("r", g): 1}, float(one_way.loc[g, "n"]))
        if corr.loc[g, "status"] != "suppressed":
            eq({("p", g): 1}, float(corr.loc[g, "base"]))
    assert one_way.loc["Regio X", "status"] == "suppressed" and corr.loc["Regio X", "status"] == "suppressed"
    assert _feasible_width(a_eq, b_eq, idx[("p", "Regio X")]) >= 5
    assert _feasible_width(a_eq, b_eq, idx[("r", "Regio X")]) >= 5
