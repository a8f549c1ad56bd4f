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

# %% tags=["parameters"]
consultation = "{{consultation}}"
renderer = "onbekend"

# %%
from pipeline.report.blocks import Report

r = Report(consultation)
# Eerste versie van het rapport, gemaakt door `python -m pipeline new`. Schrijf boven deze cel een
# Markdown-cel met de inleiding. Geef in het codeboek per vraag een `headline:` (docs/codebook.md):
# dan opent het rapport met die kernboodschappen en zeggen de grafiektitels de bevinding.
# Eigen kernboodschappen: r.key_messages(["vraagnaam", "Een eigen zin."]).
r.key_messages()

# %% [markdown]
# ## Wie hebben we bevraagd, wanneer en hoe?

# %%
r.intro()

# %% [markdown]
# ## Bevindingen

# %%
# Vervang dit automatische overzicht door de bevindingen die ertoe doen, per vraag bv.
#   r.figure("vraag")   # grafiek met genummerd onderschrift; de tabel gaat naar de bijlage
#   r.say("vraag")      # de bevinding in een zin, met het cijfer en zijn interval
#   r.detail("vraag")   # alleen een detailtabel in de bijlage
#   r.differences()     # verschillen tussen subgroepen die standhouden na Holm-correctie
r.all_findings()

# %% [markdown]
# ## Aanbevelingen

# %%
# Schrijf hier de aanbevelingen als Markdown-cel: dit is de tekst van de onderzoekers; de pijplijn
# vult hem niet in en zet er niets over in het rapport.

# %% [markdown]
# ## Bijlage

# %%
r.appendix_tables()
r.suppression_note()
r.quality()
r.provenance_note()
