"""`python -m pipeline new`: a draft codebook from an export, and a consultation that builds."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

from pipeline.scaffold import infer_question, slug
from tests.tiny import REPO, SHARED


def test_types_are_inferred_from_values():
    used: set[str] = set()
    assert infer_question("Leeftijd", pd.Series([str(20 + i) for i in range(30)]), used)["type"] == "number"
    q = infer_question("Woont u?", pd.Series(["Huur", "huur "] * 4 + ["Eigen"] * 6), used)
    assert q["type"] == "single_choice"
    assert [a["label"] for a in q["answers"]] == ["Eigen", "Huur"]  # spellings folded, alphabetical (issue 11)
    assert infer_question("Gemeente", pd.Series(["Gent", "Antwerpen", "Mechelen", "Leuven", "Gent"]), used)["type"] == "municipality"
    assert infer_question("Hulp", pd.Series(["A;B;", "B;", "A;"] * 5), used)["type"] == "multiple_choice"
    assert infer_question("Datum", pd.Series(["01/02/2020", "03/04/2021"]), used)["type"] == "date"
    assert infer_question("Opmerking", pd.Series([f"tekst {i} over iets" for i in range(20)]), used)["type"] == "free_text"
    assert slug("Wat is uw leeftijd?") == "wat_is_uw_leeftijd" and slug("2e vraag") == "q_2e_vraag"


@pytest.mark.slow
def test_new_consultation_from_a_real_export_builds(tmp_path):
    export = SHARED / "samples" / "kobotoolbox" / "kobo_formpack__labels_nl.csv"
    if not export.exists():
        pytest.skip("shared/samples is not beside the repository")
    env = dict(os.environ, LEVL_ROOT=str(tmp_path), PYTHONPATH=str(REPO))
    run = lambda *args: subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=REPO, env=env,  # noqa: E731
                                       capture_output=True, text=True, timeout=600)
    res = run("new", "kobo_test", "--from", str(export))
    assert res.returncode == 0, res.stderr
    codebook = (tmp_path / "surveys" / "kobo_test" / "codebook.yml").read_text(encoding="utf-8")
    assert "ONTWERP" in codebook and "questions:" in codebook
    assert (tmp_path / "raw" / "kobo_test" / export.name).read_bytes() == export.read_bytes()
    for stage in ("ingest", "validate", "clean", "analyse", "report"):
        res = run(stage, "kobo_test")
        assert res.returncode == 0, (stage, res.stderr[-2000:])
    for ext in ("html", "pdf", "docx"):
        assert (tmp_path / "reports" / "kobo_test" / f"kobo_test.{ext}").stat().st_size > 5000


def test_bad_consultation_name_is_a_command_error(tmp_path):
    env = dict(os.environ, LEVL_ROOT=str(tmp_path), PYTHONPATH=str(REPO))
    res = subprocess.run([sys.executable, "-m", "pipeline", "new", "Mijn Bevraging", "--from", "x.csv"], cwd=REPO,
                         env=env, capture_output=True, text=True)
    assert res.returncode == 2 and "kleine letters" in res.stderr and "Traceback" not in res.stderr


def test_draft_proposes_merging_small_answers():
    # answers from the tool's own labels (SPSS value labels), not typed: Huur 20, Eigen 12,
    # Sociaal 3, Anders 2: 3 and 2 are each below 5, together 5 → one proposed row
    labels = {"1": "Huur", "2": "Eigen", "3": "Sociaal", "4": "Anders"}
    values = pd.Series(["1"] * 20 + ["2"] * 12 + ["3"] * 3 + ["4"] * 2)
    q = infer_question("Woonvorm", values, set(), value_labels=labels)
    assert q["type"] == "single_choice"
    codes = {a["label"]: a["code"] for a in q["answers"]}
    assert q["merge"][0]["answers"] == [codes["Sociaal"], codes["Anders"]]
    assert q["merge"][0]["label"] == "Sociaal of Anders"
    # one small answer alone (3 + nothing): no proposal, the researcher decides
    q2 = infer_question("Woonvorm", pd.Series(["1"] * 20 + ["2"] * 12 + ["3"] * 3), set(), value_labels=labels)
    assert "merge" not in q2
