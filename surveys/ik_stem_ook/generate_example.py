"""SYNTHETIC EXAMPLE — NOT REAL MUNICIPAL COUNTS.

Writes a made-up example of the "Ik stem ook" input files for all 300 Flemish municipalities of
2019–2024, so the pipeline can be run and demonstrated without the real municipal figures (those
are published by the federal Home Affairs service and the Gemeente- en Stadsmonitor, but could
not be obtained here). Only the Flemish *totals* are real:

* 1 Aug 2024: 36,562 EU + 8,221 non-EU registered (FOD Binnenlandse Zaken via Belga/RTL);
* 18 May 2024: 28,742 EU + 5,145 non-EU (ORBIT press release, region inferred);
* 1 Aug 2018: 33,663 EU + 8,092 non-EU (De Standaard, 21 Aug 2018);

read from pipeline/reference/registrations_regional.csv and split over the municipalities with
an exact integer allocation (largest remainder), so the municipal counts add up to the published
totals exactly. Everything else (which municipalities are partners, baselines on 1 January, the
split per municipality, potential voters, materials) is invented with a fixed seed.

Files written to raw/ik_stem_ook/ (or --out): registrations.csv, partners.csv,
registrations_2018.csv, materials.csv.

    python surveys/ik_stem_ook/generate_example.py [--out DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "pipeline" / "reference"
SEED = 20240801

# Approximate potential voters in the Flemish Region (potential non-EU voters need five years'
# legal residence). 2018 EU is published (290,674); the others are derived from the published
# percentages (e.g. 36,562 / 10.4 %), see registrations_regional.csv. They only scale the example.
POTENTIAL = {2024: {"EU": 351_500, "niet-EU": 107_700}, 2018: {"EU": 290_674, "niet-EU": 85_200}}
# Typical synthetic growth factors Jan → Aug (median): partners grow faster, and partners also
# grew a little faster in 2018 (self-selection, so the difference-in-differences matters).
GROWTH = {
    2024: {"EU": (1.32, 1.55), "niet-EU": (1.70, 2.00)},  # (non-partner, partner)
    2018: {"EU": (1.28, 1.40), "niet-EU": (1.60, 1.85)},
}
ACTIVITIES = [
    "infosessies in het OCMW en de bibliotheek",
    "affiches en flyers in zes talen",
    "registratie ter plaatse op de markt",
    "samenwerking met zelforganisaties",
    "brief aan alle potentiële kiezers",
    "loket met langere openingsuren in juli",
]
CHANNELS = ["affiches", "flyers", "sociale media", "infosessie", "website", "loket"]


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers ≥ 0 proportional to ``weights`` that sum to ``total`` exactly (Hamilton's method)."""
    weights = np.asarray(weights, dtype=float)
    quotas = total * weights / weights.sum()
    base = np.floor(quotas).astype(np.int64)
    short = int(total - base.sum())
    order = np.argsort(-(quotas - base), kind="stable")
    base[order[:short]] += 1
    return base


def published_totals() -> dict[tuple[int, str, str], int]:
    """(year, date, group) → registered, Flemish Region, from the vendored reference file."""
    reg = pd.read_csv(REFERENCE / "registrations_regional.csv", dtype=str)
    flemish = reg[reg["area"].str.startswith("Flemish Region") & reg["group"].isin(["EU", "non-EU"])]
    flemish = flemish[flemish["registered"].notna()]
    out = {}
    for r in flemish.itertuples():
        group = "EU" if r.group == "EU" else "niet-EU"
        out[(int(r.election_year), r.reference_date, group)] = int(r.registered)
    return out


def _cycle(rng, mun, partner, year, dates, totals, zero_baseline):
    """Long rows (nis_code, municipality, date, group, registered, potential) for one cycle."""
    baseline_date, *intermediate, final_date = dates
    pop = mun["population_2020"].to_numpy(float)
    with_total = rng.random(len(mun)) < 0.3  # some municipalities also report 'totaal'
    counts = {}
    for group, power, spread in (("EU", 1.15, 0.5), ("niet-EU", 1.3, 0.6)):
        weight = pop**power * rng.lognormal(0, spread, len(mun))
        floor = 1 if group == "EU" else 0  # every municipality has at least one EU voter
        final = floor + largest_remainder(totals[(year, final_date, group)] - floor * len(mun), weight)
        lo, hi = GROWTH[year][group]
        factor = np.maximum(1.0, np.where(partner, hi, lo) * rng.lognormal(0, 0.18, len(mun)))
        base = np.floor(final / factor).astype(np.int64)
        base[zero_baseline] = 0
        by_date = {baseline_date: base, final_date: final}
        for date in intermediate:
            extra = totals[(year, date, group)] - base.sum()
            assert 0 <= extra <= (final - base).sum(), "intermediate total out of range"
            by_date[date] = base + largest_remainder(extra, final - base)
        potential = final + largest_remainder(POTENTIAL[year][group] - final.sum(), pop * rng.lognormal(0, 0.3, len(mun)))
        counts[group] = (by_date, potential)
    rows = []
    for i, r in enumerate(mun.itertuples()):
        for date in dates:
            eu = counts["EU"][0][date][i]
            non_eu = counts["niet-EU"][0][date][i]
            pot_eu = counts["EU"][1][i] if date == final_date else None
            pot_non = counts["niet-EU"][1][i] if date == final_date else None
            rows.append((r.nis_code, r.name_nl, date, "EU", eu, pot_eu))
            rows.append((r.nis_code, r.name_nl, date, "niet-EU", non_eu, pot_non))
            if with_total[i]:
                pot = None if pot_eu is None else pot_eu + pot_non
                rows.append((r.nis_code, r.name_nl, date, "totaal", eu + non_eu, pot))
    out = pd.DataFrame(rows, columns=["nis_code", "municipality", "date", "group", "registered", "potential"])
    out["potential"] = out["potential"].astype("Int64")
    return out


def generate(out_dir: Path, seed: int = SEED) -> None:
    rng = np.random.default_rng(seed)
    mun = pd.read_csv(REFERENCE / "municipalities_2019_2024.csv", dtype={"nis_code": str})
    mun = mun[mun["region"] == "Vlaams Gewest"].sort_values("nis_code").reset_index(drop=True)
    large = mun["population_2020"] >= 20_000

    # 25 partners: per province 3 large and 2 small municipalities
    partner_idx = []
    for _, grp in mun.groupby("province"):
        partner_idx += list(rng.choice(grp.index[large[grp.index]], 3, replace=False))
        partner_idx += list(rng.choice(grp.index[~large[grp.index]], 2, replace=False))
    partner = mun.index.isin(partner_idx)

    # zero baseline: the smallest partner and the smallest municipality of Flanders
    small_partner = mun.loc[partner].sort_values("population_2020").index[0]
    smallest = mun.sort_values("population_2020").index[0]
    zero = mun.index.isin([small_partner, smallest])

    totals = published_totals()
    reg24 = _cycle(rng, mun, partner, 2024, ["2024-01-01", "2024-05-18", "2024-08-01"], totals, zero)
    reg18 = _cycle(rng, mun, partner, 2018, ["2018-01-01", "2018-08-01"], totals, np.zeros(len(mun), bool))

    p = mun.loc[partner, ["nis_code", "name_nl"]].rename(columns={"name_nl": "municipality"}).reset_index(drop=True)
    days = rng.integers(0, 240, len(p))
    p["since"] = [str((pd.Timestamp("2023-09-01") + pd.Timedelta(days=int(d))).date()) for d in days]
    p["activities"] = [", ".join(rng.choice(ACTIVITIES, 2, replace=False)) for _ in range(len(p))]
    p["uses_materials"] = np.where(rng.random(len(p)) < 0.85, "ja", "nee")
    p.loc[[3, 17], "since"] = ""  # optional fields left empty
    p.loc[[5, 11], "activities"] = ""
    p.loc[[8], "uses_materials"] = ""

    # materials: the partners that said 'ja' plus other municipalities, 85 in all
    users = set(p.loc[p["uses_materials"] == "ja", "nis_code"])
    others = mun.loc[~mun["nis_code"].isin(users), "nis_code"].to_numpy()
    users |= set(rng.choice(others, 85 - len(users), replace=False))
    m = mun[mun["nis_code"].isin(users)][["nis_code", "name_nl"]].rename(columns={"name_nl": "municipality"})
    m = m.assign(channel=rng.choice(CHANNELS, len(m)))
    second = m.sample(10, random_state=seed).assign(channel="sociale media")  # a second channel for some
    m = pd.concat([m, second]).drop_duplicates().sort_values(["nis_code", "channel"])

    out_dir.mkdir(parents=True, exist_ok=True)
    for name, df in {
        "registrations.csv": reg24,
        "registrations_2018.csv": reg18,
        "partners.csv": p,
        "materials.csv": m,
    }.items():
        df.to_csv(out_dir / name, index=False, lineterminator="\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "raw" / "ik_stem_ook")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    generate(args.out, args.seed)


if __name__ == "__main__":
    main()
