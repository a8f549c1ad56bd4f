"""Issue 14 item 5 and issue 11 item 5, as `make all` runs them on a fresh clone (slow).

* After a failed render, a failed charts step and a (simulated) full disk, every earlier output
  under reports/<id>/ and processed/<id>/ is byte-identical: make no longer deletes the last good
  PDF, DOCX or tabellen.xlsx (.DELETE_ON_ERROR is gone; the stages write atomically).
* A failing consultation does not stop the others (make -k): `make all` ends non-zero with a list
  of the ones that failed, and never prints a Python traceback.
* A failed stage reruns at the next `make all`: its outputs stayed older than its inputs.

The project holds two consultations (nieuwkomers_wonen and ondernemers) to keep it short.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.project import copy_repo, digests, make, make_all

pytestmark = pytest.mark.slow

NW, OND = "nieuwkomers_wonen", "ondernemers"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_repo(tmp_path_factory.mktemp("levl"))
    for folder in ("surveys", "raw"):
        for cid in ("leerkrachten", "praktijktesten", "ik_stem_ook"):
            shutil.rmtree(project / folder / cid, ignore_errors=True)
    res = make(project, "all")
    assert res.returncode == 0, res.stderr[-3000:]
    return project


def _kept(project) -> dict[str, str]:
    """Every output of the newcomers' consultation except the failure notes in errors/."""
    return {k: v for k, v in digests(project, f"reports/{NW}", f"processed/{NW}").items() if "/errors/" not in k}


def _no_traceback(res: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in res.stderr and "Traceback" not in res.stdout, res.stderr[-3000:]


def test_failed_render_and_charts_keep_every_previous_output_and_others_still_build(project):
    before = _kept(project)
    estimates = project / "processed" / NW / "estimates.csv"
    good = estimates.read_bytes()
    ond_export = project / "raw" / OND / "results-survey417263.csv"
    ond_report = project / "reports" / OND / f"{OND}.pdf"
    ond_before = ond_report.stat().st_mtime_ns
    try:
        # a broken intermediate: report and charts of the newcomers both fail
        estimates.write_bytes(b"table,kind\n\xff\xfe kapot,\x00\n")  # not UTF-8: both stages fail to read it
        os.utime(ond_export)  # and the entrepreneurs' export changed: make -k must still rebuild it
        res = make(project, "all")
        _no_traceback(res)
        assert res.returncode != 0
        assert f"{NW} (stap report)" in res.stderr and f"{NW} (stap charts)" in res.stderr
        assert f"{OND} (stap" not in res.stderr
        # make's own English lines on each failed stage's recipe are left out: the Dutch messages say it all (the
        # last line, on `all` itself, is make's and stays)
        import re

        assert not re.search(r"\*\*\* \[Makefile:\d+: (processed|reports)/", res.stderr), res.stderr[-2000:]
        assert "not remade because of errors" not in res.stderr
        assert ond_report.stat().st_mtime_ns > ond_before  # the other consultation was rebuilt
        after = _kept(project)
        changed = [k for k in before if before[k] != after.get(k) and not k.endswith("estimates.csv")]
        assert not changed, changed  # the last good PDF, DOCX, HTML, charts and tabellen.xlsx are intact
        # nothing was marked up to date: the failed steps are planned again
        planned = [c for c in make(project, "-n", "all").stdout.splitlines() if "-m pipeline" in c]
        assert any(c.endswith(f"report {NW}") for c in planned) and any(c.endswith(f"charts {NW}") for c in planned)
    finally:
        estimates.write_bytes(good)
    res = make(project, "all")
    assert res.returncode == 0, res.stderr[-3000:]
    assert not list((project / "processed" / NW / "errors").glob("failed-*"))  # markers removed on success


def test_a_failing_report_notebook_keeps_the_previous_report(project):
    before = _kept(project)
    notebook = project / "surveys" / NW / "report.py"
    text = notebook.read_text(encoding="utf-8")
    try:
        notebook.write_text(text + "\n# %%\nraise RuntimeError('kapot in de onderzoekstekst')\n", encoding="utf-8")
        res = make(project, "all")
        _no_traceback(res)
        assert res.returncode != 0 and f"{NW} (stap report)" in res.stderr
        after = _kept(project)
        assert {k: after.get(k) for k in before if f"reports/{NW}/" in k} == \
               {k: v for k, v in before.items() if f"reports/{NW}/" in k}
    finally:
        notebook.write_text(text, encoding="utf-8")
    make_all(project)


def test_a_full_disk_keeps_every_previous_output(project):
    before = _kept(project)
    notebook = project / "surveys" / NW / "report.py"
    os.utime(notebook)  # the report and everything after it must be rebuilt
    os.utime(project / "surveys" / NW / "codebook.yml")
    env = dict(os.environ, LEVL_ROOT=str(project), PYTHONPATH=str(project), MAKEFLAGS="")
    # a file-size limit of 64 kB: every larger write fails as on a full disk (EFBIG; Python ignores SIGXFSZ)
    res = subprocess.run(["bash", "-c", "ulimit -f 64 && make --no-print-directory all"], cwd=project, env=env,
                         capture_output=True, text=True, timeout=900)
    _no_traceback(res)
    assert res.returncode != 0
    assert "weggeschreven worden" in res.stderr  # the Dutch message of pipeline/failures.py
    after = _kept(project)
    changed = [k for k in before if before[k] != after.get(k)]
    assert not changed, changed
    make_all(project)


def test_a_file_name_with_spaces_in_raw_gets_a_dutch_message(tmp_path):
    # review of unseen exports: "base (2).csv" in raw/<id>/ gave make's English "No rule to make target
    # 'raw/rvbase/base'" and a summary that named no consultation
    from tests.project import copy_repo, make

    project = copy_repo(tmp_path / "repo")
    raw = project / "raw" / "leerkrachten"
    export = next(p for p in raw.iterdir() if p.suffix == ".sav")
    (raw / f"{export.stem} (2){export.suffix}").write_bytes(export.read_bytes())
    res = make(project, "processed/leerkrachten/ingested.parquet")
    assert res.returncode != 0
    assert "No rule to make target" not in res.stderr
    assert f"bestandsnaam met spaties niet volgen: 'raw/leerkrachten/{export.stem} (2){export.suffix}'" in res.stderr
    assert (project / "processed" / "leerkrachten" / "errors" / "failed-ingest").exists()
    assert not (project / "processed" / "leerkrachten" / "ingested.parquet").exists()
