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
# Dit rapport beschrijft wat jonge eerste kiezers met een migratieachtergrond wisten en dachten over
# de gemeenteraadsverkiezingen van 13 oktober 2024 **aan het einde** van een verkiezingsatelier van
# LEVL, en wat er veranderde tegenover het begin van de workshop. Dezelfde jongeren vulden bij het
# begin en aan het einde dezelfde vragen in. Alle cijfers zijn automatisch uit de antwoorden berekend;
# percentages staan met hun 95%-betrouwbaarheidsinterval.

# %% tags=["parameters"]
consultation = "verkiezingsateliers_na"
renderer = "onbekend"

# %%
from pipeline.report.blocks import Report

r = Report(consultation)
r.key_messages(["knows_what_to_bring", "knows_how_to_vote", "recommend", "trust_local"])

# %% [markdown]
# ## Wie hebben we bevraagd, wanneer en hoe?

# %%
r.intro()

# %% [markdown]
# De jongeren vulden de vragenlijst in op hun gsm, aan het einde van de workshop, zonder hun naam.
# Ze typten dezelfde persoonlijke code als bij het begin (de eerste twee letters van de voornaam van
# hun moeder, hun geboortedag en de laatste twee cijfers van hun gsm-nummer). Zo kunnen we de
# antwoorden van dezelfde jongere voor en na de workshop vergelijken, zonder te weten wie het is;
# de code zelf verlaat de ruwe gegevens nooit. Wie maar één keer antwoordde (bijvoorbeeld wie te
# laat kwam en de eerste vragenlijst miste, of de code de tweede keer anders typte), telt mee in de
# cijfers van die keer, maar niet in de vergelijking. De cijfers beschrijven de deelnemers aan de
# workshops, niet alle jonge kiezers.

# %%
r.say("age_group", "gender")
r.detail("age_group")
r.detail("gender")

# %% [markdown]
# ## Wat is veranderd?

# %%
r.changes()

# %% [markdown]
# ## Belangrijkste bevindingen
#
# De cijfers in dit hoofdstuk gaan over de antwoorden na de workshop.
#
# ### Weten hoe stemmen werkt

# %%
r.figure("knows_what_to_bring")
r.say("knows_what_to_bring")
r.likert_figure(["knows_how_to_vote", "vote_matters", "trust_local"])
r.say("knows_how_to_vote", "vote_matters", "trust_local")

# %% [markdown]
# ### Gaan stemmen en informatie

# %%
r.figure("will_vote")
r.say("will_vote")
r.figure("info_sources")
r.say("info_sources")

# %% [markdown]
# ### Wat vonden de jongeren van de workshop?

# %%
r.figure("recommend")
r.say("recommend")

# %% [markdown]
# In de open vraag noemden jongeren vooral praktische zaken die ze leerden (de oproepingsbrief, het
# stemhokje, het verschil tussen de gemeente en Vlaanderen). Wie iets te verbeteren had, vond de
# workshop soms te lang of te vol, en enkelen vroegen een workshop voor hun ouders. Contactgegevens
# die jongeren in hun antwoord typten, zijn verwijderd voor de analyse.

# %% [markdown]
# ## Wat betekent dit voor de workshop?
#
# 1. **Behoud de praktische uitleg**: na de workshop wisten veel meer deelnemers wat ze moeten
#    meebrengen en hoe stemmen in zijn werk gaat dan ervoor. Zonder vergelijkingsgroep zegt dat niet
#    zeker dat de workshop het verschil maakte, maar het wijst er wel op.
# 2. **Vertrouwen verandert niet in één namiddag.** Een workshop kan kennis overbrengen; het
#    vertrouwen in de gemeentepolitiek vraagt ontmoetingen met lokale politici en opvolging na de
#    verkiezingen.
# 3. **Houd de workshop kort en concreet**, en bekijk of er een versie voor ouders kan komen.
# 4. **Evalueer opnieuw na de verkiezingen**: of de jongeren ook effectief gingen stemmen, meet deze
#    evaluatie niet.

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
