"""pipeline.provenance: only the raw files the codebook reads are named; the key only by fingerprint."""

from __future__ import annotations

import hashlib
import json

import pytest

from pipeline import provenance

SURVEY = """\
id: mini
export: {file: export.csv}
coding: {file: codes.csv, questions: [open_a]}
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setattr(provenance, "ROOT", tmp_path)
    monkeypatch.setattr(provenance, "code_version", lambda: "test")
    return tmp_path


def put(path, text="x\n"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_only_files_the_codebook_reads_are_listed(project):
    raw = project / "raw" / "mini"
    put(raw / "export.csv", "a,b\n1,2\n")
    put(raw / "codes.csv", "respondent,question,theme\n")
    put(raw / "quotes.csv", "respondent,question,quote\n")
    put(raw / "Fatima El Amrani 0470 12 34 56.xlsx")  # a file the codebook does not use
    put(raw / "oud" / "export-jan.peeters@gmail.com.csv")
    put(raw / "README.md")
    config = put(project / "surveys" / "mini" / "codebook.yml", SURVEY)
    put(project / "processed" / "mini" / "ingest.json", json.dumps({"key_fingerprint": "0123456789abcdef"}))

    rec = provenance.record("mini", config, "pandoc")
    assert [f["path"] for f in rec["raw_files"]] == ["raw/mini/codes.csv", "raw/mini/export.csv",
                                                     "raw/mini/quotes.csv"]
    assert rec["raw_files"][1]["sha256"] == hashlib.sha256(b"a,b\n1,2\n").hexdigest()
    text = json.dumps(rec)
    assert "Fatima" not in text and "peeters" not in text and "oud" not in text
    assert rec["key_fingerprint"] == "0123456789abcdef"


def test_export_outside_raw_folder_is_not_listed(project):
    put(project / "raw" / "mini" / "export.csv")
    put(project / "raw" / "other" / "secret.csv")
    config = put(project / "surveys" / "mini" / "codebook.yml",
                 "id: mini\nexport: {file: ../other/secret.csv}\n")
    assert provenance.record("mini", config, "pandoc")["raw_files"] == []


def test_campaign_lists_its_fixed_files_only(project):
    raw = project / "raw" / "camp"
    for name in ("registrations.csv", "partners.csv", "notities gesprek burgemeester.docx"):
        put(raw / name)
    config = put(project / "surveys" / "camp" / "config.yml", "kind: campaign\n")
    rec = provenance.record("camp", config, "pandoc")
    assert [f["path"] for f in rec["raw_files"]] == ["raw/camp/partners.csv", "raw/camp/registrations.csv"]
    assert "key_fingerprint" not in rec
