"""Provenance: which raw files, codebook, code, libraries and pseudonym key made a consultation's outputs."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
from pathlib import Path

import yaml

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


# Raw files read by fixed name, besides those a codebook names (export.file, coding.file).
CAMPAIGN_FILES = ("registrations.csv", "partners.csv", "materials.csv", "registrations_2018.csv")  # campaign/
REPORT_FILES = ("quotes.csv",)  # analyses/themes/report.py: the quotes researchers chose


def files_read(consultation: str, config: Path) -> list[Path]:
    """The raw files this consultation's codebook (or campaign config) makes the pipeline read.

    Other files in ``raw/<id>/`` are not listed anywhere: their names can identify (a file named
    after a respondent, a note with a phone number), and they did not make the outputs.
    """
    raw = (ROOT / "raw" / consultation).resolve()
    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    except (OSError, ValueError, yaml.YAMLError):
        data = {}
    if config.name == "config.yml":
        names: list[str] = list(CAMPAIGN_FILES)
    else:
        sections = [data.get("export"), data.get("coding")] if isinstance(data, dict) else []
        names = [str(s["file"]) for s in sections if isinstance(s, dict) and s.get("file")] + list(REPORT_FILES)
    found = set()
    for name in names:
        path = (raw / name).resolve()
        if path.is_file() and path.is_relative_to(raw):
            found.add(path)
    return sorted(found)


def key_fingerprint(consultation: str) -> str | None:
    """The pseudonym key's fingerprint that ingest recorded (never the key), if any."""
    try:
        return json.loads((ROOT / "processed" / consultation / "ingest.json").read_text(encoding="utf-8"))\
            .get("key_fingerprint")
    except (OSError, ValueError, AttributeError):
        return None


def record(consultation: str, config: Path, renderer: str) -> dict:
    raw = (ROOT / "raw" / consultation).resolve()
    out = {
        "consultation": consultation,
        "raw_files": [{"path": str(Path("raw", consultation, p.relative_to(raw))), "sha256": sha256_file(p)}
                      for p in files_read(consultation, config)],
        "codebook": {"path": str(config.relative_to(ROOT)), "sha256": sha256_file(config)},
        "code_version": code_version(),
        "libraries": libraries(),
        "renderer": renderer,
    }
    fingerprint = key_fingerprint(consultation)
    if fingerprint:
        out["key_fingerprint"] = fingerprint
    return out
