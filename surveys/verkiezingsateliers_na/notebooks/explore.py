# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Verkenning: evaluatie verkiezingsateliers, na de workshop
#
# De antwoorden na de workshop, en dezelfde jongeren voor en na naast elkaar: hun persoonlijke
# code werd in beide golven hetzelfde pseudoniem (`respondent`). Cijfers die naar buiten gaan,
# komen uit het rapport (met onderdrukking van kleine cellen), niet uit dit notebook.

# %%
import pandas as pd

from pipeline import load
from pipeline.stats import Design, proportion
from pipeline.stats.paired import mcnemar, paired_table, signed_rank

after = load("verkiezingsateliers_na")
before = load("verkiezingsateliers_voor")
pairs = before.merge(after, on="respondent", suffixes=("_voor", "_na"))
print(len(before), "voor,", len(after), "na,", len(pairs), "gekoppeld")

# %%
proportion(Design(after), "recommend", ci="wilson")

# %%
levels = ["Ja", "Nee"]
table = paired_table(pairs["knows_what_to_bring_voor"].astype(str), pairs["knows_what_to_bring_na"].astype(str), levels)
table, mcnemar(table)

# %%
scores = {name: pairs[f"knows_how_to_vote_{w}"].cat.codes.astype(float) + 1 for name, w in (("voor", "voor"), ("na", "na"))}
pd.crosstab(pairs["knows_how_to_vote_voor"], pairs["knows_how_to_vote_na"]), signed_rank(scores["voor"], scores["na"])

# %%
assert len(pairs) >= 40  # the action plan's evaluation of at least 40 young people
