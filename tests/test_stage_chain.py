"""`python -m pipeline <stage> <id> --then <stages>`: the stages after one, in the same process
(the Makefile's rules use it; pipeline/__main__.py)."""

from __future__ import annotations

import importlib
import textwrap

import pytest

import pipeline.__main__ as cli

STAGE_NAMES = ("ingest", "validate", "clean", "analyse", "charts", "report")


@pytest.fixture
def fake_stages(tmp_path, monkeypatch):
    """Stage modules that note that they ran, and fail when the test says so."""
    name = f"fake_stages_{abs(hash(str(tmp_path)))}"  # a new package per test: no module left from another
    package = tmp_path / name
    package.mkdir()
    (package / "__init__.py").write_text("RAN = []\nFAIL = set()\n")
    for stage in STAGE_NAMES:
        (package / f"{stage}.py").write_text(textwrap.dedent(f"""
            from pipeline.errors import DataError
            import {name} as state

            def run(consultation):
                state.RAN.append("{stage}")
                if "{stage}" in state.FAIL:
                    raise DataError("de stap {stage} ging mis", file="raw/x/export.csv")
            """))
    monkeypatch.syspath_prepend(str(tmp_path))
    state = importlib.import_module(name)
    monkeypatch.setattr(cli, "STAGES", {**cli.STAGES, **{s: f"{name}.{s}" for s in STAGE_NAMES}})
    monkeypatch.setattr("pipeline.io.ROOT", tmp_path)  # failure markers go to tmp_path/processed/tiny/errors
    return state.RAN, state.FAIL


ALL_AFTER = ["--then", "validate", "clean", "analyse", "charts", "report"]


def test_the_stages_after_one_run_in_order(fake_stages):
    ran, _ = fake_stages
    assert cli.main(["ingest", "tiny", *ALL_AFTER]) == 0
    assert ran == ["ingest", "validate", "clean", "analyse", "charts", "report"]


def test_a_failed_stage_stops_what_needs_its_output_only(fake_stages, capsys, tmp_path):
    ran, fail = fake_stages
    fail.add("charts")  # a broken chart: the report does not read the charts and is still made
    assert cli.main(["ingest", "tiny", *ALL_AFTER]) == 1
    assert ran == ["ingest", "validate", "clean", "analyse", "charts", "report"]
    assert capsys.readouterr().err.count("de stap charts ging mis") == 1
    ran.clear()
    fail.clear()
    fail.add("validate")  # nothing after validation can run: its output was not made
    assert cli.main(["ingest", "tiny", *ALL_AFTER]) == 1
    assert ran == ["ingest", "validate"]
    markers = sorted(p.name for p in (tmp_path / "processed" / "tiny" / "errors").glob("failed-*"))
    assert markers == ["failed-charts", "failed-validate"]  # charts' marker stays: it has not run since


def test_only_stages_that_read_another_stage_can_follow(fake_stages, capsys):
    ran, _ = fake_stages
    assert cli.main(["ingest", "tiny", "--then", "ingest"]) == 2  # argparse: not a stage that can follow
    assert ran == []
