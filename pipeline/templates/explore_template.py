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
# # Verkenning: {{consultation}}
#
# De opgeschoonde, gepseudonimiseerde antwoorden (`make all` maakt ze eerst). Elke vraag met
# haar type uit het codeboek; kleine aantallen zijn hier NIET afgeschermd: kopieer geen
# tabellen uit deze notebook naar een rapport (dat doet `report.py`, met afscherming).

# %%
from pipeline import load

df = load("{{consultation}}")
questions = df.attrs["codebook"]["questions"]
print(len(df), "respondenten,", len(df.columns), "kolommen")

# %%
for column in df.columns:
    if str(df[column].dtype) == "category":
        print(df[column].value_counts(dropna=False).to_string(), "\n")

# %%
df.describe(include="number")
