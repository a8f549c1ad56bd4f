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
    monkeypatch.setenv("MAKELEVEL", "1")  # as the Makefile's rules run it
    return state.RAN, state.FAIL


ALL_AFTER = ["--then", "validate", "clean", "analyse", "charts", "report"]


def test_the_stages_after_one_run_in_order(fake_stages):
    ran, _ = fake_stages
    assert cli.main(["ingest", "tiny", *ALL_AFTER]) == 0
    assert ran == ["ingest", "validate", "clean", "analyse", "charts", "report"]


def test_a_later_stage_that_fails_stops_the_chain_quietly_for_its_own_rule(fake_stages, capsys, tmp_path):
    # make runs the failed stage's own rule next: that run reports it (once) and make charges the failure
    # to that stage's output, so other consultations needing only this rule's output are still built
    ran, fail = fake_stages
    fail.add("charts")
    assert cli.main(["ingest", "tiny", *ALL_AFTER]) == 0
    assert ran == ["ingest", "validate", "clean", "analyse", "charts"]
    assert "ging mis" not in capsys.readouterr().err
    assert not (tmp_path / "processed" / "tiny" / "errors").exists()  # no marker: nothing was reported
    ran.clear()
    assert cli.main(["charts", "tiny"]) == 1  # the rule's own run: the one Dutch message and its marker
    assert capsys.readouterr().err.count("de stap charts ging mis") == 1
    assert [p.name for p in (tmp_path / "processed" / "tiny" / "errors").glob("failed-*")] == ["failed-charts"]


def test_the_rules_own_stage_failing_is_reported_and_stops_the_chain(fake_stages, capsys):
    ran, fail = fake_stages
    fail.add("ingest")
    assert cli.main(["ingest", "tiny", *ALL_AFTER]) == 1
    assert ran == ["ingest"] and capsys.readouterr().err.count("de stap ingest ging mis") == 1


def test_only_stages_that_read_another_stage_can_follow(fake_stages, capsys):
    ran, _ = fake_stages
    assert cli.main(["ingest", "tiny", "--then", "ingest"]) == 2  # argparse: not a stage that can follow
    assert ran == []


def test_a_later_stage_that_fails_is_reported_when_no_make_runs_the_chain(fake_stages, capsys, monkeypatch, tmp_path):
    # the README's command typed by a researcher: validate failed, and only ingest's line and exit code 0 came back
    # (review of unseen exports); no make rule runs it again, so the chain reports it itself
    monkeypatch.delenv("MAKELEVEL")
    ran, fail = fake_stages
    fail.add("validate")
    assert cli.main(["ingest", "tiny", "--then", "validate", "clean"]) == 1
    assert ran == ["ingest", "validate"]
    assert capsys.readouterr().err.count("de stap validate ging mis") == 1
    assert [p.name for p in (tmp_path / "processed" / "tiny" / "errors").glob("failed-*")] == ["failed-validate"]
