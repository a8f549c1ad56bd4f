"""One copy of the repository with every report built by ``make all``, shared by the test modules
that read the finished publications (pages, Word files, prose, spelling). Built once per test
session; the tests only read it (a test that changes a project makes its own copy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.project import copy_repo, make


@pytest.fixture(scope="session")
def publications(tmp_path_factory) -> Path:
    """The project folder after ``make all``; its reports are under ``reports/<id>/``."""
    project = copy_repo(tmp_path_factory.mktemp("publications"))
    res = make(project, "all", timeout=1800)
    assert res.returncode == 0, res.stderr[-3000:]
    return project


def report_ids(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "surveys").iterdir() if (p / "report.py").exists())
