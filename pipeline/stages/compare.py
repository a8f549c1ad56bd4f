"""Compare: what changed since the earlier wave of a consultation (issue 16; docs/waves.md).

Input: the codebooks, ``clean.parquet`` and ``estimates.csv`` of this consultation and of the earlier
wave its codebook names (``waves.earlier``). Output: ``processed/<id>/changes.csv``,
``change_tests.csv`` and ``waves.json``, which the report, the charts and tabellen.xlsx read.
"""

from __future__ import annotations

import sys

import pandas as pd

from pipeline.analyses.waves.tables import Wave, compare, load_wave
from pipeline.codebook import Codebook, codebook_for
from pipeline.errors import ConfigError
from pipeline.fmt import count
from pipeline.io import Progress, write_csv, write_json


def check_linkable(cb: Codebook, earlier: Codebook) -> None:
    """Paired waves link people by the keyed pseudonym of their code: both codebooks must read it alike."""
    mine, theirs = cb.respondent.personal_code, earlier.respondent.personal_code
    if cb.waves is not None and cb.waves.design == "paired" and mine != theirs:
        raise ConfigError(
            f"de twee golven lezen de persoonlijke code niet op dezelfde manier (respondent.personal_code: "
            f"{'true' if mine else 'false'} in '{cb.id}', {'true' if theirs else 'false'} in '{earlier.id}'), "
            "zodat dezelfde mensen niet gekoppeld worden", file=cb.path, column="respondent.personal_code",
            fix="zet `personal_code: true` onder `respondent:` in beide codeboeken als de deelnemers hun code zelf "
                "typen (zie docs/waves.md), of in geen van beide")


def load(consultation: str) -> tuple[Wave, Wave]:
    cb = codebook_for(consultation)
    if cb.waves is None:
        raise ConfigError(f"'{consultation}' vergelijkt met geen eerdere golf", file=cb.path, column="waves",
                          fix="voeg `waves:` toe aan het codeboek (zie docs/waves.md)")
    try:
        earlier = codebook_for(cb.waves.earlier)
    except ConfigError:
        raise ConfigError(f"de vorige golf '{cb.waves.earlier}' bestaat niet", file=cb.path, column="waves.earlier",
                          fix="geef de id van een raadpleging in surveys/ (een map met een codebook.yml)") from None
    check_linkable(cb, earlier)
    return load_wave(cb), load_wave(earlier)


def save(later: Wave, changes: pd.DataFrame, tests: pd.DataFrame, info: dict) -> None:
    folder = later.cb.processed_dir
    write_csv(folder / "change_tests.csv", tests.round(12))
    write_json(folder / "waves.json", info)
    write_csv(folder / "changes.csv", changes.round(12))  # last: the file make checks


def run(consultation: str) -> None:
    progress = Progress("compare", consultation)
    later, earlier = load(consultation)
    changes, tests, info = compare(later, earlier)
    save(later, changes, tests, info)
    who = (f"{count(info['linked'], 'gekoppelde deelnemer', 'gekoppelde deelnemers')}"
           if info["design"] == "paired" else
           f"{info['respondents_earlier']} en {count(info['respondents_later'], 'respondent', 'respondenten')}")
    progress.done(f"{info['earlier_label']} → {info['label']}: {who}",
                  count(len(info["compared"]), "vraag vergeleken", "vragen vergeleken"),
                  f"{count(int(tests['holds'].sum()), 'verandering houdt', 'veranderingen houden')} stand na correctie",
                  *_unmatched(info, earlier.cb.id), "→ changes.csv, change_tests.csv, waves.json")


def _unmatched(info: dict, earlier_id: str) -> list[str]:
    """A word on answers of the earlier wave that have no code in this one: each is compared with 0 now, which
    is right for an answer dropped from the form and wrong for a code renamed without waves.recode."""
    lost = [f"{name}: {', '.join(codes)}" for name, codes in info.get("unmatched_answers", {}).items()]
    if not lost:
        return []
    return [f"let op, antwoorden van '{earlier_id}' zonder code in dit codeboek ({'; '.join(lost)}): vergeleken met 0 "
            "nu; hernoemd? zet ze onder waves.recode"]


if __name__ == "__main__":  # pragma: no cover
    run(sys.argv[1])
