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
# Dit rapport bundelt wat nieuwkomers ons vertelden over hun zoektocht naar een woning, de
# woning waarin ze nu wonen, en wat volgens hen eerst moet veranderen. Alle cijfers komen
# rechtstreeks uit de pijplijn; percentages staan met hun 95%-betrouwbaarheidsinterval.

# %% tags=["parameters"]
consultation = "nieuwkomers_wonen"
renderer = "onbekend"

# %%
from pipeline.report.blocks import Report

r = Report(consultation)

# %% [markdown]
# ## Wie hebben we bevraagd, wanneer en hoe?

# %%
r.intro()

# %% [markdown]
# De bevraging is geen toevallige steekproef: wie deelnam, werd bereikt via diensten en
# organisaties waar nieuwkomers al contact mee hebben. De cijfers beschrijven dus de
# deelnemers, niet alle nieuwkomers in Vlaanderen en Brussel. De betrouwbaarheidsintervallen
# tonen de onzekerheid door het kleine aantal deelnemers, niet de mogelijke vertekening door
# de manier van werven.

# %%
r.table("region_origin")
r.table("years_in_belgium")

# %% [markdown]
# ## Belangrijkste bevindingen
#
# ### Discriminatie bij het zoeken naar een woning

# %%
r.figure("discrimination")
r.table("discrimination")
r.table("discrimination__by__region_origin", by_label="Regio van herkomst")

# %%
r.figure("refusal")
r.table("refusal")

# %% [markdown]
# ### Huidige woonsituatie en zoektocht

# %%
r.figure("housing")
r.table("housing")
r.table("search_months")
r.table("viewings")

# %% [markdown]
# ### Huurwaarborg en huurprijs

# %%
r.table("guarantee")
r.table("rent")

# %% [markdown]
# ### Kwaliteit en betaalbaarheid van de woning

# %%
r.figure("quality_afford")
r.table("quality_state")
r.table("quality_space")
r.table("quality_afford")

# %% [markdown]
# ### Hulp en prioriteiten

# %%
r.figure("priorities")
r.table("priorities")
r.table("help")

# %% [markdown]
# ## Aanbevelingen
#
# *Deze tekst schrijven de onderzoekers van LEVL; de pijplijn vult hem niet automatisch in.*
#
# 1. **Pak discriminatie op de private huurmarkt structureel aan**, met praktijktesten door de
#    lokale besturen en opvolging van vastgestelde discriminatie.
# 2. **Maak de huurwaarborg toegankelijk**, zodat nieuwkomers niet afhankelijk zijn van familie
#    of van een tussenkomst van het OCMW die verhuurders afschrikt.
# 3. **Breid het aanbod van sociale en betaalbare huurwoningen uit** en verkort de wachttijden.
# 4. **Informeer in meer talen** over rechten en plichten van huurders en verhuurders.

# %% [markdown]
# ## Bijlage
#
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
