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
# Alle cijfers komen rechtstreeks uit de pijplijn; percentages staan met hun
# 95%-betrouwbaarheidsinterval.

# %% tags=["parameters"]
consultation = "ondernemers"
renderer = "onbekend"

# %%
from pipeline.report.blocks import Report

r = Report(consultation)

# %% [markdown]
# ## Wie hebben we bevraagd, wanneer en hoe?

# %%
r.intro()

# %% [markdown]
# De bevraging is geen toevallige steekproef: wie deelnam, werd bereikt via zelforganisaties,
# ondernemersnetwerken en de partners van LEVL. De cijfers beschrijven dus de deelnemers, niet
# alle ondernemers van buitenlandse herkomst in Vlaanderen en Brussel. Met een kleine groep
# deelnemers zijn de betrouwbaarheidsintervallen breed: lees verschillen van enkele
# procentpunten niet als echte verschillen.

# %%
r.table("status")
r.table("region_origin")
r.table("sector")
r.table("employees")

# %% [markdown]
# ## Belangrijkste bevindingen
#
# ### Drempels bij het starten en laten groeien van een onderneming

# %%
r.figure("barriers")
r.table("barriers")

# %% [markdown]
# ### Financiering

# %%
r.figure("financing")
r.table("financing")
r.table("credit_refused")
r.table("credit_refused__by__region_origin", by_label="Regio van herkomst")

# %% [markdown]
# ### Netwerken

# %%
r.table("membership")
r.likert_figure(["network_customers", "network_advice", "network_peers"])
r.table("network_customers")
r.table("network_advice")
r.table("network_peers")

# %% [markdown]
# ### Ervaringen met discriminatie
#
# Vragen over discriminatie zijn gevoelig: hier tonen we geen aantallen van minder dan tien
# respondenten.

# %%
r.table("discrimination")
r.table("discrimination__by__status", by_label="Ondernemer of kandidaat-ondernemer")
r.table("discrimination_where")

# %% [markdown]
# ### Welke steun is nodig?

# %%
r.figure("needs")
r.table("needs")
r.table("support_known")

# %% [markdown]
# ## Aanbevelingen
#
# *Deze tekst schrijven de onderzoekers van LEVL; de pijplijn vult hem niet automatisch in.*
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
#    van de meldingen. (Bij wie ze discriminatie ervoeren, kunnen we met zo weinig antwoorden niet
#    tonen zonder respondenten aan te wijzen.)
# 6. **Erken buitenlandse diploma's en ervaring sneller**, zodat ondernemers hun vak kunnen
#    uitoefenen.

# %% [markdown]
# ## Bijlage
#
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
