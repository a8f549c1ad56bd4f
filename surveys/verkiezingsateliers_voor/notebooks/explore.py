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
# # Verkenning: evaluatie verkiezingsateliers, voor de workshop
#
# Start van elke verkenning: de opgeschoonde, gepseudonimiseerde data met Nederlandse labels.
# Cijfers die naar buiten gaan, komen uit het rapport (met onderdrukking van kleine cellen),
# niet uit dit notebook.

# %%
from pipeline import load
from pipeline.stats import Design, likert_summary, multiple_response, proportion

df = load("verkiezingsateliers_voor")
print(len(df), "respondenten;", df.attrs["accounting"])

# %%
d = Design(df)
proportion(d, "knows_what_to_bring", ci="wilson")

# %%
likert_summary(d, "knows_how_to_vote", top=["Akkoord", "Helemaal akkoord"])

# %%
options = [c for c in df.columns if c.startswith("info_sources__")]
multiple_response(Design(df[options].astype("Float64")), options)

# %%
assert len(df) >= df.attrs["codebook"]["target_respondents"]
assert df["respondent"].str.match(r"^R-[0-9a-f]{12}$").all()  # the personal code is only a pseudonym here
