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
# *Eerste versie van het rapport, gemaakt door `python -m pipeline new`. Schrijf hier de
# inleiding en vervang de automatische overzichten door de bevindingen die ertoe doen.*

# %% tags=["parameters"]
consultation = "{{consultation}}"
renderer = "onbekend"

# %%
from pipeline.report.blocks import Report

r = Report(consultation)

# %% [markdown]
# ## Wie hebben we bevraagd, wanneer en hoe?

# %%
r.intro()

# %% [markdown]
# ## Bevindingen

# %%
r.all_findings()

# %% [markdown]
# ## Aanbevelingen
#
# *Door de onderzoekers te schrijven.*

# %% [markdown]
# ## Bijlage

# %%
r.suppression_note()
r.quality()
r.provenance_note()
