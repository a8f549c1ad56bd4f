"""Make the SYNTHETIC example export of the newcomers' housing consultation, second wave (2026).

SYNTHETIC: every respondent is invented by a seeded random generator; no real person is in this file.

The consultation of 2022 (surveys/nieuwkomers_wonen/) repeated four years later with the same
questionnaire in the same tool, answered by other newcomers (an independent wave: nobody is linked).
Writes raw/nieuwkomers_wonen_2026/antwoorden_2026.xlsx as Microsoft Forms exports it
with a Dutch interface ("Openen in Excel": one sheet, leading columns ID, Begintijd, Tijd van
voltooien, E-mail, Naam, multiple choice as "A;B;").

What changed since 2022, on purpose, so that the comparison has something to find:
* the answer "Opvang of tijdelijke woonvorm" now reads "Tijdelijke woonvorm of opvang" (code
  `temporary`, was `shelter`: the codebook's `waves.recode`);
* the question on the rent guarantee was dropped, a question on paying the energy bill is new;
* fewer newcomers experience discrimination when looking for a home, more rent on the private
  market; the other questions are drawn as in 2022 (no change but chance).

It carries the mess of real exports: stray spaces and case variants in answers, a typo in an
answer ("Soicale huurwoning": the row goes to quarantine), a repeated submission, an impossible
age, misspelt municipalities, an e-mail address, a phone number and an address typed into the open
answer, and the tool's identifying columns.

Run:  .venv/bin/python surveys/nieuwkomers_wonen_2026/generate_example.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook

SEED = 20260317
N = 180
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "raw" / "nieuwkomers_wonen_2026" / "antwoorden_2026.xlsx"

Q = {
    "age": "Wat is uw leeftijd?",
    "gender": "Wat is uw gender?",
    "region": "Uit welke regio komt u?",
    "years": "Hoe lang woont u al in België?",
    "household": "Wat is uw gezinssituatie?",
    "municipality": "In welke gemeente woont u?",
    "housing": "Wat is uw huidige woonsituatie?",
    "search": "Hoeveel maanden zocht u naar uw huidige woning?",
    "viewings": "Hoeveel woningen heeft u bezocht voor u deze woning vond?",
    "refusal": "Werd u als kandidaat-huurder geweigerd om een van deze redenen?",
    "discrimination": "Voelde u zich gediscrimineerd bij het zoeken naar een woning?",
    "rent": "Hoeveel huur betaalt u per maand (in euro)?",
    "moved_in": "Sinds wanneer woont u op uw huidige adres? (dd/mm/jjjj)",
    "energy": "Kon u het voorbije jaar uw energiefactuur op tijd betalen?",
    "q_state": "Mijn woning is in goede staat",
    "q_space": "Mijn woning is groot genoeg voor mijn gezin",
    "q_afford": "Mijn woning is betaalbaar voor mij",
    "help": "Van wie kreeg u hulp bij het zoeken naar een woning?",
    "priorities": "Wat moet volgens u eerst veranderen? (maximum 3)",
    "comments": "Heeft u nog opmerkingen of ideeën over wonen in Vlaanderen of Brussel?",
}
REGIONS = ["Europese Unie", "Europa buiten de EU", "Noord-Afrika", "Afrika ten zuiden van de Sahara",
           "Midden-Oosten", "Azië", "Latijns-Amerika"]
YEARS = ["Minder dan 1 jaar", "1 tot 3 jaar", "3 tot 5 jaar", "5 jaar of langer"]
HOUSEHOLDS = ["Alleenstaand", "Alleenstaand met kinderen", "Koppel zonder kinderen",
              "Koppel met kinderen", "Andere"]
HOUSING = ["Huurwoning op de private markt", "Sociale huurwoning", "Eigen woning",
           "Bij familie of vrienden", "Tijdelijke woonvorm of opvang"]
REFUSALS = ["Mijn afkomst", "Mijn taal", "Mijn inkomen uit een uitkering", "De grootte van mijn gezin",
            "Zonder reden", "Ik werd nooit geweigerd"]
DISCRIM = ["Ja, vaak", "Ja, soms", "Nee", "Weet ik niet"]
ENERGY = ["Altijd", "Meestal wel", "Soms niet", "Vaak niet"]
LIKERT = ["Helemaal niet akkoord", "Niet akkoord", "Neutraal", "Akkoord", "Helemaal akkoord"]
HELP = ["Familie of vrienden", "OCMW", "Agentschap Integratie en Inburgering", "Sociaal verhuurkantoor",
        "Een vereniging", "Niemand"]
PRIORITIES = ["Betaalbare huurprijzen", "Meer sociale woningen", "Discriminatie harder aanpakken",
              "Betere woningkwaliteit", "Hulp bij de huurwaarborg", "Informatie in meer talen"]
COMMENTS = [
    "De huur is te hoog voor een groot gezin.",
    "Makelaars antwoorden niet als ze mijn naam zien.",
    "Ik wacht al lang op een sociale woning.",
    "Er is vocht in de slaapkamer en de eigenaar doet niets.",
    "Meer informatie in het Arabisch of Engels zou helpen.",
    "Het OCMW heeft mij goed geholpen met de waarborg.",
    "De energiefactuur is sinds vorige winter veel te hoog.",
    "Via het sociaal verhuurkantoor vond ik eindelijk iets.",
    "Eigenaars willen geen leefloon.",
    "Bedankt voor deze bevraging.",
]
PLANTED_EMAIL = "omar.benali.wonen@voorbeeld.be"
PLANTED_PHONE = "0486 98 76 54"
FIRST = ["Hanna", "Omar", "Iryna", "Khalid", "Aisha", "Tesfaye", "Nour", "Farid", "Ana", "Bilal"]
LAST = ["Benali", "Tesfaye", "Shevchenko", "Karimi", "Bah", "Kowalski", "Adeyemi", "Khoury", "Costa", "Demir"]


def municipalities(rng: np.random.Generator, n: int) -> list[str]:
    ref = pd.read_csv(ROOT / "pipeline" / "reference" / "municipalities_2019_2024.csv", dtype=str)
    pop = ref["population_2020"].astype(float)
    # newcomers live mostly in the cities: weight by population squared-ish
    w = pop**1.6
    return list(rng.choice(ref["name_nl"].to_numpy(), size=n, p=(w / w.sum()).to_numpy()))


def pick_multi(rng: np.random.Generator, options: list[str], probs: list[float], exclusive: str | None) -> str:
    chosen = [o for o, p in zip(options, probs, strict=True) if o != exclusive and rng.random() < p]
    if not chosen and exclusive is not None:
        chosen = [exclusive]
    return "".join(f"{c};" for c in chosen)


def make_rows(rng: np.random.Generator) -> list[dict[str, object]]:
    start = dt.datetime(2026, 3, 2, 9, 0, 0)
    places = municipalities(rng, N)
    rows = []
    for i in range(N):
        region = rng.choice(REGIONS, p=[0.10, 0.12, 0.20, 0.18, 0.22, 0.12, 0.06])
        housing = rng.choice(HOUSING, p=[0.67, 0.12, 0.05, 0.09, 0.07])
        years = rng.choice(YEARS, p=[0.20, 0.36, 0.24, 0.20])
        visible = region not in ("Europese Unie",)
        renter = housing in ("Huurwoning op de private markt", "Sociale huurwoning")
        begin = start + dt.timedelta(minutes=int(rng.integers(0, 60 * 24 * 80)))
        first, last = FIRST[int(rng.integers(len(FIRST)))], LAST[int(rng.integers(len(LAST)))]
        row: dict[str, object] = {
            "ID": i + 1,
            "Begintijd": begin,
            "Tijd van voltooien": begin + dt.timedelta(minutes=int(rng.integers(6, 30))),
            "E-mail": f"{first.lower()}.{last.lower().replace(' ', '')}{i}@voorbeeld.be",
            "Naam": f"{first} {last}",
            Q["age"]: int(np.clip(rng.normal(36, 10), 18, 74)),
            Q["gender"]: rng.choice(["Man", "Vrouw", "X", "Zeg ik liever niet"], p=[0.47, 0.48, 0.01, 0.04]),
            Q["region"]: region,
            Q["years"]: years,
            Q["household"]: rng.choice(HOUSEHOLDS, p=[0.30, 0.15, 0.15, 0.35, 0.05]),
            Q["municipality"]: places[i],
            Q["housing"]: housing,
        }
        searching = housing != "Eigen woning"
        row[Q["search"]] = int(rng.gamma(2.0, 4.0 if visible else 2.5)) if searching else ""
        row[Q["viewings"]] = int(rng.poisson(9 if visible else 5)) if searching else ""
        if renter or housing == "Bij familie of vrienden":
            p_ref = 0.32 if visible else 0.12
            row[Q["refusal"]] = pick_multi(rng, REFUSALS, [p_ref, 0.25, 0.30, 0.20, 0.25, 0.0], "Ik werd nooit geweigerd")
        else:
            row[Q["refusal"]] = ""
        row[Q["discrimination"]] = rng.choice(DISCRIM, p=[0.13, 0.23, 0.56, 0.08] if visible else [0.03, 0.12, 0.77, 0.08])
        row[Q["rent"]] = int(round(rng.normal(780 if housing == HOUSING[0] else 430, 140), -1)) if renter else ""
        moved = dt.date(2026, 2, 1) - dt.timedelta(days=int(rng.integers(20, 1500)))
        row[Q["moved_in"]] = moved.strftime("%d/%m/%Y")
        row[Q["energy"]] = rng.choice(ENERGY, p=[0.38, 0.32, 0.20, 0.10])
        quality = 0.6 if housing == HOUSING[0] else 0.9
        for key in ("q_state", "q_space", "q_afford"):
            base = rng.normal(3.2 + quality - (0.85 if key == "q_afford" else 0), 1.0)
            row[Q[key]] = LIKERT[int(np.clip(round(base), 1, 5)) - 1]
        row[Q["help"]] = pick_multi(rng, HELP, [0.55, 0.30, 0.22, 0.12, 0.15, 0.0], "Niemand")
        prio = list(rng.choice(PRIORITIES, size=int(rng.integers(1, 4)), replace=False,
                               p=[0.27, 0.22, 0.18, 0.13, 0.10, 0.10]))
        row[Q["priorities"]] = "".join(f"{p};" for p in PRIORITIES if p in prio)
        row[Q["comments"]] = COMMENTS[int(rng.integers(len(COMMENTS)))] if rng.random() < 0.45 else ""
        rows.append(row)
    return rows


def add_mess(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    # stray spaces and case variants in answers (matched after trimming and ignoring case)
    rows[4][Q["housing"]] = " huurwoning op de private markt"
    rows[9][Q["gender"]] = "man "
    rows[16][Q["years"]] = "5 jaar of  langer"
    rows[22][Q["energy"]] = "MEESTAL WEL"
    # misspelt municipalities (two fixed by aliases in the codebook, two by normalisation)
    rows[6][Q["municipality"]] = "Antwerpn"
    rows[13][Q["municipality"]] = "Mechlen"
    rows[19][Q["municipality"]] = "sint-truiden "
    rows[28][Q["municipality"]] = "LEUVEN"
    # a typo in an answer and an impossible age: these rows go to quarantine with the reason
    rows[37][Q["housing"]] = "Soicale huurwoning"
    rows[52][Q["age"]] = 203
    # identifiers typed into the open answer (scrubbed before anything reaches processed/)
    rows[11][Q["comments"]] = f"Mail mij gerust op {PLANTED_EMAIL} als er een woning vrijkomt."
    rows[35][Q["comments"]] = f"Bel mij op {PLANTED_PHONE}, ik woon nu in de Stationsstraat 48 in Aalst."
    # a repeated submission: the same person sends the form again the next morning
    again = dict(rows[64])
    again["ID"] = len(rows) + 1
    again["Begintijd"] = rows[64]["Begintijd"] + dt.timedelta(hours=15)
    again["Tijd van voltooien"] = rows[64]["Tijd van voltooien"] + dt.timedelta(hours=15)
    rows.append(again)
    return rows


def write_xlsx(rows: list[dict[str, object]], path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Form1"
    header = list(rows[0].keys())
    ws.append(header)
    for r in rows:
        ws.append([r[h] for h in header])
    for row in ws.iter_rows(min_row=2, max_col=3):
        for cell in row[1:3]:
            cell.number_format = "m/d/yy h:mm:ss"
    fixed = dt.datetime(2026, 6, 1, 12, 0, 0)  # fixed metadata: the same seed gives the same bytes
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "LEVL synthetisch voorbeeld"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    fix_metadata(path, fixed)


def fix_metadata(path: Path, when: dt.datetime) -> None:
    """Give the saved workbook fixed dates inside and out, so that the same seed gives the same bytes:
    openpyxl stamps the save time into docProps/core.xml ('modified') and every zip entry."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        entries = [(info, z.read(info.filename)) for info in z.infolist()]
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", lambda m: m.group(1) + stamp, data)
            fixed = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            z.writestr(fixed, data)
    tmp.replace(path)


def main() -> None:
    rng = np.random.default_rng(SEED)
    write_xlsx(add_mess(make_rows(rng)), OUT)
    print(f"wrote {OUT.relative_to(ROOT)} ({N + 1} rows, synthetic)")


if __name__ == "__main__":
    main()
