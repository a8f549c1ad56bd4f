"""Review of issue 14 item 1 with new attempts: identifiers in the export's *column headers* (not its
answers) were copied by `pipeline new` into the draft codebook, a tracked file, as question label,
question name (which becomes file names of charts and keys in estimates.csv), the `identifying:` list
and the comments. Only `source:` may keep the header as it is: it must match the export's column."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from pipeline.privacy import scrub

REPO = Path(__file__).resolve().parents[1]

EMAIL, PHONE = "jan.peeters@levl.be", "0470 12 34 56"


def test_draft_codebook_does_not_copy_identifiers_from_headers(tmp_path):
    export = tmp_path / "export.csv"
    with export.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow([f"Vraag 1 (info: {EMAIL})", f"Uw gsm (bv. {PHONE})", "Tevreden"])
        for i in range(40):
            writer.writerow(["Ja" if i % 3 else "Nee", f"04{70 + i % 9} 12 34 {10 + i}", str(1 + i % 3)])
    env = dict(os.environ, LEVL_ROOT=str(tmp_path), PYTHONPATH=str(REPO))
    res = subprocess.run([sys.executable, "-m", "pipeline", "new", "kopteksten", "--from", str(export)],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    codebook = (tmp_path / "surveys" / "kopteksten" / "codebook.yml").read_text(encoding="utf-8")
    others = [line for line in codebook.splitlines() if not line.strip().startswith("source:")]
    assert any("Vraag 1 (info: [e-mail])" in line for line in others)  # the question is still there
    for line in others:
        assert scrub(line) == line, line
        # the name is a slug: 'jan_peeters_levl_be' would give the address back to whoever reads it
        assert "jan_peeters" not in line and "levl_be" not in line, line
    assert EMAIL not in res.stdout + res.stderr and PHONE not in res.stdout + res.stderr


def test_export_file_name_with_an_address_is_scrubbed_in_the_copy(tmp_path):
    # the copy in raw/<id>/ is named in codebook.yml, provenance.json and the report's appendix;
    # the old safe-name rule turned '@' into '_', which hid the address from the codebook check
    export = tmp_path / "antwoorden fatima.elamrani@gmail.com.csv"
    with export.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Tevreden"])
        writer.writerows([[str(1 + i % 3)] for i in range(30)])
    env = dict(os.environ, LEVL_ROOT=str(tmp_path), PYTHONPATH=str(REPO))
    res = subprocess.run([sys.executable, "-m", "pipeline", "new", "bestandsnaam", "--from", str(export)],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    copies = [p.name for p in (tmp_path / "raw" / "bestandsnaam").iterdir()]
    assert len(copies) == 1 and copies[0].endswith(".csv") and "fatima" not in copies[0], copies
    folder = tmp_path / "surveys" / "bestandsnaam"
    for path in (folder / "codebook.yml", folder / "README.md"):
        assert "fatima" not in path.read_text(encoding="utf-8")
    assert "fatima" not in res.stdout + res.stderr


def test_spss_variable_and_value_labels_are_scrubbed_in_the_draft(tmp_path):
    pd = __import__("pandas")
    pyreadstat = __import__("pytest").importorskip("pyreadstat")
    export = tmp_path / "export.sav"
    df = pd.DataFrame({"Q1": [1, 2] * 20, "Q2": [1, 2, 3, 1] * 10})
    pyreadstat.write_sav(df, str(export), column_labels={"Q1": f"Contact via {EMAIL}?", "Q2": "Tevreden"},
                         variable_value_labels={"Q1": {1: f"Ja, bel {PHONE}", 2: "Nee"},
                                                "Q2": {1: "Weinig", 2: "Matig", 3: "Veel"}})
    env = dict(os.environ, LEVL_ROOT=str(tmp_path), PYTHONPATH=str(REPO))
    res = subprocess.run([sys.executable, "-m", "pipeline", "new", "spss_labels", "--from", str(export)],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    codebook = (tmp_path / "surveys" / "spss_labels" / "codebook.yml").read_text(encoding="utf-8")
    assert "label: Ja, bel [telefoon]" in codebook and "label: Contact via [e-mail]?" in codebook
    assert PHONE not in codebook and EMAIL not in codebook


def test_spss_declared_missing_codes_are_missing_in_the_draft(tmp_path):
    # review of unseen exports: "9 = Geen antwoord", declared missing in the .sav, became an answer, and the
    # report published "Geen antwoord: 26,3 %" with the non-response inside the base of every share
    pd = __import__("pandas")
    yaml = __import__("yaml")
    pyreadstat = __import__("pytest").importorskip("pyreadstat")
    export = tmp_path / "export.sav"
    df = pd.DataFrame({"Q1": [1, 2, 9, 1] * 10})
    pyreadstat.write_sav(df, str(export), variable_value_labels={"Q1": {1: "Ja", 2: "Nee", 9: "Geen antwoord"}},
                         missing_ranges={"Q1": [9]})
    env = dict(os.environ, LEVL_ROOT=str(tmp_path), PYTHONPATH=str(REPO))
    res = subprocess.run([sys.executable, "-m", "pipeline", "new", "spss_missing", "--from", str(export)],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    book = yaml.safe_load((tmp_path / "surveys" / "spss_missing" / "codebook.yml").read_text(encoding="utf-8"))
    q1 = next(q for q in book["questions"] if q["source"] == "Q1")
    assert [a["label"] for a in q1["answers"]] == ["Ja", "Nee"]
    assert q1["missing"] == ["9"]


def test_columns_that_ask_for_a_person_are_left_out_of_the_draft(tmp_path):
    # unseen-export review: 'Hoe heet je?' was drafted as an open question (every full name in clean.parquet), a
    # partner's numbered paper forms ('Respondentnummer' 1001 …) as a number question published as a table, and
    # phone, address and register-number questions in Dutch, French and German were kept
    import pandas as pd

    from pipeline.scaffold import draft_codebook

    n = 40
    df = pd.DataFrame({
        "Respondentnummer": [str(1001 + i) for i in range(n)],
        "Hoe heet je?": [f"Persoon {chr(65 + i % 26)}{i}" for i in range(n)],
        "Naam van de deelnemer (voor het attest)": [f"Deelnemer {i}" for i in range(n)],
        "Prénom": [f"P{i}" for i in range(n)], "Nachname": [f"N{i}" for i in range(n)],
        "Mobiel nummer": [f"0470 00 {i:02d} 00" for i in range(n)], "Téléphone": [""] * n,
        "Adres": [f"Straat {i}" for i in range(n)], "Rijksregisternummer": [""] * n,
        "Heure de la dernière modification": ["12/03/2024 10:00:00"] * n,
        "Hoe lang woont u al in België?": ["1 jaar", "2 jaar"] * (n // 2),
        "Naam van je school is belangrijk voor je keuze, waarom?": ["omdat"] * n,
    }, dtype=object)
    df.attrs.update(tool="generic", header_labels={})
    cb, notes = draft_codebook("t", tmp_path / "x.csv", df, "generic")
    sources = {q["source"] for q in cb["questions"]}
    assert cb["respondent"]["id"] == "Respondentnummer"
    assert sources == {"Hoe lang woont u al in België?", "Naam van je school is belangrijk voor je keuze, waarom?"}
    assert {"Hoe heet je?", "Prénom", "Nachname", "Mobiel nummer", "Adres", "Rijksregisternummer",
            "Heure de la dernière modification"} <= set(cb["identifying"])


def test_more_ways_of_asking_for_a_person_and_questions_that_only_mention_one():
    # a second review: names, phones, register and id numbers asked in the languages of LEVL's target group got
    # through; and real questions ('Naam van je school', 'Heeft u een gsm?', 'Veiligheid in je straat') were dropped
    from pipeline.privacy import looks_identifying

    asked = ["Adınız", "Adınız Soyadınız", "İsim", "Ad Soyad", "Comment vous appelez-vous ?", "Wie heißt du?",
             "¿Cómo te llamas?", "Nome e cognome", "Imię i nazwisko", "الاسم", "Je naam (mag ook een schuilnaam zijn)",
             "Uw naam en voornaam (optioneel, voor het attest)", "Tel.", "Tél.", "GSM-nr.", "Telefoonnr.", "Teléfono",
             "رقم الهاتف", "WhatsApp-nummer", "BIS-nummer", "RRN", "INSZ-nr", "Verblijfskaartnummer",
             "Identiteitskaartnummer", "Huisnummer", "Postadres", "Domicilieadres", "Geboortedatum", "Participant ID",
             "Deelnemersnummer", "Dossiernummer", "Leerlingnummer"]
    assert [h for h in asked if looks_identifying(h) is None] == []
    questions = ["Naam van je school", "Naam van uw organisatie", "Nom du quartier", "Heeft u een gsm?",
                 "Hoeveel uur per dag gebruik je je gsm?", "Gebruikt u WhatsApp om informatie te krijgen?", "WhatsApp",
                 "Veiligheid in je straat", "Lawaai in de straat", "Mijn naam wordt correct uitgesproken",
                 "Nombre de enfants", "No"]
    assert [(h, looks_identifying(h)) for h in questions if looks_identifying(h)] == []
