""".gitignore keeps real exports, outputs and the key out of git, but not codebooks or the examples."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

EXAMPLES = [
    "raw/README.md", "raw/ik_stem_ook/README.md", "raw/ik_stem_ook/materials.csv", "raw/ik_stem_ook/partners.csv",
    "raw/ik_stem_ook/registrations.csv", "raw/ik_stem_ook/registrations_2018.csv", "raw/leerkrachten/codes.csv",
    "raw/leerkrachten/leerkrachten.sav", "raw/leerkrachten/quotes.csv",
    "raw/nieuwkomers_wonen/antwoorden_nieuwkomers_wonen.xlsx", "raw/ondernemers/results-survey417263.csv",
    "raw/praktijktesten/praktijktesten.csv",
]


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module", autouse=True)
def need_git():
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if git("rev-parse", "--is-inside-work-tree").stdout.strip() != "true":
        pytest.skip("not a git checkout (e.g. an unpacked release)")


@pytest.mark.parametrize("path", [
    "raw/jongeren_stemmen/export.csv", "raw/jongeren_stemmen/Export Fatima.xlsx", "raw/nieuwkomers_wonen/golf2.xlsx",
    "raw/notities.txt", "processed/nieuwkomers_wonen/ingested.parquet", "reports/x/x.pdf", ".pseudonym_key",
])
def test_real_exports_outputs_and_key_are_ignored(path):
    assert git("check-ignore", "-q", "--no-index", path).returncode == 0, f"{path} could be committed"


@pytest.mark.parametrize("path", ["raw/README.md", "surveys/jongeren_stemmen/codebook.yml",
                                  "surveys/jongeren_stemmen/report.py", "processed/README.md"])
def test_readme_and_codebooks_stay_trackable(path):
    assert git("check-ignore", "-q", "--no-index", path).returncode == 1, f"{path} is ignored"


def test_synthetic_examples_stay_tracked():
    tracked = set(git("ls-files", "raw").stdout.splitlines())
    assert set(EXAMPLES) <= tracked
