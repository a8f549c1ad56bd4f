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
# # Verkenning: bevraging ondernemers van buitenlandse herkomst

# %%
from pipeline import load
from pipeline.stats import Design, crosstab, multiple_response, proportion

df = load("ondernemers")
print(len(df), "respondenten;", df.attrs["accounting"])

# %%
proportion(Design(df), "status", ci="korn-graubard")

# %%
barriers = [c for c in df.columns if c.startswith("barriers__")]
multiple_response(Design(df[barriers].astype("Float64")), barriers).sort_values("estimate", ascending=False)

# %%
sub = df[["discrimination", "status"]].dropna().astype(str)
crosstab(Design(sub), "discrimination", "status").table

# %%
assert len(df) >= df.attrs["codebook"]["target_respondents"]
