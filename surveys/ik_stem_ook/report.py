# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# "Ik stem ook" (LEVL met ORBIT vzw, De Wakkere Burger, VVSG en lokale besturen) moedigde
# niet-Belgische inwoners aan om zich als kiezer te registreren voor de gemeenteraadsverkiezingen
# van 13 oktober 2024. Dit rapport toetst de meetbare doelen van de campagne.

# %% tags=["parameters"]
consultation = "ik_stem_ook"
renderer = "onbekend"

# %%
import json
from urllib.parse import urlparse

import pandas as pd
from IPython.display import Markdown, display

from pipeline import fmt
from pipeline.campaign.contract import load_reference
from pipeline.campaign.facts import (missing_municipalities, missing_sentence, size_result, size_split,
                                     zero_baseline_sentence)
from pipeline.campaign.findings import growth_chart, load_campaign, map_chart
from pipeline.campaign.stage import load_config
from pipeline.campaign.summary import comparison_absent_reason, verdict_text
from pipeline.charts import style
from pipeline.io import PACKAGE, ROOT
from pipeline.report.blocks import show_figure
from pipeline.report.captions import figure_caption, table_caption
from pipeline.report.text import code, md

style.use()
processed = ROOT / "processed" / consultation
summary = json.loads((processed / "summary.json").read_text(encoding="utf-8"))
growth = pd.read_csv(processed / "growth_by_municipality.csv", dtype={"nis_code": str})
provenance = json.loads((processed / "provenance.json").read_text(encoding="utf-8"))
t, p = summary["target"], summary["partners"]
targets = load_config(ROOT / "surveys" / consultation / "config.yml")["targets"]
population = pd.to_numeric(load_reference().municipalities[targets.population_column])
n_large, n_small = size_split(growth, population, targets.large_from_population)
flemish = load_reference().flemish
missing = missing_sentence(missing_municipalities(growth, flemish), len(flemish))  # '' when none is missing


def yes(ok):
    return "✓ gehaald" if ok else "✗ niet gehaald"


display(Markdown(
    "> **Let op:** de cijfers per gemeente in dit rapport zijn *synthetische voorbeelddata*; alleen de "
    "Vlaamse totalen zijn de echte, gepubliceerde cijfers. Het echte rapport volgt wanneer de cijfers per "
    "gemeente van FOD Binnenlandse Zaken beschikbaar zijn."
))

# %% [markdown]
# ## De doelen in één oogopslag

# %%
rows = [
    ("Gemiddelde stijging in de partnergemeenten", f"≥ {fmt.pct_points(t['growth_pct'], 0)}",
     f"{fmt.pct_points(p['mean_growth_pct'])} (95%-interval {fmt.pct_points(p['mean_growth_ci95_pct'][0])}–"
     f"{fmt.pct_points(p['mean_growth_ci95_pct'][1])})" if p["mean_growth_ci95_pct"] else fmt.pct_points(p["mean_growth_pct"]),
     yes(t["met"])),
    ("Aantal partnergemeenten", f"≥ {t['min_partners']}", str(p["n"]), yes(t["min_partners_met"])),
    ("Partners per provincie", f"≥ {t['min_per_province']} in elke provincie",
     ", ".join(f"{k} {v}" for k, v in p["by_province"].items()), yes(t["min_per_province_met"])),
    ("Spreiding over grote en kleine gemeenten",
     f"≥ {targets.min_large} grote en ≥ {targets.min_small} kleine partners "
     f"(groot: ≥ {fmt.number(targets.large_from_population)} inwoners)",
     size_result(n_large, n_small), yes(t["size_spread_met"])),
    ("Gemeenten die het campagnemateriaal gebruikten", f"≥ {t['min_material_users']}",
     fmt.number(t["material_users"]) if t["material_users"] is not None else "geen gegevens",
     yes(t["min_material_users_met"]) if t["min_material_users_met"] is not None else "–"),
]
table = "| Doel | Streefcijfer | Resultaat | Oordeel |\n|:---|:---|:---|:---|\n" + "\n".join(
    f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)
display(Markdown(f"**{verdict_text(summary)}**\n\n{table_caption('De doelen van de campagne')}\n\n{table}"))

# %% [markdown]
# De "gemiddelde stijging" is het gewone gemiddelde van de groeipercentages van de
# partnergemeenten (elke gemeente telt even zwaar), tussen 1 januari 2024 en 1 augustus 2024.
# Het interval is een bootstrap-interval (BCa, herhaalbaar berekend): het toont hoe stabiel dit gemiddelde
# is, hoeveel het zou veranderen met een paar andere partnergemeenten; de partners zelf zijn geen
# steekproef.

# %%
campaign = load_campaign(consultation)
chart = growth_chart(campaign)  # the same function draws the gallery's chart and its social sizes
display(Markdown(figure_caption("Stijging per partnergemeente", key="groei")))
show_figure(chart.draw("report"), chart.alt)

# %% [markdown]
# ## Stijging per gemeente in heel Vlaanderen

# %%
chart = map_chart(campaign)
display(Markdown(figure_caption("Stijging per gemeente in het Vlaams Gewest", key="kaart")))
show_figure(chart.draw("report"), chart.alt)

# %% [markdown]
# ## Partners tegenover de rest van Vlaanderen

# %%
c, n = summary["comparison"], summary["nonpartners"]
if missing:
    display(Markdown(md(missing)))
if c is None:
    display(Markdown(comparison_absent_reason(summary)))
else:
    ratio = c["rate_ratio"]
    lines = [
        ("Gemiddelde stijging, partnergemeenten", fmt.pct_points(p["mean_growth_pct"])),
        ("Gemiddelde stijging, andere Vlaamse gemeenten", fmt.pct_points(n["mean_growth_pct"])),
        ("Gepoolde stijging, partners (som augustus / som januari − 1)", fmt.pct_points(p["pooled_growth_pct"])),
        ("Gepoolde stijging, andere gemeenten", fmt.pct_points(n["pooled_growth_pct"])),
        ("Gepoolde stijging, heel Vlaanderen (ter info)", fmt.pct_points(summary["flanders"]["pooled_growth_pct"])),
        ("Verschil in gemiddelde log-groei (partners − andere)", fmt.number(c["log_growth_difference"], 3)),
        ("Welch-toets (eenzijdig), p", fmt.p_value(c["welch_p_one_sided"])),
        ("Mann–Whitney-toets (eenzijdig), p", fmt.p_value(c["mann_whitney_p_one_sided"])),
        ("Permutatietoets (eenzijdig), p", fmt.p_value(c["permutation_p_one_sided"])),
        ("Verhouding van de groei (quasi-Poisson), 95%-interval",
         f"{fmt.number(ratio, 2)} ({fmt.number(c['rate_ratio_ci95'][0], 2)}–{fmt.number(c['rate_ratio_ci95'][1], 2)})"),
        ("Idem, rekening houdend met de provincie", fmt.number(c["rate_ratio_province_adjusted"], 2)),
    ]
    if c["did_log_growth"] is not None:
        lines += [("Verschil-in-verschil met 2018 (log-groei)", fmt.number(c["did_log_growth"], 3)),
                  ("Verschil-in-verschil, eenzijdige p", fmt.p_value(c["did_p_one_sided"]))]
    body = "\n".join(f"| {a} | {b} |" for a, b in lines)
    display(Markdown(table_caption("Partnergemeenten tegenover de andere Vlaamse gemeenten") + "\n\n"
                     f"| Maat | Waarde |\n|:---|---:|\n{body}\n\n"
                     "Partnergemeenten kozen zelf om mee te doen. Het verschil-in-verschil vergelijkt daarom "
                     "ook met de groei in dezelfde gemeenten in 2018: wat daarna overblijft, is een betere "
                     "schatting van het effect van de campagne dan het ruwe verschil."))

# %% [markdown]
# ## De gewestelijke cijfers als context (echte, gepubliceerde cijfers)

# %%
PUBLISHERS = {"nieuwsblad.be": "Het Nieuwsblad", "standaard.be": "De Standaard", "rtl.be": "RTL"}


def publisher(url: str) -> str:
    """The source's publisher as a reader knows it (its web address when not listed here)."""
    host = urlparse(url).netloc.removeprefix("www.")
    return PUBLISHERS.get(host, host)


reg = pd.read_csv(PACKAGE / "reference" / "registrations_regional.csv", dtype=str)
flemish = reg[(reg["area"] == "Flemish Region") & (reg["date_kind"] == "final")
              & reg["election_year"].isin(["2012", "2018", "2024"]) & reg["group"].isin(["EU", "non-EU"])]
rows = []
for r in flemish.sort_values(["election_year", "group"]).itertuples():
    pct_text = fmt.pct_points(float(r.pct_reported)) if isinstance(r.pct_reported, str) and r.pct_reported else "–"
    rows.append(f"| {r.election_year} | {'EU' if r.group == 'EU' else 'niet-EU'} | "
                f"{fmt.number(float(r.registered)) if isinstance(r.registered, str) and r.registered else '–'} | "
                f"{pct_text} | [{publisher(r.source)}]({r.source}) |")  # on paper: who published it
display(Markdown(table_caption("Geregistreerde niet-Belgische kiezers in het Vlaams Gewest bij de "
                               "gemeenteraadsverkiezingen") + "\n\n| Jaar | Groep | Geregistreerd | Aandeel van de "
                 "potentiële kiezers | Gepubliceerd door |\n|:---|:---|---:|---:|:---|\n" + "\n".join(rows)
                 + "\n\n*Cijfers van de FOD Binnenlandse Zaken, zoals de vermelde krant of zender ze publiceerde.*"))

# %% [markdown]
# ## Kanttekeningen
#
# - **Zelfselectie.** Gemeenten kozen zelf om partner te worden. Ze kunnen groter, diverser of al
#   actiever zijn dan andere gemeenten; een hogere groei is dus niet zonder meer het effect van de
#   campagne. Het verschil-in-verschil met 2018 vangt een deel daarvan op.
# - **Registraties blijven geldig.** Wie zich bij eerdere verkiezingen registreerde, blijft
#   geregistreerd zolang de voorwaarden vervuld zijn: de beginstand op 1 januari 2024 is daarom
#   niet nul en de stijging telt nieuwe registraties min vertrekken en naturalisaties.
# - **Potentiële kiezers.** Niet-EU-burgers kunnen zich pas registreren na vijf jaar wettig
#   verblijf; het aantal potentiële kiezers is dus kleiner dan het aantal niet-EU-inwoners.
# - **Gemeenten zonder beginstand.** Een gemeente met 0 geregistreerden op 1 januari heeft geen
#   groeipercentage; zij staat wel in tabellen.xlsx, maar telt niet mee in de gemiddelden.

# %% [markdown]
# ## Aanbevelingen
#
# *Deze aanbevelingen horen bij de synthetische voorbeelddata van dit rapport: ze tonen hoe
# aanbevelingen bij deze cijfers eruit kunnen zien en zijn geen standpunt van LEVL.*
#
# 1. **Zet de samenwerking met partnergemeenten voort en betrek meer gemeenten**, vooral
#    gemeenten met veel potentiële niet-Belgische kiezers die nog geen partner waren.
# 2. **Richt de campagne sterker op niet-EU-burgers.** Hun aandeel geregistreerde kiezers ligt in
#    het Vlaams Gewest lager dan dat van EU-burgers (zie de gewestelijke cijfers hierboven).
# 3. **Begin vroeger en herhaal de oproep.** De registratie sluit op 31 juli; een campagne die
#    al in het voorjaar start, laat gemeenten tijd om hun inwoners meer dan eens aan te spreken.
# 4. **Meet het effect bij de volgende verkiezingen beter.** Leg vooraf vast welke gemeenten
#    partner worden en verzamel de registratiecijfers van alle gemeenten op dezelfde datums, zodat
#    zelfselectie minder weegt in de vergelijking.
# 5. **Houd per gemeente bij welk campagnemateriaal werd gebruikt**, zodat volgende rapporten
#    kunnen tonen welk materiaal het meeste effect had.

# %% [markdown]
# ## Bijlage: herkomst van de cijfers

# %%
files = "\n".join(f"| {code(f['path'])} | `{f['sha256'][:16]}…` |" for f in provenance["raw_files"])
libs = ", ".join(f"{k} {v}" for k, v in provenance["libraries"].items())
display(Markdown(
    f"{md(zero_baseline_sentence(growth))}\n\n"
    f"Gemaakt door de pijplijn van LEVL, codeversie `{provenance['code_version']}`, weergegeven met {renderer}. "
    f"Configuratie: {code(provenance['codebook']['path'])}. Bibliotheken: {libs}.\n\n"
    f"| Ruw bestand | SHA-256 |\n|:---|:---|\n{files}"
))
