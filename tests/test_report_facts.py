"""Issue 13, "one number per concept" and facts that agree (correspondence tests, the overview, sums).

Fast tests use the tiny hand-made pairs of tests/test_correspondence_analysis.py (counted by hand in
the comments); the slow ones read the reports that ``make all`` built (the ``publications`` fixture).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from tests.examples import ensure_analysed
from tests.test_correspondence_analysis import tiny_clean, tiny_codebook

# tiny_clean(): regions X (a3 b6 c1 d2), Y (2 5 0 3), Z (4 2 2 2), W (1 1 0 1), one b-pair without a
# region and one pair whose minority application was not sent: 37 rows, 36 analysed pairs.


def test_every_table_of_a_correspondence_test_counts_the_analysed_pairs() -> None:
    from pipeline.stages import analyse

    est, _ = analyse.process(tiny_codebook(small_cell=1), tiny_clean())
    maj = est[est["table"] == "maj"].set_index("category")
    # majority invited among the 36 analysed pairs: a + b = (3+6) + (2+5) + (4+2) + (1+1) + 1 = 25;
    # counting all 37 rows gave 26 of 37 (the pair without a minority outcome was invited too)
    assert int(maj["base"].iloc[0]) == 36
    assert int(maj.loc["Uitgenodigd", "n"]) == 25
    # the region question: the 35 analysed pairs with a region (12 + 10 + 10 + 3), not 36 rows
    region = est[est["table"] == "region"].set_index("category")
    assert int(region["base"].iloc[0]) == 35
    assert int(region.loc["Regio X", "n"]) == 12
    # the same 36 pairs in the correspondence table itself, and the left-out pair still counted there
    corr = est[(est["table"] == "correspondence") & (est["category"] == "Uitgenodigd: meerderheidsprofiel")]
    assert int(corr["base"].iloc[0]) == 36 and int(corr["n"].iloc[0]) == 25


def test_correspondence_tables_and_sheets_have_distinct_titles() -> None:
    from pipeline.stages import analyse
    from pipeline.analyses.frequencies import charts as stage

    cb = tiny_codebook(small_cell=1)
    est, _ = analyse.process(cb, tiny_clean())
    labels = est.loc[est["kind"] == "correspondence"].groupby("table")["label"].first()
    assert labels["correspondence"] == "Alle paren: reacties per profiel"
    assert labels["correspondence__by__region"] == "Regio: reacties per profiel"
    sheets = stage._survey_sheets(cb, est, [])
    titles = [s.title for s in sheets]
    assert len(titles) == len(set(titles)), titles
    # the sheet tabs (at most 31 characters) differ too, after their number
    tabs = [s.name.split(" ", 1)[1] for s in sheets]
    assert len(tabs) == len(set(tabs)), tabs


def test_correspondence_chart_titles_say_what_happened() -> None:
    from pipeline.analyses.correspondence.tables import finding_title
    from pipeline.stages import analyse

    cb = tiny_codebook(small_cell=1)
    est, _ = analyse.process(cb, tiny_clean())
    # 25 of 36 = 69,4 %; minority invited a + c = (3+1) + 2 + (4+2) + 1 = 13 of 36 = 36,1 %
    assert finding_title(cb, est[est["table"] == "maj"]) == (
        "69\u202f% van de kandidaturen van het meerderheidsprofiel werd uitgenodigd")
    assert finding_title(cb, est[est["table"] == "mino"]) == (
        "36\u202f% van de kandidaturen van het minderheidsprofiel werd uitgenodigd")
    # a question that describes the pairs: Regio X, 12 of 35 = 34,3 %
    assert finding_title(cb, est[est["table"] == "region"]) == "34\u202f% van de paren: Regio X"
    for name in ("maj", "mino", "region"):
        assert "antwoordde" not in finding_title(cb, est[est["table"] == name])


def test_a_total_next_to_its_rounded_parts_agrees_or_says_why() -> None:
    from pipeline.report.sums import share_total

    # 56/184 = 30,43 % → 30,4 and 51/184 = 27,72 % → 27,7 add up to 58,1, but 107/184 = 58,15 % → 58,2
    text = share_total([56 / 184, 51 / 184]).replace("\u00a0", " ").replace("\u202f", " ")
    assert text.startswith("58,2 %") and "afronding" in text
    # 25 % + 12,5 % = 37,5 %: the printed parts add up, nothing to explain
    assert share_total([0.25, 0.125]).replace("\u00a0", " ").replace("\u202f", " ") == "37,5 %"


def _pairs_project(root: Path, monkeypatch, target: int, kept: int):
    """A correspondence test 'paren' in ``root`` with ``kept`` usable pairs, and the overview reading it."""
    import json

    from pipeline.stages import overview

    folder = root / "surveys" / "paren"
    folder.mkdir(parents=True)
    (folder / "codebook.yml").write_text(
        f"id: paren\ntitle: Praktijktest\ntarget_respondents: {target}\ncorrespondence: {{majority: a, minority: b}}\n",
        encoding="utf-8")
    processed = root / "processed" / "paren"
    processed.mkdir(parents=True)
    (processed / "accounting.json").write_text(json.dumps({"rows_kept": kept}), encoding="utf-8")
    monkeypatch.setattr(overview, "ROOT", root)
    return overview, processed


def test_overview_counts_pairs_for_a_correspondence_test(tmp_path, monkeypatch) -> None:
    overview, _ = _pairs_project(tmp_path, monkeypatch, target=40, kept=37)
    rows = overview.load()
    assert rows[0]["unit"] == "paren" and rows[0]["reached"] == 37
    assert "37 paren" in overview.process(rows)


# -- the built reports ------------------------------------------------------------------------------


def _text(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.slow
def test_praktijktesten_says_one_number_per_concept(publications) -> None:
    reports = publications / "reports"
    text = _text(reports / "praktijktesten" / "praktijktesten.html")
    processed = publications / "processed" / "praktijktesten"
    tests = pd.read_csv(processed / "tests.csv")
    analysed = int(tests.loc[tests["table"] == "correspondence", "n"].iloc[0])
    # every "n = …" and "Basis: …" about the tests names the analysed pairs
    for n in re.findall(r"n = ([\d.]+) paren", text) + re.findall(r"Basis: ([\d.]+) paren", text):
        assert int(n.replace(".", "")) == analysed, n
    assert "respondenten)" not in text.split("Discriminatie op de woningmarkt")[0]
    # the gallery's charts count the same pairs, and say what the landlords did
    for txt in (reports / "praktijktesten" / "charts").glob("*.txt"):
        alt = txt.read_text(encoding="utf-8")
        assert "antwoordde" not in alt, txt.name
        assert f"Basis: {analysed} paren" in alt, txt.name
    overview = _text(reports / "overzicht" / "overzicht.html")
    row = overview.split("Praktijktesten op de private huurmarkt")[1][:800]
    assert "paren" in row and "respondenten" not in row
    assert "Deze tekst schrijven" not in text


@pytest.mark.slow
def test_praktijktesten_workbook_sheets_have_distinct_titles(publications) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(publications / "reports" / "praktijktesten" / "tabellen.xlsx")
    titles = [ws["A1"].value for ws in wb.worksheets[1:]]
    assert len(titles) == len(set(titles)), titles
    tabs = [ws.title.split(" ", 1)[1] for ws in wb.worksheets[1:]]  # after the sheet's number
    assert len(tabs) == len(set(tabs)), tabs


@pytest.mark.slow
def test_a_sum_next_to_its_parts_agrees(publications) -> None:
    text = _text(publications / "reports" / "praktijktesten" / "praktijktesten.html")
    for m in re.finditer(r"(\d+,\d) % zich \*?vaak\*? en (\d+,\d) % zich \*?soms\*? .{0,80}?samen (\d+,\d) %( \(door afronding)?",
                         text):
        a, b, total, note = m.groups()
        parts = round(float(a.replace(",", ".")) + float(b.replace(",", ".")), 1)
        assert note or parts == float(total.replace(",", "."))


@pytest.mark.slow
def test_ik_stem_ook_facts_agree(publications) -> None:
    text = _text(publications / "reports" / "ik_stem_ook" / "ik_stem_ook.html")
    assert "met zekerheid" not in text
    assert not re.search(r"beginstand van 0[^.]*\b\d{5}\b", text)  # names, not NIS codes
    growth = pd.read_csv(publications / "processed" / "ik_stem_ook" / "growth_by_municipality.csv",
                         dtype={"nis_code": str})
    zero = growth[growth["baseline"] == 0]
    assert f"{len(zero)} gemeenten hebben een beginstand van 0" in text or len(zero) < 2
    for name in zero["municipality"]:
        assert name in text.split("Bijlage")[-1]
    # the size row of the goals table has a result next to its verdict
    assert re.search(r"Spreiding over grote en kleine gemeenten .{0,160}? \d+ grote en \d+ kleine partners", text)
    assert "Aanbevelingen" in text and "Deze tekst schrijven" not in text


def test_a_correspondence_table_explains_only_the_marks_it_uses(monkeypatch) -> None:
    # praktijktesten's tables 2–5 explained ×, – and * under every table, though none of them held one
    from pipeline.analyses.correspondence import report
    from pipeline.io import ROOT

    ensure_analysed("praktijktesten")  # a fresh clone has no processed/ yet
    said = []
    monkeypatch.setattr(report, "display", lambda obj, **kw: said.append(obj.data))
    c = report.Correspondence("praktijktesten")
    for by in [[], *([b] for b in c.spec.by)]:
        said.clear()
        c.table(by=by)
        cells = [str(v) for v in c.summary_frame(by, overall=True).iloc[:, 1:].to_numpy().ravel()]
        assert ("× niet getoond" in said[0]) == ("×" in cells)
        assert ("– geen percentage" in said[0]) == ("–" in cells)
        assert ("* onzeker" in said[0]) == any(v.endswith("*") for v in cells)


def test_a_correspondence_target_counts_the_analysed_pairs(tmp_path, monkeypatch) -> None:
    # praktijktesten: "300 bruikbaar (doel bereikt: 300 paren), 296 geanalyseerd", every result on 296
    overview, processed = _pairs_project(tmp_path, monkeypatch, target=37, kept=37)
    (processed / "estimates.csv").write_text(
        "table,kind,variable,label,by,group,category,n,base\n"
        "maj,frequency,maj,M,,,Uitgenodigd,25,36\n"
        "correspondence,correspondence,correspondence,C,,,Uitgenodigd: meerderheidsprofiel,25,36\n",
        encoding="utf-8")
    rows = overview.load()
    assert rows[0]["reached"] == 36  # 37 kept, one without both applications: 36 analysed, below the 37 aimed at
    page = overview.process(rows)
    assert "36 paren" in page and "niet gehaald" in page
