"""Shared fixtures (the tiny consultation lives in tests/tiny.py)."""

from __future__ import annotations

import textwrap

import pytest

from tests.tiny import TINY_CODEBOOK


@pytest.fixture
def tiny_codebook(tmp_path):
    from pipeline.codebook import load_codebook

    path = tmp_path / "codebook.yml"
    path.write_text(textwrap.dedent(TINY_CODEBOOK), encoding="utf-8")
    return load_codebook(path)


from tests.built_reports import first_build, publications  # noqa: E402,F401  (the session's one build)
