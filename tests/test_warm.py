"""The warm start of `make all` (pipeline/warm.py): a stage forked from a server that imported everything once
must be the stage run on its own: the same files, lines and exit codes, Ctrl-C passed on, nothing left half-written,
and anything odd run the old way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.tiny import TINY_CODEBOOK, tiny_export

REPO = Path(__file__).resolve().parents[1]
STAGES = ["ingest", "tiny", "--then", "validate", "clean", "analyse"]


def _project(root: Path) -> Path:
    (root / "surveys" / "tiny").mkdir(parents=True)
    (root / "surveys" / "tiny" / "codebook.yml").write_text(textwrap.dedent(TINY_CODEBOOK), encoding="utf-8")
    (root / "raw" / "tiny").mkdir(parents=True)
    tiny_export().to_excel(root / "raw" / "tiny" / "export.xlsx", index=False)
    return root


def _env(root: Path, sock: Path | None) -> dict:
    env = dict(os.environ, LEVL_ROOT=str(root), PYTHONPATH=str(REPO),
               LEVL_PSEUDONYM_KEY="a1b2c3d4e5f60718" * 4)
    env.pop("LEVL_DEBUG", None)
    env.pop("LEVL_WARM", None)
    if sock is not None:
        env["LEVL_WARM"] = str(sock)
    return env


def _run(root: Path, sock: Path | None, *args: str, module: str = "pipeline.warm") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=root, env=_env(root, sock),
                          capture_output=True, text=True, timeout=300)


def _servers(sock: Path) -> list[int]:
    out = subprocess.run(["pgrep", "-f", f"pipeline.warm --serve {sock}"], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _files(root: Path) -> dict[str, bytes]:
    base = root / "processed" / "tiny"
    return {str(p.relative_to(base)): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


def _lines(stderr: str) -> list[str]:  # the stage lines without their times
    import re

    return [re.sub(r"\(\d+\.\d s\)$", "", line) for line in stderr.splitlines()]


@pytest.fixture
def sock(tmp_path):
    folder = tmp_path / "warm"
    folder.mkdir()
    path = folder / "stages.sock"
    yield path
    import shutil

    shutil.rmtree(folder, ignore_errors=True)  # as `make all` does at its end: the server stops
    deadline = time.monotonic() + 10
    while _servers(path) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _servers(path), "the server did not stop when its folder was removed"


def test_a_stage_through_the_server_is_the_stage_on_its_own(tmp_path, sock):
    alone, warm = _project(tmp_path / "alone"), _project(tmp_path / "warm_root")
    ran_alone = _run(alone, None, *STAGES, module="pipeline")
    ran_warm = _run(warm, sock, *STAGES)
    assert ran_alone.returncode == ran_warm.returncode == 0, ran_warm.stderr
    assert _servers(sock), "no server was started"
    assert _lines(ran_warm.stderr) == _lines(ran_alone.stderr)
    assert _files(warm) == _files(alone)
    # a second stage is forked from the same server; a refused command keeps its exit code and Dutch message
    refused = _run(warm, sock, "analyse", "Geen-Naam")
    assert refused.returncode == 2 and "geen geldige naam" in refused.stderr and "Traceback" not in refused.stderr
    assert len(_servers(sock)) == 1
    failing = _run(warm, sock, "analyse", "onbekend")
    assert failing.returncode == _run(warm, None, "analyse", "onbekend").returncode != 0
    assert "Traceback" not in failing.stderr and "onbekend" in failing.stderr


def test_another_root_is_not_run_by_a_server_that_imported_for_one(tmp_path, sock):
    first, second = _project(tmp_path / "first"), _project(tmp_path / "second")
    assert _run(first, sock, "ingest", "tiny").returncode == 0  # the server starts with LEVL_ROOT=first
    res = _run(second, sock, "ingest", "tiny")
    assert res.returncode == 0, res.stderr
    assert (second / "processed" / "tiny" / "ingested.parquet").exists()  # not written into the first root


def test_no_server_possible_runs_the_stage_itself(tmp_path):
    root = _project(tmp_path / "p")
    res = _run(root, tmp_path / "no such folder" / "stages.sock", "ingest", "tiny")
    assert res.returncode == 0, res.stderr
    assert (root / "processed" / "tiny" / "ingested.parquet").exists()


def _bench_project(root: Path) -> Path:
    """The benchmark's synthetic consultation at 300,000 respondents: its ingest takes seconds, long enough to be
    stopped halfway, on any machine (the test waits for the stage to be running, not for a time)."""
    from benchmarks import generate

    (root / "surveys" / "levl_bench").mkdir(parents=True)
    (root / "surveys" / "levl_bench" / "codebook.yml").write_bytes((REPO / "benchmarks" / "codebook.yml").read_bytes())
    generate.write(300_000, root / "raw" / "levl_bench" / "bench.csv")
    out = root / "processed" / "levl_bench"
    out.mkdir(parents=True)
    (out / "ingested.parquet").write_bytes(b"previous good output")
    return out


def _running(sock: Path, root: Path, args: list[str], **streams) -> tuple[subprocess.Popen, int]:
    """A client whose stage runs in a child of the server (after a warm-up request started the server)."""
    assert _run(root, sock, "ingest", "Geen-Naam").returncode == 2
    (server,) = _servers(sock)
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.warm", *args], cwd=root, env=_env(root, sock), **streams)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if subprocess.run(["pgrep", "-P", str(server)], capture_output=True, text=True).stdout.split():
            break
        time.sleep(0.05)
    time.sleep(0.3)  # into the reading of the export
    return proc, server


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_of_the_client_stops_its_stage_and_keeps_the_old_output(tmp_path, sock, sig, code):
    out = _bench_project(tmp_path)
    proc, _server = _running(sock, tmp_path, ["ingest", "levl_bench"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == code, err
    assert "onderbroken" in err and "Traceback" not in err and "KeyboardInterrupt" not in err
    assert err.count("onderbroken") == 1  # passed on once, not also by the terminal
    assert (out / "ingested.parquet").read_bytes() == b"previous good output"
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []  # no temporary file left


def test_a_stage_whose_client_is_killed_stops(tmp_path, sock):
    out = _bench_project(tmp_path)
    proc, server = _running(sock, tmp_path, ["ingest", "levl_bench"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    proc.kill()  # kill -9: no word to the child
    proc.wait()
    deadline = time.monotonic() + 60
    children = ["?"]
    while children and time.monotonic() < deadline:
        children = subprocess.run(["pgrep", "-P", str(server)], capture_output=True, text=True).stdout.split()
        time.sleep(0.1)
    assert not children, "the stage went on after its client was killed"
    assert (out / "ingested.parquet").read_bytes() == b"previous good output"
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_a_server_that_ends_before_forking_lets_the_client_run_the_stage_itself(tmp_path):
    import socket
    import threading

    root = _project(tmp_path / "p")
    path = tmp_path / "s.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)

    def accept_and_close():  # a server that read the request and died (its imports failed, say)
        conn, _ = listener.accept()
        conn.recv(1 << 16)
        conn.close()

    thread = threading.Thread(target=accept_and_close)
    thread.start()
    res = _run(root, path, "ingest", "tiny")
    thread.join(timeout=30)
    listener.close()
    assert res.returncode == 0, res.stderr
    assert (root / "processed" / "tiny" / "ingested.parquet").exists()
    assert "onverwacht gestopt" not in res.stderr


def test_code_changed_after_the_server_started_is_run_as_changed(tmp_path, sock):
    # a module edited while `make all` ran was not read again, and make took the old code's outputs for new (a review):
    # the server's imports are of the code as it was when it started; a stage after a change runs on its own
    import shutil

    code = tmp_path / "code"
    shutil.copytree(REPO / "pipeline", code / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    root = _project(tmp_path / "p")
    env = dict(_env(root, sock), PYTHONPATH=str(code))

    def run(*args):
        return subprocess.run([sys.executable, "-m", "pipeline.warm", *args], cwd=root, env=env, capture_output=True,
                              text=True, timeout=300)

    assert run("ingest", "tiny").returncode == 0 and _servers(sock)
    stage = code / "pipeline" / "stages" / "ingest.py"
    stage.write_text(stage.read_text(encoding="utf-8").replace("gelezen uit", "GELEZEN uit"), encoding="utf-8")
    res = run("ingest", "tiny")
    assert res.returncode == 0 and "GELEZEN uit" in res.stderr


def test_ctrl_z_stops_the_stage_with_its_client_and_it_goes_on_after(tmp_path, sock):
    _bench_project(tmp_path)
    proc, server = _running(sock, tmp_path, ["ingest", "levl_bench"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    (child,) = [int(p) for p in subprocess.run(["pgrep", "-P", str(server)], capture_output=True,
                                               text=True).stdout.split()]
    proc.send_signal(signal.SIGTSTP)

    def state(pid: int) -> str:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (state(child) == "T" and state(proc.pid) == "T"):
        time.sleep(0.05)
    assert state(child) == "T" and state(proc.pid) == "T"  # stopped, both
    proc.send_signal(signal.SIGCONT)
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert (tmp_path / "processed" / "levl_bench" / "ingested.parquet").read_bytes() != b"previous good output"
