"""File helpers shared by every stage: atomic writes, read-only raw files, hashes, progress lines.

A stage never leaves a half-written output: everything is written to a temporary file in the
same folder and renamed into place only when complete (``os.replace`` is atomic on POSIX).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from pipeline.failures import tell

PACKAGE = Path(__file__).resolve().parent
# The project folder with surveys/, raw/, processed/ and reports/. LEVL_ROOT points elsewhere
# (tests build throw-away projects that way); the code's own assets always come from PACKAGE.
ROOT = Path(os.environ.get("LEVL_ROOT") or PACKAGE.parent).resolve()


@contextlib.contextmanager
def atomic_path(target: str | Path, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` only on success.

    A full disk or a folder that cannot be written to becomes a Dutch message naming ``target``
    (pipeline/failures.py); the previous ``target`` is left as it was. A Parquet file still being
    written behind (:func:`writing_behind`) is finished first: files appear in the order the stages
    wrote them, which make's timestamps rely on.
    """
    finish_writes()
    with _atomic_path(target, suffix) as tmp:
        yield tmp


@contextlib.contextmanager
def _atomic_path(target: str | Path, suffix: str | None = None) -> Iterator[Path]:
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


# A text cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets
# (OWASP, "CSV injection"): "=HYPERLINK(...)" typed by a respondent would become a live link.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)")  # -3, -0,5, +1.250,75: numbers, not formulas


# Excel in a Dutch or French (Belgian) locale splits a .csv it opens on ";", the list separator, and
# LibreOffice offers tab and ";" as separators; pandas quotes neither: in "Ja;=1+1" the part after
# the ";" becomes a cell of its own (OWASP: "take care of the field separator"). Commas need
# nothing: pandas quotes every cell holding one.
_SEPARATOR = re.compile(r"([;\t])")


def _formula_safe_part(part: str) -> str:
    if part.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(part):
        return "'" + part
    return part


def formula_safe(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, with a leading ``'`` (OWASP); else unchanged.

    The same holds for each part after a ``;`` or a tab (``"Ja;=1+1"`` → ``"Ja;'=1+1"``), where a
    Belgian Excel or LibreOffice starts a new cell. Numbers (also numbers kept as text, like
    ``-0,5`` in a quarantined row) are values, not formulas, and stay as they are, so a person
    still sees the value that was refused."""
    if not isinstance(value, str):
        return value
    parts = _SEPARATOR.split(value)  # text, separator, text, …
    text = "".join(_formula_safe_part(p) if i % 2 == 0 else p for i, p in enumerate(parts))
    return _formula_safe_part(text) if text.startswith(("\t", "\r")) else text


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every text cell and header made safe by :func:`formula_safe`."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if not (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_datetime64_any_dtype(s)):
            out[col] = s.astype(object).map(formula_safe)
    out.columns = [formula_safe(c) for c in out.columns]
    return out


def write_csv(target: str | Path, df: pd.DataFrame, for_people: bool = False) -> None:
    """Write ``df`` as UTF-8 CSV. ``for_people=True``: a file researchers open in a spreadsheet
    (quarantine, failure lists), so text cells that would run as formulas are neutralised. Files
    the pipeline reads back (estimates.csv, tests.csv) are written as they are."""
    if for_people:
        df = spreadsheet_safe(df)
    with atomic_path(target) as tmp:
        df.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")


def write_parquet(target: str | Path, df: pd.DataFrame, hand_on: bool = False) -> None:
    """``df`` as zstd Parquet, without column statistics.

    The files in processed/ are always read whole (never filtered on min/max), and computing the
    minimum and maximum of every string column is a third of the write: 0.5 s of 1.8 s for a
    million respondents. The data, types and schema written are the same.

    ``hand_on``: the next stage in this process (make's ``--then`` chain) reads the file with
    :func:`read_parquet_handed_on`, which takes the table written here instead of decoding the file.
    The table shares its buffers with ``df``: the caller must not change ``df`` afterwards (the
    stages' ``save`` functions return right after writing).
    """
    _HANDED_ON.clear()
    if not hand_on or df.attrs:  # pandas adds a frame's attrs to the file's metadata: leave that to pandas
        with atomic_path(target) as tmp:
            df.to_parquet(tmp, index=False, engine="pyarrow", compression="zstd", write_statistics=False)
        return
    import pyarrow as pa

    finish_writes()
    # what df.to_parquet does (the same bytes), keeping the table it writes (its buffers are df's: no copy)
    table = pa.Table.from_pandas(df, preserve_index=False)
    handed = table.num_rows and all(_same_frame_type(f.type) for f in table.schema)
    key = Path(target).resolve()
    if _BEHIND["on"]:  # make's chain: the next stage starts while this file is being written
        from concurrent.futures import ThreadPoolExecutor

        if _BEHIND["pool"] is None:
            _BEHIND["pool"] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="levl-parquet")
        _WRITTEN.pop(key, None)
        _PENDING[key] = (_BEHIND["pool"].submit(_write_table, table, Path(target)), _BEHIND["stage"])
        if handed:
            _HANDED_ON[key] = (None, table)  # no stamp yet: the file is this table, as it is being written
        return
    stamp = _write_table(table, Path(target))
    if handed:
        _HANDED_ON[key] = (stamp, table)


def _write_table(table, target: Path) -> tuple:
    """``table`` as zstd Parquet at ``target`` (atomically); the file's stamp as written."""
    import pyarrow.parquet as pq

    with _atomic_path(target) as tmp:
        pq.write_table(table, tmp, compression="zstd", write_statistics=False)
        stamp = file_stamp(tmp)  # the rename keeps inode, size and time; after it, another process may have won
    _WRITTEN[target.resolve()] = stamp
    return stamp


# Writing behind. In make's chain (``python -m pipeline ingest <id> --then validate …``) the table ingest or
# clean writes is handed on to the next stage in memory (above), so that stage need not wait for the file:
# the Parquet encoding (a C++ write that lets go of Python's lock) runs on the second core while the next
# stage works (a million respondents: about 2.5 s of a 17 s chain). Every other write waits for it first
# (atomic_path), so the files still appear in the order the stages finished, as make's timestamps need; and
# the chain waits for all of them before the process ends. A write that failed is kept with the stage that
# wrote it (:func:`write_failures`): the chain reports it as that stage's failure. Off unless switched on: a
# stage's run() called on its own has written its file when it returns.
_BEHIND: dict = {"on": False, "pool": None, "stage": None}
_PENDING: dict[Path, tuple] = {}  # the files being written behind: path → (Future of its stamp, stage)
_FAILED: list[tuple] = []  # (stage, error) of the writes behind that failed, until write_failures() takes them
_WRITTEN: dict[Path, tuple] = {}  # the stamp of each Parquet file this process wrote with hand_on


@contextlib.contextmanager
def writing_behind() -> Iterator[None]:
    """Let :func:`write_parquet` (``hand_on``) write behind while the block runs; every file is written (or has
    failed: :func:`write_failures`) when the block ends, also when it ends with an error or Ctrl-C."""
    _BEHIND["on"] = True
    try:
        yield
    finally:
        _BEHIND["on"] = False
        _BEHIND["stage"] = None
        finish_writes()


def writing_stage(stage: str | None) -> None:
    """The stage whose files are written behind from now on (its failures are told as that stage's)."""
    _BEHIND["stage"] = stage


def finish_writes() -> None:
    """Wait for every file still being written behind. A failed write is not raised here (the stage that waits
    is not the one that wrote it): it is kept for :func:`write_failures`."""
    while _PENDING:
        _, (future, stage) = _PENDING.popitem()
        try:
            future.result()
        except Exception as err:  # noqa: BLE001 - a Dutch message from atomic_path, or any other failure
            _FAILED.append((stage, err))


def write_failures() -> list[tuple]:
    """The writes behind that failed since the last call, as (stage, error), oldest first."""
    out = list(_FAILED)
    _FAILED.clear()
    return out


def stamp_once_written(path: str | Path):
    """A function giving ``path``'s stamp (:func:`file_stamp`) as this process last read or wrote it: now,
    or, for a file still being written behind, once written (it waits then; None when the write failed)."""
    key = Path(path).resolve()
    if key not in _PENDING:
        stamp = file_stamp(path)
        return lambda: stamp

    def later() -> tuple | None:
        finish_writes()
        return _WRITTEN.get(key)

    return later


# The table of the last file written with ``hand_on``, with the file's stamp as written. Only for rows of
# the column types the stages write (numbers, true/false, text, dates in ms/µs/ns, categories): the frame
# ``table.to_pandas()`` gives is then the one pd.read_parquet gives (tests/test_parquet_handoff.py
# compares them), a million rows' text in 0.0 s instead of 1.9 s. Anything else (a date in seconds comes
# back in ms; an empty categorical comes back without its categories): the file is read.
_HANDED_ON: dict[Path, tuple[tuple, object]] = {}


def _same_frame_type(t) -> bool:
    import pyarrow as pa

    text = (pa.string(), pa.large_string())
    if pa.types.is_dictionary(t):  # a category: comes back as dictionary<string>, the same categories
        return t.value_type in text and t.index_type in (pa.int8(), pa.int16(), pa.int32())
    return t in (pa.int64(), pa.float64(), pa.bool_(), *text) or (
        pa.types.is_timestamp(t) and t.tz is None and t.unit in ("ms", "us", "ns"))


def file_stamp(path: str | Path) -> tuple:
    """Inode, size and modification time: whether a file is still the one this process wrote or read."""
    st = os.stat(path)
    return st.st_ino, st.st_size, st.st_mtime_ns


def read_parquet_handed_on(path: str | Path) -> pd.DataFrame:
    """``pd.read_parquet(path)``, from the table :func:`write_parquet` handed on when this process wrote
    that very file (same inode, size and time) and nothing else since; else from the file."""
    path = Path(path)
    kept = _HANDED_ON.pop(path.resolve(), None)
    if kept is not None:
        if kept[0] is None and path.resolve() in _PENDING:  # being written behind, from this very table
            return kept[1].to_pandas()
        try:
            if file_stamp(path) == (kept[0] or _WRITTEN.get(path.resolve())):
                return kept[1].to_pandas()
        except OSError:
            pass
    return pd.read_parquet(path)


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
        say(self.stage, self.consultation, f"{text} ({secs:.1f} s)")


def say(stage: str, consultation: str, text: str) -> None:
    """One progress line in the stages' format: ``[consultation] stage     text``."""
    tell(f"[{consultation}] {stage:<9} {text}")
