"""Every stage on hostile inputs: never a Python traceback, always one Dutch message (issue 14 item 9,
issue 11 item 5).

Each case is the tiny consultation (tests/tiny.py) with one thing made hostile: the export file, the
codebook, or the answers. All stages run in order through the command line, as `make all` would
call them, including the ones after a failure (they must fail cleanly too). The assertion is the
issue's: no traceback (and no Rust panic) on stderr, exit codes 0, 1 or 2 only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.tiny import TINY_CODEBOOK, tiny_export

REPO = Path(__file__).resolve().parents[1]
STAGES = ["ingest", "validate", "clean", "analyse", "charts", "report"]
TINY = textwrap.dedent(TINY_CODEBOOK)
DRIVER = """
import sys
from pipeline.__main__ import main
for cid in sys.argv[1].split(","):
    print(f"## {cid}", file=sys.stderr, flush=True)
    for stage in sys.argv[2:]:
        print(f"@@ {stage} {main([stage, cid])}", file=sys.stderr, flush=True)
"""


def _save(rows: list[list[str]], path: Path, edit=None) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Form1"
    for r in rows:
        ws.append(r)
    if edit:
        edit(ws)
    wb.save(path)


def _rows(df=None) -> list[list[str]]:
    df = tiny_export() if df is None else df
    return [list(df.columns)] + df.astype(str).values.tolist()


def _project(root: Path, codebook: str | bytes = TINY, export=None, cid: str = "tiny") -> Path:
    """surveys/<cid>/ and raw/<cid>/ with the tiny codebook (its id set to ``cid``) and export."""
    (root / "surveys" / cid).mkdir(parents=True)
    (root / "raw" / cid).mkdir(parents=True)
    book = root / "surveys" / cid / "codebook.yml"
    if isinstance(codebook, str):
        codebook = codebook.replace("id: tiny", f"id: {cid}").encode("utf-8")
    elif codebook.startswith(b"id: tiny") or b"\nid: tiny" in codebook:  # cp1252 bytes
        codebook = codebook.replace(b"id: tiny", f"id: {cid}".encode())
    else:  # UTF-16
        codebook = codebook.decode("utf-16").replace("id: tiny", f"id: {cid}").encode("utf-16")
    book.write_bytes(codebook)
    template = (REPO / "pipeline" / "templates" / "report_template.py").read_text(encoding="utf-8")
    (root / "surveys" / cid / "report.py").write_text(template.replace("{{consultation}}", cid), encoding="utf-8")
    target = root / "raw" / cid / "export.xlsx"
    if export is None:
        _save(_rows(), target)
    else:
        export(target)
    return root


def _far_cell(path):
    _save(_rows(), path, lambda ws: ws.__setitem__("XFD1048576", "x"))


def _merged(path):
    _save(_rows(), path, lambda ws: ws.merge_cells("F2:F4"))


def _huge_cell(path):
    rows = _rows()
    rows[2][-1] = "a" * 32767
    _save(rows, path)
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            z.writestr(name, data.replace(b"a" * 32767, b"a" * 5_000_000) if name.endswith("sheet1.xml") else data)


def _not_excel(path):
    path.write_bytes(b"PK\x03\x04" + os.urandom(3000))


def _pdf(path):
    path.write_bytes(b"%PDF-1.4\n" + os.urandom(2000))


def _header_only(path):
    _save(_rows()[:1], path)


def _formula_answers(path):
    """Answers that a respondent typed as formulas; a survey tool exports them as text (openpyxl would save
    a formula without its result, which the reader refuses: test_hostile_files)."""
    rows = _rows()
    rows[1][-1] = "=HYPERLINK(\"http://x\",\"klik\")"
    rows[2][5] = "=1+1"

    def as_text(ws):
        for cell in (ws.cell(2, len(rows[1])), ws.cell(3, 6)):
            cell.data_type = "s"

    _save(rows, path, as_text)


def _bomb() -> str:
    text = 'lol_a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i, name in enumerate("bcdefghi"):
        text += f"lol_{name}: &{name} [" + ",".join([f"*{'abcdefghi'[i]}"] * 9) + "]\n"
    return TINY + text


EXPORTS = {"stray far cell": _far_cell, "merged answers": _merged, "5 MB cell": _huge_cell,
           "broken zip": _not_excel, "pdf as xlsx": _pdf, "header only": _header_only}
CODEBOOKS = {
    "cp1252": TINY.replace("Kleine testbevraging", "Bevraging café").encode("cp1252"),
    "utf-16": TINY.encode("utf-16"),
    "billion laughs": _bomb(),
    "small_cell 0": TINY + "small_cell: 0\n",
    "min_base above flag_base": TINY + "min_base_pct: 70\nflag_base_pct: 60\n",
    "export outside raw": TINY.replace("file: export.xlsx", "file: /etc/passwd"),
    "id of another consultation": TINY.replace("id: tiny", "id: ondernemers  # not the folder's name"),
    "not a mapping": "- een\n- lijst\n",
    "invalid yaml": TINY + "questions: [\n",
    "empty": "",
}


def _run_all(root: Path, cids: list[str]) -> dict[str, str]:
    """Every stage of every consultation in one process; stderr per consultation."""
    env = dict(os.environ, LEVL_ROOT=str(root), PYTHONPATH=str(REPO), LEVL_PSEUDONYM_KEY="hostile-test-key-" * 4)
    env.pop("LEVL_DEBUG", None)
    res = subprocess.run([sys.executable, "-c", DRIVER, ",".join(cids), *STAGES], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=1800)
    assert "Traceback" not in res.stderr and "panicked" not in res.stderr, res.stderr[-4000:]
    parts = {}
    for block in res.stderr.split("## ")[1:]:
        cid, _, text = block.partition("\n")
        parts[cid] = text
    assert list(parts) == cids, res.stderr[-4000:]  # the process never died half-way
    return parts


def _codes(text: str) -> dict[str, int]:
    codes = {line.split()[1]: int(line.split()[2]) for line in text.splitlines() if line.startswith("@@ ")}
    assert list(codes) == STAGES, text[-4000:]  # every stage ran and returned
    assert set(codes.values()) <= {0, 1, 2}
    return codes


CASES = {f"export_{i}": ("export", name) for i, name in enumerate(EXPORTS)}
CASES.update({f"codebook_{i}": ("codebook", name) for i, name in enumerate(CODEBOOKS)})


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("hostile")
    for cid, (kind, name) in CASES.items():
        if kind == "export":
            _project(root, export=EXPORTS[name], cid=cid)
        else:
            _project(root, codebook=CODEBOOKS[name], cid=cid)
    return root, _run_all(root, list(CASES))


@pytest.mark.parametrize("name", list(EXPORTS))
def test_hostile_export_files(hostile, name):
    cid = next(c for c, v in CASES.items() if v == ("export", name))
    codes = _codes(hostile[1][cid])
    assert codes["ingest"] == 1  # refused as a data problem, with its message


@pytest.mark.parametrize("name", list(CODEBOOKS))
def test_hostile_codebooks(hostile, name):
    root, parts = hostile
    cid = next(c for c, v in CASES.items() if v == ("codebook", name))
    codes = _codes(parts[cid])
    assert codes["ingest"] == 2, parts[cid][-3000:]  # refused as a codebook problem
    assert "root:" not in parts[cid]  # /etc/passwd is never opened or echoed
    assert not (root / "processed" / "ondernemers").exists()  # never writes another consultation's files


@pytest.mark.slow
@pytest.mark.parametrize("name", ["formula answers", "only missing answers", "one answer each"])
def test_unusual_answers_build_every_output(tmp_path, name):
    """Issue 11 item 5: a question with no answers, one answer or only missing values gives a report."""
    if name == "formula answers":
        _project(tmp_path, export=_formula_answers)
    else:
        df = tiny_export()
        for col in ("Woonsituatie", "Tevreden", "Hulp", "Gemeente", "Sinds", "Huur", "Opmerkingen"):
            df[col] = "" if name == "only missing answers" else df[col].iloc[0]
        _project(tmp_path, export=lambda p: _save(_rows(df), p))
    codes = _codes(_run_all(tmp_path, ["tiny"])["tiny"])
    assert set(codes.values()) == {0}, codes
    for ext in ("html", "pdf", "docx"):
        assert (tmp_path / "reports" / "tiny" / f"tiny.{ext}").stat().st_size > 1000


def test_a_multiple_choice_nobody_answered_is_an_empty_table(tiny_codebook):
    import pandas as pd

    from pipeline.analyses.frequencies.tables import multiple
    from pipeline.vocabulary import rules_for

    q = tiny_codebook.by_name["help"]
    df = pd.DataFrame({q.indicator(a.code): pd.array([pd.NA] * 4, dtype="Float64") for a in q.answers})
    out = multiple(df, q, rules_for(tiny_codebook, q))
    assert list(out["n"]) == [0, 0] and list(out["base"]) == [0, 0]
    assert out["estimate"].isna().all() and set(out["status"]) != {"ok"}


def test_a_codebook_without_countable_questions_gives_empty_estimates(tiny_codebook):
    import pandas as pd

    from pipeline.stages.analyse import process
    from pipeline.vocabulary import OUT_COLUMNS

    only_text = tiny_codebook.model_copy(update={"questions": [tiny_codebook.by_name["remarks"]],
                                                 "subgroups": [], "crosstabs": []})
    est, tests = process(only_text, pd.DataFrame({"remarks": ["tekst"]}))
    assert list(est.columns) == OUT_COLUMNS and est.empty and tests.empty


def test_unreadable_submission_dates_are_named_in_the_stage_line(tmp_path):
    # review of unseen exports: a column of dates in another form lost every submission date while the ingest line
    # read like a normal run. (Excel date numbers, the case found then, are read as their days since.)
    df = tiny_export()
    df["Begintijd"] = ["gisteren", "31/02/2024", "2024-01-07 12:00:00", "volgende week", "?", "2024-13-01"]
    root = _project(tmp_path, export=lambda path: _save(_rows(df), path))
    env = dict(os.environ, LEVL_ROOT=str(root), PYTHONPATH=str(REPO))
    res = subprocess.run([sys.executable, "-m", "pipeline", "ingest", "tiny"], cwd=root, env=env,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "5 inzendingsdatums onleesbaar" in res.stdout + res.stderr
    df["Begintijd"] = ["45717.5", "45718.25", "2024-01-07 12:00:00", "45719", "45720.5", "45721"]
    _save(_rows(df), root / "raw" / "tiny" / "export.xlsx")
    res = subprocess.run([sys.executable, "-m", "pipeline", "ingest", "tiny"], cwd=root, env=env,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0 and "onleesbaar" not in res.stdout + res.stderr


def test_a_second_export_beside_the_first_is_named_as_not_read(tmp_path):
    # review of unseen exports: antwoorden_nieuw.csv put beside the codebook's export was ignored without a word
    root = _project(tmp_path)
    (root / "raw" / "tiny" / "antwoorden_nieuw.csv").write_text("ID,Leeftijd\n1,30\n", encoding="utf-8")
    env = dict(os.environ, LEVL_ROOT=str(root), PYTHONPATH=str(REPO))
    res = subprocess.run([sys.executable, "-m", "pipeline", "ingest", "tiny"], cwd=root, env=env,
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    out = res.stdout + res.stderr
    assert "niet gelezen in raw/tiny/: antwoorden_nieuw.csv (het codeboek leest export.xlsx)" in out
