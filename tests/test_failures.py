"""Issue 11 item 5 and issue 14 item 9: the command line never shows a Python traceback.

An unexpected error in a stage gives one Dutch message naming the stage and the consultation; the
traceback goes to processed/<id>/errors/ (on the terminal only with LEVL_DEBUG=1); a full disk or
an unwritable folder names the file and leaves the previous one byte-identical.
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
import types
from pathlib import Path

import pytest

from pipeline import __main__ as cli
from pipeline import failures, io


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setattr(io, "ROOT", tmp_path)
    monkeypatch.delenv("LEVL_DEBUG", raising=False)
    return tmp_path


def _stage(monkeypatch, run) -> None:
    """Replace the analyse stage by a module whose run() is ``run``."""
    module = types.ModuleType("fake_stage")
    module.run = run
    monkeypatch.setitem(sys.modules, "fake_stage", module)
    monkeypatch.setitem(cli.STAGES, "analyse", "fake_stage")


def _boom(_consultation: str) -> None:
    {}["mean_growth_pct"]  # a KeyError, as a programming mistake would give


def test_unexpected_error_is_one_dutch_message_and_a_traceback_file(project, monkeypatch, capsys):
    def crash(_c):
        raise RuntimeError("onverwacht bij jan.peeters@gmail.com")

    _stage(monkeypatch, crash)
    code = cli.main(["analyse", "tiny"])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err and "RuntimeError(" not in err
    assert "'analyse'" in err and "'tiny'" in err  # the stage and the consultation
    assert "LEVL_DEBUG=1" in err  # how to see more
    trace = project / "processed" / "tiny" / "errors" / "traceback-analyse.txt"
    assert str(trace) in err
    text = trace.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError" in text
    assert "jan.peeters@gmail.com" not in text  # the error text is scrubbed like any free text
    assert (project / "processed" / "tiny" / "errors" / "failed-analyse").exists()


def test_debug_variable_shows_the_traceback(project, monkeypatch, capsys):
    _stage(monkeypatch, _boom)
    monkeypatch.setenv("LEVL_DEBUG", "1")
    assert cli.main(["analyse", "tiny"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and "KeyError" in err


def test_a_stage_that_succeeds_removes_its_failure_marker(project, monkeypatch, capsys):
    _stage(monkeypatch, _boom)
    cli.main(["analyse", "tiny"])
    marker = project / "processed" / "tiny" / "errors" / "failed-analyse"
    assert marker.exists()
    _stage(monkeypatch, lambda _c: None)
    assert cli.main(["analyse", "tiny"]) == 0
    assert not marker.exists()


def test_a_researcher_error_keeps_its_own_message_and_exit_code(project, monkeypatch, capsys):
    from pipeline.errors import ConfigError

    def wrong(_c):
        raise ConfigError("het codeboek klopt niet", file="surveys/tiny/codebook.yml")

    _stage(monkeypatch, wrong)
    assert cli.main(["analyse", "tiny"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Probleem met de configuratie: het codeboek klopt niet")
    assert not (project / "processed" / "tiny" / "errors" / "traceback-analyse.txt").exists()


@pytest.mark.parametrize("name", ["../../etc", "Tiny", "a/b", ""])
def test_a_consultation_name_that_is_not_a_folder_name_is_refused(project, capsys, name):
    assert cli.main(["ingest", name]) == 2
    err = capsys.readouterr().err
    assert "geen geldige naam" in err
    assert not (project / "processed").exists()


def _full_disk(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_full_disk_names_the_file_and_keeps_the_previous_one(project, monkeypatch, capsys):
    target = project / "reports" / "tiny" / "tabellen.xlsx"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"vorige goede versie")

    def write(_c):
        io.write_bytes(target, b"nieuwe versie" * 1000)

    _stage(monkeypatch, write)
    monkeypatch.setattr(Path, "write_bytes", _full_disk)
    code = cli.main(["analyse", "tiny"])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err and "OSError" not in err
    # the file as the researcher finds it from the project folder
    assert "de schijf is vol" in err and "bestand:   reports/tiny/tabellen.xlsx" in err and "ruimte" in err
    assert target.read_bytes() == b"vorige goede versie"
    assert [p.name for p in target.parent.iterdir()] == ["tabellen.xlsx"]  # no temporary file left


def test_unwritable_folder_names_the_file(project, monkeypatch, capsys):
    target = project / "reports" / "tiny" / "tiny.html"

    def denied(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(target.parent))

    _stage(monkeypatch, lambda _c: io.write_text(target, "<p>rapport</p>"))
    monkeypatch.setattr(tempfile, "mkstemp", denied)
    code = cli.main(["analyse", "tiny"])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "geen schrijfrechten" in err and "bestand:   reports/tiny/tiny.html" in err


def test_pyarrow_style_oserror_without_errno_is_recognised():
    err = failures.storage_error(OSError("IOError: No space left on device. Detail: [errno 28]"), "x.parquet")
    assert err is not None and "de schijf is vol" in str(err)
    assert failures.storage_error(OSError("something else"), "x") is None


def test_a_huge_message_is_cut_to_a_readable_size(project, monkeypatch, capsys):
    from pipeline.errors import DataError

    def huge(_c):
        raise DataError("te veel", value="x" * 7_000_000, details=[f"regel {i}" for i in range(10_000)])

    _stage(monkeypatch, huge)
    assert cli.main(["analyse", "tiny"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Probleem met de gegevens: te veel")
    assert len(err) < 50_000 and "nog" in err


def test_reinstalling_the_environment_does_not_make_every_output_stale():
    """The ingest and campaign rules depend on requirements.lock; .venv/.installed is order-only, so
    touching it (a reinstall, another checkout sharing the environment) does not rebuild everything."""
    import shutil
    import subprocess

    if not shutil.which("make"):
        pytest.skip("make is not installed")
    repo = Path(__file__).resolve().parents[1]
    # the make database of the Makefile as a user calls it: no VENV=… inherited from an outer make
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    db = subprocess.run(["make", "-pq", "__nothing__"], cwd=repo, capture_output=True, text=True, env=env).stdout
    rules = [line for line in db.splitlines()
             if line.startswith("processed/") and "$" not in line and line.split(":")[0].endswith(("/ingested.parquet", "/summary.json"))]
    assert rules
    for rule in rules:
        normal, _, order_only = rule.partition(" | ")
        assert "/.installed" not in normal and "/.installed" in order_only, rule
        assert "requirements.lock" in normal


class _Writes:
    """stderr that records each write: `make all` shows two consultations' lines as they come, so a
    message must reach the terminal in one piece."""

    def __init__(self):
        self.calls: list[str] = []

    def write(self, text: str) -> int:
        self.calls.append(text)
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("kind", ["researcher", "unexpected"])
def test_a_failure_message_is_written_in_one_piece(project, monkeypatch, kind):
    from pipeline.errors import ConfigError

    def wrong(_c):
        if kind == "researcher":
            raise ConfigError("het codeboek klopt niet", file="surveys/tiny/codebook.yml", fix="pas het aan")
        raise RuntimeError("stuk")

    _stage(monkeypatch, wrong)
    writes = _Writes()
    monkeypatch.setattr(sys, "stderr", writes)
    assert cli.main(["analyse", "tiny"]) != 0
    message = [c for c in writes.calls if c.strip()]
    assert len(message) == 1, writes.calls
    assert message[0].count("\n") >= 2 and message[0].endswith("\n")  # several lines, ending the line


def test_a_progress_line_is_written_in_one_piece(monkeypatch):
    # print() wrote the line and its "\n" in two writes: another consultation's line could slip between
    writes = _Writes()
    monkeypatch.setattr(sys, "stderr", writes)
    io.say("validate", "tiny", "41 gelezen, 40 geldig (0.1 s)")
    assert writes.calls == ["[tiny] validate  41 gelezen, 40 geldig (0.1 s)\n"]
