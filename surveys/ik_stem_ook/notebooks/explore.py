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
# # Verkenning: Ik stem ook — groei per gemeente
#
# De groei per gemeente en de samenvatting die de pijplijn maakte (`make all`).

# %%
import json

import pandas as pd

from pipeline.io import ROOT

growth = pd.read_csv(ROOT / "processed" / "ik_stem_ook" / "growth_by_municipality.csv", dtype={"nis_code": str})
summary = json.loads((ROOT / "processed" / "ik_stem_ook" / "summary.json").read_text(encoding="utf-8"))
growth.head()

# %%
growth.groupby(["province", "partner"])["growth_pct"].describe()

# %%
partners = growth[growth["partner"].astype(str) == "True"]
partners.sort_values("growth_pct", ascending=False)[["municipality", "baseline", "final", "growth_pct"]]

# %%
# the summary's mean equals the mean over partners with a baseline above zero
assert abs(partners.loc[partners["baseline"] > 0, "growth_pct"].mean() - summary["partners"]["mean_growth_pct"]) < 1e-9
summary["target"]
