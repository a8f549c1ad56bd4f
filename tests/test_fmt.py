"""Dutch number formats, checked against hand-written strings."""

import datetime as dt

from pipeline import fmt

NNBSP = "\u202f"  # narrow no-break space: "12,5 %" never breaks over two lines


def test_percentages_and_numbers():
    assert fmt.pct(0.125) == f"12,5{NNBSP}%"
    assert fmt.pct(0.12250) == f"12,3{NNBSP}%"  # halves away from zero, not to even
    assert fmt.pct(0.5, 0) == f"50{NNBSP}%"
    assert fmt.pct_points(58.45) == f"58,5{NNBSP}%"
    assert fmt.number(1234) == "1.234"
    assert fmt.number(1234567.891, 2) == "1.234.567,89"
    assert fmt.number(-1234.5, 1) == "-1.234,5"
    assert fmt.ci(0.102, 0.1484) == f"10,2–14,8{NNBSP}%"
    assert fmt.pct(float("nan")) == "–" and fmt.number(None) == "–"
    assert fmt.p_value(0.0004) == "<\u00a00,001" and fmt.p_value(0.0456) == "0,046"  # "<" stays with its number
    assert fmt.date(dt.date(2022, 5, 31)) == "31 mei 2022"


def test_no_breakable_space_before_percent():
    for text in (fmt.pct(0.832), fmt.pct_points(83.2), fmt.ci(0.1, 0.2), fmt.pct(1, 0)):
        assert " %" not in text and text.endswith(f"{NNBSP}%")


def test_count_agrees_with_its_number():
    assert fmt.count(0, "rij", "rijen") == "0 rijen"  # Dutch: zero takes the plural
    assert fmt.count(1, "rij", "rijen") == "1 rij"
    assert fmt.count(2, "rij", "rijen") == "2 rijen"
    assert fmt.count(1234, "respondent", "respondenten") == "1.234 respondenten"
    assert fmt.count(1.0, "cel", "cellen") == "1 cel"  # a count read from a CSV as a float
    assert [fmt.verb(n) for n in (0, 1, 2)] == ["zijn", "is", "zijn"]
    assert fmt.verb(1, "nam", "namen") == "nam" and fmt.noun(3, "tabel", "tabellen") == "tabellen"


def test_sentence_end_has_one_mark():
    assert fmt.sentence("Woont u hier?") == "Woont u hier?"  # never "?."
    assert fmt.sentence("Ja") == "Ja." and fmt.sentence("Klaar.") == "Klaar." and fmt.sentence("") == ""


def test_date_formats_in_words():
    assert fmt.date_format("%d/%m/%Y") == "dag/maand/jaar"
    assert fmt.date_format("%Y-%m-%d %H:%M:%S") == "jaar-maand-dag uur:minuten:seconden"
    assert fmt.date_format("%d.%m.%y") == "dag.maand.jaar (2 cijfers)"
