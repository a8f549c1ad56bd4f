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
# # Verkenning: praktijktesten op de private huurmarkt
#
# Eén rij per testpaar, met de reactie op het meerderheids- en het minderheidsprofiel.

# %%
from pipeline import load
from pipeline.stats import adjust_pvalues, correspondence

df = load("praktijktesten")
print(len(df), "paren;", df.attrs["accounting"])

# %%
pairs = df.assign(
    positive_be=(df["response_majority"] == "Uitgenodigd").astype(float).where(df["response_majority"].notna()),
    positive_fo=(df["response_minority"] == "Uitgenodigd").astype(float).where(df["response_minority"].notna()),
).dropna(subset=["positive_be", "positive_fo"])
overall = correspondence(pairs, majority="positive_be", minority="positive_fo")
{k: overall[k] for k in ("a", "b", "c", "d", "net_discrimination", "ci_low", "ci_high", "p_value")}

# %%
by_landlord = {str(g): correspondence(sub, majority="positive_be", minority="positive_fo")
               for g, sub in pairs.groupby("landlord_type", observed=True)}
p = [r["p_value"] for r in by_landlord.values()]
dict(zip(by_landlord, adjust_pvalues(p, method="holm")))

# %%
assert overall["a"] + overall["b"] + overall["c"] + overall["d"] == len(pairs)
