"""The generated sentences whose words depend on a count read well for 0, 1 and many (issue 13:
"zijn er 1 apart gezet omdat ze", "zijn er 0 verwijderd", "citaat/citaten", "Basis: 1 respondenten").
Expected strings are written by hand."""

import re

import pytest

from pipeline.report import sentences

NNBSP = "\u202f"


def test_participants():
    assert sentences.participants(0) == "Geen enkele respondent nam geldig deel"
    assert sentences.participants(1) == "1 respondent nam geldig deel"
    assert sentences.participants(2) == "2 respondenten namen geldig deel"
    assert sentences.participants(1500) == "1.500 respondenten namen geldig deel"


def test_data_quality_for_zero_one_and_many():
    assert sentences.data_quality(0, 0, 0) == "Er kwamen geen antwoorden binnen."
    assert sentences.data_quality(1, 0, 0) == (
        "We ontvingen 1 antwoord; geen enkel antwoord bevatte onmogelijke of onbekende waarden en er waren "
        "geen herhaalde inzendingen (zie bijlage).")
    assert sentences.data_quality(200, 1, 0) == (
        "We ontvingen 200 antwoorden: 1 antwoord is apart gezet omdat het onmogelijke of onbekende waarden "
        "bevatte en er waren geen herhaalde inzendingen (zie bijlage).")
    assert sentences.data_quality(200, 0, 1) == (
        "We ontvingen 200 antwoorden: geen enkel antwoord bevatte onmogelijke of onbekende waarden en "
        "1 antwoord is verwijderd als herhaalde inzending (zie bijlage).")
    assert sentences.data_quality(200, 2, 2) == (
        "We ontvingen 200 antwoorden: 2 antwoorden zijn apart gezet omdat ze onmogelijke of onbekende waarden "
        "bevatten en 2 antwoorden zijn verwijderd als herhaalde inzendingen (zie bijlage).")


def test_data_quality_says_why_a_repeated_id_was_set_apart():
    # the row set apart for a code that came earlier is not said to hold impossible values
    assert sentences.data_quality(52, 1, 0, 1, "persoonlijke code") == (
        "We ontvingen 52 antwoorden: 1 antwoord is apart gezet omdat dezelfde persoonlijke code al eerder "
        "voorkwam en er waren geen andere herhaalde inzendingen (zie bijlage).")
    assert sentences.data_quality(52, 2, 1, 2) == (
        "We ontvingen 52 antwoorden: 2 antwoorden zijn apart gezet omdat dezelfde respondent-id al eerder "
        "voorkwam en 1 antwoord is verwijderd als herhaalde inzending (zie bijlage).")
    assert sentences.data_quality(200, 3, 0, 1, "persoonlijke code") == (
        "We ontvingen 200 antwoorden: 3 antwoorden zijn apart gezet (2 met onmogelijke of onbekende waarden, "
        "1 omdat dezelfde persoonlijke code al eerder voorkwam) en er waren geen andere herhaalde inzendingen "
        "(zie bijlage).")


def test_hidden_cells_and_shares():
    assert sentences.hidden_cells(0) == ("In de tabellen en grafieken van dit rapport is daardoor geen enkele "
                                         "cel verborgen.")
    assert sentences.hidden_cells(1) == "In de tabellen en grafieken van dit rapport is daardoor 1 cel verborgen (×)."
    assert sentences.hidden_cells(3).endswith("zijn daardoor 3 cellen verborgen (×).")
    assert sentences.hidden_shares(0, 0) == "Geen enkel percentage is weggelaten of als onzeker gemarkeerd."
    assert sentences.hidden_shares(1, 0) == "1 percentage is weggelaten (–)."
    assert sentences.hidden_shares(0, 1) == "1 percentage is als onzeker gemarkeerd."
    assert sentences.hidden_shares(2, 3) == "2 percentages zijn weggelaten (–) en 3 percentages zijn als onzeker gemarkeerd."


def test_counts_in_notes():
    assert sentences.withheld_tables(0) == ""
    assert sentences.withheld_tables(1).startswith("1 tabel tonen we helemaal niet")
    assert sentences.withheld_tables(2).startswith("2 tabellen tonen we helemaal niet")
    assert sentences.unreadable_dates(0) == ""
    assert sentences.unreadable_dates(1).startswith("Bij 1 antwoord was het tijdstip van invullen onleesbaar; het telt")
    assert sentences.unreadable_dates(2).startswith("Bij 2 antwoorden was het tijdstip van invullen onleesbaar; ze tellen")
    assert sentences.quotes_left_out(0) == ""
    assert sentences.quotes_left_out(1).startswith("Eén gekozen citaat is niet getoond")  # not a numeral first
    assert sentences.quotes_left_out(2).startswith("2 gekozen citaten zijn niet getoond")
    assert sentences.base(1) == "Basis: 1 respondent."
    assert sentences.base(0) == "Basis: 0 respondenten."
    assert sentences.base(44, "answered") == "Basis: 44 respondenten die de vraag beantwoordden."
    assert sentences.base(1, "answered") == "Basis: 1 respondent die de vraag beantwoordde."


SLIPS = re.compile(r"(?<![\d.,])1 (rijen|respondenten|antwoorden|cellen|tabellen|percentages|citaten)\b|\(en\)|/citaten"
                   r"|zijn er [01] |(?<![\d.,])1 \w+ zijn\b")


@pytest.mark.parametrize("n", [0, 1, 2])
def test_no_plural_slip_at_any_count(n):
    texts = [sentences.participants(n), sentences.data_quality(max(n, 1) * 3, n, n), sentences.hidden_cells(n), sentences.hidden_shares(n, n), sentences.withheld_tables(n),
             sentences.unreadable_dates(n), sentences.quotes_left_out(n), sentences.base(n), sentences.base(n, "answered")]
    for text in texts:
        assert not SLIPS.search(text), text
        assert "  " not in text and " ." not in text


def test_rows_quarantined():
    assert sentences.rows_quarantined(300, 0) == ("Van de 300 rijen in het bestand is er geen enkele apart gezet wegens "
                                                  "onmogelijke of onbekende waarden.")
    assert sentences.rows_quarantined(300, 1) == ("Van de 300 rijen in het bestand is er 1 apart gezet omdat die "
                                                  "onmogelijke of onbekende waarden bevatte (zie bijlage).")
    assert sentences.rows_quarantined(300, 2) == ("Van de 300 rijen in het bestand zijn er 2 apart gezet omdat ze "
                                                  "onmogelijke of onbekende waarden bevatten (zie bijlage).")
    assert sentences.rows_quarantined(1, 0).startswith("Van de 1 rij in het bestand")
