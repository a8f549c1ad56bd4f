"""A throw-away copy of the repository to run `make` in, as from a fresh clone.

The copy holds every file git tracks (and new files not ignored); it shares the real .venv by a
symlink so nothing is installed twice, and runs with LEVL_ROOT/PYTHONPATH pointing at the copy.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def copy_repo(target: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO, capture_output=True,
                           text=True, check=True).stdout.splitlines()
    for rel in files:
        src = REPO / rel
        if src.is_file():
            dst = target / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    (target / ".venv").symlink_to(REPO / ".venv")
    old = 946684800  # 2000-01-01: the shared environment counts as up to date
    for name in ("requirements.lock", "pyproject.toml"):
        os.utime(target / name, (old, old))
    key = REPO / ".pseudonym_key"
    if key.exists():
        shutil.copy2(key, target / ".pseudonym_key")
    return target


def make(project: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    env = dict(os.environ, LEVL_ROOT=str(project), PYTHONPATH=str(project), MAKEFLAGS="")
    return subprocess.run(["make", "--no-print-directory", *args], cwd=project, env=env, capture_output=True,
                          text=True, timeout=timeout)


def make_all(project: Path) -> None:
    """``make all`` that must succeed; when it does not, the failure shows what make printed."""
    res = make(project, "all")
    assert res.returncode == 0, (res.stdout[-1500:], res.stderr[-3000:])


def digests(project: Path, *folders: str) -> dict[str, str]:
    out = {}
    for folder in folders:
        for p in sorted((project / folder).rglob("*")):
            if p.is_file():
                out[str(p.relative_to(project))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out
