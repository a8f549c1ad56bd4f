"""The environment set-up: a hashed lock for every supported Python, and `make` refusing an
unsupported Python before it creates anything."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from pipeline import setup_env

REPO = Path(__file__).resolve().parents[1]
LOCKS = ("requirements.lock", "requirements-dev.lock")


def _requirements(lock: str) -> list[str]:
    """Each requirement of a pip-style lock with its continuation lines joined."""
    text = (REPO / lock).read_text(encoding="utf-8").replace("\\\n", " ")
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_is_pinned_and_hashed(lock):
    reqs = _requirements(lock)
    assert len(reqs) > 50
    for req in reqs:
        assert re.match(r"^[A-Za-z0-9_.\-]+==[^ ;]+", req), req
        assert "--hash=sha256:" in req, f"geen hash: {req.split()[0]}"


def test_lock_is_universal_not_one_platform():
    # A universal lock carries platform markers for what only some systems need (Windows' colorama,
    # macOS' appnope); a pip freeze of one Linux machine would have neither.
    names = {req.split("==")[0].lower(): req for req in _requirements("requirements.lock")}
    assert "sys_platform == 'win32'" in names["colorama"]
    assert "sys_platform == 'darwin'" in names["appnope"]


def test_requires_python_matches_the_supported_versions():
    spec = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    assert spec == ">=3.11,<3.14"
    assert setup_env.SUPPORTED == ((3, 11), (3, 12), (3, 13))
    assert tuple(sys.version_info[:2]) in setup_env.SUPPORTED


def _fake_venv(path: Path, version: str, stamp: str | None) -> Path:
    path.mkdir()
    (path / "pyvenv.cfg").write_text(f"home = /usr/bin\ninclude-system-site-packages = false\nversion = {version}\n")
    if stamp:
        (path / stamp).touch()
    return path


def test_a_venv_of_another_python_is_recreated(tmp_path):
    venv = _fake_venv(tmp_path / "v", "3.12.1", ".installed-3.12")
    assert "Python 3.12, niet 3.11" in setup_env.why_recreate(str(venv), "3.11")
    assert setup_env.why_recreate(str(venv), "3.12") is None


def test_a_half_made_venv_is_recreated(tmp_path):
    venv = _fake_venv(tmp_path / "v", "3.11.7", None)  # pip stopped before the stamp was written
    assert "niet volledig" in setup_env.why_recreate(str(venv), "3.11")
    assert setup_env.why_recreate(str(tmp_path / "absent"), "3.11") is None


def _mini_project(tmp_path: Path) -> Path:
    for rel in ("Makefile", "pyproject.toml", *LOCKS, "pipeline/setup_env.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, tmp_path / rel)
    return tmp_path


def _old_python() -> str | None:
    root = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip() if shutil.which("pyenv") else ""
    candidates = sorted(Path(root).glob("versions/3.10*/bin/python3.10")) if root else []
    return str(candidates[0]) if candidates else shutil.which("python3.10")


def test_make_refuses_an_unsupported_python_and_creates_no_venv(tmp_path):
    old = _old_python()
    if old is None:
        pytest.skip("geen Python 3.10 op deze machine om mee te testen")
    project = _mini_project(tmp_path)
    proc = subprocess.run(["make", "--no-print-directory", "env", f"PYTHON={old}"], cwd=project,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert "Python 3.10 gevonden" in proc.stderr
    assert "3.11, 3.12 of 3.13" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert not (project / ".venv").exists()


def test_make_names_a_missing_python(tmp_path):
    project = _mini_project(tmp_path)
    proc = subprocess.run(["make", "--no-print-directory", "env", "PYTHON=/nonexistent/python3.99"], cwd=project,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    assert "'/nonexistent/python3.99' niet gevonden" in proc.stderr
    assert not (project / ".venv").exists()


@pytest.mark.skipif(not list(Path(sys.prefix).glob(".installed-*")), reason="only in the environment `make` set up")
@pytest.mark.parametrize("package", ["pandas", "scipy", "matplotlib"])
def test_the_environment_holds_compiled_bytecode(package):
    # uv leaves out the .pyc files unless asked; where Python may not write them itself
    # (PYTHONDONTWRITEBYTECODE=1, as on the build machines), every stage compiled these packages
    # from source again. Importing writes a .pyc only for what it imports, so count every file,
    # including modules nobody imports (a package's own tests, unused readers).
    import importlib.util

    folder = Path(importlib.util.find_spec(package).origin).parent
    sources = [p for p in folder.rglob("*.py")]
    compiled = [p for p in sources if Path(importlib.util.cache_from_source(str(p))).exists()]
    assert len(sources) > 100
    assert len(compiled) / len(sources) > 0.95, f"{package}: {len(compiled)} of {len(sources)} files compiled"


def test_a_dangling_or_file_venv_is_recreated(tmp_path):
    # A .venv symlink to a folder that is gone (a moved checkout) made `python -m venv` stop with
    # "File exists" and a traceback on every `make`; a file in its place likewise.
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "gone")
    assert "niet (meer) bestaat" in setup_env.why_recreate(str(link), "3.11")
    setup_env.remove(str(link))
    assert not link.is_symlink()
    file = tmp_path / "file"
    file.write_text("x")
    assert "bestand" in setup_env.why_recreate(str(file), "3.11")
    setup_env.remove(str(file))
    assert not file.exists()


def test_make_repairs_a_dangling_venv_link(tmp_path):
    project = _mini_project(tmp_path)
    (project / ".venv").symlink_to(tmp_path / "elsewhere")
    # an empty lock keeps the install offline and short; what is tested is the repair of the link
    for lock in LOCKS:
        (project / lock).write_text("")
    # VENV named: .ci/run exports VENV=.venv-3.12 for its run on another Python, which make would otherwise use
    proc = subprocess.run(["make", "--no-print-directory", "env", f"PYTHON={sys.executable}", "VENV=.venv"],
                          cwd=project, capture_output=True, text=True, timeout=300,
                          env={**__import__("os").environ, "LEVL_NO_UV": "1"})
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "niet (meer) bestaat" in proc.stdout
    assert (project / ".venv").is_dir() and not (project / ".venv").is_symlink()
