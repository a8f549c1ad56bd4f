"""The "Ik stem ook" campaign as published: its charts and the sheets of tabellen.xlsx.

The charts stage (pipeline/stages/charts.py) writes what :func:`output` returns, as it does for the
other kinds of analysis; the charts themselves are the report's (pipeline/campaign/findings.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from pipeline import fmt
from pipeline.campaign.findings import growth_chart, load_campaign, map_chart
from pipeline.charts.files import Output, Sheet
from pipeline.publish import NO_PCT



def output(consultation: str, processed: Path) -> Output:
    """The campaign's charts (partner growth, map) and sheets (growth per municipality, summary)."""
    c = load_campaign(consultation, processed)
    growth, summary, start = c.growth, c.summary, c.start
    charts = [growth_chart(c), map_chart(c)]
    marks = [f"{NO_PCT} geen stijging: de gemeente had 0 geregistreerde kiezers op {fmt.date(start)} (beginstand)."]
    intro = [f"Periode: {c.period}. {c.source_base}."]
    if c.synthetic:
        intro.insert(0, "Let op: gemaakt met synthetische voorbeelddata; de cijfers per gemeente zijn verzonnen "
                        "(alleen de Vlaamse totalen zijn echt).")
    return Output(consultation, str(c.cfg.get("title", consultation)), intro, c.end, charts,
                  [_growth_sheet(growth, start, c.end, marks, f"{c.source_base}, n = {fmt.number(len(growth))} gemeenten"),
                   _summary_sheet(summary, c.target, marks, charts[0].source)],
                  marks)


def _growth_sheet(growth: pd.DataFrame, start: dt.date, end: dt.date, marks: list[str], source: str) -> Sheet:
    s, e = fmt.date(start), fmt.date(end)
    spec = [("NIS-code", "nis_code", None), ("Gemeente", "municipality", None), ("Provincie", "province", None),
            ("Partnergemeente", "partner", "yesno"),
            (f"Kiezers {s}", "baseline", "count"), (f"Kiezers {e}", "final", "count"), ("Stijging", "growth_pct", "pct100"),
            (f"EU-kiezers {s}", "baseline_eu", "count"), (f"EU-kiezers {e}", "final_eu", "count"),
            ("Stijging EU", "growth_eu_pct", "pct100"),
            (f"Niet-EU-kiezers {s}", "baseline_non_eu", "count"), (f"Niet-EU-kiezers {e}", "final_non_eu", "count"),
            ("Stijging niet-EU", "growth_non_eu_pct", "pct100")]
    spec = [x for x in spec if x[1] in growth.columns]
    rows = []
    for _, r in growth.iterrows():
        row: list[tuple[object, str | None]] = []
        for _header, col, kind in spec:
            v = r[col]
            if kind is None:
                row.append((str(v), None))
            elif kind == "yesno":
                row.append(("ja" if bool(v) else "nee", None))
            elif pd.isna(v):
                row.append((NO_PCT, "mark"))
            elif kind == "pct100":
                row.append((float(v) / 100, "pct"))
            else:
                row.append((float(v), "count"))
        rows.append(row)
    return Sheet("Groei per gemeente", "Geregistreerde niet-Belgische kiezers en stijging per gemeente",
                 [("Gemeenten", len(growth), "count"), ("Periode", f"{s} tot {e}", None)],
                 [h for h, _c, _k in spec], rows, ["Tekens:", *marks, source],
                 [10, 24, 16, 14] + [14] * (len(spec) - 4), "groei", len(growth))


def _summary_sheet(summary: dict, target: float, marks: list[str], source: str) -> Sheet:
    p, o, t = summary["partners"], summary["nonpartners"] or {}, summary["target"]
    c = summary.get("comparison") or {}
    ci = p.get("mean_growth_ci95_pct") or (None, None)

    def share(value: float | None) -> float | None:  # a percentage ×100 as a share; None stays None
        return None if value is None else value / 100

    yes = {True: "ja", False: "nee", None: NO_PCT}
    items: list[tuple[str, object, str | None]] = [
        ("Partnergemeenten", p["n"], "count"),
        ("Gemiddelde stijging, partnergemeenten", share(p["mean_growth_pct"]), "pct"),
        ("  95%-interval: ondergrens", share(ci[0]), "pct"),
        ("  95%-interval: bovengrens", share(ci[1]), "pct"),
        ("Mediaan stijging, partnergemeenten", share(p.get("median_growth_pct")), "pct"),
        ("Stijging van alle partnergemeenten samen", share(p.get("pooled_growth_pct")), "pct"),
        (f"Partnergemeenten met een stijging van minstens {target:g} %", p["reaching_target"], "count"),
        ("Partnergemeenten zonder beginstand (geen stijging)", len(p.get("zero_baseline", [])), "count"),
        *[(f"Partnergemeenten in {prov}", n, "count") for prov, n in p.get("by_province", {}).items()],
        ("Andere gemeenten", o.get("n", 0), "count"),
        ("Gemiddelde stijging, andere gemeenten", share(o.get("mean_growth_pct")), "pct"),
        ("Stijging van alle andere gemeenten samen", share(o.get("pooled_growth_pct")), "pct"),
        ("Stijging in heel Vlaanderen (alle gemeenten samen)", share(summary["flanders"]["pooled_growth_pct"]), "pct"),
        (f"Doel gehaald: gemiddelde stijging minstens {target:g} %", yes[t.get("met")], None),
        ("Doel gehaald, ook met de ondergrens van het 95%-interval", yes[t.get("met_with_certainty")], None),
        (f"Doel gehaald: minstens {t.get('min_partners')} partnergemeenten", yes[t.get("min_partners_met")], None),
        (f"Doel gehaald: minstens {t.get('min_per_province')} partnergemeenten per provincie",
         yes[t.get("min_per_province_met")], None),
        ("Doel gehaald: spreiding over grote en kleine gemeenten", yes[t.get("size_spread_met")], None),
        ("Gemeenten die campagnemateriaal gebruikten", t.get("material_users"), "count"),
        (f"Doel gehaald: minstens {t.get('min_material_users')} gemeenten met campagnemateriaal",
         yes[t.get("min_material_users_met")], None),
    ]
    if c.get("rate_ratio") is not None:
        items += [("Verhouding stijging partners t.o.v. andere gemeenten (rate ratio)", c["rate_ratio"], "ratio")]
        if c.get("rate_ratio_ci95"):
            items += [("  95%-interval: ondergrens", c["rate_ratio_ci95"][0], "ratio"),
                      ("  95%-interval: bovengrens", c["rate_ratio_ci95"][1], "ratio")]
    rows = [[(label, None), ((NO_PCT, "mark") if value is None else (value, kind))] for label, value, kind in items]
    return Sheet("Samenvatting", "Samenvatting van de campagne Ik stem ook", [], ["Omschrijving", "Waarde"], rows,
                 [source], [62, 14], "samenvatting", None)
