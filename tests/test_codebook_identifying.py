"""The codebook check refuses titles, labels, aliases and missing codes that look identifying.

A draft codebook copies observed answers; an "Anders, namelijk" answer such as a phone number must
never become a label (published) or an alias (committed to git).
"""

from __future__ import annotations

import textwrap

import pytest

from pipeline.codebook import load_codebook
from pipeline.errors import ConfigError
from tests.tiny import TINY_CODEBOOK


def write(tmp_path, old: str, new: str):
    text = textwrap.dedent(TINY_CODEBOOK)
    assert old in text
    path = tmp_path / "codebook.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "where", "kind"), [
    ("{code: own, label: Eigen woning}", "{code: own, label: 'fatima.elamrani@gmail.com'}",
     "vraag 'housing', antwoord 'own': label", "een e-mailadres"),
    ("{code: own, label: Eigen woning}", "{code: own, label: 'Anders: bel 0470 12 34 56'}",
     "vraag 'housing', antwoord 'own': label", "een telefoonnummer"),
    ("{code: a2, label: Neutraal}", "{code: a2, label: '85.07.30-033.28'}",
     "vraag 'agree', antwoord 'a2': label", "een rijksregisternummer"),
    ("{code: ocmw, label: OCMW}", "{code: ocmw, label: 'BE71 0961 2345 6769'}",
     "vraag 'help', antwoord 'ocmw': label", "een rekeningnummer (IBAN)"),
    ("{code: family, label: Familie}", "{code: family, label: 'Kerkstraat 12, 9000 Gent'}",
     "vraag 'help', antwoord 'family': label", "een adres"),
    ("title: Kleine testbevraging", "title: 'Bevraging — contact jan.peeters@levl.be'", "title", "een e-mailadres"),
    ("label: Leeftijd", "label: 'Leeftijd (vragen: 09 123 45 67)'", "vraag 'age': label", "een telefoonnummer"),
    ("aliases: [huur]", "aliases: [huur, 'huur bij Stationsstraat12']",
     "vraag 'housing', antwoord 'rent': aliases", "een adres"),
    ("missing: [Weet niet]", "missing: [Weet niet, 'jan @ telenet.be']", "vraag 'housing': missing",
     "een e-mailadres"),
    # review of issue 14: the export's file name is published in provenance.json and the appendix
    ("export: {file: export.xlsx", "export: {file: 'antwoorden fatima.elamrani@gmail.com.xlsx'",
     "export.file", "een e-mailadres"),
])
def test_identifying_text_is_refused(tmp_path, old, new, where, kind):
    with pytest.raises(ConfigError) as err:
        load_codebook(write(tmp_path, old, new))
    message = str(err.value)
    assert err.value.exit_code == 2
    assert f"{where}: bevat {kind}" in message
    assert "identificeren" in message and "oplossing:" in message
    for planted in ("fatima", "0470", "85.07.30", "6769", "Kerkstraat", "jan.peeters", "123 45 67", "telenet"):
        assert planted not in message  # the message itself is scrubbed


def test_every_problem_is_listed_once(tmp_path):
    path = write(tmp_path, "{code: own, label: Eigen woning}", "{code: own, label: 'mail a@b.be of 0470 12 34 56'}")
    with pytest.raises(ConfigError) as err:
        load_codebook(path)
    assert "bevat een e-mailadres en een telefoonnummer" in str(err.value)
    assert "(1 keer)" in str(err.value)


@pytest.mark.parametrize("label", ["Anders", "18-29 jaar", "2019", "€ 850 of meer", "Markt 3 keer", "0-10",
                                   "Anders: [telefoon]", "1 - helemaal oneens", "Grote Markt"])
def test_ordinary_and_already_scrubbed_labels_pass(tmp_path, label):
    cb = load_codebook(write(tmp_path, "{code: own, label: Eigen woning}", f"{{code: own, label: '{label}'}}"))
    assert cb.by_name["housing"].answers[1].label == label
