"""(g) The synthetic example adds up to the published Flemish totals and runs through the stage;
the charts draw on a given Axes."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from conftest import CONFIG, REPO, run_stage, write_config  # noqa: E402
from pipeline.campaign import charts  # noqa: E402
from pipeline.campaign.contract import REFERENCE_DIR  # noqa: E402

# published Flemish totals (registrations_regional.csv; De Standaard 2018, Belga/RTL 2024, ORBIT)
PUBLISHED = {
    ("registrations.csv", "2024-08-01"): {"EU": 36_562, "niet-EU": 8_221},
    ("registrations.csv", "2024-05-18"): {"EU": 28_742, "niet-EU": 5_145},
    ("registrations_2018.csv", "2018-08-01"): {"EU": 33_663, "niet-EU": 8_092},
}


@pytest.fixture(scope="module")
def example_root(tmp_path_factory) -> Path:
    spec = importlib.util.spec_from_file_location("generate_example", REPO / "surveys" / "ik_stem_ook" / "generate_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    root = tmp_path_factory.mktemp("example")
    module.generate(root / "raw" / "ik_stem_ook")
    write_config(root)
    return root


def _check_totals(raw: Path) -> None:
    for (file, date), totals in PUBLISHED.items():
        reg = pd.read_csv(raw / file, dtype={"nis_code": str})
        at = reg[reg["date"] == date]
        for group, total in totals.items():
            assert at.loc[at["group"] == group, "registered"].sum() == total, (file, date, group)
        assert at["nis_code"].nunique() == 300


def test_generated_example_matches_published_totals(example_root: Path) -> None:
    _check_totals(example_root / "raw" / "ik_stem_ook")


def test_shipped_example_matches_published_totals() -> None:
    raw = REPO / "raw" / "ik_stem_ook"
    if not (raw / "registrations.csv").exists():
        pytest.skip("example not generated")
    _check_totals(raw)


def test_generator_is_reproducible(example_root: Path, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate_example", REPO / "surveys" / "ik_stem_ook" / "generate_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(tmp_path)
    for name in ("registrations.csv", "partners.csv", "registrations_2018.csv", "materials.csv"):
        assert (tmp_path / name).read_bytes() == (example_root / "raw" / "ik_stem_ook" / name).read_bytes()


def test_example_runs_through_the_stage(example_root: Path) -> None:
    s, table = run_stage(example_root)
    assert len(table) == 300
    assert 20 <= s["partners"]["n"] <= 30
    assert all(n >= 3 for n in s["partners"]["by_province"].values())
    assert s["target"]["size_spread_met"] is True
    assert s["target"]["material_users"] == 85
    assert len(s["partners"]["zero_baseline"]) >= 1
    assert table["growth_pct"].isna().sum() == 2  # the two zero-baseline municipalities, listed
    assert s["comparison"]["did_log_growth"] is not None
    partners = pd.read_csv(example_root / "raw" / "ik_stem_ook" / "partners.csv", dtype=str, keep_default_na=False)
    assert (partners["since"] == "").any() and (partners["activities"] == "").any()


def test_charts_draw_on_given_axes(example_root: Path) -> None:
    run_stage(example_root)
    table = pd.read_csv(example_root / "processed" / "ik_stem_ook" / "growth_by_municipality.csv", dtype={"nis_code": str})
    fig, (left, right) = plt.subplots(1, 2)
    charts.plot_partner_growth(left, table, 50)
    assert len(left.patches) == int(table["partner"].sum())
    collection = charts.plot_map(right, table, REFERENCE_DIR / "belgium_municipalities_2019_2024.topojson")
    assert len(collection.get_paths()) == int(table["growth_pct"].notna().sum())
    fig.colorbar(collection, ax=right)
    plt.close(fig)


def test_topojson_decoding() -> None:
    topology = {
        "transform": {"scale": [0.5, 2.0], "translate": [10.0, 20.0]},
        "arcs": [[[0, 0], [2, 0], [0, 1]], [[2, 1], [-2, 0], [0, -1]]],
    }
    arcs = charts.decode_arcs(topology)
    assert arcs[0].tolist() == [[10.0, 20.0], [11.0, 20.0], [11.0, 22.0]]
    path = charts.geometry_path({"type": "Polygon", "arcs": [[0, 1]]}, arcs)
    assert path.vertices.tolist() == [[10.0, 20.0], [11.0, 20.0], [11.0, 22.0], [10.0, 22.0], [10.0, 20.0]]
    reversed_path = charts.geometry_path({"type": "Polygon", "arcs": [[~1, ~0]]}, arcs)
    assert reversed_path.vertices[0].tolist() == [10.0, 20.0] and len(reversed_path.vertices) == 5
    shapes = charts.municipality_shapes(REFERENCE_DIR / "belgium_municipalities_2019_2024.topojson")
    assert len(shapes) == 581
    lon = pd.concat([pd.Series(p.vertices[:, 0]) for p in shapes["path"]])
    assert 2.5 < lon.min() and lon.max() < 6.5  # Belgium, in degrees


def test_config_is_the_projects(tmp_path: Path) -> None:
    shutil.copy(CONFIG, tmp_path / "config.yml")
    from pipeline.campaign.stage import load_config

    cfg = load_config(tmp_path / "config.yml")
    assert (cfg["baseline_date"], cfg["final_date"]) == ("2024-01-01", "2024-08-01")
    assert cfg["previous_dates"] == ("2018-01-01", "2018-08-01")
    t = cfg["targets"]
    assert (t.growth_pct, t.min_partners, t.min_per_province, t.min_material_users) == (50, 20, 3, 80)
