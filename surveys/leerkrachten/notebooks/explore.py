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
# # Verkenning: leerkrachten van buitenlandse herkomst
#
# De gesloten vragen en de thema's die onderzoekers aan de open antwoorden gaven.

# %%
import pandas as pd

from pipeline import load
from pipeline.io import ROOT
from pipeline.stats import Design, likert_summary, proportion

df = load("leerkrachten")
codes = pd.read_parquet(ROOT / "processed" / "leerkrachten" / "codes.parquet")
print(len(df), "respondenten;", len(codes), "codes")

# %%
proportion(Design(df), "role", ci="wilson")

# %%
levels = list(df["belonging"].cat.categories)
likert_summary(Design(df), "belonging", top=levels[-2:])

# %%
kept = codes[codes["respondent"].isin(df["respondent"])]
kept.groupby(["question", "theme"]).size().rename("aantal").reset_index()

# %%
assert set(kept["respondent"]) <= set(df["respondent"])
