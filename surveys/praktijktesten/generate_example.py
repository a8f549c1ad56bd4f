"""Make the SYNTHETIC example of LEVL's correspondence tests (praktijktesten) on the private rental market.

Writes raw/praktijktesten/praktijktesten.csv as a researcher's tracking spreadsheet saved from Dutch
Excel as "CSV (gescheiden door puntkomma's)" in UTF-8: ``;`` delimiter, a byte-order mark, dates as
d/m/yyyy. One row per pair: the same rental advert received two comparable applications, one from
a majority profile (Belgian-sounding name, income from work) and one from a minority profile (the
ground tested: a Moroccan- or Congolese-sounding name, or an income from benefits).

Every pair is invented by a seeded random generator; no real landlord, agent or advert is in this
file. The discrimination levels are set near what the Ghent evaluations reported (research note
§4.1: net discrimination by private landlords about 21 %, by estate agents about 14 %); Sint-Niklaas
is set a little higher. The file carries the usual mess of a hand-kept spreadsheet: spacing and
case variants, "St.-Niklaas" for Sint-Niklaas, a few pairs where the second application could not be
sent (advert withdrawn), and two columns that identify the landlord (advert link, notes), which the
codebook does not name, so ingest drops them.

Run:  .venv/bin/python surveys/praktijktesten/generate_example.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np

SEED = 20231002
N = 300
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "raw" / "praktijktesten" / "praktijktesten.csv"

HEADER = ["Paar-ID", "Stad", "Type verhuurder", "Discriminatiegrond", "Datum test",
          "Reactie meerderheidsprofiel", "Reactie minderheidsprofiel", "Eerst verstuurd",
          "Advertentie (link)", "Opmerking"]
GROUNDS = ["afkomst (Marokkaanse naam)", "afkomst (Congolese naam)", "inkomen uit uitkering"]
START, END = dt.date(2023, 10, 2), dt.date(2024, 3, 29)

# Probability that only the majority profile is invited (b) and that only the minority profile is (c),
# by city and landlord type; net discrimination is b - c. Ground multiplies b (benefits: strongest).
ONLY_MAJORITY = {("Gent", "particulier"): 0.24, ("Gent", "makelaar"): 0.17,
                 ("Sint-Niklaas", "particulier"): 0.27, ("Sint-Niklaas", "makelaar"): 0.20}
ONLY_MINORITY = 0.04
GROUND_FACTOR = {GROUNDS[0]: 0.95, GROUNDS[1]: 1.0, GROUNDS[2]: 1.15}
BOTH = {"particulier": 0.33, "makelaar": 0.42}  # both invited: agents answer more often
NOTES = ["", "", "", "", "eigenaar belde terug", "bezichtiging op zaterdag", "vroeg naar loonfiches",
         "antwoord via immoweb-berichten", "reactie na 2 dagen"]


def negative(rng: np.random.Generator) -> str:
    """A landlord who does not invite mostly does not answer at all."""
    return "geen antwoord" if rng.random() < 0.6 else "niet uitgenodigd"


def make_rows(rng: np.random.Generator) -> list[dict[str, str]]:
    rows = []
    days = (END - START).days
    # which profile is sent first: randomised, balanced (half of the pairs each way)
    first = rng.permutation(["meerderheidsprofiel"] * (N // 2) + ["minderheidsprofiel"] * (N - N // 2))
    for i in range(N):
        city = "Gent" if rng.random() < 0.62 else "Sint-Niklaas"
        landlord = "particulier" if rng.random() < 0.55 else "makelaar"
        ground = GROUNDS[int(rng.integers(len(GROUNDS)))]
        p_b = min(0.6, ONLY_MAJORITY[(city, landlord)] * GROUND_FACTOR[ground])
        p_a, p_c = BOTH[landlord], ONLY_MINORITY
        cell = rng.choice(["a", "b", "c", "d"], p=[p_a, p_b, p_c, 1 - p_a - p_b - p_c])
        majority = "uitgenodigd" if cell in ("a", "b") else negative(rng)
        minority = "uitgenodigd" if cell in ("a", "c") else negative(rng)
        day = START + dt.timedelta(days=int(rng.integers(0, days + 1)))
        rows.append({
            "Paar-ID": f"PT-{i + 1:04d}",
            "Stad": city,
            "Type verhuurder": landlord,
            "Discriminatiegrond": ground,
            "Datum test": f"{day.day}/{day.month}/{day.year}",  # Dutch Excel: d/m/yyyy
            "Reactie meerderheidsprofiel": majority,
            "Reactie minderheidsprofiel": minority,
            "Eerst verstuurd": str(first[i]),
            "Advertentie (link)": f"https://zoekertjes.voorbeeld.invalid/huren/{int(rng.integers(10**6, 10**7))}",
            "Opmerking": NOTES[int(rng.integers(len(NOTES)))],
        })
    return rows


def add_mess(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    # spacing and case variants typed by hand
    rows[4]["Reactie minderheidsprofiel"] = "Niet uitgenodigd "
    rows[17]["Reactie meerderheidsprofiel"] = "UITGENODIGD"
    rows[29]["Type verhuurder"] = "Makelaar"
    rows[41]["Stad"] = " gent"
    rows[63]["Discriminatiegrond"] = "Inkomen uit  uitkering"
    # the common abbreviation (an alias in the codebook)
    for k in (12, 88, 150):
        rows[k]["Stad"] = "St.-Niklaas"
    # the advert disappeared before the second application could be sent: no outcome for that profile
    for k, column in ((23, "Reactie minderheidsprofiel"), (97, "Reactie meerderheidsprofiel"),
                      (181, "Reactie minderheidsprofiel"), (244, "Reactie minderheidsprofiel")):
        rows[k][column] = "niet verstuurd"
        rows[k]["Opmerking"] = "advertentie offline voor tweede mail"
    # a landlord's phone number noted in the free comment (the column is dropped at ingest)
    rows[55]["Opmerking"] = "eigenaar belde vanaf 0475 12 34 56"
    return rows


def to_csv(rows: list[dict[str, str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=HEADER, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


def generate(path: Path = OUT) -> Path:
    rng = np.random.default_rng(SEED)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_csv(add_mess(make_rows(rng))))
    return path


def main() -> None:
    path = generate()
    print(f"wrote {path.relative_to(ROOT)} ({N} paren, synthetisch)")


if __name__ == "__main__":
    main()
