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


def _norm_before(s: pd.Series) -> pd.Series:
    """The reference: the codebook's own normalise of each value, one by one (answers are compared with the
    codebook's answers in that form: compatibility form, no invisible characters, one space, case-folded)."""
    from pipeline.codebook import normalise

    return s.fillna("").astype(str).map(normalise).astype(s.fillna("").astype(str).dtype)


def test_norm_pyarrow_path_agrees_with_the_python_one():
    import random

    rng = random.Random(3)
    alphabet = [chr(i) for i in range(128)] + ["é", "ß", "İ", "\u00a0", "\u2003", "\x85", "Σ", "ﬁ", "\u3000"]
    for unicode_share in (0, 1, 9):  # all ASCII, a few others, many others
        pool = alphabet[:128] + alphabet[128:] * unicode_share
        values = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 6))) for _ in range(5000)] + [None] * 5
        s = pd.Series(values, dtype="str", index=range(7, 7 + len(values)), name="q")
        got, expected = answers.norm(s), _norm_before(s)
        assert got.equals(expected) and got.dtype == expected.dtype and got.name == "q"
        assert got.array._pa_array.type == expected.array._pa_array.type
    s = pd.Series(["  Jan.Peeters@GMAIL.com\t", "A\x1cB", "x\x0by  z", "ÉLÈVE  ", ""] * 20, dtype="str")
    assert answers.norm(s).tolist()[:5] == ["jan.peeters@gmail.com", "a b", "x y z", "élève", ""]


def test_person_groups_numbered_in_order_of_first_appearance():
    from pipeline.stages.ingest import _person_groups

    person = pd.Series(["b", "", "a", "b", "c", "", "a"] * 20, dtype="str")
    expected = (["P1", "", "P2", "P1", "P3", "", "P2"] * 20)
    assert _person_groups(person).tolist() == expected


def test_a_long_column_of_mostly_different_values_gives_what_a_column_of_repeats_gives():
    # answers._by_unique runs a function once per distinct value, but skips that for a long column whose first
    # values are mostly different (e-mail addresses, submit times): both routes must give the plain result
    import numpy as np
    import pandas as pd

    from pipeline import answers

    dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    rng = np.random.default_rng(15)
    n = 100_000
    distinct = pd.Series([f" Jan.{i}@Voorbeeld.BE  " if i % 500 else None for i in range(n)], dtype=dtype)
    repeats = pd.Series(rng.choice(["  Ja ", "NEE", "", "Weet\tniet"], size=n), dtype=dtype)
    assert answers._mostly_distinct(distinct) and not answers._mostly_distinct(repeats)
    # 50,000 values spread over the rows: 16,000 different ones among the first 20,000, yet far better once each
    spread = pd.Series([str(v) for v in rng.integers(0, 50_000, size=200_000)], dtype=dtype)
    assert not answers._mostly_distinct(spread)
    for s in (distinct, repeats):
        pd.testing.assert_series_equal(answers.norm(s), answers._norm(s), check_dtype=False)
    days = pd.Series([f"2024-0{1 + i % 9}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:{i % 59:02d}" for i in range(n)],
                     dtype=dtype)
    parsed, bad = answers.dates(days, ["%Y-%m-%d %H:%M:%S"])
    assert not bad.any() and parsed.iloc[12345] == pd.Timestamp("2024-07-26 09:45:14")  # 12345: month 1 + 6, day 1 + 25


def test_one_column_of_dates_is_read_in_one_date_order():
    # review of unseen exports: a draft listed '%m/%d/%Y %H:%M:%S' before '%d/%m/%Y %H:%M:%S'; day-first
    # timestamps 1/3 … 28/3/2025 became 3 January … 3 December (days 1–12) and March (days 13–28), and the
    # report's period ran from 3 januari to 3 december
    import pandas as pd

    from pipeline import answers

    days = pd.Series([f"{d}/3/2025 10:00:00" for d in range(1, 29)] * 3)  # repeated: the by-value path too
    out, bad = answers.dates(days, ["%m/%d/%Y %H:%M:%S", "%d/%m/%Y %H:%M:%S"])
    assert not bad.any() and set(out.dt.month) == {3} and out.dt.day.tolist() == list(range(1, 29)) * 3
    # month-first data keeps month-first, whatever the codebook's order
    us = pd.Series(["3/28/2025", "3/1/2025", "12/5/2025"])
    assert answers.dates(us, ["%d/%m/%Y", "%m/%d/%Y"])[0].dt.strftime("%Y-%m-%d").tolist() == [
        "2025-03-28", "2025-03-01", "2025-12-05"]
    # two layouts in one column (ISO and day-first) are both still read
    mixed = pd.Series(["2024-03-05", "05/03/2024", "2024-01-02", ""])
    out, bad = answers.dates(mixed, ["%d/%m/%Y", "%Y-%m-%d"])
    assert out.dt.strftime("%Y-%m-%d").tolist()[:3] == ["2024-03-05", "2024-03-05", "2024-01-02"] and not bad.any()


def test_excel_date_numbers_in_a_date_column_are_their_days():
    # an Excel sheet whose date cells were formatted as numbers: validate refused '42035' as "geen bestaande datum"
    # (review of unseen exports). By hand: serial 42005 is 1 January 2015 (days since 30 December 1899), so
    # 42035 is 31 January 2015; 45204.375 is 5 October 2023, 09:00.
    import pandas as pd

    from pipeline import answers

    values, bad = answers.dates(pd.Series(["42035", "31/01/2015", "45204.375", "", "12345", "x"]), ["%d/%m/%Y"],
                                serials=True)
    assert values.tolist()[:3] == [pd.Timestamp("2015-01-31"), pd.Timestamp("2015-01-31"),
                                   pd.Timestamp("2023-10-05 09:00")]
    assert bad.tolist() == [False, False, False, False, True, True]  # 12345 (1933) is no plausible date number
    # a draft's guess never reads numbers as dates: a column of 5-digit ids stays ids
    assert answers.dates(pd.Series(["42035"]), ["%d/%m/%Y"])[1].tolist() == [True]


def test_year_month_day_is_read_whatever_the_formats():
    # a Google Forms export re-saved as .xlsx: Excel's date cells are read as '2025-01-15 21:53:05', and a codebook
    # drafted from the CSV ('%m/%d/%Y %H:%M:%S') emptied every submission date with only a warning
    import pandas as pd

    from pipeline import answers

    values, bad = answers.dates(pd.Series(["2025-01-15 21:53:05", "1/16/2025 08:00:00", "2025-01-17", "2025-01-18T07:30:00",
                                           "2025-02-30", "15-01-2025"]), ["%m/%d/%Y %H:%M:%S"], serials=True)
    assert values.tolist()[:4] == [pd.Timestamp("2025-01-15 21:53:05"), pd.Timestamp("2025-01-16 08:00"),
                                   pd.Timestamp("2025-01-17"), pd.Timestamp("2025-01-18 07:30")]
    assert bad.tolist() == [False, False, False, False, True, True]  # no 30 February; day-month-year is no ISO date
    # a draft's guess reads only its own formats
    assert answers.dates(pd.Series(["2025-01-15"]), ["%m/%d/%Y"])[1].tolist() == [True]


def test_an_answer_that_holds_the_separator_stays_one_answer():
    # 'Prijs; te hoog' with separator ';' was split into 'prijs' and 'te hoog', rejoined without its space and
    # then unknown: every such row was quarantined, quoting an expected option (review of unseen exports)
    import pandas as pd

    from pipeline.answers import split_multi

    known = {"prijs; te hoog", "taal"}
    got = split_multi(pd.Series(["Prijs; te hoog;Taal", "Prijs;te hoog", "Taal;"]), ";", known).tolist()
    assert got == [["prijs; te hoog", "taal"], ["prijs; te hoog"], ["taal"]]


def test_a_number_with_both_separators_is_read():
    # "1.094,50" (an amount typed in Belgium) was "geen getal" when the codebook declares no decimal separator;
    # with both separators the last one is the decimal one. '1.250' alone stays ambiguous.
    import pandas as pd

    from pipeline import answers

    values, bad = answers.numbers(pd.Series(["1.094,50", "1,094.50", "-1.000,5", "1.094.500,25", "1.250", "1,2,3"]))
    assert values.tolist()[:4] == [1094.5, 1094.5, -1000.5, 1094500.25]
    assert bad.tolist() == [False, False, False, False, True, True]
    # a codebook that declares the decimal point reads '1.094,50' as no number (it contradicts the declaration)
    assert answers.numbers(pd.Series(["1.094,50"]), ".")[1].tolist() == [True]


def test_numbers_by_the_declared_separator_with_spaces_and_without_infinity():
    # left open before: export.decimal "." did not make '1.250' one and a quarter, '1 250' (an ordinary space between
    # thousands) was "geen getal", and 'inf' was read as a number (a mean of infinity)
    import pandas as pd

    from pipeline import answers

    values, bad = answers.numbers(pd.Series(["1.250", "1,250", "1,250.5", "7,5", "1 250", "inf", "nan", "1e3"]), ".")
    assert values.tolist()[:3] == [1.25, 1250.0, 1250.5] and values.tolist()[4] == 1250.0 and values.tolist()[7] == 1000.0
    assert bad.tolist() == [False, False, False, True, False, True, True, False]  # '7,5' contradicts the '.'
    assert answers.ambiguous_numbers(pd.Series(["7,5", "1,250"]), ".").tolist() == [True, False]
    values, bad = answers.numbers(pd.Series(["1 250", "12 500,5", "-3 000", "1 25"]))
    assert values.tolist()[:3] == [1250.0, 12500.5, -3000.0] and bad.tolist() == [False, False, False, True]


def test_an_amount_typed_with_its_currency_is_a_number():
    # unseen-export review: "€ 650", "650 euro" and "650,-" in a text field quarantined the whole respondent
    from pipeline.answers import numbers

    s = pd.Series(["€ 650", "650 euro", "650 EUR", "650€", "650,-", "1.250,-", "€650,50", "-5", "euro", "€",
                   "ca. 650", "eurocent 5", ""])
    values, bad = numbers(s)
    assert values.tolist()[:8] == [650.0, 650.0, 650.0, 650.0, 650.0, 1250.0, 650.5, -5.0]
    assert bad.tolist() == [False] * 8 + [True, True, True, True, False]  # a word alone, or "about", is no number


def test_a_number_typed_in_other_digits_is_a_number():
    # a second review: "٤٥" (Arabic), "４５" (full-width) and "45" with a zero-width space were "geen getal", and the
    # respondent was quarantined, though answers are compared without such differences elsewhere
    from pipeline.answers import numbers

    values, bad = numbers(pd.Series(["٤٥", "４５", "45\u200b", "۱۲", "٤٥٫٥", "abc"]))
    assert values.tolist()[:5] == [45.0, 45.0, 45.0, 12.0, 45.5] and bad.tolist() == [False] * 5 + [True]


def test_google_forms_download_times_with_their_zone_are_read():
    # a second review: Google Forms' own CSV download writes "2025/01/15 9:53:05 AM GMT+1"; a draft saw no submission
    # date in it (period set to today) and an export pasted under itself kept all its copies
    from pipeline.answers import dates
    from pipeline.draft_types import DATE_FORMATS

    parsed, bad = dates(pd.Series(["2025/01/15 9:53:05 AM GMT+1", "2025/01/16 1:03:00 PM GMT+01:00"]), DATE_FORMATS)
    assert parsed.tolist() == [pd.Timestamp("2025-01-15 09:53:05"), pd.Timestamp("2025-01-16 13:03:00")]
    assert not bad.any()


def test_times_with_two_utc_offsets_keep_their_wall_clock_time():
    # an export spanning the change to summer time has '+01:00' and '+02:00': pandas refused the column ("Mixed
    # timezones") and ingest stopped (a second review); fractional seconds and 'Z' are read as well
    from pipeline.answers import dates

    s = pd.Series(["2025-03-29T10:00:00+01:00", "2025-03-31T10:00:00+02:00", "2025-04-01T08:00:00Z",
                   "2025-04-02T08:00:00.250Z", ""])
    parsed, bad = dates(s, ["%Y-%m-%dT%H:%M:%S%z"], serials=True)
    assert parsed[:4].tolist() == [pd.Timestamp("2025-03-29 10:00"), pd.Timestamp("2025-03-31 10:00"),
                                   pd.Timestamp("2025-04-01 08:00"), pd.Timestamp("2025-04-02 08:00:00.250")]
    assert not bad.any()
