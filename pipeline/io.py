"""File helpers shared by every stage: atomic writes, read-only raw files, hashes, progress lines.

A stage never leaves a half-written output: everything is written to a temporary file in the
same folder and renamed into place only when complete (``os.replace`` is atomic on POSIX).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

PACKAGE = Path(__file__).resolve().parent
# The project folder with surveys/, raw/, processed/ and reports/. LEVL_ROOT points elsewhere
# (tests build throw-away projects that way); the code's own assets always come from PACKAGE.
ROOT = Path(os.environ.get("LEVL_ROOT") or PACKAGE.parent).resolve()


@contextlib.contextmanager
def atomic_path(target: str | Path, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` only on success.

    A full disk or a folder that cannot be written to becomes a Dutch message naming ``target``
    (pipeline/failures.py); the previous ``target`` is left as it was.
    """
    target = Path(target)
    tmp_path: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=suffix or target.suffix or ".tmp", dir=target.parent
        )
        os.close(fd)
        tmp_path = Path(tmp)
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, target)
    except OSError as exc:
        from pipeline.failures import storage_error

        error = storage_error(exc, target)
        if error is None:
            raise
        raise error from None
    finally:
        if tmp_path is not None and tmp_path.exists():
            with contextlib.suppress(OSError):
                tmp_path.unlink()


def write_text(target: str | Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


def write_bytes(target: str | Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_json(target: str | Path, obj: object) -> None:
    write_text(target, json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False, default=str) + "\n")


def write_csv(target: str | Path, df: pd.DataFrame) -> None:
    with atomic_path(target) as tmp:
        df.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")


def write_parquet(target: str | Path, df: pd.DataFrame) -> None:
    with atomic_path(target) as tmp:
        df.to_parquet(tmp, index=False, engine="pyarrow", compression="zstd")


def read_json(path: str | Path) -> object:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def open_raw(path: str | Path):
    """Open a raw export read-only, in binary mode. Raw files are never modified."""
    return open(path, "rb")  # noqa: SIM115 - caller closes


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open_raw(path) as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Progress:
    """One line per stage: what it read, kept, quarantined and wrote, and how long it took."""

    def __init__(self, stage: str, consultation: str) -> None:
        self.stage = stage
        self.consultation = consultation
        self.start = time.perf_counter()

    def done(self, *parts: str) -> None:
        """Print e.g. ``[nieuwkomers_wonen] validate  201 gelezen, 199 behouden, 2 in quarantaine → … (0.4 s)``."""
        secs = time.perf_counter() - self.start
        text = ", ".join(p for p in parts if not p.startswith("→"))
        text += "".join(f" {p}" for p in parts if p.startswith("→"))
        print(f"[{self.consultation}] {self.stage:<9} {text} ({secs:.1f} s)", file=sys.stderr, flush=True)
