"""pipeline.errors: the printed message never echoes an identifying value."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipeline.errors import ConfigError, DataError

REPO = Path(__file__).resolve().parents[1]


def test_value_and_details_are_scrubbed():
    err = DataError("onbekend antwoord 'bel 0470 12 34 56'", file="raw/x/export.csv", row=7, column="Q3",
                    value="fatima.elamrani@gmail.com", expected="Ja, Nee",
                    details=["ook rij 9: 'BE71 0961 2345 6769'", "rij 12: 85.07.30-033.29"])
    text = str(err)
    for planted in ("fatima", "gmail", "0470", "6769", "85.07.30"):
        assert planted not in text
    assert "waarde:    '[e-mail]'" in text
    assert "onbekend antwoord 'bel [telefoon]'" in text
    assert "  - ook rij 9: '[rekeningnummer]'" in text and "[rijksregisternummer]" in text
    assert "bestand:   raw/x/export.csv" in text and "rij:       7" in text and "kolom:     Q3" in text
    assert err.value == "fatima.elamrani@gmail.com"  # kept on the object for code; never printed


def test_config_error_is_scrubbed_too():
    assert "Kerkstraat" not in str(ConfigError("label 'Kerkstraat 12' gevonden", value="Kerkstraat 12"))


def test_cli_stderr_is_scrubbed(tmp_path):
    # a codebook error echoes the value found; run the real command line on a codebook with an e-mail as id
    (tmp_path / "surveys" / "mini").mkdir(parents=True)
    (tmp_path / "surveys" / "mini" / "codebook.yml").write_text("id: jan.peeters@gmail.com\n", encoding="utf-8")
    env = {"LEVL_ROOT": str(tmp_path), "PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    res = subprocess.run([sys.executable, "-m", "pipeline", "ingest", "mini"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 2, res.stderr
    assert "Traceback" not in res.stderr
    assert "peeters" not in res.stderr and "gmail" not in res.stderr
    assert "[e-mail]" in res.stderr


def test_a_file_in_the_project_is_shown_from_the_project_folder(tmp_path, monkeypatch):
    # messages named /home/…/levl/raw/x/export.csv: the researcher finds it as raw/x/export.csv
    from pipeline.errors import DataError

    monkeypatch.setattr("pipeline.io.ROOT", tmp_path)
    inside = DataError("kapot", file=tmp_path / "raw" / "x" / "export.csv")
    outside = DataError("kapot", file="/elders/export.csv")
    assert "bestand:   raw/x/export.csv\n" in str(inside) + "\n"
    assert "bestand:   /elders/export.csv" in str(outside)

