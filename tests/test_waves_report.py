"""Issue 16, item 5: "Wat is veranderd?" in the report, the dumbbell charts in the gallery, the sheet in
tabellen.xlsx and the overview page, from hand-made compare-stage files (tests/waves_fixtures.py).

Every expected sentence and number is worked out by hand from the fixture's values (written next to
each assertion); none comes from running the code under test. A hidden cell of the fixture holds a
SENTINEL number that must appear nowhere: in no sentence, alt text, SVG text, Excel cell or gallery page.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from pipeline import fmt
from pipeline.analyses.waves import charts as waves
from pipeline.analyses.waves import sheet as waves_sheet
from pipeline.report import captions
from pipeline.analyses.waves.report import section
from tests import waves_fixtures as wf


def _plain(text: str) -> str:
    """No-break spaces as spaces, Markdown escapes undone (what a reader sees)."""
    return re.sub(r"\\(.)", r"\1", text.replace("\u202f", " ").replace("\u00a0", " "))


@pytest.fixture
def independent(tmp_path):
    captions.reset()
    earlier, later = wf.codebooks()
    return section(later, earlier, wf.independent(tmp_path / "ind"))


def _paired(tmp_path):
    captions.reset()
    earlier, later = wf.paired_codebooks()
    return section(later, earlier, wf.paired(tmp_path / "p"))


def _markdown(sec) -> str:
    return _plain("\n\n".join(b.text for b in sec.build()))


def _no_sentinel(text: str, where: str) -> None:
    for s in wf.SENTINEL_TEXTS:
        assert s not in text, f"verborgen cijfer {s!r} in {where}"


# -- numbers -----------------------------------------------------------------------------------------

def test_points_have_a_sign_and_a_dutch_comma():
    assert _plain(fmt.points(0.148)) == "+14,8 procentpunt"
    assert _plain(fmt.points(-0.097)) == "-9,7 procentpunt"
    assert _plain(fmt.points(0.0)) == "0,0 procentpunt"
    assert _plain(fmt.points(-0.0004)) == "0,0 procentpunt"  # rounds to zero: no sign
    assert fmt.points(0.07, unit=False) == "+7,0"
    assert fmt.points(float("nan")) == "–"


# -- the report's sentences ---------------------------------------------------------------------------

def test_independent_intro_says_which_waves_when_and_that_people_differ(independent):
    intro = _plain(independent.intro())
    assert "Deze bevraging herhaalt ‘Kleine bevraging 2022’." in intro
    assert "We vergelijken 2022 (van 1 maart 2022 tot 31 mei 2022) en 2026 (van 1 maart 2026 tot 30 april 2026)." in intro
    assert "verschillende groepen respondenten (198 respondenten in 2022, 180 respondenten in 2026)" in intro
    # 3 tests ran (agree, help/Familie, help/OCMW); housing's was withheld
    assert "(methode van Holm, 3 toetsen, p < 0,05)" in intro
    assert "p\u00a0<\u00a00,05" in independent.intro()  # never broken after the p
    # 41,8 % → 67,7 % with "+25,8 procentpunt": the difference of the unrounded shares, said once
    assert "Een verschil berekenen we op de niet-afgeronde aandelen" in intro


def test_a_change_that_holds_is_said_with_the_answer_that_changed_most(independent):
    # agree: Akkoord moved most (|+14,8| > |-9,7| > |-5,1|); p_holm 0,0063 → 0,006
    text = _plain(independent.sentences("agree"))
    assert text == ("De antwoorden op ‘Tevreden’ veranderden (Rao-Scott-toets, p = 0,006 na correctie voor 3 toetsen "
                    "met de methode van Holm). Het aandeel dat ‘Akkoord’ antwoordde steeg van 40,3 % (2022) naar "
                    "55,1 % (2026), +14,8 procentpunt (95%-interval +4,9 tot +24,7 procentpunt), de grootste "
                    "verandering bij deze vraag.")


def test_multiple_choice_options_each_have_their_test(independent):
    # Familie holds (p_holm 0,038): 50,5 % → 62,2 %, +11,7 (+1,9 tot +21,5); OCMW does not
    text = _plain(independent.sentences("help"))
    assert text == ("Het aandeel dat ‘Familie’ aanduidde steeg van 50,5 % (2022) naar 62,2 % (2026), +11,7 procentpunt "
                    "(95%-interval +1,9 tot +21,5 procentpunt; p = 0,038 na correctie voor 3 toetsen met de methode "
                    "van Holm). Bij de andere antwoorden geen verandering die na correctie voor meerdere toetsen "
                    "standhoudt.")


def test_a_withheld_test_says_why_in_dutch(independent):
    text = _plain(independent.sentences("housing"))
    assert text == ("Voor ‘Woonsituatie’ doen we geen toets op verandering: sommige cijfers zijn verborgen om "
                    "respondenten te beschermen, en een toets zou ze kunnen prijsgeven.")
    assert "hidden_cells" not in text


def test_no_change_gives_the_neutral_sentence(tmp_path):
    captions.reset()
    earlier, later = wf.codebooks()
    folder = wf.independent(tmp_path / "n")
    tests = (folder / "change_tests.csv").read_text(encoding="utf-8").replace("True", "False")
    (folder / "change_tests.csv").write_text(tests, encoding="utf-8")
    sec = section(later, earlier, folder)
    assert _plain(sec.sentences("agree")) == ("‘Tevreden’: geen verandering die na correctie voor meerdere toetsen "
                                              "standhoudt.")
    assert _plain(sec.sentences("help")) == ("‘Hulp’: bij geen enkel antwoord een verandering die na correctie voor "
                                             "meerdere toetsen standhoudt.")
    md = _markdown(sec)
    assert "steeg" not in md and "daalde" not in md  # no change is claimed anywhere


def test_questions_in_one_wave_are_listed_with_their_labels(independent):
    text = _plain(independent.others())
    assert "Alleen in de eerste bevraging (2022) gesteld: ‘Huurwaarborg’." in text  # label from the earlier codebook
    assert "Alleen in de tweede bevraging (2026) gesteld: ‘Nieuwe vraag’." in text
    assert "Niet vergeleken: ‘Leeftijd’ (een getal)" in text
    for code in ("guarantee", "newq", "age", "number"):
        assert not re.search(rf"\b{code}\b", text), code


def test_paired_intro_counts_linked_and_unlinked_people(tmp_path):
    intro = _plain(_paired(tmp_path).intro())
    # both questionnaires have the tiny codebook's period: said once
    assert ("dezelfde mensen op twee momenten: voor de workshop en na de workshop (beide van 1 januari 2024 tot "
            "1 februari 2024).") in intro
    assert "Met hun persoonlijke code konden we 44 respondenten aan elkaar koppelen." in intro
    assert ("6 respondenten antwoordden alleen de eerste keer (voor de workshop), 5 respondenten antwoordden alleen "
            "de tweede keer (na de workshop).") in intro
    assert "de toets op verandering vergelijkt de antwoorden van dezelfde mensen" in intro
    # one test only: no correction to speak of
    assert "Een verandering noemen we alleen als de toets ze bevestigt (p < 0,05)." in intro


def test_paired_change_that_holds(tmp_path):
    text = _plain(_paired(tmp_path).sentences("vote"))
    # 40,0 % → 63,3 %, +23,3; no interval of the difference for the same people; exact McNemar on the 44
    # pairs, p 0,0039 → 0,004; one test: no Holm wording
    assert text == ("De antwoorden op ‘Gaan stemmen’ veranderden (exacte McNemar-toets over 44 respondenten die beide "
                    "keren antwoordden, p = 0,004). Het aandeel dat ‘Ja’ antwoordde steeg van 40,0 % (voor de "
                    "workshop) naar 63,3 % (na de workshop), +23,3 procentpunt.")


def test_paired_chart_source_and_alt_give_each_waves_own_base(tmp_path):
    sec = _paired(tmp_path)
    _title, _sub, source, alt = (_plain(x) for x in sec.chart_parts("vote"))
    assert source.endswith("n = 50 (voor de workshop) en 49 (na de workshop)")
    assert "Basis: 50 respondenten (voor de workshop) en 49 respondenten (na de workshop)." in alt
    assert "Ja: 40,0 % (voor de workshop, 95%-interval 27,6–53,8 %) en 63,3 % (na de workshop, 95%-interval " \
           "49,2–75,4 %), verschil +23,3 procentpunt" in alt


def test_one_of_everything_agrees_in_number():
    assert not re.search(r"\b1 (respondenten|toetsen|rijen)\b", _plain(
        " ".join([fmt.count(1, "respondent", "respondenten"), fmt.count(1, "toets", "toetsen")])))


# -- the chart ----------------------------------------------------------------------------------------

def test_hidden_cell_is_not_drawn_and_says_niet_getoond(independent):
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    fig = independent.draw("housing")("report")
    ax = fig.axes[0]
    dots = [ln for ln in ax.lines if isinstance(ln, Line2D) and ln.get_marker() == "o"]
    # Huurwoning and Eigen woning: two dots each; Opvang: only 2026 (its 2022 share is hidden)
    assert len(dots) == 5
    xs = sorted(round(float(ln.get_xdata()[0]), 3) for ln in dots)
    assert xs == [0.061, 0.359, 0.378, 0.561, 0.606]
    texts = [_plain(t.get_text()) for t in ax.texts]
    assert "× niet getoond" in texts and "6 %" in texts
    plt.close(fig)


def test_alt_text_has_every_published_number_and_no_hidden_one(independent):
    _title, _sub, _source, alt = independent.chart_parts("housing")
    alt = _plain(alt)
    assert alt.startswith("Haltergrafiek. Woonsituatie: 2022 en 2026.")
    assert "Opvang: niet getoond (2022) en 6,1 % (2026, 95%-interval 3,4–10,6 %)" in alt
    assert "Niet getoond: te weinig respondenten, of verborgen om een kleine groep te beschermen. Basis:" in alt
    assert "Huurwoning: 60,6 % (2022, 95%-interval 53,6–67,1 %) en 56,1 % (2026, 95%-interval 48,8–63,2 %), " \
           "verschil -4,5 procentpunt" in alt
    assert "Basis: 198 respondenten (2022) en 180 respondenten (2026)." in alt
    _no_sentinel(alt, "alt-tekst")


def test_chart_title_states_the_finding(independent):
    assert _plain(independent.chart_parts("agree")[0]) == "‘Akkoord’ steeg van 40 % (2022) naar 55 % (2026)"
    assert _plain(independent.chart_parts("help")[0]) == "‘Familie’ steeg van 51 % (2022) naar 62 % (2026)"
    assert _plain(independent.chart_parts("housing")[0]) == "Woonsituatie: 2022 en 2026"  # no test


# -- the gallery and the workbook (the export path of the charts stage) -------------------------------

@pytest.fixture
def gallery(tmp_path, independent):
    from pipeline.charts.files import Output
    from pipeline.publish import legend
    from pipeline.stages import charts as stage

    comp, cb, earlier = independent.comp, independent.cb, independent.earlier
    marks = legend(5, 10, 30, 60)
    out = Output("tiny_2026", cb.title, ["Periode."], cb.period.end, waves.charts(comp, cb, earlier),
                 [waves_sheet.sheet(comp, cb, earlier, marks)], marks)
    written = stage.save(out, tmp_path / "reports")
    return tmp_path / "reports", written


def test_every_chart_in_every_size(gallery):
    from PIL import Image

    reports, _ = gallery
    folder = reports / "charts"
    for name in ("verandering_housing", "verandering_agree", "verandering_help"):
        for suffix in (".svg", ".png", "_1080x1080.png", "_1200x675.png", ".txt"):
            assert (folder / f"{name}{suffix}").stat().st_size > 0, f"{name}{suffix}"
        with Image.open(folder / f"{name}_1080x1080.png") as im:
            assert im.size == (1080, 1080)
        with Image.open(folder / f"{name}_1200x675.png") as im:
            assert im.size == (1200, 675)
        with Image.open(folder / f"{name}.png") as im:
            assert round(im.info["dpi"][0]) == 300
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert 'id="verandering_agree"' in index


def test_no_hidden_number_in_svg_alt_text_gallery_or_excel(gallery):
    openpyxl = pytest.importorskip("openpyxl")
    reports, _ = gallery
    folder = reports / "charts"
    svg = ET.parse(folder / "verandering_housing.svg").getroot()
    svg_text = _plain(" ".join(t for el in svg.iter() for t in (el.text or "",)))
    assert "niet getoond" in svg_text and "6 %" in svg_text
    _no_sentinel(svg_text, "SVG")
    _no_sentinel(_plain((folder / "verandering_housing.txt").read_text(encoding="utf-8")), "alt-tekst (.txt)")
    _no_sentinel(_plain((folder / "index.html").read_text(encoding="utf-8")), "galerij")
    wb = openpyxl.load_workbook(reports / "tabellen.xlsx")
    cells = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    for v in cells:
        if isinstance(v, float):
            assert round(v, 4) not in (0.0371, 0.0183, 0.0747, 2.29), v
            assert v != 7
    _no_sentinel(" ".join(str(v) for v in cells if isinstance(v, str)), "Excel")


def test_workbook_sheet_has_the_published_numbers(gallery):
    openpyxl = pytest.importorskip("openpyxl")
    reports, _ = gallery
    wb = openpyxl.load_workbook(reports / "tabellen.xlsx")
    assert "Verandering 2022–2026" in wb.sheetnames
    ws = wb["Verandering 2022–2026"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[0] == "Vraag")
    cols = rows[head]
    table = {(r[0], r[1]): dict(zip(cols, r, strict=False)) for r in rows[head + 1:] if r[1]}
    akkoord = table[("Tevreden", "Akkoord")]
    assert akkoord["Aandeel 2022"] == pytest.approx(0.403) and akkoord["Aandeel 2026"] == pytest.approx(0.551)
    assert akkoord["Basis 2022"] == 198 and akkoord["Basis 2026"] == 180
    assert akkoord["Verschil (procentpunt)"] == pytest.approx(14.8)
    niet = table[("Tevreden", "Niet akkoord")]  # the question's test is on its first row
    # p 0,0063 to three decimals, as the report prints it: at full precision an exact p gives its table back
    assert niet["Toets op verandering"] == "Rao-Scott-toets" and niet["p na correctie (Holm)"] == 0.006
    assert niet["Verandering houdt stand"] == "ja"
    opvang = table[("Woonsituatie", "Opvang")]
    assert opvang["Aandeel 2022"] == "×" and opvang["Verschil (procentpunt)"] == "×"
    assert opvang["Aandeel 2026"] == pytest.approx(0.061)
    assert opvang["Opmerking"] == "2022: niet getoond (te weinig respondenten, of verborgen om een kleine groep te beschermen)"
    huur = table[("Woonsituatie", "Huurwoning")]
    assert huur["Toets op verandering"].startswith("geen toets: sommige cijfers zijn verborgen")
    ocmw = table[("Hulp", "OCMW")]
    assert ocmw["Verandering houdt stand"] == "nee" and ocmw["p na correctie (Holm)"] == pytest.approx(0.24)
    fmt_cell = ws.cell(row=head + 2, column=cols.index("Verschil (procentpunt)") + 1)
    assert fmt_cell.number_format.startswith("+0.0")
    toelichting = [c.value for row in wb["Toelichting"].iter_rows() for c in row if c.value]
    assert "Verandering 2022–2026" in toelichting


def test_long_wave_names_give_a_valid_sheet_name(tmp_path):
    comp = waves.Comparison.load(wf.paired(tmp_path / "p"))
    name = waves_sheet.sheet_name(comp)  # "Verandering voor de workshop–na de workshop" is 44 characters
    assert name == "Verandering"  # never a cut name; the sheet's first row names both waves


# -- the overview page --------------------------------------------------------------------------------

def test_overview_says_which_consultations_have_several_waves(tmp_path, monkeypatch):
    from pipeline.stages import overview

    for cid, extra in (("golf_2022", ""), ("golf_2026", "waves: {earlier: golf_2022, design: independent, "
                                                       "label: '2026', earlier_label: '2022'}\n")):
        folder = tmp_path / "surveys" / cid
        folder.mkdir(parents=True)
        (folder / "codebook.yml").write_text(f"id: {cid}\ntitle: Wonen {cid[-4:]}\ntarget_respondents: 40\n{extra}",
                                             encoding="utf-8")
    monkeypatch.setattr(overview, "ROOT", tmp_path)
    page = overview.process(overview.load())
    text = re.sub(r"<[^>]+>", "", page)
    # the wave's label only when its title does not say it already ("Wonen 2026 (2026)" repeated itself)
    assert "vergeleken met Wonen 2022: wat is veranderd?" in text
    assert "herhaald in Wonen 2026" in text and "(2026)" not in text
    assert text.count("vergeleken met") == 1
    assert 'href="../golf_2026/golf_2026.html#wat-is-veranderd"' in page


# -- through a report notebook to HTML, PDF and Word --------------------------------------------------

NOTEBOOK = '''# %% tags=["parameters"]
consultation = "x"

# %% [markdown]
# ## Wat is veranderd?

# %%
import sys
sys.path.insert(0, {repo!r})
from pathlib import Path
from IPython.display import Markdown, display
from pipeline.report.blocks import show_figure
from pipeline.analyses.waves.report import section
from tests import waves_fixtures as wf

earlier, later = wf.codebooks()
for block in section(later, earlier, Path({folder!r})).build():
    if block.kind == "figure":
        show_figure(block.draw("report"), block.text)
    else:
        display(Markdown(block.text))
'''


@pytest.mark.slow
def test_section_renders_in_html_pdf_and_word(tmp_path, monkeypatch):
    import subprocess

    from pipeline.report import render
    from tests.tiny import REPO

    monkeypatch.setenv("LEVL_REPORT_KERNEL", "0")
    folder = wf.independent(tmp_path / "processed")
    source = tmp_path / "report.py"
    source.write_text(NOTEBOOK.format(repo=str(REPO), folder=str(folder)), encoding="utf-8")
    nb = render.execute(source, {"consultation": "tiny_2026"}, tmp_path / "report.ipynb")
    build, out = tmp_path / "build", tmp_path / "out"
    build.mkdir()
    out.mkdir()
    md = render.to_markdown(nb, build, {"title": "Test"})
    assert len(re.findall(r"!\[Haltergrafiek\\?\. ", md)) == 3  # three charts, each with its alt text
    render.render_pandoc(md, build, out, "t", 1_700_000_000)
    html = _plain(re.sub(r"\s+", " ", (out / "t.html").read_text(encoding="utf-8")))
    assert "Het aandeel dat ‘Akkoord’ antwoordde steeg van 40,3 % (2022) naar 55,1 % (2026)" in html
    assert "Figuur 2. Tevreden: 2022 en 2026." in re.sub(r"<[^>]+>", "", html)
    pdf = _plain(" ".join(subprocess.run(["pdftotext", str(out / "t.pdf"), "-"], capture_output=True, text=True,
                                         check=True).stdout.split()))
    assert "+14,8 procentpunt" in pdf and "gesteld: ‘Huurwaarborg’." in pdf
    import docx

    words = _plain(" ".join(p.text for p in docx.Document(str(out / "t.docx")).paragraphs))
    assert "Voor ‘Woonsituatie’ doen we geen toets op verandering" in words
    for text, where in ((html, "HTML"), (pdf, "PDF"), (words, "Word")):
        _no_sentinel(text, where)


def test_withheld_options_with_different_reasons_and_a_tiny_p(tmp_path):
    """Every option of a multiple-choice question withheld, for two reasons: the question said once, then
    each reason once; a Holm p below 0,001 reads 'p < 0,001' (never 'p = < 0,001')."""
    import pandas as pd

    captions.reset()
    earlier, later = wf.codebooks()
    folder = wf.independent(tmp_path / "w")
    tests = pd.read_csv(folder / "change_tests.csv")
    help_ = tests["table"] == "help"
    tests.loc[help_, ["status", "holds", "p_value", "p_holm"]] = ["withheld", False, float("nan"), float("nan")]
    tests.loc[help_, "reason"] = ["few_changed", "too_few"]
    tests.loc[tests["table"] == "agree", "p_holm"] = 0.0004
    tests.to_csv(folder / "change_tests.csv", index=False)
    sec = section(later, earlier, folder)
    assert _plain(sec.sentences("help")) == (
        "Voor ‘Hulp’ doen we geen toets op verandering. Bij ‘Familie’: in één richting veranderden zo weinig "
        "respondenten van antwoord dat een toets hen zou kunnen aanwijzen. Bij ‘OCMW’: te weinig respondenten "
        "beantwoordden de vraag voor een betrouwbare toets.")
    # agree's p 0,0004 < 0,001; 1 test left in the family (help's two withheld, housing's withheld)
    assert "(Rao-Scott-toets, p < 0,001)" in _plain(sec.sentences("agree"))


def test_paired_sheet_has_no_interval_of_the_difference(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from pipeline.charts.files import Output, workbook_bytes

    sec = _paired(tmp_path)
    sheet = waves_sheet.sheet(sec.comp, sec.cb, sec.earlier, [])
    out = Output("ws_na", "x", [], sec.cb.period.end, [], [sheet], [])
    (tmp_path / "t.xlsx").write_bytes(workbook_bytes(out))
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["Verandering"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][0] == "Verandering tussen voor de workshop en na de workshop: aandeel per antwoord"
    head = next(i for i, r in enumerate(rows) if r[0] == "Vraag")
    table = {r[1]: dict(zip(rows[head], r, strict=False)) for r in rows[head + 1:] if r[1] in ("Ja", "Nee")}
    assert not any(str(c).startswith("95%-interval verschil") for c in rows[head])
    # Ja: 40,0 % of 50 → 63,3 % of 49, +23,3 procentpunt; the exact McNemar test on its first row
    assert table["Ja"]["Aandeel voor de workshop"] == pytest.approx(0.4)
    assert table["Ja"]["Basis na de workshop"] == 49
    assert table["Ja"]["Verschil (procentpunt)"] == pytest.approx(23.3)
    assert table["Ja"]["Toets op verandering"] == "exacte McNemar-toets"
    assert table["Ja"]["Verandering houdt stand"] == "ja"


def test_a_tiny_p_in_the_sheet_reads_as_in_the_report(tmp_path):
    # a disclosure review divided the sheet's Holm p 1,192093e-06 by the 5 tests: 2^-22, the exact McNemar p of
    # 23 changes one way and none the other, which gave back the whole paired table
    import pandas as pd

    openpyxl = pytest.importorskip("openpyxl")
    from pipeline.charts.files import Output, workbook_bytes

    captions.reset()
    earlier, later = wf.paired_codebooks()
    folder = wf.paired(tmp_path / "p")
    tests = pd.read_csv(folder / "change_tests.csv")
    first = tests.index[tests["status"] == "ok"][0]
    tests.loc[first, "p_holm"] = 5 * 2.0 ** -22
    tests.to_csv(folder / "change_tests.csv", index=False)
    sec = section(later, earlier, folder)
    out = Output("ws_na", "x", [], sec.cb.period.end, [], [waves_sheet.sheet(sec.comp, sec.cb, sec.earlier, [])], [])
    (tmp_path / "t.xlsx").write_bytes(workbook_bytes(out))
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(tmp_path / "t.xlsx")["Verandering"].iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[0] == "Vraag")
    column = rows[head].index("p na correctie (Holm)")
    shown = [r[column] for r in rows[head + 1:] if r[column] not in (None, "")]
    assert "<\u00a00,001" in shown
    assert not any(isinstance(v, float) and v < 0.001 for v in shown)


def test_answers_compared_merged_and_questions_left_as_one_row_are_explained(tmp_path):
    import json

    captions.reset()
    earlier, later = wf.codebooks()
    folder = wf.independent(tmp_path / "m")
    info = json.loads((folder / "waves.json").read_text(encoding="utf-8"))
    info["merged"] = {"housing": [{"label": "Opvang of anders", "answers": ["Opvang", "Anders"], "wave": "2022"}]}
    info["not_compared"] = [*info["not_compared"], {"question": "agree", "why": "merged"}]
    (folder / "waves.json").write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    text = _plain(section(later, earlier, folder).others())
    assert ("Sommige antwoorden vergelijken we samen, zoals het rapport van de eerste bevraging (2022) ze samennam; "
            "apart zouden ze een cijfer prijsgeven dat dat rapport verborg: ‘Opvang’ en ‘Anders’ als ‘Opvang of "
            "anders’ bij ‘Woonsituatie’.") in text
    assert ("Niet vergeleken omdat de twee bevragingen de antwoorden zo verschillend samennemen dat er maar één rij "
            "overblijft: ‘Tevreden’.") in text
    assert "merged" not in text and "housing" not in text
