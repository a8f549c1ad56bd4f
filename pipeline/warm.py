"""Warm start for `make all`: the stages' imports once, a fork per stage (docs/benchmarks.md, eleventh session).

Each stage make runs is a ``python -m pipeline …`` of its own, and each spent about two CPU seconds starting Python
and importing pandas, pyarrow, matplotlib, scipy and IPython before it did any work: in a clean build of the example
consultations, about a quarter of the CPU time. So make runs its stages through this module:

* ``python -m pipeline.warm <stage> <consultation> …`` (the client) takes the place of ``python -m pipeline …``.
  Without ``LEVL_WARM`` in its environment it is exactly that, in its own process.
* `make all` sets ``LEVL_WARM`` to a socket in a new temporary folder. The first client starts the server
  (``python -m pipeline.warm --serve <socket>``), which imports what the stages use, once. For each client it forks
  a child that takes over the client's terminal (stdin, stdout and stderr, passed over the socket), working folder,
  environment and Ctrl-C setting, runs ``pipeline.__main__.main`` with the client's arguments and hands back its
  exit code, with which the client exits: make sees the same lines and the same exit code as before.
* Ctrl-C or a kill of the client is passed on to its child, which says in Dutch that it was stopped and leaves the
  previous outputs as they were; a child whose client is gone (killed hard) stops itself.
* Anything unexpected (no server after a minute, a socket that cannot be made, a server of another checkout or
  another ``LEVL_ROOT``) runs the stage in the client itself, as before: slower, never different.
* The server ends when `make all` removes its folder, or after ten minutes without a client.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import sys
import time

ENV = "LEVL_WARM"
# what the server imports once: every stage, and what the stages import inside their functions
PRELOAD = ["pipeline.__main__", "pipeline.stages.ingest", "pipeline.stages.validate", "pipeline.stages.clean",
           "pipeline.stages.analyse", "pipeline.stages.compare", "pipeline.stages.charts", "pipeline.stages.report",
           "pipeline.stages.overview", "pipeline.campaign.stage", "pipeline.campaign.publication",
           "pipeline.report.inprocess", "pipeline.report.blocks", "matplotlib.pyplot", "scipy.stats", "pypandoc",
           "typst", "pyarrow.csv", "pyarrow.parquet", "pyarrow.compute",
           # imported by the stages on first use, 0.1 s a process: pandera's checks at validation (and Hypothesis,
           # when the test extras are installed), Parquet's datasets, a report's fonts, notebook and history
           "pandera.strategies.pandas_strategies", "pandera.backends.pandas.register", "pandera.accessors.pandas_accessor",
           "pyarrow.dataset", "fontTools.ttLib", "sqlite3", "matplotlib_inline.backend_inline"]
START_WAIT_S = 60.0
IDLE_S = 60.0  # without a client or a running stage (make all removes the folder when it ends; a killed make does not)
_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_HEADER = struct.Struct("!I")


def _fingerprint() -> dict:
    """What the server's imports depend on: the same Python, the same checkout, the same LEVL_ROOT, and the same code
    (the newest time any of the package's modules was changed, and how many there are): a module edited while
    `make all` ran was not read again, and make took the outputs of the old code for new (a review)."""
    import pipeline

    package = os.path.dirname(os.path.abspath(pipeline.__file__))
    newest, count = 0, 0
    for folder, _dirs, files in os.walk(package):
        for name in files:
            if name.endswith(".py"):
                try:
                    newest = max(newest, os.stat(os.path.join(folder, name)).st_mtime_ns)
                except OSError:
                    continue
                count += 1
    return {"python": sys.executable, "package": package, "root": os.environ.get("LEVL_ROOT", ""),
            "code": [newest, count]}


# --------------------------------------------------------------------------- the client

def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--serve"] and len(args) == 2:
        return serve(args[1])
    path = os.environ.get(ENV, "").strip()
    if path:
        try:
            code = _through_server(path, args)
        except KeyboardInterrupt:  # Ctrl-C while the server was starting: nothing ran yet
            from pipeline.failures import stopped_message

            sys.stderr.write(stopped_message(signal.SIGINT))
            return 128 + signal.SIGINT
        if code is not None:
            return code
    from pipeline.__main__ import main as run

    return run(args)


def _connect(path: str) -> socket.socket | None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        return None
    return sock


def _server(path: str) -> socket.socket | None:
    """A connection to the server, started by this client when no other client has started it yet."""
    sock = _connect(path)
    if sock is not None:
        return sock
    import fcntl
    import subprocess

    try:
        lock = open(path + ".lock", "a")  # noqa: SIM115 - held while the server starts
    except OSError:
        return None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one client starts the server; the others wait here, then connect
        sock = _connect(path)
        if sock is not None:
            return sock
        try:
            server = subprocess.Popen([sys.executable, "-m", "pipeline.warm", "--serve", path],
                                      stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                      close_fds=True, start_new_session=True)
        except OSError:
            return None
        deadline = time.monotonic() + START_WAIT_S
        while time.monotonic() < deadline and server.poll() is None:
            sock = _connect(path)
            if sock is not None:
                return sock
            time.sleep(0.02)
        if server.poll() is None:
            server.kill()
        return None


def _through_server(path: str, args: list[str]) -> int | None:
    """The exit code of the stage run by a child of the server; None: run it here."""
    sock = _server(path)
    if sock is None:
        return None
    ignored = [sig for sig in _SIGNALS if signal.getsignal(sig) is signal.SIG_IGN]
    request = json.dumps({"args": args, "cwd": os.getcwd(), "env": dict(os.environ), "ignored": ignored,
                          "fingerprint": _fingerprint()}).encode()
    previous = {}
    with sock:
        try:
            socket.send_fds(sock, [_HEADER.pack(len(request)) + request], [0, 1, 2])
        except OSError:
            return None

        child: list[int] = []  # the child's pid, once it said "start"

        def forward(signum: int, _frame: object) -> None:
            try:
                sock.sendall(f"signal {signum}\n".encode())
            except OSError:
                pass

        def pause(_signum: int, _frame: object) -> None:  # Ctrl-Z: the stage stops with its client, and goes on with it
            for pid in child:
                _kill(pid, signal.SIGSTOP)
            _kill(os.getpid(), signal.SIGSTOP)

        def resume(_signum: int, _frame: object) -> None:
            for pid in child:
                _kill(pid, signal.SIGCONT)

        for sig in _SIGNALS:
            if sig not in ignored:
                previous[sig] = signal.signal(sig, forward)
        previous[signal.SIGTSTP] = signal.signal(signal.SIGTSTP, pause)
        previous[signal.SIGCONT] = signal.signal(signal.SIGCONT, resume)
        try:
            reply = _reply(sock, child)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    if reply == "local":  # another checkout's or LEVL_ROOT's server: its imports are not this run's
        return None
    if reply is None:  # the child ended without an exit code: killed hard (out of memory, kill -9)
        what = " ".join(a for a in args[:2] if not a.startswith("-"))
        sys.stderr.write(f"\nDe stap ({what}) is onverwacht gestopt: het proces werd afgebroken (bv. door te weinig "
                         "geheugen). "
                         "De vorige uitvoer blijft ongewijzigd staan. Voer `make all` opnieuw uit.\n")
        return 137
    return int(reply)


def _kill(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except OSError:
        pass


def _reply(sock: socket.socket, child: list[int]) -> str | None:
    """The child's exit code; "local" when nothing ran (another server's imports, or the server ended before it
    forked a child for this client); None when the child ended without one (killed hard), or said after it began
    that it could not (the stage is not run a second time). ``child`` gets the child's pid."""
    data, started = b"", False
    while True:
        while b"\n" not in data:
            try:
                chunk = sock.recv(64)
            except OSError:
                chunk = b""
            if not chunk:
                return None if started else "local"
            data += chunk
        line, data = data.split(b"\n", 1)
        text = line.decode(errors="replace")
        if text.startswith("start"):
            started = True
            if text[6:].isdigit():
                child.append(int(text[6:]))
        elif text == "local":
            return None if started else text
        elif text.startswith("code ") and text[5:].lstrip("-").isdigit():
            return text[5:]
        else:
            return None


# --------------------------------------------------------------------------- the server

def serve(path: str) -> int:
    """Import what the stages use, then fork a child per client until the socket's folder is gone."""
    import gc
    import importlib

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:  # first: a socket that cannot be made (a path too long) sends the clients their own way at once
        listener.bind(path)
    except OSError:  # or another server has it already
        return 0
    listener.listen(16)  # the first clients wait in the queue while the imports below are done
    listener.settimeout(1.0)
    fingerprint = _fingerprint()  # before the imports: code changed while they run is not theirs
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the stage that needs it reports it in Dutch, in its own child
            pass
    gc.collect()
    gc.freeze()  # the imported objects stay shared with the children (no copies made by the collector)
    children: set[int] = set()
    idle_since = time.monotonic()
    try:
        while os.path.exists(path):
            children = _reap(children)
            if children:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since > IDLE_S:
                break
            try:
                conn, _ = listener.accept()
            except socket.timeout:
                continue
            except OSError:
                break
            idle_since = time.monotonic()
            pid = _fork_for(conn, listener, fingerprint)
            if pid:
                children.add(pid)
    finally:
        listener.close()
        # its folder too, when make all did not remove it (make killed hard): nothing of it stays in the temporary folder
        for leftover in (path, path + ".lock"):
            try:
                os.unlink(leftover)
            except OSError:
                pass
        if os.path.basename(os.path.dirname(path)).startswith("levl-make."):
            try:
                os.rmdir(os.path.dirname(path))
            except OSError:
                pass
    return 0


def _reap(children: set[int]) -> set[int]:
    left = set()
    for pid in children:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        if not done:
            left.add(pid)
    return left


def _fork_for(conn: socket.socket, listener: socket.socket, fingerprint: dict) -> int | None:
    fds: list[int] = []
    try:
        conn.settimeout(10.0)
        data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 16, 3)
        if len(data) < _HEADER.size or len(fds) != 3:
            raise OSError("incomplete request")
        (size,) = _HEADER.unpack(data[:_HEADER.size])
        data = data[_HEADER.size:]
        while len(data) < size:
            chunk = conn.recv(size - len(data))
            if not chunk:
                raise OSError("incomplete request")
            data += chunk
        request = json.loads(data)
        conn.settimeout(None)
        pid = os.fork()
    except (OSError, ValueError):
        for fd in fds:
            os.close(fd)
        conn.close()
        return None
    if pid == 0:
        code = 1
        try:
            listener.close()
            code = _child(conn, fds, request, fingerprint)
        except BaseException:  # noqa: BLE001 - before the stage ran (it catches its own): the client runs it itself
            try:
                conn.sendall(b"local\n")
            except OSError:
                pass
        finally:
            os._exit(code)
    for fd in fds:
        os.close(fd)
    conn.close()
    return pid


class _Stopped(BaseException):
    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stopped_early(signum: int, _frame: object) -> None:
    raise _Stopped(signum)


def _child(conn: socket.socket, fds: list[int], request: dict, fingerprint: dict) -> int:
    """In the forked child: become the client's stage, run it, send its exit code."""
    import atexit
    import io
    import threading

    if request.get("fingerprint") != fingerprint:
        conn.sendall(b"local\n")
        return 0
    conn.sendall(f"start {os.getpid()}\n".encode())  # from here on, the stage is this child's: the client does not run it
    os.setpgid(0, 0)  # the terminal's Ctrl-C reaches the client, which passes it on: once, not twice
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    import pipeline.__main__ as cli

    sys.argv = [cli.__file__, *request["args"]]  # as `python -m pipeline …` has it, not the server's
    ignored = set(request.get("ignored", []))
    for sig in _SIGNALS:  # until the stage's own handlers (pipeline/__main__.py) are set: stop at once, said once
        signal.signal(sig, signal.SIG_IGN if sig in ignored else _stopped_early)
    # new text streams on the client's terminal, set up as Python sets up its own at start
    for name, fd in (("stdin", 0), ("stdout", 1), ("stderr", 2)):
        old = getattr(sys, name)
        tty = os.isatty(fd)
        stream = io.TextIOWrapper(io.open(fd, "rb" if fd == 0 else "wb", buffering=-1, closefd=False),
                                  encoding=old.encoding, errors=old.errors,
                                  line_buffering=fd == 2 or (tty and fd == 1), write_through=fd == 2)
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)

    def watch() -> None:  # the client passes on its signals; its end (killed hard) stops the stage
        buf = b""
        while True:
            try:
                chunk = conn.recv(64)
            except OSError:
                chunk = b""
            if not chunk:
                os.kill(os.getpid(), signal.SIGTERM)
                return
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                word, _, num = line.decode(errors="replace").partition(" ")
                if word == "signal" and num.isdigit() and int(num) in _SIGNALS:
                    os.kill(os.getpid(), int(num))

    threading.Thread(target=watch, daemon=True).start()
    from pipeline.__main__ import main as run

    try:  # from here on the stage's own messages tell what happens: no second run by the client
        code = run(request["args"])
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except _Stopped as stop:
        from pipeline.failures import stopped_message

        sys.stderr.write(stopped_message(stop.signum))
        code = 128 + stop.signum
    except BaseException:  # noqa: BLE001 - main() prints its own message for anything it catches
        code = 1
    try:  # a stop now is no reason to run the stage again: it is done
        atexit._run_exitfuncs()
    except BaseException:  # noqa: BLE001
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the client's end after this is no reason to stop
    try:
        conn.sendall(f"code {code}\n".encode())
    except OSError:
        pass
    return code


if __name__ == "__main__":
    sys.exit(main())
