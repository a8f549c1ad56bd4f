"""Command line: ``python -m pipeline <stage> <consultation>`` and ``python -m pipeline new``.

Stages: ingest, validate, clean, analyse, report (survey consultations) and campaign (the
"Ik stem ook" analysis). Problems with data exit with code 1, problems with a codebook or the
command with code 2; both print a readable message, never a Python traceback. Any other error is
caught here too (see pipeline/failures.py): one Dutch message, exit code 1, the traceback in
processed/<id>/errors/ (and on the terminal with LEVL_DEBUG=1).
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import signal
import sys

from pipeline import failures
from pipeline.errors import ConfigError
from pipeline.readers import TOOLS

ID = r"[a-z][a-z0-9_]*"
STAGES = {
    "ingest": "pipeline.stages.ingest",
    "validate": "pipeline.stages.validate",
    "clean": "pipeline.stages.clean",
    "analyse": "pipeline.stages.analyse",
    "compare": "pipeline.stages.compare",
    "report": "pipeline.stages.report",
    "campaign": "pipeline.campaign.stage",
    "charts": "pipeline.stages.charts",
    "overview": "pipeline.stages.overview",
}

# The stages whose output a stage reads. A stage that rewrote its output makes every stage after it
# stale, so the Makefile runs those in the same process (``--then``: one Python start and one import of
# pandas instead of one per stage); make then finds their outputs newer than their inputs and skips
# their own rules. The chain stops at the first stage that fails, without a word: make runs that
# stage's own rule next, which reports the failure and charges it to the right output.
INPUT = {"validate": ("ingest",), "clean": ("validate",), "analyse": ("clean",), "compare": ("analyse",),
         "charts": ("analyse", "campaign", "compare"), "report": ("analyse", "campaign", "compare")}

_STOPPED = failures.STOPPED  # the signal that stopped this run, if any


def _stop(signum: int, frame: object) -> None:
    """Ctrl-C (SIGINT, which make passes to every running job) or a kill (SIGTERM): one Dutch line, no
    KeyboardInterrupt traceback. SystemExit unwinds the stage, so pipeline.io removes its half-written
    temporary file and the previous output stays as it was."""
    _STOPPED.append(signum)
    err = sys.__stderr__ or sys.stderr  # the terminal, even while a report cell's output is captured (report/inprocess.py)
    err.write(failures.stopped_message(signum))  # in one write, beside another consultation's lines
    err.flush()
    sys.exit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    previous = {}
    _STOPPED.clear()
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            if signal.getsignal(sig) is not signal.SIG_IGN:  # ignored by the parent (a background job): keep
                previous[sig] = signal.signal(sig, _stop)
    except ValueError:  # not the main thread (called from other code): leave the handlers alone
        pass
    try:
        return _main(argv)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _main(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in STAGES:
        p = sub.add_parser(name, help=f"run the {name} stage")
        p.add_argument("consultation")
        p.add_argument("--then", nargs="+", default=[], metavar="STAGE", choices=[s for s in STAGES if s in INPUT],
                       help="the stages to run after it, in this process (the Makefile: every stage its output feeds)")
        p.add_argument("--earlier-built", nargs="+", default=[], metavar="STAGE FILE",
                       help="under make: the chain goes on from STAGE only when make finds the FILEs (another "
                            "consultation's tables) up to date; else it ends before STAGE and make runs the rest")
    new = sub.add_parser("new", help="create surveys/<id>/ with a draft codebook from an export")
    new.add_argument("consultation")
    new.add_argument("--from", dest="export", required=True, help="the export file")
    new.add_argument("--sheet", default=None, metavar="TABBLAD",
                     help="an Excel workbook's sheet with the answers (its name or number, 0 = the first)")
    new.add_argument("--skip-rows", dest="skip_rows", type=int, default=None, metavar="N",
                     help="lines above the header (a title row) to skip")
    new.add_argument("--header-rows", dest="header_rows", type=int, default=None, metavar="N",
                     help="the number of header rows (e.g. 2: a question row and an answer row)")
    new.add_argument("--tool", default="auto", metavar="TOOL",
                     help="the survey tool that wrote the export (default: auto, detected from the file): "
                          + ", ".join(TOOLS))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    if not re.fullmatch(ID, args.consultation):  # it becomes a folder name under processed/ and reports/
        print(str(ConfigError(
            f"'{args.consultation}' is geen geldige naam voor een raadpleging", value=args.consultation,
            expected="kleine letters, cijfers en _, beginnend met een letter (bv. jongeren_stemmen)",
            fix="gebruik de mapnaam onder surveys/ (die ook de `id` in het codeboek is)")), file=sys.stderr)
        return 2
    if args.command == "new":
        return _run("new", args.consultation, args)
    if not args.then:
        return _run(args.command, args.consultation, args)
    # a chain: ingest's and clean's Parquet files are written behind while the next stage runs (pipeline/io.py)
    from pipeline import io

    with io.writing_behind():
        code = _chain(args)
    failed = _write_failed(args)  # written behind by a stage that said it was done
    return code if failed is None else failed


def _chain(args: argparse.Namespace) -> int:
    # Under make, a later stage that fails stops the chain quietly: its own rule then runs it again and reports
    # it, so make charges the failure to that stage's output (not to this rule's), and other consultations that
    # need only this rule's output are still built. Typed by a researcher (no make around it), nothing runs it
    # again: the failure is reported here, with its exit code (it ended in silence with 0).
    from pipeline import io

    under_make = "MAKELEVEL" in os.environ
    gate, *needed = args.earlier_built or [None]
    for i, stage in enumerate([args.command, *args.then]):
        if i and stage == gate and under_make and not _made(needed):
            return 0  # make runs this stage and the ones after it by their own rules, once the files are there
        io.writing_stage(stage)
        result = _run(stage, args.consultation, args, report=i == 0 or not under_make)
        failed = _write_failed(args)
        if failed is not None:
            return failed
        if result:
            return result if (i == 0 or _STOPPED or not under_make) else 0
    return 0


def _made(files: list[str]) -> bool:
    """Whether make finds ``files`` up to date now (``make -q``, the Makefile's own rules and times): the earlier
    wave's tables that a later wave's chain would read next. Anything but a plain yes is a no: the chain then ends
    and make runs the rest by its own rules, in order, as before."""
    import subprocess

    from pipeline.io import ROOT

    if not files or not (ROOT / "Makefile").is_file():
        return False
    # the command line's variables (PYTHON=…) stay; not the job slots of the make around this one
    flags = " ".join(w for w in os.environ.get("MAKEFLAGS", "").split()
                     if not w.startswith(("-j", "--jobserver")))
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env["MAKEFLAGS"] = flags
    try:
        done = subprocess.run([os.environ.get("LEVL_MAKE") or "make", "-q", "--no-print-directory", *files],
                              cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _write_failed(args: argparse.Namespace) -> int | None:
    """None, or the exit code of a file a stage wrote behind that could not be written: that stage's failure
    (its one Dutch message and marker), told as the stage's own failure would be (quiet under make for a later
    stage of the chain: its own rule runs it again, as its file is still the old one)."""
    from pipeline import io

    failed = io.write_failures()
    if not failed:
        return None
    stage, err = failed[0]
    if stage == args.command or "MAKELEVEL" not in os.environ:
        return failures.failed(stage, args.consultation, err)
    return 0


def _run(stage: str, consultation: str, args: argparse.Namespace, report: bool = True) -> int:
    """One stage: 0, or the exit code of its one Dutch message (pipeline/failures.py); with
    ``report=False`` a failure prints nothing and leaves no marker (it returns 1)."""
    try:
        if stage == "new":
            from pipeline.scaffold import new_consultation

            sheet = int(args.sheet) if args.sheet is not None and args.sheet.isdigit() else args.sheet
            new_consultation(consultation, args.export, tool=args.tool, sheet=sheet, skip_rows=args.skip_rows,
                             header_rows=args.header_rows)
        else:
            importlib.import_module(STAGES[stage]).run(consultation)
    except Exception as err:  # noqa: BLE001 - never a traceback: see pipeline/failures.py
        if _STOPPED:  # a consequence of the interruption (a Jupyter kernel killed by the same Ctrl-C):
            return 128 + _STOPPED[0]  # said so already; no failure marker, no "Onverwachte fout"
        if not report:
            return 1
        if isinstance(err, FileNotFoundError):
            err = ConfigError(f"bestand niet gevonden: {err.filename}", file=err.filename,
                              fix="controleer de naam van de raadpleging en voer `make all` uit")
        return failures.failed(stage, consultation, err)
    failures.succeeded(stage, consultation)
    return 0


if __name__ == "__main__":
    sys.exit(main())
