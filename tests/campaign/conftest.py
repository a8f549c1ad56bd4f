"""Shared helpers for the campaign tests: write contract-format files into a temporary project."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(__file__).resolve().parents[3] / "shared"
CONFIG = REPO / "surveys" / "ik_stem_ook" / "config.yml"

REG_HEADER = ["nis_code", "municipality", "date", "group", "registered", "potential"]
PARTNER_HEADER = ["nis_code", "municipality", "since", "activities", "uses_materials"]
MATERIAL_HEADER = ["nis_code", "municipality", "channel"]

# A tiny hand-made campaign: (code, name, partner, {group: (baseline, final)}).
# Totals per municipality (baseline → final), computed by hand:
#   Antwerpen P 100 → 180 (+80 %), Gent P 50 → 60 (+20 %), Hasselt P 0 → 5 (no growth),
#   Leuven P 40 → 70 (+75 %), Brugge N 20 → 25 (+25 %), Aartselaar N 10 → 11 (+10 %),
#   Mechelen N 30 → 36 (+20 %)
TINY = [
    ("11002", "Antwerpen", True, {"EU": (60, 100), "niet-EU": (40, 80)}),
    ("44021", "Gent", True, {"totaal": (50, 60)}),
    ("71022", "Hasselt", True, {"EU": (0, 3), "niet-EU": (0, 2)}),
    ("24062", "Leuven", True, {"EU": (30, 50), "niet-EU": (10, 20), "totaal": (40, 70)}),
    ("31005", "Brugge", False, {"totaal": (20, 25)}),
    ("11001", "Aartselaar", False, {"EU": (10, 11), "niet-EU": (0, 0)}),
    ("12025", "Mechelen", False, {"EU": (20, 24), "niet-EU": (10, 12)}),
]


def registration_rows(spec, dates=("2024-01-01", "2024-08-01")) -> list[list[str]]:
    rows = []
    for code, name, _partner, groups in spec:
        for k, date in enumerate(dates):
            for group, counts in groups.items():
                rows.append([code, name, date, group, str(counts[k]), ""])
    return rows


def partner_rows(spec) -> list[list[str]]:
    return [[code, name, "2024-02-01", "infosessie", "ja"] for code, name, partner, _ in spec if partner]


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_config(root: Path, **overrides) -> Path:
    """The project's config with fewer resamples (fast); ``overrides`` replace top-level keys."""
    cfg = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    cfg["bootstrap"]["n_resamples"] = 1999
    cfg["permutation"]["n_resamples"] = 1999
    cfg.update(overrides)
    target = root / "surveys" / "ik_stem_ook" / "config.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return target


def make_project(
    root: Path,
    registrations: list[list[str]],
    partners: list[list[str]],
    registrations_2018: list[list[str]] | None = None,
    materials: list[list[str]] | None = None,
    **config_overrides,
) -> Path:
    raw = root / "raw" / "ik_stem_ook"
    write_rows(raw / "registrations.csv", REG_HEADER, registrations)
    write_rows(raw / "partners.csv", PARTNER_HEADER, partners)
    if registrations_2018 is not None:
        write_rows(raw / "registrations_2018.csv", REG_HEADER, registrations_2018)
    if materials is not None:
        write_rows(raw / "materials.csv", MATERIAL_HEADER, materials)
    write_config(root, **config_overrides)
    return root


def run_stage(root: Path) -> tuple[dict, "object"]:
    import pandas as pd

    from pipeline.campaign.stage import run

    run("ik_stem_ook", root)
    out = root / "processed" / "ik_stem_ook"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    table = pd.read_csv(out / "growth_by_municipality.csv", dtype={"nis_code": str})
    return summary, table


@pytest.fixture
def tiny_project(tmp_path: Path) -> Path:
    return make_project(tmp_path, registration_rows(TINY), partner_rows(TINY))
