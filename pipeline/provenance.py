"""Provenance: which raw files, codebook, code and libraries made a consultation's outputs."""

from __future__ import annotations

import importlib.metadata
import subprocess
from pathlib import Path

from pipeline.io import ROOT, sha256_file

LIBRARIES = ["pandas", "pandera", "numpy", "scipy", "statsmodels", "matplotlib", "pyarrow", "nbclient",
             "jupytext", "pypandoc-binary", "typst"]


def code_version() -> str:
    try:
        res = subprocess.run(["git", "describe", "--always", "--dirty", "--tags"], cwd=ROOT,
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "onbekend (geen git)"
    return res.stdout.strip() or "onbekend (geen git)"


def libraries() -> dict[str, str]:
    out = {}
    for name in LIBRARIES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return out


def record(consultation: str, config: Path, renderer: str) -> dict:
    raw = ROOT / "raw" / consultation
    files = sorted(p for p in raw.rglob("*") if p.is_file() and p.name != "README.md")
    return {
        "consultation": consultation,
        "raw_files": [{"path": str(p.relative_to(ROOT)), "sha256": sha256_file(p)} for p in files],
        "codebook": {"path": str(config.relative_to(ROOT)), "sha256": sha256_file(config)},
        "code_version": code_version(),
        "libraries": libraries(),
        "renderer": renderer,
    }
