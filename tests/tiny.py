"""A tiny hand-made consultation: codebook text and export rows whose outcomes are known by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

TINY_CODEBOOK = """
id: tiny
title: Kleine testbevraging
source_line: "LEVL, testbevraging"
synthetic: true
method: Handgemaakte testdata.
tool: Microsoft Forms
period: {start: 2024-01-01, end: 2024-02-01}
target_respondents: 5
max_quarantine_share: 0.5
export: {file: export.xlsx, tool: ms_forms}
respondent: {id: ID, person: [E-mail], date: {column: Begintijd, keep: month}}
identifying: [Naam, E-mail, Begintijd]
questions:
  - name: age
    source: Leeftijd
    type: number
    label: Leeftijd
    integer: true
    min: 16
    max: 99
  - name: housing
    source: Woonsituatie
    type: single_choice
    label: Woonsituatie
    answers:
      - {code: rent, label: Huurwoning, aliases: [huur]}
      - {code: own, label: Eigen woning}
    missing: [Weet niet]
  - name: rent
    source: Huur
    type: number
    label: Huur
    ask_if: {variable: housing, in: [rent]}
  - name: agree
    source: Tevreden
    type: likert
    label: Tevreden
    answers:
      - {code: a1, label: Niet akkoord}
      - {code: a2, label: Neutraal}
      - {code: a3, label: Akkoord}
  - name: help
    source: Hulp
    type: multiple_choice
    separator: ";"
    label: Hulp
    answers:
      - {code: family, label: Familie}
      - {code: ocmw, label: OCMW}
  - name: town
    source: Gemeente
    type: municipality
    label: Gemeente
    aliases: {Antwerpn: Antwerpen}
  - name: since
    source: Sinds
    type: date
    label: Sinds
    date_formats: ["%d/%m/%Y"]
    latest: 2024-02-01
  - name: remarks
    source: Opmerkingen
    type: free_text
    label: Opmerkingen
"""


def tiny_export() -> pd.DataFrame:
    """Six hand-made rows; the row numbers are those a person sees in the sheet (header = 1)."""
    rows = [
        # ID, Begintijd, E-mail, Naam, Leeftijd, Woonsituatie, Huur, Tevreden, Hulp, Gemeente, Sinds, Opmerkingen
        ["1", "2024-01-05 10:00:00", "a@x.be", "Ann", "34", "Huurwoning", "750,5", "Akkoord", "Familie;OCMW;", "Gent", "01/02/2020", "Mail me: ann@voorbeeld.be"],
        ["2", "2024-01-06 11:00:00", "b@x.be", "Bob", "230", "Eigen woning", "", "Neutraal", "", "Antwerpn", "03/03/2021", ""],
        ["3", "2024-01-07 12:00:00", "c@x.be", "Cas", "41", " huur ", "600", "akkoord ", "OCMW;", "sint niklaas", "31/02/2021", ""],
        ["4", "2024-01-08 13:00:00", "d@x.be", "Dirk", "52", "Eigen woning", "900", "Niet akkoord", "Familie;", "Brussel", "", ""],
        ["5", "2024-01-09 14:00:00", "e@x.be", "Eva", "29", "Weet niet", "", "Misschien", "", "Gent", "", ""],
        ["6", "2024-01-10 15:00:00", "a@x.be", "Ann", "34", "Huurwoning", "760", "Akkoord", "Familie;", "Gent", "01/02/2020", ""],
    ]
    cols = ["ID", "Begintijd", "E-mail", "Naam", "Leeftijd", "Woonsituatie", "Huur", "Tevreden", "Hulp",
            "Gemeente", "Sinds", "Opmerkingen"]
    df = pd.DataFrame(rows, columns=cols, index=pd.Index(range(2, 8), name="row"), dtype=object)
    return df
