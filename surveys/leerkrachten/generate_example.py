"""Make the SYNTHETIC example data of the teachers' consultation.

Writes three files in raw/leerkrachten/:

* ``leerkrachten.sav`` — the answers as Qualtrics exports them to SPSS: numeric codes with value
  labels, the user-missing code -99 ("Niet gezien"), Qualtrics' own variables (ResponseId,
  StartDate, EndDate, IPAddress, RecipientEmail, Finished: identifying, dropped at ingest), a few
  closed questions and mostly open answers;
* ``codes.csv`` — the researchers' coding of the open answers, as they would write it (Excel,
  ';'): respondent (the ResponseId as in the export), question (the codebook name of the open
  question), theme (a theme code from the codebook); several rows per answer when it touches
  several themes;
* ``quotes.csv`` — quotes the researchers chose for the report (respondent, question, quote).

Every respondent is invented by a seeded random generator; no real person is in these files.
Planted on purpose (the tests check these by hand):

* a repeated submission: the same RecipientEmail answers twice; the first one (``REPEAT_FIRST``)
  is removed in cleaning, yet it is coded in codes.csv and has a chosen quote → neither may count;
* an impossible role code 7 (``BAD_ROLE``) → quarantine; its answers are coded too → must not count;
* a phone number and an e-mail address typed into open answers (``PHONE``/``EMAIL``), one of them
  in a chosen quote → shown scrubbed.

Run:  .venv/bin/python surveys/leerkrachten/generate_example.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat

SEED = 20240918
N = 40
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "raw" / "leerkrachten"

PHONE = "0478 55 66 77"
EMAIL = "s.elidrissi@voorbeeldschool.be"

OPEN = {  # codebook name → SPSS variable
    "open_helped": "Q6",
    "open_barriers": "Q7",
    "open_change": "Q8",
}
# Per open question: the themes it touches and a few ways respondents put them in words.
SENTENCES: dict[str, dict[str, list[str]]] = {
    "open_helped": {
        "role_model": ["Een leerkracht met dezelfde achtergrond als ik was mijn voorbeeld.",
                       "Ik zag op mijn school nooit iemand zoals ik voor de klas, dat wilde ik veranderen."],
        "support_mentor": ["Mijn mentor tijdens de stage geloofde in mij.",
                           "Een collega hielp mij met de lesvoorbereidingen in mijn eerste jaar."],
        "family": ["Mijn ouders vonden onderwijs heel belangrijk.",
                   "Mijn familie steunde mij, ook toen het moeilijk ging."],
        "motivation": ["Ik wil jongeren tonen dat alles mogelijk is.",
                       "Ik werk graag met kinderen die thuis een andere taal spreken."],
        "internship": ["Een goede stageschool met een divers team.",
                       "De begeleiding tijdens de opleiding was sterk."],
    },
    "open_barriers": {
        "language": ["Op stage kreeg ik opmerkingen over mijn accent.",
                     "De taaltoets voor het Nederlands was een grote drempel."],
        "diploma": ["Mijn diploma uit Marokko werd niet erkend, ik moest opnieuw beginnen.",
                    "De erkenning van mijn buitenlands diploma duurde meer dan een jaar."],
        "discrimination": ["Ouders vroegen of ik wel de juiste leerkracht was voor hun kind.",
                           "Door mijn hoofddoek kreeg ik geen interimopdracht."],
        "internship": ["Ik vond moeilijk een stageplaats.",
                       "Mijn stagementor had weinig tijd voor mij."],
        "workload": ["De tijdelijke contracten maken het onzeker.",
                     "De werkdruk in het eerste jaar is enorm."],
    },
    "open_change": {
        "recruitment": ["Scholen moeten actiever leerkrachten met een migratieachtergrond aanwerven.",
                        "Zij-instromers sneller een vaste plaats geven."],
        "policy": ["Elke school een duidelijk diversiteitsbeleid.",
                   "De directie moet tonen dat diversiteit in het team belangrijk is."],
        "diploma": ["Buitenlandse diploma's sneller erkennen.",
                    "Een kortere weg naar een bekwaamheidsbewijs voor wie al les gaf in het buitenland."],
        "support_mentor": ["Startende leerkrachten een mentor geven.",
                           "Meer tijd voor begeleiding van nieuwe collega's."],
        "discrimination": ["Een meldpunt voor discriminatie op school waar je op kan vertrouwen.",
                           "Opmerkingen van ouders over afkomst niet laten passeren."],
        "language": ["Meer begrip voor meertaligheid in het lerarenkorps.",
                     "Een accent is geen probleem, dat moeten scholen uitdragen."],
    },
}
WEIGHTS = {  # chance that an answer touches the theme
    "open_helped": {"role_model": 0.45, "support_mentor": 0.45, "family": 0.35, "motivation": 0.55,
                    "internship": 0.25},
    "open_barriers": {"language": 0.45, "diploma": 0.30, "discrimination": 0.50, "internship": 0.35,
                      "workload": 0.40},
    "open_change": {"recruitment": 0.50, "policy": 0.45, "diploma": 0.30, "support_mentor": 0.40,
                    "discrimination": 0.35, "language": 0.25},
}
ANSWER_RATE = {"open_helped": 0.92, "open_barriers": 0.85, "open_change": 0.80}
COMMENTS = ["Bedankt voor deze bevraging.", "Goed dat VLOR hier werk van maakt.",
            "Ik hoop dat er iets met de resultaten gebeurt."]
FIRST = ["Samira", "Youssef", "Elif", "Kofi", "Nadia", "Bilal", "Hanna", "Rachid", "Aylin", "Moussa"]
LAST = ["El Idrissi", "Bakkali", "Yildiz", "Mensah", "Haddou", "Kaya", "Tesfaye", "Amrani", "Demir", "Diop"]

LIKERT = {1: "Helemaal niet akkoord", 2: "Niet akkoord", 3: "Neutraal", 4: "Akkoord", 5: "Helemaal akkoord",
          -99: "Niet gezien"}
FREQ = {1: "Nooit", 2: "Soms", 3: "Vaak", -99: "Niet gezien"}


def response_id(rng: np.random.Generator) -> str:
    chars = np.array(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
    return "R_" + "".join(rng.choice(chars, size=15))


def open_answer(rng: np.random.Generator, question: str) -> tuple[str, list[str]]:
    if rng.random() > ANSWER_RATE[question]:
        return "", []
    themes = [t for t, p in WEIGHTS[question].items() if rng.random() < p]
    if not themes:
        themes = [list(WEIGHTS[question])[int(rng.integers(len(WEIGHTS[question])))]]
    text = " ".join(SENTENCES[question][t][int(rng.integers(2))] for t in themes)
    return text, themes


def make_rows(rng: np.random.Generator) -> tuple[list[dict], list[tuple[str, str, str]]]:
    start = dt.datetime(2024, 9, 23, 7, 30, 0)
    rows, codes = [], []
    for i in range(N):
        begin = start + dt.timedelta(minutes=int(rng.integers(0, 60 * 24 * 40)))
        first, last = FIRST[i % len(FIRST)], LAST[int(rng.integers(len(LAST)))]
        teacher = rng.random() < 0.7
        row = {
            "StartDate": begin,
            "EndDate": begin + dt.timedelta(minutes=int(rng.integers(9, 40))),
            "Finished": 1.0,
            "IPAddress": f"193.{int(rng.integers(100, 200))}.{int(rng.integers(0, 255))}.{int(rng.integers(1, 254))}",
            "RecipientEmail": f"{first.lower()}.{last.lower().replace(' ', '')}{i}@school-voorbeeld.be",
            "ResponseId": response_id(rng),
            "Q1": 1.0 if teacher else 2.0,
            "Q2": float(rng.choice([1, 2, 3], p=[0.45, 0.45, 0.10])),
            "Q3": float(rng.choice([1, 2, 3], p=[0.35, 0.40, 0.25])) if teacher else np.nan,
        }
        for j, mu in enumerate([3.6, 3.2, 2.7], start=1):
            row[f"Q4_{j}"] = -99.0 if rng.random() < 0.05 else float(np.clip(round(rng.normal(mu, 1.0)), 1, 5))
        row["Q5"] = -99.0 if rng.random() < 0.06 else float(rng.choice([1, 2, 3], p=[0.35, 0.45, 0.20]))
        for name, var in OPEN.items():
            text, themes = open_answer(rng, name)
            row[var] = text
            codes.extend((row["ResponseId"], name, t) for t in themes)
        row["Q9"] = COMMENTS[int(rng.integers(len(COMMENTS)))] if rng.random() < 0.3 else ""
        rows.append(row)
    return rows, codes


def add_mess(rows: list[dict], codes: list[tuple[str, str, str]]) -> dict[str, str]:
    """Plant the problems of a real export; returns the ids the tests need."""
    # identifiers typed into open answers (the first one is also a chosen quote)
    if not rows[4]["Q7"]:
        rows[4]["Q7"] = SENTENCES["open_barriers"]["internship"][0]
        codes.append((rows[4]["ResponseId"], "open_barriers", "internship"))
    rows[4]["Q7"] += " Wie meer wil weten, mag me bellen op " + PHONE + "."
    rows[9]["Q9"] = f"Mail me gerust: {EMAIL}"
    # an impossible role code → quarantine; its answers were coded anyway
    rows[14]["Q1"] = 7.0
    if not rows[14]["Q7"]:
        rows[14]["Q7"] = SENTENCES["open_barriers"]["workload"][0]
        codes.append((rows[14]["ResponseId"], "open_barriers", "workload"))
    # a repeated submission: the same person answers again; the first one is removed in cleaning
    first = rows[20]
    again = dict(first)
    again["ResponseId"] = "R_" + first["ResponseId"][2:][::-1]
    again["StartDate"] = first["StartDate"] + dt.timedelta(hours=3)
    again["EndDate"] = first["EndDate"] + dt.timedelta(hours=3)
    if not first["Q7"]:
        first["Q7"] = again["Q7"] = SENTENCES["open_barriers"]["discrimination"][0]
        codes.append((first["ResponseId"], "open_barriers", "discrimination"))
    codes.extend((again["ResponseId"], q, t) for r, q, t in list(codes) if r == first["ResponseId"])
    rows.append(again)
    return {"repeat_first": first["ResponseId"], "repeat_again": again["ResponseId"],
            "bad_role": rows[14]["ResponseId"], "phone_quote": rows[4]["ResponseId"]}


def write_sav(rows: list[dict], path: Path) -> None:
    df = pd.DataFrame(rows)
    order = ["StartDate", "EndDate", "Finished", "IPAddress", "RecipientEmail", "ResponseId",
             "Q1", "Q2", "Q3", "Q4_1", "Q4_2", "Q4_3", "Q5", "Q6", "Q7", "Q8", "Q9"]
    df = df[order]
    labels = {
        "StartDate": "Start Date", "EndDate": "End Date", "Finished": "Finished", "IPAddress": "IP Address",
        "RecipientEmail": "Recipient Email", "ResponseId": "Response ID",
        "Q1": "Bent u leerkracht of leerkracht in opleiding?",
        "Q2": "In welk onderwijsniveau geeft u les (of loopt u stage)?",
        "Q3": "Hoeveel jaar ervaring heeft u als leerkracht?",
        "Q4_1": "Hoe akkoord bent u met deze uitspraken? - Ik voel me thuis in het schoolteam",
        "Q4_2": "Hoe akkoord bent u met deze uitspraken? - Collega's waarderen wat ik meebreng",
        "Q4_3": "Hoe akkoord bent u met deze uitspraken? - Mijn school doet genoeg voor een divers schoolteam",
        "Q5": "Heeft u op school discriminatie ervaren (door collega's, directie, ouders of leerlingen)?",
        "Q6": "Wat hielp u om leerkracht te worden?",
        "Q7": "Welke drempels ervaarde u?",
        "Q8": "Wat moet er veranderen?",
        "Q9": "Wilt u nog iets kwijt?",
    }
    value_labels = {
        "Finished": {0.0: "False", 1.0: "True"},
        "Q1": {1.0: "Leerkracht", 2.0: "Leerkracht in opleiding"},
        "Q2": {1.0: "Basisonderwijs", 2.0: "Secundair onderwijs", 3.0: "Ander onderwijs"},
        "Q3": {1.0: "Minder dan 3 jaar", 2.0: "3 tot 10 jaar", 3.0: "Meer dan 10 jaar"},
        "Q4_1": {float(k): v for k, v in LIKERT.items()}, "Q4_2": {float(k): v for k, v in LIKERT.items()},
        "Q4_3": {float(k): v for k, v in LIKERT.items()}, "Q5": {float(k): v for k, v in FREQ.items()},
    }
    missing = {v: [-99.0] for v in ("Q4_1", "Q4_2", "Q4_3", "Q5")}
    path.parent.mkdir(parents=True, exist_ok=True)
    pyreadstat.write_sav(df, str(path), column_labels=[labels[c] for c in df.columns],
                         variable_value_labels=value_labels, missing_ranges=missing,
                         variable_measure={c: "nominal" for c in ("Q1", "Q2", "Q3")}
                         | {c: "ordinal" for c in ("Q4_1", "Q4_2", "Q4_3", "Q5")},
                         file_label="LEVL bevraging leerkrachten (synthetisch)")


def write_csv(path: Path, header: list[str], rows: list[tuple]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


def choose_quotes(rows: list[dict], ids: dict[str, str]) -> list[tuple[str, str, str]]:
    """Quotes 'the researchers chose': fixed picks, each a literal piece of the answer."""
    by_id = {r["ResponseId"]: r for r in rows}
    picks = [(ids["phone_quote"], "open_barriers")]
    for row in rows[1:]:
        for name in ("open_helped", "open_change", "open_barriers"):
            if row[OPEN[name]] and row["ResponseId"] not in {p[0] for p in picks} and len(picks) < 6 \
                    and sum(p[1] == name for p in picks) < 2 and row["Q1"] != 7.0 \
                    and row["ResponseId"] not in (ids["repeat_first"], ids["repeat_again"]):
                picks.append((row["ResponseId"], name))
    picks.append((ids["repeat_first"], "open_barriers"))  # chosen before cleaning: must not be shown
    out = []
    for rid, name in picks:
        text = by_id[rid][OPEN[name]]
        sentences = text.split(". ")
        if rid == ids["phone_quote"] and len(sentences) > 2:  # a shortened quote, the cut marked [...]
            text = sentences[0] + ". [...] " + sentences[-1]
        out.append((rid, name, text))
    return out


def main() -> None:
    rng = np.random.default_rng(SEED)
    rows, codes = make_rows(rng)
    ids = add_mess(rows, codes)
    write_sav(rows, OUT / "leerkrachten.sav")
    write_csv(OUT / "codes.csv", ["respondent", "question", "theme"], codes)
    write_csv(OUT / "quotes.csv", ["respondent", "question", "quote"], choose_quotes(rows, ids))
    print(f"wrote raw/leerkrachten/leerkrachten.sav ({len(rows)} rows), codes.csv ({len(codes)} codes), "
          f"quotes.csv (synthetic)")


if __name__ == "__main__":
    main()
