"""The benchmark generator makes a valid export of the synthetic benchmark consultation."""

from __future__ import annotations

import hashlib

import pandas as pd

from benchmarks import generate
from pipeline.codebook import load_codebook
from pipeline.readers import ExportSpec, read_export
from pipeline.stages import clean, ingest, validate


def test_generator_writes_an_export_the_pipeline_accepts(tmp_path):
    path = generate.write(200, tmp_path / "bench.csv")
    cb = load_codebook(generate.CODEBOOK)
    raw = read_export(ExportSpec(file=str(path), tool="csv", delimiter=","))

    assert list(raw.columns) == generate.columns(cb)
    assert len(raw) == 200
    assert len(cb.questions) >= 38
    assert {q.type for q in cb.questions} == {"single_choice", "multiple_choice", "likert", "number", "date",
                                              "free_text", "municipality"}
    comments = raw[cb.by_name["comments"].source]
    assert (comments != "").sum() > 40

    frame, report = ingest.process(cb, raw, b"test-key")
    assert report["rows_read"] == 200
    assert report["columns_dropped"] == 3  # email, submitdate, ipaddr: a count and a hash, not the names
    assert report["columns_dropped_sha256"] == hashlib.sha256(b"email\nipaddr\nsubmitdate").hexdigest()
    for q in cb.questions:
        if q.type == "free_text":
            assert not frame[q.name].str.contains("@voorbeeld.be", regex=False).any()

    kept, quarantine, fails = validate.process(cb, frame)
    assert len(quarantine) == 0 and len(fails) == 0
    cleaned, accounting = clean.process(cb, kept, report, {"rows_quarantined": 0})
    assert accounting["rows_kept"] + accounting["duplicates_removed"] == 200
    assert isinstance(cleaned["gender"].dtype, pd.CategoricalDtype)
    assert cleaned["age_group"].notna().all()


def test_generator_is_seeded():
    assert generate.frame(50).equals(generate.frame(50))


def test_goals_read_the_measurements_as_the_issue_states_them():
    from benchmarks import run

    result = {"scale": [{"respondents": 1_000_000, "ratio": 3.0, "peak_mib": 2048.0,
                         "stages_s": {"ingest": 1.0}}],
              "scaling_exponent": 0.9, "reports_from_clean_s": 30.0, "noop_make_s": 0.2,
              "incremental": {"only_touched": True, "stages_run": []},
              "stage_200_consultation": "nieuwkomers_wonen",
              "stage_200_s": {"ingest": {"seconds": 0.6, "ok": True}, "validate": {"seconds": 0.7, "ok": True},
                              "clean": {"seconds": 0.99, "ok": True}, "analyse": {"seconds": 0.8, "ok": True},
                              "charts": {"seconds": 4.0, "ok": True}}}
    g = run.goals(result)
    assert all(x["met"] for x in g.values()), g  # every limit is "at most" (≤), the stage limit "under" (<)
    result["scale"][0]["ratio"], result["scale"][0]["peak_mib"] = 3.01, 2049.0
    result["reports_from_clean_s"], result["stage_200_s"]["analyse"]["seconds"] = 30.5, 1.0
    g = run.goals(result)
    assert not any(g[k]["met"] for k in ("ratio_at_largest", "peak_memory", "reports_from_clean",
                                         "stages_of_200_respondents"))
    assert g["stages_of_200_respondents"]["slowest"] == "analyse"
    result["goals"] = g
    assert any("analyse 1.0 s" in n for n in run.notes(result))
