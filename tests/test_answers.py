"""Answer parsing shared by validation and cleaning, on hand-made values."""

from __future__ import annotations

import pandas as pd

from pipeline import answers, municipalities


def test_numbers_accept_decimal_comma_and_flag_text(tiny_codebook):
    values, bad = answers.numbers(pd.Series(["750,5", "600", "", "zeshonderd", " 12 "]))
    assert values.iloc[0] == 750.5 and values.iloc[1] == 600 and values.iloc[4] == 12
    assert pd.isna(values.iloc[2])
    assert bad.tolist() == [False, False, False, True, False]


def test_numbers_dutch_excel_thousands():
    values, bad = answers.numbers(pd.Series(["1.234,5", "7,5"]), decimal=",")
    assert values.tolist() == [1234.5, 7.5] and not bad.any()


def test_impossible_date_is_flagged():
    values, bad = answers.dates(pd.Series(["01/02/2020", "31/02/2021", ""]), ["%d/%m/%Y"])
    assert values.iloc[0] == pd.Timestamp("2020-02-01")
    assert bad.tolist() == [False, True, False]


def test_choice_codes_normalise_space_and_case(tiny_codebook):
    q = tiny_codebook.by_name["housing"]
    codes, unknown = answers.choice_codes(pd.Series(["Huurwoning", " huur ", "EIGEN  woning", "Weet niet", "Kot", ""]), q)
    assert codes.tolist()[:3] == ["rent", "rent", "own"]
    assert pd.isna(codes.iloc[3])  # a missing-value code
    assert unknown.tolist() == [False, False, False, False, True, False]


def test_multiple_choice_indicators(tiny_codebook):
    q = tiny_codebook.by_name["help"]
    ind = answers.multi_indicators(pd.Series(["Familie;OCMW;", "ocmw;", ""]), q)
    assert ind["help__family"].tolist()[:2] == [True, False]
    assert ind["help__ocmw"].tolist()[:2] == [True, True]
    assert ind.iloc[2].isna().all()  # no answer at all: not "not chosen"


def test_municipality_names_match_after_normalisation():
    codes = municipalities.resolve(pd.Series(["Gent", " GENT", "sint niklaas", "St.-Niklaas", "Anvers", "Antwerpn", ""]),
                                   aliases={"Antwerpn": "Antwerpen"})
    # NIS codes from Statbel: Gent 44021, Sint-Niklaas 46021, Antwerpen 11002
    assert codes.tolist() == ["44021", "44021", "46021", "46021", "11002", "11002", ""]
    assert municipalities.resolve(pd.Series(["Atlantis"])).isna().all()
    assert municipalities.suggest("Mechlen") == "Mechelen"
