"""`python -m pipeline <stage> <id> --then <stages>`: the stages after one, in the same process
(the Makefile's rules use it; pipeline/__main__.py)."""

from __future__ import annotations

import importlib
import os
import textwrap

import pytest

import pipeline.__main__ as cli

STAGE_NAMES = ("ingest", "validate", "clean", "analyse", "compare", "charts", "report")


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


# ---- a later wave's chain goes on through the comparison only when make finds the earlier wave's tables built ----
WAVE_CHAIN = ["ingest", "tiny", "--then", "validate", "clean", "analyse", "compare", "charts", "report",
              "--earlier-built", "compare", "processed/early/estimates.csv"]
EARLY_RULES = """\
processed/early/estimates.csv: raw/early/$(EXPORT)
\ttouch $@
"""


def _early_wave(root, tables_newer: bool) -> None:
    (root / "Makefile").write_text("EXPORT ?= export.csv\n" + EARLY_RULES, encoding="utf-8")
    (root / "raw" / "early").mkdir(parents=True)
    (root / "processed" / "early").mkdir(parents=True)
    export, tables = root / "raw" / "early" / "export.csv", root / "processed" / "early" / "estimates.csv"
    export.write_text("x\n")
    tables.write_text("y\n")
    os.utime(export, (1_000_000, 1_000_000))
    os.utime(tables, (2_000_000, 2_000_000) if tables_newer else (500_000, 500_000))


def test_a_later_wave_compares_in_its_chain_when_make_finds_the_earlier_tables_up_to_date(fake_stages, tmp_path,
                                                                                             monkeypatch):
    ran, _ = fake_stages
    _early_wave(tmp_path, tables_newer=True)
    # make's own flags in the environment: its job slots are not this make's, its command-line variables are
    monkeypatch.setenv("MAKEFLAGS", "k -j2 --jobserver-auth=3,4 -- EXPORT=export.csv")
    assert cli.main(WAVE_CHAIN) == 0
    assert ran == ["ingest", "validate", "clean", "analyse", "compare", "charts", "report"]


def test_a_later_wave_leaves_the_comparison_to_make_while_the_earlier_tables_are_not_built(fake_stages, tmp_path,
                                                                                             monkeypatch):
    ran, _ = fake_stages
    _early_wave(tmp_path, tables_newer=False)  # the earlier export changed: its tables are out of date
    assert cli.main(WAVE_CHAIN) == 0
    assert ran == ["ingest", "validate", "clean", "analyse"]
    assert not (tmp_path / "processed" / "tiny" / "errors").exists()  # not a failure: make runs the rest
    ran.clear()
    # the command line's variables reach make: with another export named there, make has no rule for it (a no)
    os.utime(tmp_path / "processed" / "early" / "estimates.csv", (3_000_000, 3_000_000))
    monkeypatch.setenv("MAKEFLAGS", " -- EXPORT=elsewhere.csv")
    assert cli.main(WAVE_CHAIN) == 0
    assert ran == ["ingest", "validate", "clean", "analyse"]


def test_without_make_the_chain_runs_through(fake_stages, tmp_path, monkeypatch):
    # typed by a researcher: no make to run the rest later, and no Makefile needed
    monkeypatch.delenv("MAKELEVEL")
    ran, _ = fake_stages
    assert cli.main(WAVE_CHAIN) == 0
    assert ran[-3:] == ["compare", "charts", "report"]


def test_without_a_makefile_the_chain_leaves_the_comparison_to_make(fake_stages):
    ran, _ = fake_stages
    assert cli.main(WAVE_CHAIN) == 0
    assert ran == ["ingest", "validate", "clean", "analyse"]
