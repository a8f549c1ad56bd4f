"""End to end: the entrepreneurs' (LimeSurvey CSV) and teachers' (Qualtrics SPSS, coded open
answers) consultations, from the generated raw files to reports in three formats.

Each consultation is built in a throw-away project (LEVL_ROOT) from a copy of its surveys/ folder;
the raw files are made by its own generator. Expected numbers come from the generators' planted
values or are counted here straight from the raw files (pyreadstat, csv), never from the
pipeline's outputs.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
STAGES = ["ingest", "validate", "clean", "analyse", "report"]

pytestmark = pytest.mark.slow
E2E_KEY = "43dd3f4f0747b0564a9fcadfde5bb0ce8790bdc5eca9fa0e9478b1850013131b"  # 32 random bytes, hex


def build(root: Path, consultation: str) -> None:
    shutil.copytree(REPO / "surveys" / consultation, root / "surveys" / consultation,
                    ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    env = {**os.environ, "LEVL_ROOT": str(root), "LEVL_PSEUDONYM_KEY": E2E_KEY}
    subprocess.run([sys.executable, str(root / "surveys" / consultation / "generate_example.py")],
                   check=True, env=env, cwd=root, capture_output=True)
    for stage in STAGES:
        res = subprocess.run([sys.executable, "-m", "pipeline", stage, consultation], env=env, cwd=REPO,
                             capture_output=True, text=True)
        assert res.returncode == 0, f"{stage} {consultation} failed:\n{res.stdout}\n{res.stderr}"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("levl")
    for consultation in ("ondernemers", "leerkrachten"):
        build(root, consultation)
    return root


def texts(root: Path, consultation: str) -> dict[str, str]:
    """Every output as text: parquet as its values, docx as its XML, pdf as its extracted text."""
    from pypdf import PdfReader

    out = {}
    for folder in (root / "processed" / consultation, root / "reports" / consultation):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if path.suffix == ".parquet":
                out[str(path)] = pd.read_parquet(path).astype(str).to_csv()
            elif path.suffix == ".docx":
                with zipfile.ZipFile(path) as z:
                    out[str(path)] = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                                               if n.endswith(".xml"))
            elif path.suffix == ".pdf":
                out[str(path)] = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
            else:
                out[str(path)] = path.read_bytes().decode("utf-8", "replace")
    return out


def assert_absent(root: Path, consultation: str, values: set[str]) -> None:
    values = {v for v in values if v.strip()}
    assert values
    for path, text in texts(root, consultation).items():
        found = sorted(v for v in values if v in text)
        assert not found, f"{path} contains identifying values {found[:3]}"


def common_checks(root: Path, consultation: str) -> dict:
    for ext in ("html", "pdf", "docx"):
        report = root / "reports" / consultation / f"{consultation}.{ext}"
        assert report.exists() and report.stat().st_size > 10_000, report
    cb = yaml.safe_load((root / "surveys" / consultation / "codebook.yml").read_text(encoding="utf-8"))
    acc = json.loads((root / "processed" / consultation / "accounting.json").read_text(encoding="utf-8"))
    assert acc["rows_kept"] >= cb["target_respondents"]
    return acc


# ------------------------------------------------------------------------------ ondernemers


def limesurvey_rows(root: Path) -> list[dict[str, str]]:
    raw = (root / "raw" / "ondernemers" / "results-survey417263.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n\r\n")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_ondernemers_builds_and_accounts_for_every_row(built):
    acc = common_checks(built, "ondernemers")
    # generator: 46 responses, one with age 230 → quarantine, no repeated submissions
    assert (acc["rows_read"], acc["rows_quarantined"], acc["duplicates_removed"], acc["rows_kept"]) == (46, 1, 0, 45)


def test_ondernemers_drops_identifying_columns_and_scrubs(built):
    sys.path.insert(0, str(built / "surveys" / "ondernemers"))
    try:
        import generate_example as gen  # the planted values
    finally:
        sys.path.pop(0)
        sys.modules.pop("generate_example", None)
    rows = limesurvey_rows(built)
    assert all(r["startlanguage"] == "nl" for r in rows)
    ips = {r["ipaddr"] for r in rows}
    assert len(ips) == 46
    assert_absent(built, "ondernemers", ips | {gen.PLANTED_EMAIL, gen.PLANTED_PHONE})
    ingest = json.loads((built / "processed" / "ondernemers" / "ingest.json").read_text(encoding="utf-8"))
    assert ingest["columns_dropped"] >= 4  # ipaddr, seed, startdate, datestamp …: counted, not named
    assert not {"ipaddr", "seed", "startdate", "datestamp"} & set(json.dumps(ingest).replace('"', " ").split())


def test_ondernemers_multiple_choice_per_option(built):
    rows = [r for r in limesurvey_rows(built) if r["G01Q03"] != "230"]
    est = pd.read_csv(built / "processed" / "ondernemers" / "estimates.csv")
    barriers = est[est["table"] == "barriers"].set_index("category")
    # counted straight from the raw 'Y' columns of the 45 kept rows
    answered = [r for r in rows if any(r[f"G02Q03[SQ{i:03d}]"] == "Y" for i in range(1, 8))]
    assert barriers.loc["Financiering vinden", "n"] == sum(r["G02Q03[SQ001]"] == "Y" for r in answered)
    assert barriers["base"].iloc[0] == len(answered)


# ------------------------------------------------------------------------------ leerkrachten


def teachers_raw(root: Path) -> pd.DataFrame:
    df, _ = pyreadstat.read_sav(str(root / "raw" / "leerkrachten" / "leerkrachten.sav"))
    return df


def kept_teachers(df: pd.DataFrame) -> pd.DataFrame:
    """By hand: drop the impossible role code and the first of a repeated submission."""
    df = df[df["Q1"] != 7].sort_values("StartDate")
    return df[~df["RecipientEmail"].duplicated(keep="last")]


def test_leerkrachten_builds_and_accounts_for_every_row(built):
    acc = common_checks(built, "leerkrachten")
    # generator: 40 teachers + 1 repeated submission; one impossible role code → quarantine
    assert (acc["rows_read"], acc["rows_quarantined"], acc["duplicates_removed"], acc["rows_kept"]) == (41, 1, 1, 39)


def test_leerkrachten_identifying_values_and_ids_never_leave_raw(built):
    sys.path.insert(0, str(built / "surveys" / "leerkrachten"))
    try:
        import generate_example as gen
    finally:
        sys.path.pop(0)
        sys.modules.pop("generate_example", None)
    df = teachers_raw(built)
    quotes = pd.read_csv(built / "raw" / "leerkrachten" / "quotes.csv", sep=";", dtype=str, encoding="utf-8-sig")
    values = set(df["IPAddress"]) | set(df["RecipientEmail"]) | set(df["ResponseId"]) | set(quotes["respondent"])
    assert_absent(built, "leerkrachten", values | {gen.PHONE, gen.EMAIL})


def test_leerkrachten_theme_tables_count_only_kept_respondents(built):
    est = pd.read_csv(built / "processed" / "leerkrachten" / "estimates.csv")
    codes = pd.read_csv(built / "raw" / "leerkrachten" / "codes.csv", sep=";", dtype=str, encoding="utf-8-sig")
    kept = kept_teachers(teachers_raw(built))
    cb = yaml.safe_load((built / "surveys" / "leerkrachten" / "codebook.yml").read_text(encoding="utf-8"))
    labels = {t["code"]: t["label"] for t in cb["themes"]}
    for question, var in (("open_helped", "Q6"), ("open_barriers", "Q7"), ("open_change", "Q8")):
        table = est[est["table"] == f"themes__{question}"]
        assert not table.empty
        assert set(table["kind"]) == {"multiple"}
        answered = set(kept.loc[kept[var].str.strip() != "", "ResponseId"])
        assert (table["base"] == len(answered)).all()
        mine = codes[(codes["question"] == question) & codes["respondent"].isin(answered)]
        by_hand = mine.groupby("theme")["respondent"].nunique().rename(index=labels)
        counted = table.set_index("category")["n"]
        assert counted.to_dict() == by_hand.to_dict()
    # the removed respondents were coded too (planted): counting them would change the sums
    removed = set(teachers_raw(built)["ResponseId"]) - set(kept["ResponseId"])
    assert codes["respondent"].isin(removed).sum() > 0
    barriers = est[est["table"] == "themes__open_barriers"]
    # sensitive question: every shown count and its complement are ≥ 10
    shown = barriers[barriers["status"] != "suppressed"]
    assert ((shown["n"] == 0) | (shown["n"] >= 10)).all()
    assert ((shown["base"] - shown["n"] == 0) | (shown["base"] - shown["n"] >= 10)).all()


def test_leerkrachten_report_shows_scrubbed_chosen_quotes(built):
    html = (built / "reports" / "leerkrachten" / "leerkrachten.html").read_text(encoding="utf-8")
    quotes = pd.read_csv(built / "raw" / "leerkrachten" / "quotes.csv", sep=";", dtype=str, encoding="utf-8-sig")
    assert html.count("<blockquote>") >= len(quotes) - 1  # the removed respondent's quote is left out
    assert "[telefoon]" in html
    assert "Eén gekozen citaat is niet getoond" in html
    first_words = quotes["quote"].iloc[1].split(".")[0]
    assert first_words in html
