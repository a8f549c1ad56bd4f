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
# Dit rapport bundelt wat ondernemers en kandidaat-ondernemers van buitenlandse herkomst ons
# vertelden over de drempels bij het starten en laten groeien van een onderneming, over
# financiering, netwerken en discriminatie, en over de steun die ze nodig hebben. Het sluit af
# met aanbevelingen voor LEVL en zijn partners, zoals Unizo, Voka, VLAIO en de lokale besturen.
# Alle cijfers zijn automatisch uit de antwoorden berekend; percentages staan met hun
# 95%-betrouwbaarheidsinterval.

# %% tags=["parameters"]
consultation = "ondernemers"
renderer = "onbekend"

# %%
from pipeline.report.blocks import Report

r = Report(consultation)
# the box opens with the codebook's headlines; pass your own questions or sentences to change it
r.key_messages(["barriers", "financing", "credit_refused", "discrimination", "support_known"])

# %% [markdown]
# ## Wie hebben we bevraagd, wanneer en hoe?

# %%
r.intro()

# %% [markdown]
# De bevraging is geen toevallige steekproef: wie deelnam, werd bereikt via zelforganisaties,
# ondernemersnetwerken en de partners van LEVL. De cijfers beschrijven dus de deelnemers, niet
# alle ondernemers van buitenlandse herkomst in Vlaanderen en Brussel. Met een kleine groep
# deelnemers zijn de betrouwbaarheidsintervallen breed: lees verschillen van enkele
# procentpunten niet als echte verschillen. De tabellen met alle cijfers staan in de bijlage.

# %%
r.say("status", "sector")
for name in ("status", "region_origin", "sector", "employees"):
    r.detail(name)

# %% [markdown]
# ## Belangrijkste bevindingen
#
# ### Drempels bij het starten en laten groeien van een onderneming

# %%
r.figure("barriers")
r.say("barriers")

# %% [markdown]
# ### Financiering

# %%
r.figure("financing")
r.say("financing", "credit_refused")
r.detail("credit_refused")
r.detail("credit_refused__by__region_origin", by_label="Regio van herkomst")

# %% [markdown]
# ### Netwerken

# %%
r.figure("membership")
r.likert_figure(["network_customers", "network_advice", "network_peers"])
r.say("membership", "network_advice", "network_peers", "network_customers")

# %% [markdown]
# ### Ervaringen met discriminatie
#
# Vragen over discriminatie zijn gevoelig: hier tonen we geen aantallen van minder dan tien
# respondenten.

# %%
r.say("discrimination")
r.detail("discrimination")
r.detail("discrimination__by__status", by_label="Ondernemer of kandidaat-ondernemer")
r.detail("discrimination_where")
r.differences()

# %% [markdown]
# ### Welke steun is nodig?

# %%
r.figure("needs")
r.say("needs", "support_known")
r.detail("support_known")

# %% [markdown]
# ## Aanbevelingen
#
# 1. **Maak financiering bereikbaar voor wie geen spaargeld of onderpand heeft.** Banken motiveren
#    een weigering schriftelijk, en microkrediet en startleningen worden actief bekendgemaakt in
#    de netwerken waar deze ondernemers al zitten.
# 2. **Breng het ondersteuningsaanbod naar de ondernemers toe.** Unizo, Voka, VLAIO en de
#    ondernemingsloketten werken samen met zelforganisaties, geven informatie in eenvoudige taal
#    en, waar nodig, in andere talen, en voorzien een vast aanspreekpunt.
# 3. **Bouw bruggen tussen netwerken.** Koppel (kandidaat-)ondernemers aan mentoren, bij voorkeur
#    ook ondernemers met een migratieachtergrond, en open netwerkactiviteiten buiten de grote steden.
# 4. **Vereenvoudig administratie en regelgeving** voor kleine ondernemingen, met begeleiding bij
#    btw, boekhouding en vergunningen.
# 5. **Pak discriminatie van ondernemers aan**, met een meldpunt dat ondernemers kennen en opvolging
#    van de meldingen.
# 6. **Erken buitenlandse diploma's en ervaring sneller**, zodat ondernemers hun vak kunnen
#    uitoefenen.

# %% [markdown]
# ## Bijlage
#
# ### Detailtabellen

# %%
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
