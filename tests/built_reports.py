"""One copy of the repository with every report built by ``make all``, shared by the test modules
that read the finished publications (pages, Word files, prose, spelling). Built once per test
session; the tests only read it (a test that changes a project makes its own copy)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.project import copy_repo, digests, make


@pytest.fixture(scope="session")
def first_build(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, dict[str, str]]:
    """``make all`` on a fresh copy: the project folder, what make printed, and the raw exports'
    digests from before the build (the build reads them, never writes them)."""
    project = copy_repo(tmp_path_factory.mktemp("publications"))
    raw_before = digests(project, "raw")
    res = make(project, "all", timeout=1800)
    assert res.returncode == 0, res.stderr[-3000:]
    return project, res, raw_before


@pytest.fixture(scope="session")
def publications(first_build) -> Path:
    """The project folder after ``make all``; its reports are under ``reports/<id>/``."""
    return first_build[0]


def copy_built(project: Path, target: Path) -> Path:
    """A copy of a built project that make sees as built: every file's and folder's time is kept
    (the shared environment stays a symlink), so a test may change the copy and rebuild."""
    shutil.copytree(project, target, symlinks=True, copy_function=shutil.copy2)
    return target


def report_ids(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "surveys").iterdir() if (p / "report.py").exists())
