"""The pseudonym key through the command line: a fresh project makes one and says so; a lost or
different key stops ingest with a Dutch message and leaves the earlier outputs as they were."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CONSULTATION = "ondernemers"


@pytest.fixture
def project(tmp_path):
    for part in ("surveys", "raw"):
        shutil.copytree(REPO / part / CONSULTATION, tmp_path / part / CONSULTATION,
                        ignore=shutil.ignore_patterns("__pycache__", "*.ipynb", "notebooks"))
    return tmp_path


def ingest(project: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "LEVL_PSEUDONYM_KEY"}
    env.update(LEVL_ROOT=str(project), PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "pipeline", "ingest", CONSULTATION], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def test_fresh_project_lost_key_and_other_key(project):
    key_file = project / ".pseudonym_key"
    out = project / "processed" / CONSULTATION

    first = ingest(project)  # a fresh clone: no key, no outputs → a new key, announced
    assert first.returncode == 0, first.stderr
    assert "Nieuwe sleutel voor pseudoniemen" in first.stderr
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = bytes.fromhex(key_file.read_text().strip())
    assert len(key) == 32
    report = json.loads((out / "ingest.json").read_text(encoding="utf-8"))
    assert report["key_fingerprint"] == hmac.new(key, b"levl-fingerprint", hashlib.sha256).hexdigest()[:16]
    assert key.hex() not in (out / "ingest.json").read_text(encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    key_file.unlink()  # the key is lost: stop, explain, make no new key
    lost = ingest(project)
    assert lost.returncode == 2
    assert "Traceback" not in lost.stderr
    assert "ontbreekt" in lost.stderr and "nieuw pseudoniem" in lost.stderr and "make clean" in lost.stderr
    assert not key_file.exists()
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before

    key_file.write_text(os.urandom(32).hex() + "\n")  # another key: refused as well
    other = ingest(project)
    assert other.returncode == 2 and "niet dezelfde" in other.stderr and "Traceback" not in other.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before

    key_file.write_text(key.hex() + "\n")  # the key is back: the same outputs again
    again = ingest(project)
    assert again.returncode == 0, again.stderr
    assert "Nieuwe sleutel" not in again.stderr
    assert (out / "ingested.parquet").read_bytes() == before["ingested.parquet"]
