"""Issue 13, "facts that disagree" (Ik stem ook): the verdict says what a bootstrap interval shows,
the size spread has a result, and municipalities without a baseline are named and counted once.
Expected values are counted by hand from the tiny campaign in conftest.py."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from conftest import run_stage
from pipeline.campaign.contract import load_reference
from pipeline.campaign.facts import size_result, size_split, zero_baseline_sentence
from pipeline.campaign.summary import verdict_text


def _summary(mean, ci, met, certain, goal=50):
    return {"target": {"growth_pct": goal, "met": met, "met_with_certainty": certain},
            "partners": {"mean_growth_pct": mean, "mean_growth_ci95_pct": ci}}


def test_verdict_never_claims_certainty_from_a_bootstrap_interval() -> None:
    whole = verdict_text(_summary(73.6, [63.7, 83.2], True, True))
    assert "zekerheid" not in whole and "zeker" not in whole.split()
    assert whole.startswith("Doel gehaald:")
    # it says where the interval lies: its lower bound above the target
    assert "ondergrens van het interval ligt boven 50 %" in whole.replace("\u00a0", " ").replace("\u202f", " ")
    assert "63,7" in whole and "83,2" in whole
    reaching = verdict_text(_summary(55.0, [45.0, 66.0], True, False)).replace("\u00a0", " ").replace("\u202f", " ")
    assert reaching.startswith("Doel gehaald, maar nipt") and "onder 50 %" in reaching
    missed = verdict_text(_summary(40.0, [30.0, 52.0], False, False)).replace("\u00a0", " ").replace("\u202f", " ")
    assert missed.startswith("Doel niet gehaald") and "50 %" in missed


def test_size_split_counts_partners_by_population(tiny_project: Path) -> None:
    summary, table = run_stage(tiny_project)
    population = pd.to_numeric(load_reference().municipalities["population_2020"])
    # partners Antwerpen, Gent, Hasselt, Leuven: all above 20 000 inhabitants; no small partner
    assert size_split(table, population, 20_000) == (4, 0)
    # with the threshold above Gent (≈ 262 000) only Antwerpen (≈ 529 000) is large
    assert size_split(table, population, 300_000) == (1, 3)
    assert size_result(4, 0) == "4 grote en 0 kleine partners"
    assert summary["target"]["size_spread_met"] is False


def test_zero_baseline_names_every_municipality_and_marks_partners(tiny_project: Path) -> None:
    _, table = run_stage(tiny_project)
    # only Hasselt (a partner, NIS 71022) has 0 registered voters on 1 January
    text = zero_baseline_sentence(table)
    assert text == "1 gemeente heeft een beginstand van 0 en dus geen groeipercentage: Hasselt (partnergemeente)."
    assert "71022" not in text


def test_zero_baseline_counts_partners_and_others_alike() -> None:
    table = pd.DataFrame({
        "nis_code": ["31005", "44021", "11002"], "municipality": ["Brugge", "Gent", "Antwerpen"],
        "partner": ["False", "True", "True"], "baseline": [0, 0, 12],
    })
    assert zero_baseline_sentence(table) == (
        "2 gemeenten hebben een beginstand van 0 en dus geen groeipercentage: Brugge en Gent (partnergemeente).")
    table["baseline"] = [3, 4, 12]
    assert zero_baseline_sentence(table).startswith("Geen enkele gemeente")


def test_municipalities_without_figures_are_named(tiny_project: Path, capsys) -> None:
    # The Flemish comparison and 'heel Vlaanderen' were computed over whatever municipalities the file held:
    # 299 of 300 said nothing. The stage line, the report's sentence and the map name them.
    from pipeline.campaign.facts import missing_municipalities, missing_sentence, missing_note

    flemish = pd.DataFrame({"nis_code": ["11001", "11002", "12025", "13001"],
                            "name_nl": ["Aartselaar", "Antwerpen", "Mechelen", "Arendonk"]})
    table = pd.DataFrame({"nis_code": ["11002", "12025"]})
    names = missing_municipalities(table, flemish)
    assert names == ["Aartselaar", "Arendonk"]
    assert missing_sentence(names, 300) == ("Voor 2 van de 300 Vlaamse gemeenten ontbreken de registratiecijfers: "
                                            "Aartselaar en Arendonk. De cijfers voor de andere gemeenten en voor heel "
                                            "Vlaanderen zijn zonder deze gemeenten berekend.")
    assert missing_sentence(["Aartselaar"], 300).startswith("Voor 1 van de 300 Vlaamse gemeenten ontbreken")
    assert "zonder die gemeente berekend" in missing_sentence(["Aartselaar"], 300)
    assert missing_sentence([], 300) == "" and missing_note([]) == ""
    many = [f"G{i}" for i in range(8)]
    assert missing_note(many) == "let op, geen cijfers voor 8 Vlaamse gemeenten: G0, G1, G2, G3, G4 en 3 andere"

    run_stage(tiny_project)  # 7 of the 300 Flemish municipalities: the line says how many are missing
    line = capsys.readouterr()
    assert "geen cijfers voor 293 Vlaamse gemeenten" in line.out + line.err


def test_the_map_tells_missing_from_zero_baseline(tiny_project: Path) -> None:
    import matplotlib.pyplot as plt

    from pipeline.campaign.findings import load_campaign, map_chart

    run_stage(tiny_project)
    chart = map_chart(load_campaign("ik_stem_ook", tiny_project / "processed" / "ik_stem_ook"))
    assert "gearceerd: geen beginstand; wit: geen cijfers." in chart.subtitle
    assert "Voor 293 van de 300 Vlaamse gemeenten ontbreken de registratiecijfers" in chart.alt
    fig = chart.draw("report")
    white = [c for c in fig.axes[0].collections
             if len(c.get_facecolor()) and tuple(c.get_facecolor()[0][:3]) == (1.0, 1.0, 1.0)]
    plt.close(fig)
    assert len(white) == 1 and len(white[0].get_paths()) == 293  # no figures: white; Hasselt (baseline 0): hatched


def test_the_square_maps_subtitle_stays_under_its_title(tiny_project: Path) -> None:
    # with "wit: geen cijfers" the square map's subtitle has five lines; one layout pass put its first line over
    # the title's last (the map's fixed aspect moves the axes, and its title with it, after the layout)
    import matplotlib.pyplot as plt

    from pipeline.campaign.findings import load_campaign, map_chart
    from pipeline.charts import export

    run_stage(tiny_project)
    chart = map_chart(load_campaign("ik_stem_ook", tiny_project / "processed" / "ik_stem_ook"))
    fig = export._framed(chart.draw, "square", chart.title, chart.subtitle, chart.source)
    export.render_social(fig, "square", chart.title, chart.alt)
    renderer = fig.canvas.get_renderer()
    subtitle = fig.axes[0]._left_title.get_window_extent(renderer)
    assert len(fig.axes[0]._left_title.get_text().splitlines()) >= 5
    assert subtitle.y1 <= fig._suptitle.get_window_extent(renderer).y0
    plt.close(fig)
