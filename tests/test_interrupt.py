"""Review of issue 14 ("never a traceback"): Ctrl-C during a stage (make forwards SIGINT to every job)
printed a Python traceback ending in KeyboardInterrupt, and a kill (SIGTERM) left the stage's
half-written temporary file beside its output. Now: one Dutch line, exit 130 / 143, the previous
output byte-identical and no temporary file left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# A stage that is interrupted while it writes its output (through pipeline.io, like every stage).
SCRIPT = """
import os, signal, sys, time
from pathlib import Path
import pipeline.__main__ as cli
import pipeline.stages.ingest as ingest
from pipeline.io import atomic_path

def run(consultation):
    target = Path(sys.argv[2])
    with atomic_path(target) as tmp:
        tmp.write_text("half")
        os.kill(os.getpid(), getattr(signal, sys.argv[1]))
        time.sleep(10)

ingest.run = run
sys.exit(cli.main(["ingest", "tiny"]))
"""


@pytest.mark.parametrize(("sig", "code"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_interrupted_stage_one_dutch_line_and_output_untouched(tmp_path, sig, code):
    target = tmp_path / "out" / "ingested.parquet"
    target.parent.mkdir()
    target.write_bytes(b"previous good output")
    env = dict(os.environ, LEVL_ROOT=str(tmp_path), PYTHONPATH=str(REPO))
    env.pop("LEVL_DEBUG", None)
    res = subprocess.run([sys.executable, "-c", SCRIPT, sig, str(target)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert "Traceback" not in res.stderr and "KeyboardInterrupt" not in res.stderr, res.stderr
    assert res.returncode == code, res.stderr
    assert "onderbroken" in res.stderr.lower() and "make all" in res.stderr
    assert target.read_bytes() == b"previous good output"
    assert sorted(p.name for p in target.parent.iterdir()) == ["ingested.parquet"]  # no temporary file left
    assert not (tmp_path / "processed" / "tiny" / "errors").exists()  # an interruption is not a failure


def test_handlers_are_restored_after_main(monkeypatch):
    import pipeline.__main__ as cli

    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    cli.main(["ingest", "Not-A-Name"])  # refused at once (exit 2)
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def test_a_signal_the_parent_ignores_stays_ignored(tmp_path):
    # a background job of a non-interactive shell ignores Ctrl-C; Python keeps that, and so must the
    # stage (the handler above once replaced SIG_IGN and stopped stages the parent meant to keep running)
    target = tmp_path / "out" / "ingested.parquet"
    target.parent.mkdir()
    target.write_bytes(b"previous good output")
    env = dict(os.environ, LEVL_ROOT=str(tmp_path), PYTHONPATH=str(REPO))
    script = SCRIPT.replace("time.sleep(10)", "pass")
    res = subprocess.run([sys.executable, "-c", script, "SIGINT", str(target)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    assert res.returncode == 0, res.stderr
    assert target.read_bytes() == b"half"  # the stage ran to the end and replaced its output


def test_an_error_caused_by_the_interruption_is_not_reported_as_a_fault(tmp_path):
    # make all -j2 + Ctrl-C during the report: the Jupyter kernel (same process group) dies of the same
    # Ctrl-C and nbclient raises DeadKernelError; the stage said "Onverwachte fout … meld dit aan wie de
    # pipeline onderhoudt" and left failure markers and a traceback file for an interruption
    target = tmp_path / "out" / "ingested.parquet"
    target.parent.mkdir()
    env = dict(os.environ, LEVL_ROOT=str(tmp_path), PYTHONPATH=str(REPO))
    env.pop("LEVL_DEBUG", None)
    script = SCRIPT.replace("""        os.kill(os.getpid(), getattr(signal, sys.argv[1]))
        time.sleep(10)
""", """        try:
            os.kill(os.getpid(), getattr(signal, sys.argv[1]))
            time.sleep(10)
        except BaseException:
            raise RuntimeError("DeadKernelError: Kernel died")
""")
    assert script != SCRIPT
    res = subprocess.run([sys.executable, "-c", script, "SIGINT", str(target)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 130, res.stderr
    assert "Onverwachte fout" not in res.stderr and "onderbroken" in res.stderr
    assert not (tmp_path / "processed" / "tiny" / "errors").exists()


KERNEL_SCRIPT = """
import os, signal, sys, threading
from pathlib import Path
import pipeline.__main__ as cli
import pipeline.stages.ingest as ingest
from pipeline.report.render import execute

source = Path(sys.argv[1])
source.write_text('# %% tags=["parameters"]\\nconsultation = "x"\\n\\n# %%\\nimport time\\ntime.sleep(60)\\n')

def run(consultation):
    threading.Timer(8, lambda: os.kill(os.getpid(), signal.SIGINT)).start()  # while the cell sleeps
    execute(source, {"consultation": consultation}, source.with_suffix(".ipynb"))

ingest.run = run
sys.exit(cli.main(["ingest", "tiny"]))
"""


@pytest.mark.parametrize("kernel", ["0", "1"])
def test_ctrl_c_while_the_report_notebook_runs(tmp_path, kernel):
    # nbclient replaces the SIGINT/SIGTERM handlers while it runs a notebook: Ctrl-C during `make all`
    # gave "Onverwachte fout … DeadKernelError/AssertionError" and failure markers (seen with make -j2).
    # Without a kernel (the default for Python notebooks) IPython must not swallow the stop either.
    pytest.importorskip("nbclient")
    env = dict(os.environ, LEVL_ROOT=str(tmp_path), PYTHONPATH=str(REPO), LEVL_REPORT_KERNEL=kernel)
    env.pop("LEVL_DEBUG", None)
    res = subprocess.run([sys.executable, "-c", KERNEL_SCRIPT, str(tmp_path / "nb.py")], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert "Onverwachte fout" not in res.stderr and "Traceback" not in res.stderr, res.stderr
    assert res.returncode == 130 and "onderbroken" in res.stderr, res.stderr
    assert not (tmp_path / "processed" / "tiny" / "errors").exists()
    assert not (tmp_path / "nb.ipynb").exists()


def test_make_never_deletes_a_processed_or_published_file_on_ctrl_c():
    """make deletes the target of an interrupted recipe unless it is precious; a pattern in .PRECIOUS
    (processed/%.parquet) covers only pattern rules, and every rule here is explicit: a Ctrl-C during the
    ingest chain deleted ingested.parquet (review of unseen exports). Every file make can build under
    processed/ and reports/ must be listed, read from make's own database."""
    res = subprocess.run(["make", "-pq", "build"], cwd=REPO, capture_output=True, text=True,
                         env={**os.environ, "MAKEFLAGS": ""})
    lines = res.stdout.splitlines()
    precious = {name for line in lines if line.startswith(".PRECIOUS:") for name in line.split()[1:]}
    targets = set()
    for line in lines:
        head = line.split(":", 1)[0]
        if ":" in line and not line.startswith(("#", "\t", " ")) and head.startswith(("processed/", "reports/")):
            targets.update(head.split())
    targets = {t for t in targets if "%" not in t and "$" not in t and t != "&"}  # not the rule templates
    assert len(targets) > 20, sorted(targets)  # every consultation's stages
    assert targets <= precious, sorted(targets - precious)


@pytest.mark.parametrize(("flags", "expected"), [((), "-k -j"), (("-j1",), "-k  build"), (("-j3",), "-k  build")])
def test_a_make_j_of_your_own_is_kept(flags, expected):
    # MAKEFLAGS holds -jN only in a recipe: read while make read the Makefile it was always empty, so `make -j1 all`
    # still ran two jobs, with make's English "-j2 forced in submake" (review of unseen exports)
    res = subprocess.run(["make", "-n", *flags, "all"], cwd=REPO, capture_output=True, text=True,
                         env={**os.environ, "MAKEFLAGS": "", "MAKELEVEL": ""})
    line = next(x for x in res.stdout.splitlines() if "--no-print-directory -k" in x)
    assert expected in line, line
