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
# Dit rapport bundelt wat nieuwkomers ons in 2026 vertelden over hun zoektocht naar een woning,
# de woning waarin ze nu wonen, en wat volgens hen eerst moet veranderen. Het is de tweede
# bevraging met dezelfde vragenlijst: in 2022 antwoordden andere nieuwkomers op dezelfde vragen.
# Het hoofdstuk *Wat is veranderd?* zet beide bevragingen naast elkaar. Alle cijfers zijn
# automatisch uit de antwoorden berekend; percentages staan met hun 95%-betrouwbaarheidsinterval.

# %% tags=["parameters"]
consultation = "nieuwkomers_wonen_2026"
renderer = "onbekend"

# %%
from pipeline.report.blocks import Report

r = Report(consultation)
# the box opens with the codebook's headlines; pass your own questions or sentences to change it,
# e.g. r.key_messages(["discrimination", "quality_afford", "Een zin van de onderzoekers."])
r.key_messages(["discrimination", "housing", "energy_bills", "quality_afford", "priorities"])

# %% [markdown]
# ## Wie hebben we bevraagd, wanneer en hoe?

# %%
r.intro()

# %% [markdown]
# De bevraging is geen toevallige steekproef: wie deelnam, werd bereikt via diensten en
# organisaties waar nieuwkomers al contact mee hebben. De cijfers beschrijven dus de
# deelnemers, niet alle nieuwkomers in Vlaanderen en Brussel. De betrouwbaarheidsintervallen
# tonen de onzekerheid door het kleine aantal deelnemers, niet de mogelijke vertekening door
# de manier van werven. Dat geldt ook voor de vergelijking met 2022: wie deelnam, kan van
# bevraging tot bevraging anders samengesteld zijn. De tabellen met alle cijfers staan in de bijlage.

# %%
r.say("region_origin", "years_in_belgium")
r.detail("region_origin")
r.detail("years_in_belgium")

# %% [markdown]
# ## Wat is veranderd?
#
# Het antwoord 'Opvang of tijdelijke woonvorm' van 2022 heet sinds 2026 'Tijdelijke woonvorm of
# opvang'; we vergelijken het als hetzelfde antwoord.

# %%
r.changes()

# %% [markdown]
# ## Belangrijkste bevindingen
#
# De cijfers in dit hoofdstuk gaan over de bevraging van 2026.
#
# ### Discriminatie bij het zoeken naar een woning

# %%
r.figure("discrimination")
r.say("discrimination")
r.detail("discrimination__by__region_origin", by_label="Regio van herkomst")

# %%
r.figure("refusal")
r.say("refusal")
r.differences()

# %% [markdown]
# ### Huidige woonsituatie en zoektocht

# %%
r.figure("housing")
r.say("housing")
r.detail("search_months")
r.detail("viewings")

# %% [markdown]
# ### Energiefactuur
#
# De maandelijkse huur die de respondenten betalen, staat in de bijlage.

# %%
r.figure("energy_bills")
r.say("energy_bills")
r.detail("rent")

# %% [markdown]
# ### Kwaliteit en betaalbaarheid van de woning

# %%
r.figure("quality_afford")
r.say("quality_afford", "quality_state", "quality_space")
r.detail("quality_state")
r.detail("quality_space")

# %% [markdown]
# ### Hulp en prioriteiten

# %%
r.figure("priorities")
r.say("priorities", "help")
r.detail("help")

# %% [markdown]
# ## Aanbevelingen
#
# 1. **Blijf discriminatie op de private huurmarkt structureel aanpakken**, met praktijktesten
#    door de lokale besturen en opvolging van vastgestelde discriminatie. Minder deelnemers dan in
#    2022 ervoeren discriminatie, maar het blijft om een groot deel van hen gaan, en meer
#    deelnemers dan in 2022 huren op de private markt.
# 2. **Houd de energiefactuur betaalbaar**: een op de drie deelnemers kon die het voorbije jaar
#    soms of vaak niet op tijd betalen.
# 3. **Breid het aanbod van sociale en betaalbare huurwoningen uit** en verkort de wachttijden:
#    betaalbare huurprijzen en meer sociale woningen staan samen bovenaan de lijst van wat eerst
#    moet veranderen.
# 4. **Informeer in meer talen** over rechten en plichten van huurders en verhuurders.

# %% [markdown]
# ## Bijlage
#
# ### Detailtabellen

# %%
r.appendix_tables()

# %% [markdown]
# ### Bescherming van respondenten

# %%
r.suppression_note()

# %% [markdown]
# ### Verantwoording van de rijen en datakwaliteit

# %%
r.quality()

# %% [markdown]
# ### Herkomst van de cijfers

# %%
r.provenance_note()
