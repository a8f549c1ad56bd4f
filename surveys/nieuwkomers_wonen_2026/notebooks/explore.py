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
# # Verkenning: bevraging nieuwkomers en wonen, tweede bevraging (2026)
#
# Start van elke verkenning: de opgeschoonde, gepseudonimiseerde data met Nederlandse labels.
# Cijfers die naar buiten gaan, komen uit het rapport (met onderdrukking van kleine cellen),
# niet uit dit notebook.

# %%
from pipeline import load
from pipeline.stats import Design, crosstab, likert_summary, multiple_response, proportion

df = load("nieuwkomers_wonen_2026")
meta = df.attrs["codebook"]
print(meta["title"], "—", len(df), "respondenten;", df.attrs["accounting"])

# %%
d = Design(df)
proportion(d, "housing", ci="wilson")

# %%
proportion(d, "discrimination", ci="korn-graubard")

# %%
likert_summary(d, "quality_afford", top=["Akkoord", "Helemaal akkoord"])

# %%
options = [c for c in df.columns if c.startswith("refusal__")]
multiple_response(Design(df[options].astype("Float64")), options)

# %%
sub = df[["discrimination", "region_origin"]].dropna().astype(str)
res = crosstab(Design(sub), "discrimination", "region_origin")
res.table, res.p_value

# %%
assert len(df) == df.attrs["accounting"]["rows_kept"]
assert not any(c in df.columns for c in ("E-mail", "Naam", "Begintijd"))

# %% [markdown]
# ## Tegenover 2022
#
# Andere nieuwkomers dan in 2022 (onafhankelijke golven): het verschil tussen twee aandelen, elk met
# zijn eigen steekproefvariantie. Het rapport (`r.changes()`) doet dit voor elke vraag, met Holm.

# %%
from pipeline.stats.waves import share_difference

earlier = load("nieuwkomers_wonen")
share_difference(Design(earlier[["housing"]].dropna().astype(str)), Design(df[["housing"]].dropna().astype(str)),
                 "housing", "Huurwoning op de private markt")
