"""Stage: raw/<id>/ (+ surveys/<id>/config.yml) → processed/<id>/growth_by_municipality.csv and
processed/<id>/summary.json.

Load inputs → compute → write outputs atomically; one progress line.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from pipeline.campaign import contract, facts, growth
from pipeline.campaign.summary import Targets, build_summary
from pipeline.errors import ConfigError
from pipeline.fmt import count
from pipeline.io import ROOT, Progress, write_csv, write_json
from pipeline.provenance import CAMPAIGN_FILES
from pipeline.readers.limits import inside_raw


def _get(cfg: dict, path: str, kind: type | tuple[type, ...], file: Path):
    node: object = cfg
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            raise ConfigError(
                f"De instelling '{path}' ontbreekt.", file=file, column=path, fix=f"Voeg '{path}' toe aan {file.name}."
            )
        node = node[key]
    if isinstance(node, bool) or not isinstance(node, kind):
        raise ConfigError(
            f"De instelling '{path}' heeft een verkeerd type.",
            file=file,
            column=path,
            value=node,
            expected=" of ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,))),
        )
    return node


def _date(cfg: dict, path: str, file: Path) -> str:
    value = str(_get(cfg, path, (str,), file))
    if not bool(contract._is_iso_date(pd.Series([value], dtype=str)).iloc[0]):
        raise ConfigError(
            f"De instelling '{path}' is geen datum.", file=file, column=path, value=value, expected="JJJJ-MM-DD"
        )
    return value


def load_config(path: Path) -> dict:
    """The campaign configuration, checked; ConfigError (exit 2) when something is wrong."""
    if not path.exists():
        raise ConfigError("Het configuratiebestand ontbreekt.", file=path, fix="Maak surveys/<id>/config.yml aan.")
    try:
        cfg = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise ConfigError(f"Het configuratiebestand is geen geldige YAML: {err}", file=path) from None
    if not isinstance(cfg, dict) or cfg.get("kind") != "campaign":
        raise ConfigError(
            "Dit is geen campagneconfiguratie.", file=path, column="kind", expected="kind: campaign"
        )
    number = (int, float)
    out = {
        "baseline_date": _date(cfg, "baseline_date", path),
        "final_date": _date(cfg, "final_date", path),
        "previous_dates": None,
        "settings": growth.Settings(
            target_pct=float(_get(cfg, "targets.growth_pct", number, path)),
            bootstrap_method=str(_get(cfg, "bootstrap.method", str, path)),
            bootstrap_resamples=int(_get(cfg, "bootstrap.n_resamples", int, path)),
            bootstrap_seed=int(_get(cfg, "bootstrap.seed", int, path)),
            confidence_level=float(_get(cfg, "bootstrap.confidence_level", number, path)),
            permutation_resamples=int(_get(cfg, "permutation.n_resamples", int, path)),
            permutation_seed=int(_get(cfg, "permutation.seed", int, path)),
        ),
        "targets": Targets(
            growth_pct=_get(cfg, "targets.growth_pct", number, path),
            min_partners=int(_get(cfg, "targets.min_partners", int, path)),
            min_per_province=int(_get(cfg, "targets.min_per_province", int, path)),
            min_material_users=int(_get(cfg, "targets.min_material_users", int, path)),
            provinces=tuple(_get(cfg, "targets.provinces", list, path)),
            large_from_population=int(_get(cfg, "size.large_from_population", int, path)),
            min_large=int(_get(cfg, "size.min_large", int, path)),
            min_small=int(_get(cfg, "size.min_small", int, path)),
            population_column=str(_get(cfg, "size.population_column", str, path)),
        ),
    }
    if "previous_cycle" in cfg:
        out["previous_dates"] = (
            _date(cfg, "previous_cycle.baseline_date", path),
            _date(cfg, "previous_cycle.final_date", path),
        )
    if cfg.get("zero_baseline", "exclude") != "exclude":
        raise ConfigError(
            "Onbekende regel voor gemeenten met beginstand 0.",
            file=path,
            column="zero_baseline",
            value=cfg.get("zero_baseline"),
            expected="exclude",
        )
    if out["settings"].bootstrap_method not in ("BCa", "percentile", "basic"):
        raise ConfigError(
            "Onbekende bootstrapmethode.",
            file=path,
            column="bootstrap.method",
            value=out["settings"].bootstrap_method,
            expected="BCa, percentile of basic",
        )
    return out


def run(consultation: str = "ik_stem_ook", root: Path = ROOT) -> None:
    """Read raw/<consultation>/, compute growth and statistics, write processed/<consultation>/."""
    progress = Progress("campaign", consultation)
    root = Path(root)
    config_path = root / "surveys" / consultation / "config.yml"
    cfg = load_config(config_path)
    ref = contract.load_reference()
    if cfg["targets"].population_column not in ref.municipalities.columns:
        raise ConfigError(
            "Onbekende bevolkingskolom.",
            file=config_path,
            column="size.population_column",
            value=cfg["targets"].population_column,
        )

    # load
    raw_dir = root / "raw" / consultation
    for name in CAMPAIGN_FILES:  # a link to a file outside raw/<id>/ is refused before anything reads it
        inside_raw(raw_dir, name)
    if (raw_dir / "registrations_2018.csv").exists() and cfg["previous_dates"] is None:
        raise ConfigError(
            "registrations_2018.csv is aanwezig, maar de configuratie heeft geen 'previous_cycle'.",
            file=config_path,
            column="previous_cycle",
            fix="Voeg previous_cycle met baseline_date en final_date toe, of verwijder het bestand.",
        )
    inputs = contract.read_inputs(
        raw_dir, ref, (cfg["baseline_date"], cfg["final_date"]), cfg["previous_dates"]
    )

    # process
    partner_codes = set(inputs.partners["nis_code"])
    table = growth.growth_table(inputs.registrations, partner_codes, ref, cfg["baseline_date"], cfg["final_date"])
    previous_table = None
    if inputs.registrations_2018 is not None:
        previous_table = growth.growth_table(inputs.registrations_2018, partner_codes, ref, *cfg["previous_dates"])
    material_users = None if inputs.materials is None else int(inputs.materials["nis_code"].nunique())
    population = pd.to_numeric(ref.municipalities[cfg["targets"].population_column])
    summary = build_summary(
        table,
        baseline_date=cfg["baseline_date"],
        final_date=cfg["final_date"],
        settings=cfg["settings"],
        targets=cfg["targets"],
        population=population,
        material_users=material_users,
        previous_table=previous_table,
    )

    # save
    out_dir = root / "processed" / consultation
    write_csv(out_dir / "growth_by_municipality.csv", table)
    write_json(out_dir / "summary.json", summary)
    progress.done(
        f"{count(inputs.rows_read, 'rij', 'rijen')} gelezen",
        count(len(table), "gemeente", "gemeenten"),
        count(len(partner_codes), "partner", "partners"),
        *filter(None, [facts.missing_note(facts.missing_municipalities(table, ref.flemish))]),
        f"2 bestanden geschreven → {out_dir}",
    )
