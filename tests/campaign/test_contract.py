"""(e) Every contract violation gives one DataError naming the file, the row (header = row 1) and
the column; and the command line prints it without a traceback (exit code 1)."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import (
    MATERIAL_HEADER,
    PARTNER_HEADER,
    REG_HEADER,
    REPO,
    TINY,
    make_project,
    partner_rows,
    registration_rows,
    run_stage,
    write_rows,
)
from pipeline.errors import DataError

# registration_rows(TINY): row 2 = Antwerpen 2024-01-01 EU, row 3 = Antwerpen 2024-01-01 niet-EU,
# row 4 = Antwerpen 2024-08-01 EU, row 5 = … niet-EU, row 6 = Gent 2024-01-01 totaal, row 7 = Gent final, …
REG = registration_rows(TINY)
PARTNERS = partner_rows(TINY)  # row 2 Antwerpen, 3 Gent, 4 Hasselt, 5 Leuven


def _set(rows, i, column, value, header=REG_HEADER):
    rows = copy.deepcopy(rows)
    rows[i - 2][header.index(column)] = value
    return rows


def _reg_case(row, column, value):
    return {"registrations": _set(REG, row, column, value)}


CASES = {
    # name: (changes, file, row, column, words in the message)
    "merged 2025 code": (
        {"registrations": _set(_set(REG, 6, "nis_code", "23106"), 6, "municipality", "Pajottegem")},
        "registrations.csv", 6, "nis_code",
        ["23106 is de fusiegemeente Pajottegem (2025); gebruik de codes van Galmaarden (23023), Gooik (23024) en Herne (23032)"],
    ),
    "Brussels code": (_reg_case(6, "nis_code", "21004"), "registrations.csv", 6, "nis_code", ["Brussel", "geen Vlaamse gemeente"]),
    "Walloon code": (_reg_case(7, "nis_code", "62063"), "registrations.csv", 7, "nis_code", ["Waals", "geen Vlaamse gemeente"]),
    "unknown code": (_reg_case(6, "nis_code", "99999"), "registrations.csv", 6, "nis_code", ["geen bekende NIS-code"]),
    "code not 5 digits": (_reg_case(3, "nis_code", "1102"), "registrations.csv", 3, "nis_code", ["5 cijfers"]),
    "name does not match code": (_reg_case(6, "municipality", "Brugge"), "registrations.csv", 6, "municipality", ["Gent"]),
    "duplicate municipality × date × group": (
        {"registrations": REG + [REG[0]]}, "registrations.csv", len(REG) + 2, "nis_code, date, group", ["meer dan één keer", "rij 2"],
    ),
    "missing baseline rows": (
        {"registrations": [r for r in REG if not (r[0] == "44021" and r[2] == "2024-01-01")]},
        "registrations.csv", 6, "date", ["44021", "2024-01-01", "surveys/ik_stem_ook/config.yml"],
    ),
    "missing final rows": (
        {"registrations": [r for r in REG if not (r[0] == "31005" and r[2] == "2024-08-01")]},
        "registrations.csv", None, "date", ["31005", "2024-08-01"],
    ),
    "registered > potential": (_reg_case(4, "potential", "99"), "registrations.csv", 4, "potential", ["potentiële"]),
    "negative count": (_reg_case(5, "registered", "-3"), "registrations.csv", 5, "registered", ["geheel getal"]),
    "non-integer count": (_reg_case(5, "registered", "12.5"), "registrations.csv", 5, "registered", ["geheel getal"]),
    "empty count": (_reg_case(5, "registered", ""), "registrations.csv", 5, "registered", ["geheel getal"]),
    "non-integer potential": (_reg_case(4, "potential", "1e3"), "registrations.csv", 4, "potential", ["geheel getal"]),
    "bad date format": (_reg_case(6, "date", "01/01/2024"), "registrations.csv", 6, "date", ["JJJJ-MM-DD"]),
    "impossible date": (_reg_case(7, "date", "2024-02-30"), "registrations.csv", 7, "date", ["geen geldige datum"]),
    "bad group": (_reg_case(3, "group", "Totaal"), "registrations.csv", 3, "group", ["Onbekende groep"]),
    "missing group": (
        {"registrations": [r for r in REG if not (r[0] == "11002" and r[2] == "2024-08-01" and r[3] == "niet-EU")]},
        "registrations.csv", 4, "group", ["ontbreekt een groep"],
    ),
    "totaal not the sum": (
        {"registrations": _set(REG, [i for i, r in enumerate(REG, 2) if r[0] == "24062" and r[3] == "totaal"][0], "registered", "41")},
        "registrations.csv", [i for i, r in enumerate(REG, 2) if r[0] == "24062" and r[3] == "totaal"][0], "registered", ["niet de som"],
    ),
    "partner: bad uses_materials": (
        {"partners": _set(PARTNERS, 3, "uses_materials", "Ja", PARTNER_HEADER)}, "partners.csv", 3, "uses_materials", ["ja, nee of leeg"],
    ),
    "partner: bad since": (
        {"partners": _set(PARTNERS, 4, "since", "februari 2024", PARTNER_HEADER)}, "partners.csv", 4, "since", ["JJJJ-MM-DD"],
    ),
    "partner: duplicated": ({"partners": PARTNERS + [PARTNERS[1]]}, "partners.csv", 6, "nis_code", ["meer dan één keer", "rij 3"]),
    "partner: merged code": (
        {"partners": _set(_set(PARTNERS, 2, "nis_code", "71072", PARTNER_HEADER), 2, "municipality", "Hasselt", PARTNER_HEADER)},
        "partners.csv", 2, "nis_code", ["fusiegemeente Hasselt (2025)", "Hasselt (71022) en Kortessem (73040)"],
    ),
    "partner: no registrations": (
        {"partners": PARTNERS + [["13040", "Turnhout", "", "", ""]]}, "partners.csv", 6, "nis_code", ["geen tellingen"],
    ),
    "materials: unknown code": (
        {"materials": [["11002", "Antwerpen", "affiches"], ["12345", "Nergens", ""]]}, "materials.csv", 3, "nis_code", ["geen bekende"],
    ),
    "2018: missing baseline date": (
        {"registrations_2018": registration_rows(TINY, dates=("2018-01-02", "2018-08-01"))},
        "registrations_2018.csv", 2, "date", ["2018-01-01"],
    ),
}


def _write(tmp_path: Path, changes: dict) -> Path:
    root = make_project(tmp_path, changes.get("registrations", REG), changes.get("partners", PARTNERS))
    raw = root / "raw" / "ik_stem_ook"
    if "registrations_2018" in changes:
        write_rows(raw / "registrations_2018.csv", REG_HEADER, changes["registrations_2018"])
    if "materials" in changes:
        write_rows(raw / "materials.csv", MATERIAL_HEADER, changes["materials"])
    return root


@pytest.mark.parametrize("name", list(CASES))
def test_contract_violation_names_file_row_and_column(tmp_path: Path, name: str) -> None:
    changes, file, row, column, words = CASES[name]
    root = _write(tmp_path, changes)
    with pytest.raises(DataError) as info:
        run_stage(root)
    err = info.value
    assert Path(err.file).name == file
    if row is not None:
        assert err.row == row
    else:
        assert isinstance(err.row, int) and err.row >= 2
    assert err.column == column
    assert err.expected and err.fix
    text = str(err)
    for word in words:
        assert word in text
    assert not (root / "processed" / "ik_stem_ook" / "summary.json").exists()


def _write_header(tmp_path: Path, header: list[str]) -> Path:
    root = make_project(tmp_path, REG, PARTNERS)
    write_rows(root / "raw" / "ik_stem_ook" / "registrations.csv", header, [r[: len(header)] for r in REG])
    return root


def test_missing_column(tmp_path: Path) -> None:
    root = _write_header(tmp_path, REG_HEADER[:-1])
    with pytest.raises(DataError) as info:
        run_stage(root)
    assert (Path(info.value.file).name, info.value.row, info.value.column) == ("registrations.csv", 1, "potential")


def test_renamed_column(tmp_path: Path) -> None:
    header = ["nis_code", "gemeente", "date", "group", "registered", "potential"]
    root = _write_header(tmp_path, header)
    with pytest.raises(DataError) as info:
        run_stage(root)
    err = info.value
    assert (Path(err.file).name, err.row, err.column) == ("registrations.csv", 1, "municipality")
    assert "Hernoem 'gemeente' naar 'municipality'" in err.fix


def test_missing_required_file(tmp_path: Path) -> None:
    root = make_project(tmp_path, REG, PARTNERS)
    (root / "raw" / "ik_stem_ook" / "partners.csv").unlink()
    with pytest.raises(DataError) as info:
        run_stage(root)
    assert Path(info.value.file).name == "partners.csv"


def test_all_errors_of_a_kind_are_listed(tmp_path: Path) -> None:
    rows = _set(_set(REG, 5, "registered", "-1"), 9, "registered", "x")
    with pytest.raises(DataError) as info:
        run_stage(_write(tmp_path, {"registrations": rows}))
    assert info.value.row == 5
    assert any("rij 9" in d for d in info.value.details)


def test_semicolons_spaces_and_a_bom_are_accepted(tmp_path: Path) -> None:
    root = make_project(tmp_path, REG, PARTNERS)
    path = root / "raw" / "ik_stem_ook" / "registrations.csv"
    lines = [";".join(REG_HEADER)] + [";".join(f" {c} " if i == 1 else c for i, c in enumerate(r)) for r in REG]
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    summary, _ = run_stage(root)
    assert summary["partners"]["n"] == 4


def test_command_line_prints_the_message_without_traceback(tmp_path: Path) -> None:
    root = _write(tmp_path, _reg_case(6, "nis_code", "23106"))
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.campaign", "ik_stem_ook", "--root", str(root)],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "rij:       6" in done.stderr and "kolom:     nis_code" in done.stderr
    assert "registrations.csv" in done.stderr


def test_command_line_config_error_exits_2(tmp_path: Path) -> None:
    root = make_project(tmp_path, REG, PARTNERS)
    cfg = root / "surveys" / "ik_stem_ook" / "config.yml"
    cfg.write_text(cfg.read_text().replace("min_partners: 20", "min_partners: twintig"))
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.campaign", "ik_stem_ook", "--root", str(root)],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "targets.min_partners" in done.stderr and "Traceback" not in done.stderr
