"""Make the SYNTHETIC example export of the entrepreneurs' consultation.

Writes raw/ondernemers/results-survey417263.csv as LimeSurvey exports it ("Export responses" →
CSV, "question code" headings, "answer codes"): ';' delimiter, UTF-8 with BOM, every field quoted,
CRLF line ends and an extra CRLF at the end; leading columns id, submitdate, lastpage,
startlanguage, seed, startdate, datestamp, ipaddr; then the question codes, multiple choice as
one column per option (``G02Q03[SQ001]`` = 'Y' or empty) with an "Other" text column
(``G02Q03[other]``), Likert arrays as one column per statement.

Every respondent is invented by a seeded random generator; no real person is in this file.
Planted on purpose: an impossible age (row of response id 23 → quarantine), an e-mail address and
a phone number typed into the last open answer (response id 7), answer codes with stray spaces.

Run:  .venv/bin/python surveys/ondernemers/generate_example.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

SEED = 20240412
N = 46  # 45 valid + 1 with an impossible age
SURVEY_ID = 417263
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "raw" / "ondernemers" / f"results-survey{SURVEY_ID}.csv"

# Planted values (the tests check these by hand)
BAD_AGE_ID = 23          # age 230: goes to quarantine
CONTACT_ID = 7           # open answer with an e-mail address and a phone number
PLANTED_EMAIL = "karim.benali@voorbeeldzaak.be"
PLANTED_PHONE = "0486 12 34 56"

META = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr"]
STATUS = ["A1", "A2"]                     # ondernemer / (kandidaat-)starter
GENDER = ["M", "F", "X"]
REGIONS = ["A1", "A2", "A3", "A4", "A5", "A6"]
SECTORS = ["A1", "A2", "A3", "A4", "A5", "A6", "A7"]
EMPLOYEES = ["A1", "A2", "A3", "A4"]
CREDIT = ["A1", "A2", "A3"]               # ja geweigerd / nee / nooit aangevraagd
LIKERT5 = ["A1", "A2", "A3", "A4", "A5"]
DISCRIM = ["A1", "A2", "A3", "A9"]        # nooit / soms / vaak / weet niet
KNOWN = ["A1", "A2", "A3"]
FINANCE = 6        # G02Q01: own savings, family, bank, microcredit, subsidy, crowdfunding
BARRIERS = 7       # G02Q03: financing, administration, language, diplomas, network, discrimination, information
MEMBERS = 5        # G03Q01: Unizo, Voka, sector federation, own community network, none
WHERE = 5          # G04Q02: banks, customers, suppliers, landlords, government
NEEDS = 6          # G05Q01: mentor, financing, information in own language, network, administration, diplomas
OTHER_BARRIERS = ["Vergunningen duren te lang", "Geen handelspand gevonden", "Kinderopvang",
                  "Verzekering te duur"]
IDEAS = [
    "Een vast aanspreekpunt bij Unizo dat ook Arabisch of Turks spreekt.",
    "Banken moeten uitleggen waarom ze een krediet weigeren.",
    "Meer microkredieten voor starters zonder spaargeld.",
    "Mentoren die zelf ondernemer met een migratieachtergrond zijn.",
    "Informatie over de btw en de boekhouding in eenvoudige taal.",
    "Diploma's uit het buitenland sneller erkennen.",
    "Netwerkavonden van Voka ook buiten de grote steden.",
    "Minder papierwerk voor kleine zaken.",
]


def _dt(x: dt.datetime) -> str:
    return x.strftime("%Y-%m-%d %H:%M:%S")


def _multi(rng: np.random.Generator, probs: list[float], exclusive_last: bool = False) -> list[str]:
    picks = [rng.random() < p for p in probs]
    if exclusive_last:
        picks[-1] = False
        if not any(picks):
            picks[-1] = True
    return ["Y" if p else "" for p in picks]


def make_rows(rng: np.random.Generator) -> tuple[list[str], list[list[str]]]:
    header = META + ["G01Q01", "G01Q02", "G01Q03", "G01Q04", "G01Q05", "G01Q06", "G01Q07"]
    header += [f"G02Q01[SQ{i:03d}]" for i in range(1, FINANCE + 1)] + ["G02Q02"]
    header += [f"G02Q03[SQ{i:03d}]" for i in range(1, BARRIERS + 1)] + ["G02Q03[other]"]
    header += [f"G03Q01[SQ{i:03d}]" for i in range(1, MEMBERS + 1)]
    header += [f"G03Q02[SQ{i:03d}]" for i in range(1, 4)]
    header += ["G04Q01"] + [f"G04Q02[SQ{i:03d}]" for i in range(1, WHERE + 1)]
    header += [f"G05Q01[SQ{i:03d}]" for i in range(1, NEEDS + 1)] + ["G05Q02", "G05Q03"]
    start = dt.datetime(2024, 4, 15, 8, 0, 0)
    rows = []
    for i in range(1, N + 1):
        begin = start + dt.timedelta(minutes=int(rng.integers(0, 60 * 24 * 45)))
        end = begin + dt.timedelta(minutes=int(rng.integers(8, 35)))
        entrepreneur = rng.random() < 0.62
        status = STATUS[0] if entrepreneur else STATUS[1]
        region = rng.choice(REGIONS, p=[0.12, 0.20, 0.22, 0.18, 0.18, 0.10])
        visible = region != "A1"
        r = {
            "id": str(i), "submitdate": _dt(end), "lastpage": "5", "startlanguage": "nl",
            "seed": str(int(rng.integers(10**8, 10**9))), "startdate": _dt(begin), "datestamp": _dt(end),
            "ipaddr": f"81.{int(rng.integers(82, 250))}.{int(rng.integers(0, 255))}.{int(rng.integers(1, 254))}",
            "G01Q01": status,
            "G01Q02": rng.choice(GENDER, p=[0.56, 0.42, 0.02]),
            "G01Q03": str(int(np.clip(rng.normal(39, 9), 20, 68))),
            "G01Q04": region,
            "G01Q05": rng.choice(SECTORS, p=[0.20, 0.22, 0.10, 0.10, 0.18, 0.12, 0.08]),
            "G01Q06": str(int(rng.integers(0, 21))) if entrepreneur else "",
            "G01Q07": rng.choice(EMPLOYEES, p=[0.45, 0.35, 0.12, 0.08]) if entrepreneur else "",
        }
        fin = _multi(rng, [0.80, 0.45, 0.30 if visible else 0.50, 0.20, 0.22, 0.06])
        for j, v in enumerate(fin, start=1):
            r[f"G02Q01[SQ{j:03d}]"] = v
        r["G02Q02"] = rng.choice(CREDIT, p=[0.32, 0.38, 0.30] if visible else [0.12, 0.55, 0.33])
        bar = _multi(rng, [0.62, 0.55, 0.30, 0.28, 0.48, 0.35 if visible else 0.10, 0.45])
        for j, v in enumerate(bar, start=1):
            r[f"G02Q03[SQ{j:03d}]"] = v
        r["G02Q03[other]"] = OTHER_BARRIERS[int(rng.integers(len(OTHER_BARRIERS)))] if rng.random() < 0.15 else ""
        mem = _multi(rng, [0.30, 0.12, 0.15, 0.30, 0.0], exclusive_last=True)
        for j, v in enumerate(mem, start=1):
            r[f"G03Q01[SQ{j:03d}]"] = v
        for j, mu in enumerate([3.0 if visible else 3.8, 2.6, 3.4], start=1):
            r[f"G03Q02[SQ{j:03d}]"] = LIKERT5[int(np.clip(round(rng.normal(mu, 1.0)), 1, 5)) - 1]
        disc = rng.choice(DISCRIM, p=[0.30, 0.38, 0.24, 0.08] if visible else [0.62, 0.25, 0.05, 0.08])
        r["G04Q01"] = disc
        experienced = disc in ("A2", "A3")
        where = _multi(rng, [0.55, 0.45, 0.20, 0.35, 0.30]) if experienced else [""] * WHERE
        if experienced and not any(where):
            where[0] = "Y"
        for j, v in enumerate(where, start=1):
            r[f"G04Q02[SQ{j:03d}]"] = v
        needs = _multi(rng, [0.45, 0.58, 0.30, 0.42, 0.40, 0.20])
        for j, v in enumerate(needs, start=1):
            r[f"G05Q01[SQ{j:03d}]"] = v
        r["G05Q02"] = rng.choice(KNOWN, p=[0.25, 0.45, 0.30])
        r["G05Q03"] = IDEAS[int(rng.integers(len(IDEAS)))] if rng.random() < 0.7 else ""
        rows.append([r[h] for h in header])
    return header, rows


def add_mess(header: list[str], rows: list[list[str]]) -> None:
    col = {h: k for k, h in enumerate(header)}
    rows[BAD_AGE_ID - 1][col["G01Q03"]] = "230"
    rows[CONTACT_ID - 1][col["G05Q03"]] = (
        f"Graag meer begeleiding na de start. Mail me gerust op {PLANTED_EMAIL} of bel {PLANTED_PHONE}.")
    rows[11][col["G01Q05"]] = " A2 "  # stray spaces around an answer code


def write_limesurvey_csv(header: list[str], rows: list[list[str]], path: Path) -> None:
    def line(cells: list[str]) -> str:
        return ";".join('"' + c.replace('"', '""') + '"' for c in cells) + "\r\n"

    text = line(header) + "".join(line(r) for r in rows) + "\r\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def main() -> None:
    rng = np.random.default_rng(SEED)
    header, rows = make_rows(rng)
    add_mess(header, rows)
    write_limesurvey_csv(header, rows, OUT)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(rows)} rows, synthetic)")


if __name__ == "__main__":
    main()
