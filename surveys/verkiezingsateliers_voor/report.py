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
# de gemeenteraadsverkiezingen van 13 oktober 2024, **bij het begin** van een verkiezingsatelier van
# LEVL. Dezelfde jongeren vulden aan het einde van de workshop dezelfde vragen opnieuw in; wat er
# veranderde, staat in het rapport *Evaluatie van de verkiezingsateliers – na de workshop*.
# Alle cijfers zijn automatisch uit de antwoorden berekend; percentages staan met hun
# 95%-betrouwbaarheidsinterval.

# %% tags=["parameters"]
consultation = "verkiezingsateliers_voor"
renderer = "onbekend"

# %%
from pipeline.report.blocks import Report

r = Report(consultation)
r.key_messages(["knows_what_to_bring", "knows_how_to_vote", "will_vote", "trust_local"])

# %% [markdown]
# ## Wie hebben we bevraagd, wanneer en hoe?

# %%
r.intro()

# %% [markdown]
# De jongeren vulden de vragenlijst in op hun gsm, bij het begin van de workshop, zonder hun naam.
# Ze typten wel een persoonlijke code die ze zelf samenstellen (de eerste twee letters van de
# voornaam van hun moeder, hun geboortedag en de laatste twee cijfers van hun gsm-nummer). Met die
# code worden hun antwoorden voor en na de workshop aan elkaar gekoppeld; de code zelf verlaat de
# ruwe gegevens nooit. De cijfers beschrijven de deelnemers aan de workshops, niet alle jonge
# kiezers: het is geen toevallige steekproef. Met minder dan zestig deelnemers zijn de intervallen
# breed en zijn alle percentages gemarkeerd als onzeker.

# %%
r.say("age_group", "gender")
r.detail("age_group")
r.detail("gender")

# %% [markdown]
# ## Belangrijkste bevindingen
#
# ### Weten hoe stemmen werkt

# %%
r.figure("knows_what_to_bring")
r.say("knows_what_to_bring")
r.likert_figure(["knows_how_to_vote", "vote_matters", "trust_local"])
r.say("knows_how_to_vote")

# %% [markdown]
# ### Gaan stemmen

# %%
r.figure("will_vote")
r.say("will_vote")

# %% [markdown]
# ### Vertrouwen en het gevoel dat je stem telt

# %%
r.say("vote_matters", "trust_local")
r.detail("vote_matters")
r.detail("trust_local")

# %% [markdown]
# ### Waar halen jongeren hun informatie?

# %%
r.figure("info_sources")
r.say("info_sources")

# %% [markdown]
# ## Wat betekent dit voor de workshop?
#
# Bij het begin van de workshop weet een groot deel van de jongeren nog niet wat ze moeten
# meebrengen om te stemmen of hoe stemmen in zijn werk gaat, en velen twijfelen of ze zullen gaan
# stemmen. De workshop kan dus vertrekken van de praktische vragen: de oproepingsbrief, de
# identiteitskaart, het stemlokaal en het stemhokje. Sociale media zijn de belangrijkste bron van
# informatie; daar kan LEVL de jongeren ook na de workshop bereiken.

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
