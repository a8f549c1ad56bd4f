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
# Dit rapport bundelt de praktijktesten die LEVL uitvoerde op de private huurmarkt in Gent en
# Sint-Niklaas. Bij elke test reageerden twee vergelijkbare kandidaat-huurders op dezelfde
# advertentie. We tonen hoe vaak elk van beiden werd uitgenodigd, hoe groot het verschil is en of dat
# verschil groter is dan toeval. Daarna leggen we deze resultaten naast wat nieuwkomers zelf vertelden
# over hun zoektocht naar een woning. Alle cijfers zijn automatisch uit de antwoorden berekend.

# %% tags=["parameters"]
consultation = "praktijktesten"
renderer = "onbekend"

# %%
from IPython.display import Markdown, display

from pipeline import fmt
from pipeline.codebook import codebook_for
from pipeline.publish import published
from pipeline.report.blocks import Report
from pipeline.report.captions import table_caption
from pipeline.analyses.correspondence.report import Correspondence, points, read_estimates, show_published
from pipeline.report.sums import share_total
from pipeline.report.text import md

c = Correspondence(consultation)
r = Report(consultation)

# %% [markdown]
# ## Wat werd getest, wanneer en hoe?

# %%
c.intro()

# %% [markdown]
# ### Hoe werkt een praktijktest?
#
# Een praktijktest (correspondentietest) meet discriminatie door het gedrag van verhuurders te
# vergelijken, niet door hen naar hun mening te vragen. Op dezelfde huuradvertentie reageren twee
# fictieve kandidaat-huurders met een vergelijkbare e-mail: een **meerderheidsprofiel** (een
# Belgisch klinkende naam en een inkomen uit werk) en een **minderheidsprofiel**, dat alleen
# verschilt in de grond die we testen. Bij de gronden *afkomst* is dat een Marokkaans of Congolees
# klinkende naam; bij de grond *inkomen uit een uitkering* draagt het minderheidsprofiel ook een
# Belgisch klinkende naam, maar leeft het van een uitkering. Welk profiel eerst werd verstuurd,
# werd per test geloot. We noteren of elke kandidaat wordt uitgenodigd voor een bezichtiging; geen
# antwoord telt als niet uitgenodigd.
#
# Omdat beide kandidaten op dezelfde woning reageren, vormen ze een **paar**. Elk paar valt in een
# van vier cellen:
#
# | | Minderheidsprofiel uitgenodigd | Minderheidsprofiel niet uitgenodigd |
# |:---|:---|:---|
# | **Meerderheidsprofiel uitgenodigd** | **a**: beiden uitgenodigd | **b**: alleen het meerderheidsprofiel |
# | **Meerderheidsprofiel niet uitgenodigd** | **c**: alleen het minderheidsprofiel | **d**: geen van beiden |
#
# Alleen de paren in **b** en **c** zeggen iets over ongelijke behandeling: daar kreeg de ene
# kandidaat wel een uitnodiging en de andere niet. We rapporteren:
#
# - het **uitnodigingspercentage** van elk profiel: (a + b)/n voor het meerderheidsprofiel en
#   (a + c)/n voor het minderheidsprofiel, met een 95%-betrouwbaarheidsinterval (Wilson);
# - de **netto discriminatie** (b − c)/n: het verschil tussen beide percentages, in
#   *procentpunt*, met het 95%-interval van Newcombe, dat rekening houdt met de koppeling in paren;
# - de **netto discriminatieratio** (NDR) (b − c)/(a + b + c): dezelfde maat, maar alleen onder de
#   testen waarin minstens één kandidaat werd uitgenodigd (de traditie van de ILO en van Riach &
#   Rich);
# - de **exacte toets van McNemar**: is b groter dan c, meer dan toeval kan verklaren? Een kleine
#   p-waarde (bv. onder 0,05) betekent dat het verschil moeilijk aan toeval toe te schrijven is.
#
# Wie een verschil tussen meerdere steden, soorten verhuurders en gronden bekijkt, voert veel
# toetsen tegelijk uit, en dan vindt men sneller toevallig een "significant" verschil. Daarom
# corrigeren we de p-waarden van alle subgroepen samen met de methode van Holm. De toets over alle
# paren samen is de hoofdtoets en wordt niet gecorrigeerd.

# %% [markdown]
# ## Belangrijkste bevindingen

# %%
c.key_finding()
c.paired_table()
c.table(by=[], title="Uitnodigingen en netto discriminatie, alle paren")

# %% [markdown]
# ### Naar stad, type verhuurder en geteste grond
#
# De figuur toont de netto discriminatie met haar 95%-interval, eerst over alle paren en dan per
# subgroep. Een interval dat volledig rechts van 0 ligt, wijst op een nadeel voor het
# minderheidsprofiel. Verschillen *tussen* subgroepen lezen we voorzichtig: overlappende
# intervallen betekenen dat de testen te weinig zeggen om de subgroepen te rangschikken.

# %%
c.chart()

# %%
c.table(by="city", overall=False, definitions=False)
c.table(by="landlord_type", overall=False, definitions=False)
c.table(by="ground", overall=False, definitions=False)

# %% [markdown]
# ### Controle: volgorde van verzenden
#
# Wie als eerste reageert, maakt soms meer kans. Daarom werd per test geloot welk profiel eerst
# vertrok, zo dat beide volgordes even vaak voorkomen.

# %%
c.frequency("first_sent")

# %% [markdown]
# ### Voorbehouden bij deze cijfers
#
# - **De kracht van de testen hangt af van de paren in b en c**, niet van het totale aantal
#   paren. Paren waarin beide kandidaten hetzelfde antwoord kregen, zeggen niets over ongelijke
#   behandeling. Een subgroep met weinig zulke paren geeft een breed interval.
# - **Volgorde en tekst van de e-mails.** We lootten de volgorde van verzenden; de teksten van
#   beide profielen moeten ook afwisselen. Een verdere analyse kan beide effecten meenemen (een
#   model met vaste effecten per paar).
# - **Dezelfde verhuurder of hetzelfde kantoor kan meermaals getest zijn.** De testen zijn dan niet
#   volledig onafhankelijk, en de intervallen zijn iets te smal. Uitspraken over één verhuurder of
#   één kantoor vragen veel testen bij die verhuurder; dit rapport doet ze niet.
# - **De kritiek van Heckman.** Ook als beide profielen op papier gelijk zijn, kunnen verschillen in
#   wat verhuurders *niet* zien (de spreiding van onbekende kenmerken) een verschil vergroten of
#   verbergen. Het blijft een meting van ongelijke behandeling in de eerste stap van de zoektocht
#   (de uitnodiging), niet van de hele zoektocht naar een woning.
# - **Ontdekking.** Als een verhuurder meerdere gelijkaardige e-mails krijgt, kan hij de test
#   doorzien; dat maakt de gemeten discriminatie eerder kleiner dan groter.
# - **Veel vergelijkingen.** We corrigeren voor het aantal subgroepen (Holm). Een subgroep die na
#   correctie niet significant is, bewijst niet dat er daar geen discriminatie is.
# - **Welke noemer?** Onderzoekers rapporteren discriminatie soms als aandeel van alle testen, soms
#   als aandeel van de testen waarin het meerderheidsprofiel werd uitgenodigd. Wij tonen de netto
#   discriminatie over alle paren en de NDR; vergelijk cijfers uit andere studies alleen als de
#   noemer dezelfde is.

# %% [markdown]
# ## Discriminatie op de woningmarkt: wat nieuwkomers vertellen en wat praktijktesten tonen
#
# LEVL bevroeg in 2022 nieuwkomers over hun zoektocht naar een woning (de bevraging
# *nieuwkomers en hun woonnoden*). In dit hoofdstuk leggen we hun ervaringen naast de
# praktijktesten. Beide bronnen kijken naar hetzelfde probleem vanuit een andere hoek: de bevraging
# vertelt hoe nieuwkomers de woningmarkt beleven, de praktijktesten meten wat verhuurders doen.

# %%
newcomers = codebook_for("nieuwkomers_wonen")
nw = read_estimates("nieuwkomers_wonen")
discrimination = published(nw, "discrimination")
refusal = published(nw, "refusal")
show_published("nieuwkomers_wonen", discrimination, title="Nieuwkomers: discriminatie ervaren bij het zoeken")
show_published("nieuwkomers_wonen", refusal, title="Nieuwkomers: redenen waarom men als huurder werd geweigerd")


# %%
def share(p, answer):
    """The published share of one answer (NaN when hidden) and its text with the mark."""
    row = p.numbers.set_index("Antwoord").loc[answer]
    text = p.text.set_index("Antwoord").loc[answer]
    column = [col for col in p.text.columns if col.startswith("%") or col == "Percentage"][0]
    return float(row[column]), text[column]


soms, soms_text = share(discrimination, "Ja, soms")
vaak, vaak_text = share(discrimination, "Ja, vaak")
felt = share_total([vaak, soms]) if soms == soms and vaak == vaak else "(niet te berekenen)"
_, origin_text = share(refusal, "Mijn afkomst")
_, benefits_text = share(refusal, "Mijn inkomen uit een uitkering")
display(Markdown(
    f"Van de nieuwkomers die de vraag beantwoordden, voelde {vaak_text} zich *vaak* en {soms_text} zich "
    f"*soms* gediscrimineerd bij het zoeken naar een woning, samen {felt}. Van de nieuwkomers die de vraag "
    f"over weigeringen beantwoordden, zei {origin_text} als kandidaat-huurder geweigerd te zijn omwille van "
    f"de eigen afkomst en {benefits_text} omwille van een inkomen uit een uitkering. In de praktijktesten werd het minderheidsprofiel over alle paren in "
    f"{c.rate_text('minority')} van de testen uitgenodigd, tegenover {c.rate_text('majority')} voor het "
    f"meerderheidsprofiel: een netto discriminatie van {c.net_text()}."
))

# %%
rows = [
    ("Afkomst", "Mijn afkomst", "Afkomst (Marokkaanse naam)"),
    ("Afkomst", "Mijn afkomst", "Afkomst (Congolese naam)"),
    ("Inkomen uit een uitkering", "Mijn inkomen uit een uitkering", "Inkomen uit een uitkering"),
]
lines = ["| Grond | Nieuwkomers: geweigerd om deze reden (% van de respondenten) | Praktijktest | Netto discriminatie (procentpunt) |",
         "|:---|---:|:---|---:|"]
for ground, reason, level in rows:
    _, reason_text = share(refusal, reason)
    s = c.scope("ground", level)
    net = points(s.value("Netto discriminatie")) if s.status("Netto discriminatie") in ("ok", "flagged") else "×"
    lines.append(f"| {ground} | {reason_text} | {level} | {net} |")
display(Markdown(
    table_caption("Twee bronnen naast elkaar, per grond",
                  "Links het aandeel van de nieuwkomers (die de vraag beantwoordden) dat zegt om deze reden als "
                  "kandidaat-huurder geweigerd te zijn; rechts de netto discriminatie in de praktijktesten voor "
                  "dezelfde grond. De twee getallen meten iets anders en zijn niet rechtstreeks vergelijkbaar.")
    + "\n\n" + "\n".join(lines)
    + f"\n\n*Bronnen: {md(newcomers.source_line)}, n = {fmt.number(refusal.base)} respondenten; "
    f"{md(c.cb.source_line)}, n = {fmt.number(c.pairs)} paren."
    + (" Beide bronnen zijn synthetische voorbeelddata.*" if newcomers.synthetic and c.cb.synthetic else "*")
))

# %% [markdown]
# **Hoe lezen we dit samen?** Beide bronnen wijzen in dezelfde richting: nieuwkomers noemen hun
# afkomst en een inkomen uit een uitkering als redenen waarom ze geweigerd werden, en in de
# praktijktesten krijgt een kandidaat met een buitenlands klinkende naam of met een uitkering
# merkbaar minder vaak een uitnodiging dan een vergelijkbare kandidaat zonder die kenmerken.
#
# Toch mogen de cijfers niet tegen elkaar worden afgewogen alsof ze hetzelfde meten:
#
# - **Andere eenheden.** De bevraging telt *personen* en hun ervaringen over de hele zoektocht; de
#   praktijktesten tellen *reacties van verhuurders* op één e-mail.
# - **Andere plaatsen en tijden.** De nieuwkomers wonen in heel Vlaanderen en Brussel en werden in
#   2022 bevraagd; de praktijktesten vonden plaats in Gent en Sint-Niklaas in 2023–2024.
# - **Beleving tegenover gedrag.** Wie geweigerd wordt, kent de reden zelden zeker; een
#   praktijktest ziet alleen de eerste stap (de uitnodiging) en niet wat daarna gebeurt (de
#   bezichtiging, de keuze van de huurder, de huurwaarborg).
# - **Geen toevallige steekproeven.** De deelnemers aan de bevraging werden via organisaties bereikt;
#   de geteste advertenties zijn een selectie van het aanbod in twee steden.
#
# Juist omdat ze zo verschillen, vullen de twee bronnen elkaar aan: de praktijktesten meten
# ongelijke behandeling bij de eerste reactie, en de bevraging beschrijft hoe nieuwkomers hun hele
# zoektocht naar een woning ervaren. Of het een het ander veroorzaakt, kunnen ze samen niet aantonen.

# %% [markdown]
# ## Aanbevelingen
#
# 1. **Maak praktijktesten een vast instrument van het lokale woonbeleid**, met een vaste
#    methode, genoeg testen per stad en per soort verhuurder, en een openbare rapportering, zodat
#    de evolutie over de jaren zichtbaar wordt.
# 2. **Volg vastgestelde discriminatie op.** Spreek vastgoedkantoren en verhuurders aan met
#    herhaalde testen, sensibilisering en, waar nodig, sancties via de bevoegde diensten.
# 3. **Pak discriminatie op grond van een inkomen uit een uitkering even ernstig aan als
#    discriminatie op grond van afkomst.** Beide komen in de testen en in de ervaringen van
#    nieuwkomers naar voren.
# 4. **Ondersteun huurders die discriminatie melden**, met laagdrempelige meldpunten in meer talen
#    en begeleiding door een vertrouwenspersoon.
# 5. **Blijf nieuwkomers zelf bevragen.** Hun ervaringen tonen wat praktijktesten niet zien: wat er
#    gebeurt na de eerste reactie.

# %% [markdown]
# ## Bijlage
#
# ### Bescherming en betrouwbaarheid

# %%
c.protection_note()

# %% [markdown]
# ### Verantwoording van de testen en datakwaliteit

# %%
c.accounting_table()

# %% [markdown]
# ### Herkomst van de cijfers

# %%
r.provenance_note()
