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
