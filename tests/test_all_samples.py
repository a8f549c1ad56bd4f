"""Issue 11 "must show": every real export in ../shared/samples becomes a consultation that builds.

For each sample file holding respondent rows: `python -m pipeline new <id> --from <file>` in a
throw-away project (tests/project.py), then make that consultation's three report formats. Either
all three are built, or the refusal is one Dutch message (exit 1 or 2) without a traceback. The
draft must name the tool the sample came from (SOURCES.md), hold none of the tool's own columns as a
question (FORMATS.md §2–3, listed here by hand) and have the export's own period, which this test
reads from the raw file with pandas, not with the pipeline.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.project import copy_repo, make
from tests.tiny import SHARED

pytestmark = pytest.mark.slow
SAMPLES = SHARED / "samples"
EXPORT_SUFFIXES = (".csv", ".xls", ".xlsx", ".sav")

# The tool each folder's samples came from (SOURCES.md); pyreadstat's CSV copies are plain tables.
FOLDER_TOOL = {"eusurvey": "eusurvey", "google_forms": "google_forms", "kobotoolbox": "kobotoolbox",
               "odk": "odk", "qualtrics": "qualtrics", "surveymonkey": "surveymonkey", "spss": "spss"}

DISPLAY = {"eusurvey": "EUSurvey", "google_forms": "Google Forms", "kobotoolbox": "KoboToolbox", "odk": "ODK Central",
           "qualtrics": "Qualtrics", "surveymonkey": "SurveyMonkey", "spss": "SPSS", "csv": "een CSV-bestand"}

# Tool metadata columns (FORMATS.md §2, §3), never a question.
METADATA = {
    "kobotoolbox": {"start", "end", "today", "deviceid", "_id", "_uuid", "_submission_time", "_validation_status",
                    "_notes", "_status", "_submitted_by", "__version__", "_tags", "_index"},
    "odk": {"SubmissionDate", "KEY", "meta-instanceID", "SubmitterID", "SubmitterName", "AttachmentsPresent",
            "AttachmentsExpected", "Status", "ReviewState", "DeviceID", "Edits", "FormVersion",
            "some_geopoint-Latitude", "some_geopoint-Longitude", "some_geopoint-Altitude", "some_geopoint-Accuracy"},
    "qualtrics": {"StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
                  "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
                  "ExternalReference", "LocationLatitude", "LocationLongitude", "LocationAccuracy",
                  "DistributionChannel", "UserLanguage", "V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10"},
    "surveymonkey": {"RespondentID", "Respondent ID"},
    "google_forms": {"Timestamp"},
    "eusurvey": {"Creation date"},
}

# The submission-date column of each tool (FORMATS.md), read here with pandas.
DATE_COLUMN = {"kobotoolbox": "_submission_time", "odk": "SubmissionDate", "google_forms": "Timestamp",
               "eusurvey": "Creation date", "qualtrics": "RecordedDate"}


def samples() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    return sorted(p for p in SAMPLES.rglob("*") if p.suffix.lower() in EXPORT_SUFFIXES)


def expected_tool(path: Path) -> str:
    tool = FOLDER_TOOL[path.parent.name]
    return "csv" if tool == "spss" and path.suffix == ".csv" else tool


def raw_period(path: Path, tool: str) -> dict | None:
    """First and last submission day, read with pandas as FORMATS.md §1.2 describes."""
    if tool not in DATE_COLUMN:
        return None
    if tool == "eusurvey":
        df = pd.read_excel(path, header=3, engine="calamine")
    elif path.suffix == ".xlsx":
        df = pd.read_excel(path, engine="calamine")
    elif tool == "qualtrics":
        header = pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns
        if "RecordedDate" not in header:  # legacy: V1..V10, the end date is V9 (FORMATS.md: StartDate, EndDate)
            df = pd.read_csv(path, header=0, skiprows=[1], dtype=str, encoding="utf-8-sig")
            df["RecordedDate"] = df["V9"]
        else:
            df = pd.read_csv(path, header=0, skiprows=[1, 2], dtype=str, encoding="utf-8-sig")
    else:
        df = pd.read_csv(path, sep=None, engine="python", dtype=str, keep_default_na=False)
    col = df[DATE_COLUMN[tool]]
    if col.dtype == object:
        text = col.astype(str).str.strip()
        iso = text.str.match(r"^\d{4}-\d{2}-\d{2}")
        days = pd.to_datetime(text.where(iso).str[:10], format="%Y-%m-%d", errors="coerce")
        days = days.fillna(pd.to_datetime(text.where(~iso), format="%m/%d/%Y %H:%M:%S", errors="coerce"))
    else:
        days = pd.to_datetime(col)
    days = days.dropna()
    return {"start": days.min().date().isoformat(), "end": days.max().date().isoformat()}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    if not samples():
        pytest.skip("../shared/samples is not beside the repository")
    return copy_repo(tmp_path_factory.mktemp("samples"))


def _id(path: Path) -> str:
    stem = "".join(c if c.isalnum() else "_" for c in path.stem.lower())[:36].strip("_")
    return f"s_{stem}_{path.suffix.lstrip('.').lower()}"


@pytest.mark.parametrize("path", samples(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sample_becomes_a_consultation(project, path):
    cid = _id(path)
    env = dict(os.environ, LEVL_ROOT=str(project), PYTHONPATH=str(project))
    new = subprocess.run([sys.executable, "-m", "pipeline", "new", cid, "--from", str(path)], cwd=project,
                         env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in new.stdout + new.stderr
    if new.returncode != 0:  # refused: one clear Dutch message
        assert new.returncode in (1, 2) and "oplossing:" in new.stderr, new.stderr
        assert "PARENT_KEY" in new.stderr  # the only refusal expected among the samples: ODK repeat files
        return
    tool = expected_tool(path)
    assert f"enquêtetool: {tool}" in new.stdout
    cb = yaml.safe_load((project / "surveys" / cid / "codebook.yml").read_text(encoding="utf-8"))
    assert cb["export"]["tool"] == tool and cb["tool"] == DISPLAY[tool]
    sources = {q.get("source") for q in cb["questions"]} | {
        a.get("source") for q in cb["questions"] for a in q.get("answers", [])}
    assert not sources & METADATA.get(tool, set())
    labels = {a["label"] for q in cb["questions"] for a in q.get("answers", [])}
    assert not labels & {"Response", "Open-Ended Response"}  # SurveyMonkey's header row is no answer
    period = raw_period(path, tool)
    if period is not None:
        assert cb["period"] == period
    assert (project / "surveys" / cid / "notebooks" / "explore.py").exists()
    targets = [f"reports/{cid}/{cid}.{ext}" for ext in ("html", "pdf", "docx")]
    res = make(project, *targets, timeout=900)
    out = res.stdout + res.stderr
    assert "Traceback" not in out
    # a fresh draft knows every column: ODK's and Kobo's joined multiple-choice column ('q1': 'a b') beside its
    # option columns was named "niet in het codeboek … een nieuwe vraag?" on the first build
    assert "niet in het codeboek:" not in out, out[-2000:]
    if res.returncode == 0:
        for t in targets:
            assert (project / t).stat().st_size > 3000, t
    else:  # a refusal by a stage: one Dutch message saying what to do
        assert "oplossing:" in out, out[-3000:]


def test_multi_selects_are_one_question(project):
    """Kobo's split columns and SurveyMonkey's option columns: one multiple-choice question each."""
    for name, question, n_options in (("kobo_formpack__labels_nl.csv", "Welke drempels ervaart u?", 4),
                                      ("fivethirtyeight__StarWars.csv",
                                       "Which of the following Star Wars films have you seen?", 6)):
        cid = _id(next(p for p in samples() if p.name == name))
        path = project / "surveys" / cid / "codebook.yml"
        if not path.exists():
            pytest.skip("run together with test_sample_becomes_a_consultation")
        cb = yaml.safe_load(path.read_text(encoding="utf-8"))
        multi = [q for q in cb["questions"] if q["label"].startswith(question)]
        assert len(multi) == 1 and multi[0]["type"] == "multiple_choice"
        assert len(multi[0]["answers"]) == n_options
