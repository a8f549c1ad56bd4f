"""One chart per finding (issue 13 item 4) and the chart forms of item 2: a Likert battery as one
diverging stacked bar chart, multiple choice sorted by size, the source line clear of the axes.

Expected values are the hand-made shares in each test, not the code's output.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
import re
import xml.etree.ElementTree as ET

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from tests.examples import ensure_analysed  # noqa: E402
from pipeline.charts import export, figures  # noqa: E402
from pipeline.charts import likert as likert_module  # noqa: E402
from pipeline.codebook import Codebook  # noqa: E402
from tiny import TINY_CODEBOOK  # noqa: E402

AGREE = ["Helemaal niet akkoord", "Niet akkoord", "Neutraal", "Akkoord", "Helemaal akkoord"]
SVG_NS = "{http://www.w3.org/2000/svg}"


def _codebook(extra: list[dict]) -> Codebook:
    data = yaml.safe_load(TINY_CODEBOOK)
    data["questions"] += extra
    return Codebook.model_validate(data)


def _scale(name: str, label: str, answers: list[dict] | None = None) -> dict:
    return {"name": name, "source": label, "type": "likert", "label": label,
            "text": f"Hoe akkoord bent u? {label}.",
            "answers": answers or [{"code": f"a{i}", "label": a} for i, a in enumerate(AGREE, 1)]}


def _rows(table: str, shares: list[float | None], kind: str = "frequency", categories=AGREE,
          base: int = 100) -> pd.DataFrame:
    """A one-way table as estimates.csv holds it; None is a suppressed cell."""
    return pd.DataFrame({
        "table": table, "kind": kind, "variable": table, "label": table, "by": np.nan, "group": np.nan,
        "category": list(categories), "n": [np.nan if s is None else round(s * base) for s in shares],
        "base": base, "estimate": [np.nan if s is None else s for s in shares],
        "ci_low": np.nan, "ci_high": np.nan,
        "status": ["suppressed" if s is None else "ok" for s in shares],
        "hidden_reason": ["small" if s is None else "" for s in shares],
    })


# -- Likert ---------------------------------------------------------------------------------------

def test_a_battery_is_consecutive_likert_questions_with_one_scale() -> None:
    three = [{"code": "n", "label": "Nooit"}, {"code": "s", "label": "Soms"}, {"code": "v", "label": "Vaak"}]
    cb = _codebook([_scale("s1", "Stelling een"), _scale("s2", "Stelling twee"), _scale("s3", "Stelling drie"),
                    _scale("freq", "Hoe vaak", three), _scale("s4", "Stelling vier")])
    # s1-s3 share the agree scale and follow each other; "freq" has another scale; s4 stands alone
    # (the tiny codebook's own "agree" has a three-level scale and is followed by a multiple choice)
    assert figures.likert_batteries(cb) == [["s1", "s2", "s3"]]


def test_example_codebooks_batteries() -> None:
    from pipeline.codebook import codebook_for

    # read off the codebooks by hand: the three quality_* statements share the &agree anchor
    assert figures.likert_batteries(codebook_for("nieuwkomers_wonen")) == [
        ["quality_state", "quality_space", "quality_afford"]]
    assert figures.likert_batteries(codebook_for("leerkrachten")) == [["belonging", "valued", "school_policy"]]


def _bars(ax) -> list[tuple[float, float, str]]:
    """(left, width, colour) of every bar segment drawn, rounded."""
    return sorted((round(p.get_x(), 6), round(p.get_width(), 6), matplotlib.colors.to_hex(p.get_facecolor()))
                  for p in ax.patches if isinstance(p, Rectangle) and p.get_height() < 1)


def test_likert_bar_widths_are_the_published_shares() -> None:
    items = [_rows("s1", [0.10, 0.20, 0.30, 0.25, 0.15]), _rows("s2", [0.05, None, 0.40, None, 0.20])]
    fig = figures.likert(items, ["Stelling een", "Stelling twee"], "Titel", "Hoe akkoord bent u?", "Bron: test")
    main, neutral = fig.axes[0], fig.axes[1]
    segs = _bars(main)
    # s1: negatives left of zero, "Niet akkoord" next to zero, "Helemaal niet akkoord" outside it
    assert (0.0, -0.2, likert_module._likert_colours(2, 1, 2)[1]) in segs
    assert (-0.2, -0.1, likert_module._likert_colours(2, 1, 2)[0]) in segs
    assert (0.0, 0.25, likert_module._likert_colours(2, 1, 2)[3]) in segs
    assert (0.25, 0.15, likert_module._likert_colours(2, 1, 2)[4]) in segs
    # s2: "Niet akkoord" and "Akkoord" are hidden: the side stops at zero, nothing drawn as 0 and
    # nothing placed beyond the hidden cell (its width is unknown)
    widths = [w for _x, w, _c in segs]
    assert sorted(widths) == sorted([-0.2, -0.1, 0.25, 0.15])  # only s1's four segments: s2 has none
    assert 0.0 not in widths
    # the neutral answer apart: 30 % and 40 %
    assert sorted(w for _x, w, _c in _bars(neutral)) == [0.3, 0.4]
    notes = [t.get_text() for t in main.texts if "niet getoond" in t.get_text()]
    assert len(notes) == 2 and all(n.startswith("×") for n in notes)  # × = not shown, as in the tables
    labels = [t.get_text() for t in main.texts if "%" in t.get_text()]
    assert {"20 %", "10 %", "25 %", "15 %"} <= {label.replace("\u00a0", " ").replace("\u202f", " ") for label in labels}
    plt.close(fig)


def test_the_neutral_axis_does_not_follow_a_hidden_share() -> None:
    """A disclosure review read a hidden 'Neutraal' (42 of 45) back from the neutral panel's axis in the gallery's
    SVG: its end was the hidden share + 5 points. The charts stage hands the figure every estimate, hidden ones too."""
    items = [_rows("s1", [0.0, 0.0, None, 0.0, 0.0]), _rows("s2", [0.10, 0.20, 0.30, 0.25, 0.15])]
    items[0].loc[items[0]["category"] == AGREE[2], ["estimate", "n"]] = [42 / 45, 42]  # hidden, number still there
    fig = figures.likert(items, ["Stelling een", "Stelling twee"], "Titel", "Hoe akkoord bent u?", "Bron: test")
    assert fig.axes[1].get_xlim() == (0.0, 0.5)  # from the shown 30 % only (at least half the scale)
    plt.close(fig)


def test_a_likert_side_with_two_hidden_answers_names_both() -> None:
    """leerkrachten: a row with 'Helemaal niet akkoord' and 'Niet akkoord' both hidden said only
    "× niet akkoord niet getoond", so a reader could think the other one was 0."""
    items = [_rows("s1", [None, None, 0.40, 0.30, 0.10])]
    fig = figures.likert(items, ["Stelling een"], "Titel", "Hoe akkoord bent u?", "Bron: test")
    notes = [" ".join(t.get_text().split()) for t in fig.axes[0].texts if "niet getoond" in t.get_text()]
    assert notes == ["× niet akkoord, helemaal niet akkoord niet getoond"]
    plt.close(fig)


def test_likert_title_and_alt_text_are_dutch_and_from_published_shares() -> None:
    cb = _codebook([_scale("s1", "Mijn woning is betaalbaar"), _scale("s2", "Mijn woning is groot genoeg")])
    est = pd.concat([_rows("s1", [0.10, 0.20, 0.30, 0.25, 0.15]), _rows("s2", [0.05, 0.05, 0.30, 0.40, 0.20])])
    items, labels, title, subtitle = figures.likert_parts(cb, est, ["s1", "s2"])
    # s2 has the largest positive share: 40 % + 20 % = 60 %
    assert title == "‘Mijn woning is groot genoeg’: 60\u202f% akkoord of helemaal akkoord"  # % kept with its number
    assert subtitle == "Hoe akkoord bent u? Aandeel per antwoord, per stelling."
    alt = figures.likert_alt(items, labels, title, subtitle, "Bron: test")
    assert "Mijn woning is betaalbaar: helemaal niet akkoord 10,0\u202f%, niet akkoord 20,0\u202f%" in alt
    assert "?." not in alt and "a1" not in alt


# -- multiple choice -------------------------------------------------------------------------------

def test_multiple_choice_is_sorted_by_size_with_residual_answers_last() -> None:
    cats = ["Anders", "Familie", "OCMW", "Geen van deze", "Buren", "Vereniging", "Geen netwerk"]
    t = _rows("help", [0.50, 0.20, 0.60, 0.10, None, 0.05, 0.30], kind="multiple", categories=cats)
    # by hand: OCMW 60 %, Geen netwerk 30 % (an option, not "none"), Familie 20 %, Vereniging 5 %;
    # then Anders and Geen van deze in codebook order; the hidden Buren last
    expected = ["OCMW", "Geen netwerk", "Familie", "Vereniging", "Anders", "Geen van deze", "Buren"]
    assert list(figures.order_rows(t)["category"]) == expected
    fig = figures.bars(t, "Titel", "Vraag?", "Bron: test")
    ticks = [tk.get_text() for tk in fig.axes[0].get_yticklabels()][::-1]  # top to bottom
    assert ticks == expected
    plt.close(fig)
    # "never" answers are the "none" of a list of reasons (nieuwkomers_wonen: "Ik werd nooit geweigerd")
    reasons = _rows("why", [0.40, 0.10, 0.25], kind="multiple",
                    categories=["Ik werd nooit geweigerd", "Mijn naam", "Zonder reden"])
    assert list(figures.order_rows(reasons)["category"]) == ["Zonder reden", "Mijn naam", "Ik werd nooit geweigerd"]
    assert [figures.is_residual(x) for x in ("Nooit", "Ik heb nooit gezocht", "Nooit alleen", "Mijn nood")] == \
        [True, True, True, False]
    # themes: the row of answers without a theme goes last, whatever its size
    themes = _rows("themes__x", [0.40, 0.10, 0.25], kind="multiple", categories=["Geen thema", "Taal", "Werk"])
    assert list(figures.order_rows(themes)["category"]) == ["Werk", "Taal", "Geen thema"]
    # a single choice keeps its answer order (it may be a scale)
    single = _rows("q", [0.5, 0.2, 0.3], categories=["Nooit", "Soms", "Vaak"])
    assert list(figures.order_rows(single)["category"]) == ["Nooit", "Soms", "Vaak"]


def test_alt_text_has_no_question_mark_followed_by_a_full_stop() -> None:
    t = _rows("gender", [0.5, 0.5], categories=["Vrouw", "Man"])
    alt = figures.alt_text(t, "Titel", "Wat is uw gender?", "Bron: test")
    assert "Vraag: Wat is uw gender? Vrouw" in alt and "?." not in alt


# -- the source line stays clear of the axes --------------------------------------------------------

def _clear_of_source(fig) -> int:
    """How many axes were checked to end above the source line (each asserted here)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    source = [t for t in fig.texts if t.get_text().startswith("Bron")][0]
    top_of_source = source.get_window_extent(renderer).y1
    checked = 0
    for ax in fig.axes:
        if not ax.get_visible() or not ax.axison and not ax.texts:
            continue
        bottom = ax.get_tightbbox(renderer).y0
        assert bottom > top_of_source, f"{ax}: {bottom} ≤ {top_of_source}"
        checked += 1
    return checked


@pytest.mark.parametrize("shape", ["report", "square", "wide"])
def test_source_line_clear_of_axis_labels(shape: str) -> None:
    t = _rows("help", [0.5, 0.2, 0.6], kind="multiple", categories=["A", "B", "C"])
    fig = figures.bars(t, "Titel", "Vraag?", "Bron: LEVL, een lange bronregel die over twee regels kan lopen, "
                                              "synthetische voorbeelddata, n = 100", shape)
    ax = fig.axes[0]
    ax.set_xlabel("procentpunt (een aslabel onder de as)")
    figures.reserve_footer(fig)
    assert _clear_of_source(fig) == 1  # the bar chart's one axes, with its label, above the source
    plt.close(fig)
    items = [_rows("s1", [0.10, 0.20, 0.30, 0.25, 0.15]), _rows("s2", [0.05, 0.05, 0.30, 0.40, 0.20])]
    fig = figures.likert(items, ["Een", "Twee"], "Titel", "Vraag", "Bron: test, n = 100", shape)
    assert _clear_of_source(fig) >= 2  # the main and neutral axes (their legend included) above the source
    plt.close(fig)


def test_a_figure_framed_without_layout_gets_room_for_its_source() -> None:
    fig, ax = plt.subplots(figsize=(7, 4))  # as a report notebook makes one
    ax.barh([0, 1], [3, 4])
    ax.set_xlabel("stijging geregistreerde kiezers (%)")
    figures.frame(fig, "Titel", "Ondertitel", "Bron: LEVL, Ik stem ook 2024 (synthetische voorbeelddata)")
    assert _clear_of_source(fig) == 1
    plt.close(fig)


# -- report and gallery: one function per finding ----------------------------------------------------

def _svg_texts_and_fills(svg: bytes) -> tuple[str, set[str]]:
    root = ET.fromstring(svg)
    texts = " ".join("".join(el.itertext()) for el in root.iter(f"{SVG_NS}text"))
    fills = set(re.findall(r"fill:\s*(#[0-9a-f]{6})", svg.decode("utf-8")))
    return " ".join(texts.split()), fills


def test_report_notebook_draws_the_gallerys_campaign_charts() -> None:
    from pipeline.io import ROOT

    source = (ROOT / "surveys" / "ik_stem_ook" / "report.py").read_text(encoding="utf-8")
    # the notebook draws through the finding functions only, never its own copy of the plot calls
    assert "growth_chart(" in source and "map_chart(" in source
    assert "plot_map(" not in source and "plot_partner_growth(" not in source and "frame(" not in source


def test_campaign_report_and_gallery_figures_are_one(tmp_path) -> None:
    from pipeline.campaign.findings import growth_chart, load_campaign
    from pipeline.io import ROOT
    from pipeline.stages import charts as stage

    if not (ROOT / "processed" / "ik_stem_ook" / "summary.json").exists():
        from pipeline.campaign import stage as campaign_stage

        campaign_stage.run("ik_stem_ook")
    chart = growth_chart(load_campaign("ik_stem_ook"))  # what the report notebook shows
    fig = chart.draw("report")
    report_svg = export.render_svg(fig, chart.title, chart.alt)
    plt.close(fig)
    out = stage.load("ik_stem_ook")
    gallery = {c.name: c for c in out.charts}["groei_partnergemeenten"]
    paths = export.export_chart(gallery.draw, gallery.name, tmp_path, gallery.title, gallery.subtitle,
                                gallery.source, gallery.alt)
    gallery_svg = paths[0].read_bytes()
    (r_text, r_fill), (g_text, g_fill) = _svg_texts_and_fills(report_svg), _svg_texts_and_fills(gallery_svg)
    assert r_fill == g_fill and "#1b6ca8" in r_fill and "#e69f00" in r_fill  # LEVL blue, accent orange
    for part in (gallery.title, "Bron: LEVL"):
        words = " ".join(part.split()[:6])
        assert words in r_text and words in g_text
    assert "partnergemeenten haalden een stijging van minstens 50" in r_text  # the config's target: 50 %


def test_gallery_has_the_net_discrimination_chart_of_the_report() -> None:
    from pipeline.io import ROOT
    from pipeline.analyses.correspondence.report import Correspondence
    from pipeline.stages import charts as stage

    ensure_analysed("praktijktesten")  # a fresh clone has no processed/ yet
    out = stage.load("praktijktesten")
    net = {c.name: c for c in out.charts}["netto_discriminatie"]
    c = Correspondence("praktijktesten")
    fig, alt = c.figure()  # what c.chart() shows in the report
    assert fig.get_suptitle().replace("\n", " ").replace("\u00a0", " ") == net.title and alt == net.alt
    assert net.title.startswith("Het minderheidsprofiel kreeg ")
    plt.close(fig)


def test_report_draws_a_battery_once_where_a_statement_is_asked(monkeypatch) -> None:
    from pipeline.io import ROOT
    from pipeline.report import blocks

    ensure_analysed("nieuwkomers_wonen")  # a fresh clone has no processed/ yet
    shown: list[tuple[str, str]] = []

    def capture(fig, alt: str, dpi: int = 200) -> None:
        shown.append((fig.get_suptitle(), alt))
        plt.close(fig)

    monkeypatch.setattr(blocks, "show_figure", capture)
    r = blocks.Report("nieuwkomers_wonen")
    r.figure("quality_afford")  # as the report notebook asks
    r.figure("quality_state")  # another statement of the same battery: already drawn
    r.figure("help")
    assert len(shown) == 2
    assert shown[0][1].startswith("Gestapeld staafdiagram.")
    for statement in ("Mijn woning is in goede staat", "Mijn woning is groot genoeg voor mijn gezin",
                      "Mijn woning is betaalbaar voor mij"):
        assert f"{statement}:" in shown[0][1]
    assert shown[1][1].startswith("Staafdiagram.")
    assert {"quality_state", "quality_space", "quality_afford", "help"} <= set(r.shown)


def test_wrapped_chart_text_keeps_numbers_with_their_unit() -> None:
    # 50 letters + " 73,6" is exactly 55 characters, the square width: plain wrapping would leave
    # "%" alone on the next line; likewise "1" and "januari", "n" and "= 296"
    text = "x" * 50 + " 73,6 % tussen " + "y" * 46 + " 1 januari 2024, " + "z" * 50 + " n = 296"
    lines = figures.wrap(text, "square").split("\n")
    assert lines[1].startswith("73,6\u00a0%")
    assert any(line.startswith("1\u00a0januari") for line in lines)
    assert lines[-1] == "n\u00a0=\u00a0296"


def test_a_bar_chart_marks_an_uncertain_share_as_the_tables_do() -> None:
    """Bar charts printed '32 %' where the table and the Likert charts print '32 %*' (30 to 59 answers)."""
    t = _rows("q", [0.32, 0.68], categories=["Ja", "Nee"], base=45)
    t["status"] = ["flagged", "flagged"]
    t["ci_low"], t["ci_high"] = [0.2, 0.53], [0.47, 0.8]
    fig = figures.bars(t, "Titel", "Vraag", "Bron: test")
    labels = {" ".join(x.get_text().replace("\u202f", " ").replace("\u00a0", " ").split()) for x in fig.axes[0].texts}
    assert {"32 %*", "68 %*"} <= labels
    plt.close(fig)


def test_a_battery_with_different_bases_gives_each_n() -> None:
    # leerkrachten: three statements answered by 37, 37 and 36 teachers; the chart said "n = 37" for all
    from pipeline.analyses.frequencies.charts import _likert_chart

    cb = _codebook([_scale("s1", "Stelling een"), _scale("s2", "Stelling twee")])
    est = pd.concat([_rows("s1", [0.10, 0.20, 0.30, 0.25, 0.15], base=37),
                     _rows("s2", [0.05, 0.05, 0.30, 0.40, 0.20], base=36)])
    chart = _likert_chart(cb, est, ["s1", "s2"])
    assert chart.source.endswith(", n = 36–37")
    assert "n = 36–37." in chart.alt
    same = _likert_chart(cb, pd.concat([_rows("s1", [0.1] * 5, base=37), _rows("s2", [0.1] * 5, base=37)]),
                         ["s1", "s2"])
    assert same.source.endswith(", n = 37")


def test_no_chart_of_a_table_whose_every_share_is_hidden(tmp_path) -> None:
    # ondernemers' gallery had a chart of "×" bars only and leerkrachten's one of "–" bars only
    from pipeline.analyses.frequencies.charts import publication

    cb = _codebook([{**_scale(n, n), "type": "single_choice"} for n in ("s1", "s2", "s3")])  # no battery
    hidden = _rows("s1", [None, None, None, None, None])
    no_pct = _rows("s2", [0.1, 0.2, 0.3, 0.2, 0.2]).assign(status="base_too_small")
    shown = _rows("s3", [0.1, 0.2, 0.3, 0.2, 0.2])
    part = publication(cb, pd.concat([hidden, no_pct, shown]), tmp_path, [])
    assert [c.name for c in part.charts] == ["s3"]
    assert any("Geen grafiek van deze vragen" in line and "‘s1’; ‘s2’" in line for line in part.intro)
    # a battery of statements that are all hidden: no diverging chart either
    battery = _codebook([_scale("s1", "s1"), _scale("s2", "s2")])
    part = publication(battery, pd.concat([hidden, _rows("s2", [None] * 5)]), tmp_path, [])
    assert part.charts == [] and "‘s1’; ‘s2’" in part.intro[-1]
    part = publication(battery, pd.concat([hidden, _rows("s2", [0.2] * 5)]), tmp_path, [])
    assert [c.name for c in part.charts] == ["stellingen_s1"]  # one statement shown: the battery's chart


def test_report_shows_no_blank_chart_but_says_why(monkeypatch) -> None:
    from pipeline.io import ROOT
    from pipeline.report import blocks

    ensure_analysed("nieuwkomers_wonen")  # a fresh clone has no processed/ yet
    shown, said = [], []
    monkeypatch.setattr(blocks, "show_figure", lambda fig, alt, dpi=200: (shown.append(alt), plt.close(fig)))
    monkeypatch.setattr(blocks, "display", lambda obj, **kw: said.append(getattr(obj, "data", obj)))
    r = blocks.Report("nieuwkomers_wonen")
    help_rows = r.estimates["table"] == "help"
    r.estimates.loc[help_rows, "status"] = "suppressed"  # every share of one question hidden
    battery = r.estimates["table"].isin(["quality_state", "quality_space", "quality_afford"])
    r.estimates.loc[battery, "status"] = "base_too_small"
    r.figure("help")
    r.figure("quality_afford")
    assert shown == []
    assert "Geen grafiek van ‘" in said[0] and "te kleine groep" in said[0]
    assert said[1].startswith("*Geen grafiek van de stellingen ‘")
    assert "help" not in r.shown and {"help", "quality_afford"} <= set(r.withheld)


def test_percent_ticks_are_never_rounded_to_a_wrong_value() -> None:
    # ticks 2,5 % apart were labelled "0 %, 3 %, 5 %, 8 %, 10 %, 13 %" (ondernemers' gallery)
    from pipeline.charts import style

    assert [style.percent_tick(x) for x in (0, 0.025, 0.05, 0.075, 0.2)] == [
        "0\u202f%", "2,5\u202f%", "5\u202f%", "7,5\u202f%", "20\u202f%"]
    t = _rows("q", [None, None, None], categories=["a", "b", "c"])
    fig = figures.bars(t.assign(status="suppressed"), "Titel", "Vraag", "Bron: test")
    fig.canvas.draw()
    ticks = [tk.get_text() for tk in fig.axes[0].get_xticklabels()]
    assert "3\u202f%" not in ticks and "8\u202f%" not in ticks
    plt.close(fig)


def test_a_report_chart_explains_its_marks_beside_it(monkeypatch) -> None:
    # "47 %*" and "×" on leerkrachten's charts were explained only in the appendix, pages away
    from pipeline.io import ROOT
    from pipeline.report import blocks

    ensure_analysed("nieuwkomers_wonen")  # a fresh clone has no processed/ yet
    said = []
    monkeypatch.setattr(blocks, "show_figure", lambda fig, alt, dpi=200: plt.close(fig))
    monkeypatch.setattr(blocks, "display", lambda obj, **kw: said.append(getattr(obj, "data", obj)))
    r = blocks.Report("nieuwkomers_wonen")
    rows = r.estimates.index[r.estimates["table"] == "help"]
    r.estimates.loc[rows, "status"] = "ok"
    r.figure("help")
    assert "onzeker" not in said[-1] and "niet getoond" not in said[-1].lower()
    r.estimates.loc[rows[0], "status"] = "flagged"
    r.estimates.loc[rows[1:3], "status"] = "suppressed"
    r.figure("help")
    assert "* onzeker: gebaseerd op 30 tot 59 respondenten" in said[-1].replace("\\", "")
    hidden = r.estimates.loc[rows[1:3], "category"]
    assert f"Niet getoond (×): {hidden.iloc[0]}; {hidden.iloc[1]}" in said[-1].replace("\\", "")


def test_a_crosstab_without_a_hidden_groups_size_says_its_base_counts_the_groups_shown(monkeypatch) -> None:
    # ondernemers: "Bankkrediet geweigerd, naar regio van herkomst. Basis: 35 respondenten" beside 45 elsewhere
    from pipeline.io import ROOT
    from pipeline.report import blocks

    ensure_analysed("nieuwkomers_wonen")  # a fresh clone has no processed/ yet
    said = []
    monkeypatch.setattr(blocks, "display", lambda obj, **kw: said.append(getattr(obj, "data", obj)))
    r = blocks.Report("nieuwkomers_wonen")
    e = r.estimates
    name = e.loc[e["kind"] == "crosstab", "table"].iloc[0]
    rows = e["table"] == name
    r.table(name, by_label="x")
    assert "in de getoonde groepen" not in said[-1]
    first = e.loc[rows, "group"].iloc[0]
    hide = rows & (e["group"] == first)
    r.estimates.loc[hide, ["base", "status"]] = [float("nan"), "suppressed"]  # the group hidden with its size
    shown_base = int(e.loc[rows & ~hide].groupby("group")["base"].max().sum())
    r.table(name, by_label="x")
    assert f"Basis: {shown_base} respondenten in de getoonde groepen." in said[-1]


@pytest.mark.parametrize("shape", ["report", "square", "wide"])
def test_a_likert_note_stays_inside_its_chart(shape) -> None:
    # nieuwkomers_wonen: "× niet akkoord, helemaal niet akkoord niet getoond" ran into the statement's label
    items = [_rows("s1", [0.10, 0.20, 0.30, 0.25, 0.15]), _rows("s2", [None, None, 0.30, 0.45, 0.25])]
    fig = figures.likert(items, ["Mijn woning is in goede staat", "Mijn woning is groot genoeg voor mijn gezin"],
                         "Titel", "Vraag", "Bron: test", shape)
    fig.canvas.draw()
    ax = fig.axes[0]
    note = next(t for t in ax.texts if "niet getoond" in t.get_text())
    box = note.get_window_extent()
    assert box.x0 >= ax.bbox.x0 - 1, (box.x0, ax.bbox.x0)
    plt.close(fig)


@pytest.mark.parametrize(("call", "words"), [
    # a review of unseen exports: each printed nothing, an IndexError, or the mean as a bar of 3.866,7 %
    (lambda r: r.say("barriers_typo"), "r.say: 'barriers_typo' is geen vraag of tabel"),
    (lambda r: r.figure("hulp"), "r.figure: 'hulp' is geen vraag of tabel"),
    (lambda r: r.figure("age"), "r.figure: 'age' is een getal"),
    (lambda r: r.likert_figure(["quality_state", "quality_staat"]), "bedoelt u 'quality_state'?"),
    (lambda r: r.key_messages(["discrimination", "discriminatoin"]), "r.key_messages: 'discriminatoin'"),
])
def test_a_mistyped_name_in_the_report_notebook_is_one_dutch_message(monkeypatch, call, words):
    from pipeline.errors import ConfigError
    from pipeline.report import blocks

    ensure_analysed("nieuwkomers_wonen")
    monkeypatch.setattr(blocks, "show_figure", lambda fig, alt, dpi=200: plt.close(fig))
    monkeypatch.setattr(blocks, "display", lambda *a, **k: None)
    with pytest.raises(ConfigError) as err:
        call(blocks.Report("nieuwkomers_wonen"))
    assert words in str(err.value)
    assert "surveys/nieuwkomers_wonen/report.py" in str(err.value)


def test_a_sentence_among_key_messages_is_the_researchers_own(monkeypatch):
    from pipeline.report import blocks

    ensure_analysed("nieuwkomers_wonen")
    said = []
    monkeypatch.setattr(blocks, "display", lambda md, *a, **k: said.append(getattr(md, "data", str(md))))
    blocks.Report("nieuwkomers_wonen").key_messages(["discrimination", "Een zin van de onderzoekers."])
    assert "Een zin van de onderzoekers." in said[0]


@pytest.mark.parametrize("consultation", ["nieuwkomers_wonen", "nieuwkomers_wonen_2026"])
def test_a_chart_whose_rounded_parts_miss_its_headline_says_so(monkeypatch, consultation) -> None:
    # leerkrachten's figure titled "62 % voelt zich thuis …" labels its two answers 41 % and 22 % (63 %): the
    # caption now says the rounding does it. The shares are read from estimates.csv and summed by hand here.
    from pipeline.io import ROOT
    from pipeline.report import blocks

    ensure_analysed(consultation)
    said = []
    monkeypatch.setattr(blocks, "show_figure", lambda fig, alt, dpi=200: plt.close(fig))
    monkeypatch.setattr(blocks, "display", lambda obj, **kw: said.append(getattr(obj, "data", obj)))
    r = blocks.Report(consultation)
    est = pd.read_csv(ROOT / "processed" / consultation / "estimates.csv", keep_default_na=False, na_values=[""])
    heads = pd.read_csv(ROOT / "processed" / consultation / "headlines.csv", keep_default_na=False, na_values=[""])
    checked = mismatches = 0
    for name in heads["variable"]:
        q = r.cb.by_name[name]
        parts = est[(est["table"] == name) & est["by"].isna() & est["category"].isin(q.headline_categories)]
        if q.type not in ("single_choice", "likert") or len(parts) < 2 or not parts["status"].isin(["ok", "flagged"]).all():
            continue
        shares = list(parts["estimate"])
        rounded = sum(int(Decimal(str(x * 100)).quantize(Decimal("1"), ROUND_HALF_UP)) for x in shares)
        total = int(Decimal(str(sum(shares) * 100)).quantize(Decimal("1"), ROUND_HALF_UP))
        said.clear()
        r = blocks.Report(consultation)  # a battery is drawn once per report: a fresh one per question
        r.figure(name, detail=False)
        caption = " ".join(str(x) for x in said)
        # a battery's caption ("Stellingen: …") names the statement of each note: its other statements have their own
        which = f" \\\\?\\(‘{re.escape(q.label)}’\\\\?\\)" if "Stellingen:" in caption else ""  # Markdown escapes ( and )
        note = re.search(f"Door afronding is {total}\u202f%{which} niet precies de som", caption)
        assert bool(note) == (rounded != total), (name, rounded, total, caption)
        if rounded != total:
            mismatches += 1
        checked += 1
    assert checked >= 1
    if consultation == "nieuwkomers_wonen_2026":  # 18 % and 15 % beside 32 %: the note is really made somewhere
        assert mismatches >= 1


def test_a_label_that_is_both_title_and_question_is_printed_once() -> None:
    # leerkrachten's theme charts and the gallery's "Gender" chart had their label as title and again as subtitle
    t = _rows("gender", [0.5, 0.3, 0.2], categories=["Man", "Vrouw", "X"])
    fig = figures.bars(t, "Gender", "Gender.", "Bron: test")
    assert fig.get_suptitle() == "Gender" and fig.axes[0].get_title(loc="left") == ""
    plt.close(fig)
    assert "Vraag:" not in figures.alt_text(t, "Gender", "Gender.", "Bron: test")
    fig = figures.bars(t, "50 % is man", "Wat is uw gender?", "Bron: test")
    assert fig.axes[0].get_title(loc="left") == "Wat is uw gender?"
    plt.close(fig)
    assert "Vraag: Wat is uw gender?" in figures.alt_text(t, "50 % is man", "Wat is uw gender?", "Bron: test")


def test_a_share_is_written_on_its_segment_only_when_it_fits() -> None:
    # ondernemers' square image wrote '11 %*' across a narrower segment: its '*' (onzeker) fell on the white.
    # A statement with a long label leaves a narrow axis: 7,5 % of it is narrower than '8 %*' at 8 pt.
    import io

    from pipeline.charts import likert as lk

    def svg_text(share: float, shape: str) -> str:
        t = _rows("s1", [0.05, 0.55 - share, 0.30, 0.30, share])
        t.loc[4, "status"] = "flagged"
        fig = lk.likert([t], ["Stelling een met een lange tekst die over meerdere regels loopt"], "Titel", "Vraag",
                        "Bron", shape)
        buf = io.BytesIO()
        fig.savefig(buf, format="svg")  # text stays text (svg.fonttype none): what is drawn can be read
        plt.close(fig)
        return buf.getvalue().decode()

    assert "8\u202f%*" not in svg_text(0.075, "square")
    assert "13\u202f%*" in svg_text(0.13, "square")  # a segment with room keeps its label
    assert "30\u202f%" in svg_text(0.075, "square")


def test_a_neutral_share_that_does_not_fit_its_bar_is_written_past_its_end() -> None:
    # verkiezingsateliers_voor: the neutral column's 22 % had no label (27 % and 31 % beside it had one); the neutral
    # bar has nothing to its right, so its share goes just past its end, in dark text, never over the bar
    import io

    from pipeline.charts import likert as lk

    t = _rows("s1", [0.20, 0.20, 0.12, 0.24, 0.24])
    for shape in ("report", "square", "wide"):
        fig = lk.likert([t], ["Ik weet hoe ik moet stemmen"], "Titel", "Vraag", "Bron", shape)
        buf = io.BytesIO()
        fig.savefig(buf, format="svg")
        ax_neu = fig.axes[1]
        renderer = fig.canvas.get_renderer()
        bar = ax_neu.patches[0].get_window_extent(renderer)
        label = next(a for a in ax_neu.get_children() if isinstance(a, lk._SegmentLabel))
        label.draw(renderer)  # as the last draw placed it
        box = label.get_window_extent(renderer)
        plt.close(fig)
        assert "12\u202f%" in buf.getvalue().decode(), shape
        assert box.x0 >= bar.x1 and label.get_color() == "#222222", shape
