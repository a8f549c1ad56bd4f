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
# Dit rapport bundelt wat leerkrachten en leerkrachten in opleiding van buitenlandse herkomst ons
# vertelden over hun weg naar het beroep: wat hen hielp, welke drempels ze tegenkwamen en wat er
# volgens hen moet veranderen opdat het schoolteam de diversiteit van de leerlingen weerspiegelt.
# Het is een bijdrage van LEVL aan het advies van de VLOR. De meeste vragen waren open vragen:
# de onderzoekers lazen elk antwoord en gaven het een of meer thema's. De tabellen tonen hoe vaak
# elk thema voorkomt; de citaten zijn gekozen door de onderzoekers.

# %% tags=["parameters"]
consultation = "leerkrachten"
renderer = "onbekend"

# %%
from pipeline.report.blocks import Report
from pipeline.analyses.themes.report import show_quotes, show_themes

r = Report(consultation)
# the box opens with the codebook's headlines (a hidden one is left out), then the largest themes;
# pass your own questions or sentences to change it
r.key_messages()

# %% [markdown]
# ## Wie hebben we bevraagd, wanneer en hoe?

# %%
r.intro()

# %% [markdown]
# Leerkrachten van buitenlandse herkomst zijn een kleine groep, waarin mensen snel herkenbaar
# zijn. Daarom tonen we geen aantallen van minder dan vijf respondenten, en bij drempels en
# discriminatie geen aantallen van minder dan tien. De deelnemers werden bereikt via
# lerarenopleidingen, scholengroepen en organisaties: de cijfers beschrijven de deelnemers, niet
# alle leerkrachten van buitenlandse herkomst. De tabellen met alle cijfers staan in de bijlage.

# %%
r.say("role", "school_level")
for name in ("role", "school_level", "experience"):
    r.detail(name)

# %% [markdown]
# ## Belangrijkste bevindingen
#
# ### Wat hielp om leerkracht te worden?

# %%
r.figure("themes__open_helped", detail=False)
r.say("themes__open_helped")
show_quotes(r, question="open_helped")

# %% [markdown]
# ### Welke drempels kwamen ze tegen?

# %%
r.figure("themes__open_barriers", detail=False)
r.say("themes__open_barriers")
show_quotes(r, question="open_barriers")

# %% [markdown]
# ### Thuis in het schoolteam?

# %%
r.likert_figure(["belonging", "valued", "school_policy"])
r.say("belonging", "valued", "school_policy")

# %% [markdown]
# ### Discriminatie op school

# %%
r.say("discrimination")
r.detail("discrimination")

# %% [markdown]
# ### Wat moet er veranderen?

# %%
r.figure("themes__open_change", detail=False)
r.say("themes__open_change")
show_quotes(r, question="open_change")

# %% [markdown]
# ## Aanbevelingen
#
# 1. **Werf actief en divers aan.** Scholen en scholengroepen maken diversiteit in het team een
#    doel van hun personeelsbeleid, en zij-instromers van buitenlandse herkomst krijgen sneller
#    zekerheid over hun opdracht.
# 2. **Erken buitenlandse diploma's en onderwijservaring sneller**, met een korter traject naar een
#    bekwaamheidsbewijs voor wie in het buitenland al lesgaf.
# 3. **Begeleid stagiairs en starters**: elke stagiair en startende leerkracht krijgt een mentor met
#    tijd, en stagescholen worden voorbereid op stagiairs van buitenlandse herkomst.
# 4. **Pak discriminatie op school aan**, ook door ouders, met een meldpunt dat leerkrachten
#    vertrouwen en een directie die duidelijk reageert.
# 5. **Waardeer meertaligheid**: een accent is geen beletsel om les te geven; taaleisen zijn
#    duidelijk en haalbaar.

# %% [markdown]
# ## Bijlage
#
# ### Detailtabellen

# %%
for question in ("open_helped", "open_barriers", "open_change"):  # the themes behind figures 1, 2 and 4
    show_themes(r, question)
r.appendix_tables()

# %% [markdown]
# ### Bescherming van respondenten

# %%
r.suppression_note()

# %% [markdown]
# ### Verantwoording van de rijen en datakwaliteit

# %%
r.quality()

# %% [markdown]
# ### Herkomst van de cijfers

# %%
r.provenance_note()
