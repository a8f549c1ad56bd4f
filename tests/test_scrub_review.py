"""Identifiers the review of issue 14 found the scrubber missing (new attempts, not in the issue):
obfuscated e-mail addresses, French street names written in lower case, Belgian licence plates.
Expected values are by hand: each input holds exactly one identifier, replaced by its placeholder."""

from __future__ import annotations

import pytest

from pipeline.privacy import scrub


@pytest.mark.parametrize("text", [
    "mail me op jan.peeters[at]gmail.com aub",
    "mail me op jan.peeters(at)gmail.com aub",
    "mail me op jan.peeters [at] gmail [dot] com aub",
    "mail me op jan.peeters (at) gmail (punt) com aub",
    "mail me op jan.peeters{at}gmail.com aub",
    "mail me op jan.peeters at gmail dot com aub",
    "mail me op jan.peeters apenstaartje gmail punt com aub",
])
def test_obfuscated_email(text):
    assert scrub(text) == "mail me op [e-mail] aub"


@pytest.mark.parametrize("text", [
    "ik woon rue de la Loi 16 sinds kort",
    "ik woon rue du Marché 5, 1000 Bruxelles sinds kort",
    "ik woon avenue Louise 54 bus 3 sinds kort",
    "ik woon chaussée de Wavre 100 sinds kort",
])
def test_french_street_in_lower_case(text):
    assert scrub(text) == "ik woon [adres] sinds kort"


@pytest.mark.parametrize("text", [
    "mijn auto 1-ABC-123 staat daar",
    "mijn auto 1-abc-123 staat daar",
    "mijn auto 1ABC123 staat daar",
    "mijn auto 1 ABC 123 staat daar",
    "mijn auto ABC-123 staat daar",
])
def test_belgian_licence_plate(text):
    assert scrub(text) == "mijn auto [nummerplaat] staat daar"


@pytest.mark.parametrize("text", [
    "we waren at home",  # English "at" without a domain
    "ik zit in groep 1-A, lokaal 123",
    "vraag 1 tot 3 van blok B",
    "de A-12 en de E40 richting Gent",
    "prijs 1.250 euro, wacht at least 3 dagen",
    "ik heb 2 kinderen, 1 auto en 3 fietsen",
    "in de rue 12 dagen gewacht",  # no street name after "rue"
])
def test_ordinary_text_left_alone(text):
    assert scrub(text) == text
