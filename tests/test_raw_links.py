"""Review of issue 14 item 9 with a new attempt: `export.file` must lie inside raw/<id>/, but a
*symbolic link* in raw/<id>/ with an ordinary name pointing to /etc/passwd (or ~/.ssh/id_rsa) was
followed, and a line of the target echoed on the terminal. Links can arrive with a shared folder or
a git checkout. A file whose real location is outside raw/<id>/ is refused; the target is not read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SECRET = "geheim:x:1000:1000:Fatima El Amrani:/home/fatima:/bin/bash"


def _run(project: Path, stage: str, consultation: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, LEVL_ROOT=str(project), PYTHONPATH=str(REPO), LEVL_PSEUDONYM_KEY=bytes(range(32)).hex())
    return subprocess.run([sys.executable, "-m", "pipeline", stage, consultation], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def _linked_out(tmp_path: Path, consultation: str, name: str) -> Path:
    """A project with one consultation whose raw/<id>/<name> is a link to a secret file outside raw/."""
    project = tmp_path / "project"
    for part in ("surveys", "raw"):
        shutil.copytree(REPO / part / consultation, project / part / consultation,
                        ignore=shutil.ignore_patterns("__pycache__", "*.ipynb", "notebooks"))
    outside = tmp_path / "passwd"
    outside.write_text("\n".join([SECRET] * 30) + "\n", encoding="utf-8")
    linked = project / "raw" / consultation / name
    linked.unlink()
    linked.symlink_to(outside)
    return project


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_export_that_links_outside_raw_is_refused(tmp_path):
    project = _linked_out(tmp_path, "ondernemers", "results-survey417263.csv")
    res = _run(project, "ingest", "ondernemers")
    assert res.returncode in (1, 2), res.stderr
    assert "Traceback" not in res.stderr and "geheim" not in res.stderr + res.stdout
    # refused as a link to elsewhere (before, the target was read as the export: "46 kolommen ontbreken")
    assert "buiten raw/ondernemers/" in res.stderr and "results-survey417263.csv" in res.stderr
    assert "ontbreken in de export" not in res.stderr
    assert not (project / "processed" / "ondernemers" / "ingested.parquet").exists()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_link_inside_raw_and_raw_folder_elsewhere_still_work(tmp_path):
    project = tmp_path / "project"
    (project / "surveys").mkdir(parents=True)
    shutil.copytree(REPO / "surveys" / "ondernemers", project / "surveys" / "ondernemers",
                    ignore=shutil.ignore_patterns("__pycache__", "*.ipynb", "notebooks"))
    elsewhere = tmp_path / "external_disk" / "ondernemers"  # raw/<id> itself a link to a big disk: fine
    shutil.copytree(REPO / "raw" / "ondernemers", elsewhere)
    (project / "raw").mkdir()
    (project / "raw" / "ondernemers").symlink_to(elsewhere)
    res = _run(project, "ingest", "ondernemers")
    assert res.returncode == 0, res.stderr


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_campaign_file_that_links_outside_raw_is_refused(tmp_path):
    project = _linked_out(tmp_path, "ik_stem_ook", "partners.csv")
    res = _run(project, "campaign", "ik_stem_ook")
    assert res.returncode in (1, 2), res.stderr
    assert "Traceback" not in res.stderr and "geheim" not in res.stderr + res.stdout
    assert "buiten raw/ik_stem_ook/" in res.stderr and "partners.csv" in res.stderr
