"""Researchers' theme codes of open answers: reading and checking codes.csv, counting themes.

Everything here is built by hand in tmp_path: a tiny codebook, a tiny export and codes CSV; the
expected numbers are counted by hand in the comments.
"""

from __future__ import annotations

import types

import numpy as np
import pandas as pd
import pytest

import pipeline.codebook as codebook_module
from pipeline import privacy
from pipeline.analyses.themes.tables import theme_tables
from pipeline.codebook import Codebook
from pipeline.coding import read_codes
from pipeline.errors import ConfigError, DataError
from pipeline.vocabulary import COLUMNS

KEY = b"test-key-for-codes"


def make_codebook(**overrides) -> Codebook:
    data = {
        "id": "mini", "title": "Mini", "source_line": "LEVL, test", "method": "test", "tool": "csv",
        "period": {"start": "2024-01-01", "end": "2024-02-01"}, "target_respondents": 5,
        "small_cell": 3, "small_cell_sensitive": 5, "min_base_pct": 5, "flag_base_pct": 12,
        "export": {"file": "export.csv"}, "respondent": {"id": "id"},
        "themes": [
            {"code": "x", "label": "Thema X", "aliases": ["TX"]},
            {"code": "y", "label": "Thema Y"},
            {"code": "z", "label": "Thema Z"},
        ],
        "coding": {"file": "codes.csv", "questions": ["open_a", "open_b"]},
        "questions": [
            {"name": "role", "source": "role", "type": "single_choice", "label": "Rol",
             "answers": [{"code": "a", "label": "A"}]},
            {"name": "open_a", "source": "A", "type": "free_text", "label": "Open A"},
            {"name": "open_b", "source": "B", "type": "free_text", "label": "Open B", "sensitive": True},
            {"name": "open_c", "source": "C", "type": "free_text", "label": "Open C"},
        ],
    }
    data.update(overrides)
    return Codebook.model_validate(data)


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setattr(codebook_module, "ROOT", tmp_path)
    (tmp_path / "raw" / "mini").mkdir(parents=True)
    return tmp_path


def export() -> pd.DataFrame:
    """Five respondents as a reader returns them; respondent 4 left open_a empty (index = file row)."""
    return pd.DataFrame({
        "id": ["1", "2", "3", "4", "5"],
        "role": ["A"] * 5,
        "A": ["antwoord", "antwoord", "antwoord", "  ", "antwoord"],
        "B": ["b", "b", "", "b", "b"],
        "C": [""] * 5,
    }, index=pd.Index([2, 3, 4, 5, 6], name="row"))


def write_codes(project, text: str) -> None:
    (project / "raw" / "mini" / "codes.csv").write_text(text, encoding="utf-8")


def test_valid_codes_are_pseudonymised_and_mapped(project):
    write_codes(project, "respondent,question,theme\n"
                         "1,open_a,x\n"
                         " 2 ,open_a,Thema X\n"     # label, with spaces around the id
                         "2,open_a,y\n"
                         "5,open_b,TX\n"            # alias
                         ",,\n")                    # a blank row: nothing coded
    codes = read_codes(make_codebook(), export(), KEY)
    assert list(codes.columns) == ["respondent", "question", "theme"]
    assert len(codes) == 4
    r1, r2, r5 = privacy.pseudonymise(["1", "2", "5"], KEY, prefix="R", salt="mini:")
    expected = {(r1, "open_a", "x"), (r2, "open_a", "x"), (r2, "open_a", "y"), (r5, "open_b", "x")}
    assert set(map(tuple, codes.to_numpy())) == expected
    assert not codes["respondent"].isin(["1", "2", "5"]).any()


@pytest.mark.parametrize(("row_text", "column", "value", "words"), [
    ("9,open_a,x", "respondent", "9", "export"),                 # not in the export
    ("1,open_z,x", "question", "open_z", "open_a"),              # not a coded question
    ("1,open_a,onbekend", "theme", "onbekend", "themes:"),        # not a theme
    ("4,open_a,x", "respondent", "4", "antwoord"),               # respondent 4 has no answer to open_a
])
def test_bad_code_row_names_row_and_column(project, row_text, column, value, words):
    write_codes(project, "respondent,question,theme\n1,open_a,x\n" + row_text + "\n")
    with pytest.raises(DataError) as exc:
        read_codes(make_codebook(), export(), KEY)
    err = exc.value
    assert err.row == 3  # header = row 1, first code = row 2
    assert err.column == column
    assert err.value == value
    assert str(err.file).endswith("codes.csv")
    assert err.expected
    assert words in (err.fix or "") + (err.expected or "")


def test_unknown_theme_fix_points_to_codebook(project):
    write_codes(project, "respondent,question,theme\n1,open_a,nieuw\n")
    with pytest.raises(DataError) as exc:
        read_codes(make_codebook(), export(), KEY)
    assert "voeg het thema toe onder themes: in surveys/mini/codebook.yml" in exc.value.fix


def test_duplicate_rows_are_an_error(project):
    # row 3 repeats row 2 through the label instead of the code
    write_codes(project, "respondent,question,theme\n1,open_a,x\n1,open_a,Thema X\n2,open_a,y\n")
    with pytest.raises(DataError) as exc:
        read_codes(make_codebook(), export(), KEY)
    assert exc.value.row == 3
    assert "dubbel" in exc.value.message
    assert "respondent" in exc.value.column


def test_every_problem_listed_first_row_reported(project):
    write_codes(project, "respondent,question,theme\n1,open_a,x\n1,open_a,q\n9,open_b,x\n")
    with pytest.raises(DataError) as exc:
        read_codes(make_codebook(), export(), KEY)
    assert exc.value.row == 3
    assert len(exc.value.details) == 2
    assert exc.value.details[1].startswith("rij 4, kolom 'respondent'")


def test_missing_column(project):
    write_codes(project, "respondent,vraag,theme\n1,open_a,x\n")
    with pytest.raises(DataError) as exc:
        read_codes(make_codebook(), export(), KEY)
    assert exc.value.row == 1
    assert exc.value.column == "question"


def test_coding_question_must_be_open(project):
    write_codes(project, "respondent,question,theme\n1,role,x\n")
    cb = make_codebook(coding={"file": "codes.csv", "questions": ["role"]})
    with pytest.raises(ConfigError):
        read_codes(cb, export(), KEY)


# ------------------------------------------------------------------------------ counting themes


def clean_frame() -> pd.DataFrame:
    """R1…R12 survived cleaning; R11 did not answer open_a, R12 answered only with spaces."""
    ids = [f"R{i}" for i in range(1, 13)]
    open_a = ["tekst"] * 10 + [pd.NA, "   "]
    return pd.DataFrame({"respondent": ids, "open_a": pd.array(open_a, dtype="string"),
                         "open_b": pd.array(["tekst"] * 12, dtype="string"),
                         "open_c": pd.array([pd.NA] * 12, dtype="string")})


def codes_frame() -> pd.DataFrame:
    rows = []
    rows += [(f"R{i}", "open_a", "x") for i in range(1, 7)]      # x: R1-R6
    rows += [("R11", "open_a", "x"), ("R99", "open_a", "x")]       # no answer / removed in cleaning: not counted
    rows += [(f"R{i}", "open_a", "y") for i in (1, 2)]            # y: R1, R2
    rows += [(f"R{i}", "open_a", "z") for i in range(1, 9)]       # z: R1-R8
    rows += [(f"R{i}", "open_b", "x") for i in range(1, 7)]       # open_b x: R1-R6
    rows += [(f"R{i}", "open_b", "y") for i in range(1, 9)]       # open_b y: R1-R8
    return pd.DataFrame(rows, columns=["respondent", "question", "theme"])


def test_theme_counts_bases_and_suppression_by_hand():
    cb = make_codebook()  # small_cell 3, sensitive 5, percentages from base 5, flagged below 12
    tables = theme_tables(cb, clean_frame(), codes_frame())
    est = pd.concat(tables, ignore_index=True)
    assert list(est.columns) == COLUMNS
    assert set(est["kind"]) == {"multiple"}
    a = est[est["table"] == "themes__open_a"].set_index("category")
    assert a["label"].iloc[0] == "Thema's in de antwoorden op: Open A"
    # base: R1-R10 answered (R11 empty, R12 spaces, R99 not in the clean data)
    assert (a["base"] == 10).all()
    assert a.loc["Thema X", "n"] == 6 and a.loc["Thema X", "estimate"] == pytest.approx(0.6)
    assert a.loc["Thema Y", "n"] == 2 and a.loc["Thema Z", "n"] == 8
    # x: 6 and 10-6=4 both ≥ 3 → shown; base 10 < 12 → flagged
    assert a.loc["Thema X", "status"] == "flagged"
    # y: 2 < 3 → suppressed; z: 10-8 = 2 < 3 → suppressed ("not mentioned" would be a small cell)
    assert a.loc["Thema Y", "status"] == "suppressed"
    assert a.loc["Thema Z", "status"] == "suppressed"
    # R9 and R10 answered and carry no theme: their own row (2 of 10; 2 < 3 → suppressed)
    assert list(a.index) == ["Thema X", "Thema Y", "Thema Z", "Geen thema"]
    assert a.loc["Geen thema", "n"] == 2 and a.loc["Geen thema", "status"] == "suppressed"

    b = est[est["table"] == "themes__open_b"].set_index("category")
    # sensitive question: threshold 5. Only themes used for open_b are listed (x, y; not z), then R9–R12 without one
    assert list(b.index) == ["Thema X", "Thema Y", "Geen thema"]
    assert b.loc["Geen thema", "n"] == 4 and b.loc["Geen thema", "status"] == "suppressed"  # 4 < 5
    assert (b["base"] == 12).all()
    assert b.loc["Thema X", "n"] == 6 and b.loc["Thema X", "status"] == "ok"      # 6 and 6 ≥ 5, base 12
    assert b.loc["Thema Y", "n"] == 8 and b.loc["Thema Y", "status"] == "suppressed"  # 12-8 = 4 < 5


def test_question_without_answers_gives_a_table_without_percentages():
    cb = make_codebook(coding={"file": "codes.csv", "questions": ["open_c"]})
    (t,) = theme_tables(cb, clean_frame(), codes_frame())
    assert list(t["category"]) == ["Thema X", "Thema Y", "Thema Z"]  # nothing coded: every theme
    assert (t["n"] == 0).all() and (t["base"] == 0).all()
    assert (t["status"] == "base_too_small").all()
    assert np.isnan(t["estimate"]).all()


def test_codes_read_then_counted_match_by_pseudonym(project):
    write_codes(project, "respondent,question,theme\n1,open_a,x\n2,open_a,x\n3,open_a,y\n5,open_a,x\n")
    cb = make_codebook(small_cell=1, small_cell_sensitive=1, min_base_pct=0, flag_base_pct=0)
    codes = read_codes(cb, export(), KEY)
    # respondent 5 was removed in cleaning: only 1, 2, 3 remain, all answered open_a
    clean = pd.DataFrame({"respondent": privacy.pseudonymise(["1", "2", "3"], KEY, prefix="R", salt="mini:"),
                          "open_a": pd.array(["a", "b", "c"], dtype="string"),
                          "open_b": pd.array(["a", "b", "c"], dtype="string"),
                          "open_c": pd.array([pd.NA] * 3, dtype="string")})
    t = theme_tables(cb, clean, codes)[0].set_index("category")
    assert t.loc["Thema X", "n"] == 2 and t.loc["Thema X", "base"] == 3
    assert t.loc["Thema Y", "n"] == 1


# ------------------------------------------------------------------------------ chosen quotes


def quote_project(project, monkeypatch, text: str):
    from types import SimpleNamespace

    monkeypatch.setenv("LEVL_PSEUDONYM_KEY", "a1b2c3d4e5f60718" * 4)  # 32 bytes, as load_key requires
    monkeypatch.setattr("pipeline.pseudonyms.ROOT", project)  # fingerprints are checked in this project's processed/
    key = privacy.load_key()
    r1, r2, r3 = privacy.pseudonymise(["1", "2", "3"], key, prefix="R", salt="mini:")
    processed = project / "processed" / "mini"
    processed.mkdir(parents=True)
    pd.DataFrame({"respondent": [r1, r2, r3]}).to_parquet(processed / "ingested.parquet")
    # respondent 3 was removed in cleaning
    pd.DataFrame({"respondent": [r1, r2],
                  "open_a": ["Bel me op [telefoon], ik wil helpen. Echt waar.", "Kort antwoord."]}
                 ).to_parquet(processed / "clean.parquet")
    (project / "raw" / "mini" / "quotes.csv").write_text(text, encoding="utf-8")
    return SimpleNamespace(cb=make_codebook())


def test_quotes_are_scrubbed_and_removed_respondents_left_out(project, monkeypatch):
    from pipeline.analyses.themes.report import read_quotes

    report = quote_project(project, monkeypatch, "respondent,question,quote\n"
                                                 "1,open_a,Bel me op 0475 12 34 56 [...] Echt waar.\n"
                                                 "2,open_a,Kort antwoord.\n"
                                                 "3,open_a,Wat dan ook.\n")
    q = read_quotes(report)
    assert list(q["quote"]) == ["Bel me op [telefoon] [...] Echt waar.", "Kort antwoord.", "Wat dan ook."]
    assert list(q["counted"]) == [True, True, False]
    assert "respondent" not in q.columns


def test_a_quote_copied_as_typed_matches_an_answer_stored_with_its_digits_in_0_to_9(project, monkeypatch):
    # a second review: an answer holding a phone number in Arabic digits is stored with all its digits in 0–9
    # (privacy.scrub); the researcher's quote, copied from the export ('Ik zocht ٢ jaar.'), no longer matched it
    from pipeline.analyses.themes.report import read_quotes

    report = quote_project(project, monkeypatch, "respondent,question,quote\n2,open_a,Kort antwoord.\n")
    clean = pd.read_parquet(project / "processed" / "mini" / "clean.parquet")
    clean.loc[1, "open_a"] = privacy.scrub("Bel ٠٤٧٥ ١٢ ٣٤ ٥٦. Ik zocht ٢ jaar.")
    assert clean.loc[1, "open_a"] == "Bel [telefoon]. Ik zocht 2 jaar."
    clean.to_parquet(project / "processed" / "mini" / "clean.parquet")
    (project / "raw" / "mini" / "quotes.csv").write_text("respondent,question,quote\n2,open_a,Ik zocht ٢ jaar.\n",
                                                         encoding="utf-8")
    q = read_quotes(report)
    assert list(q["quote"]) == ["Ik zocht ٢ jaar."] and list(q["counted"]) == [True]


@pytest.mark.parametrize(("row", "column"), [
    ("9,open_a,Kort antwoord.", "respondent"),      # not in the export
    ("2,open_x,Kort antwoord.", "question"),        # not an open question
    ("2,open_a,Iets anders.", "quote"),             # not in the answer of respondent 2
])
def test_bad_quote_row(project, monkeypatch, row, column):
    from pipeline.analyses.themes.report import read_quotes

    report = quote_project(project, monkeypatch, "respondent,question,quote\n2,open_a,Kort antwoord.\n" + row + "\n")
    with pytest.raises(DataError) as exc:
        read_quotes(report)
    assert exc.value.row == 3 and exc.value.column == column


def test_answers_nobody_coded_yet_publish_no_share():
    # open_b has 12 answers; a codes file that codes only open_a: open_b's themes were each "0 %" (a finding
    # nobody made). Now no share is published and the table says why.
    from pipeline.analyses.themes.tables import not_coded

    cb = make_codebook()
    codes = codes_frame()
    (a, b) = theme_tables(cb, clean_frame(), codes[codes["question"] == "open_a"])
    assert not not_coded(a) and a["estimate"].notna().any()
    assert list(b["category"]) == ["Thema X", "Thema Y", "Thema Z"]  # nothing coded: every theme
    assert (b["base"] == 12).all() and (b["n"] == 0).all() and not_coded(b)
    assert b["estimate"].isna().all() and b["ci_low"].isna().all()
    assert (b["status"] == "base_too_small").all()


def test_the_report_says_answers_are_not_coded_yet(monkeypatch):
    from pipeline.analyses.themes import report as themes_report

    cb = make_codebook()
    codes = codes_frame()
    est = pd.concat(theme_tables(cb, clean_frame(), codes[codes["question"] == "open_a"]), ignore_index=True)
    said = []
    monkeypatch.setattr(themes_report, "display", lambda obj, **kw: said.append(obj.data))
    themes_report.show_themes(types.SimpleNamespace(cb=cb, estimates=est), "open_b")
    assert said == ["*De 12 antwoorden op ‘Open B’ zijn nog niet in thema's ingedeeld; daarom staat hier nog geen "
                    "tabel.*"]


def test_figure_and_sentence_of_answers_not_coded_yet_say_so_once(monkeypatch):
    from pipeline.report import blocks

    cb = make_codebook()
    codes = codes_frame()
    est = pd.concat(theme_tables(cb, clean_frame(), codes[codes["question"] == "open_a"]), ignore_index=True)
    r = blocks.Report.__new__(blocks.Report)
    r.cb, r.estimates, r.shown, r.withheld = cb, est, [], []
    said = []
    monkeypatch.setattr(blocks, "display", lambda obj, **kw: said.append(obj.data))
    monkeypatch.setattr(blocks, "show_figure", lambda *a, **kw: pytest.fail("a chart of zeros was drawn"))
    r.figure("themes__open_b", detail=False)
    r.say("themes__open_b")
    assert said == ["*Geen grafiek: de 12 antwoorden op ‘Open B’ zijn nog niet in thema's ingedeeld.*"]


def test_gallery_and_sheet_of_answers_not_coded_yet_say_so(tmp_path):
    # tabellen.xlsx showed 'Aantal 0' for every theme of a question nobody had coded yet (read: nobody mentioned
    # it), and the gallery gave as reason for the missing chart that the groups were too small
    from pipeline.analyses.frequencies.charts import publication

    cb = make_codebook()
    codes = codes_frame()
    est = pd.concat(theme_tables(cb, clean_frame(), codes[codes["question"] == "open_a"]), ignore_index=True)
    part = publication(cb, est, tmp_path, [])
    intro = " ".join(part.intro)
    assert "zo weinig respondenten" not in intro
    assert "‘Open B’" in intro and "nog niet in thema's ingedeeld" in intro
    (sheet,) = [s for s in part.sheets if "Open B" in s.title]
    counts = [cell for row in sheet.rows for col, cell in zip(sheet.columns, row) if col == "Aantal"]
    assert counts and all(cell[1] == "mark" for cell in counts), counts  # no count of 0
    assert any("De 12 antwoorden op ‘Open B’ zijn nog niet in thema's ingedeeld" in line for line in sheet.footer_lines)
    (coded,) = [s for s in part.sheets if "Open A" in s.title]  # a coded question keeps its counts
    assert any(cell[1] == "count" for row in coded.rows for col, cell in zip(coded.columns, row) if col == "Aantal")


def test_answers_without_a_theme_are_no_theme_anyone_named(monkeypatch):
    # a partly coded question: 'Geen thema' is its own row, never "noemde het thema ‘Geen thema’", and the note
    # under the table says what the row counts
    from pipeline.analyses.themes import report as themes_report
    from pipeline.report.findings import Findings

    cb = make_codebook(small_cell=1, small_cell_sensitive=1, min_base_pct=0, flag_base_pct=0)
    clean = clean_frame()
    codes = pd.DataFrame([(f"R{i}", "open_a", "x") for i in (1, 2, 3)], columns=["respondent", "question", "theme"])
    est = pd.concat(theme_tables(cb, clean, codes), ignore_index=True)
    a = est[est["table"] == "themes__open_a"].set_index("category")
    assert a.loc["Geen thema", "n"] == 7 and a.loc["Thema X", "n"] == 3  # of 10 who answered, by hand
    sentence = Findings(cb, est, pd.DataFrame()).largest("themes__open_a")
    assert "‘Thema X’" in sentence and "Geen thema" not in sentence
    said = []
    monkeypatch.setattr(themes_report, "display", lambda obj, **kw: said.append(obj.data))
    monkeypatch.setattr(themes_report, "hidden_note", lambda *a, **kw: "")
    report = types.SimpleNamespace(cb=cb, estimates=est, source=lambda name: "Bron: test")
    themes_report.show_themes(report, "open_a")
    assert "de rij ‘Geen thema’ telt de antwoorden zonder thema" in said[0]
    from pipeline.stages.analyse import _not_coded
    # open_b has no code at all: not coded yet (no share, no 'Geen thema' row)
    assert _not_coded(cb, est) == ["let op, nog niet in thema's ingedeeld: ‘Open B’", "antwoorden zonder thema: ‘Open A’ 7 van 10"]


def test_no_theme_is_hidden_beside_a_hidden_theme():
    # 'Geen thema' = base − those with any theme; shown beside a shown theme it bounds a hidden one from below.
    # By hand: 10 answered; x: R1–R6 (shown), y: R1–R2 (2 < 3: hidden); 6 have a theme, so 'Geen thema' is 4,
    # which on its own would pass the threshold of 3: it is hidden because y is
    cb = make_codebook()
    codes = codes_frame()
    codes = codes[(codes["question"] == "open_a") & codes["theme"].isin(["x", "y"])]
    (a, _) = theme_tables(cb, clean_frame(), codes)
    a = a.set_index("category")
    assert a.loc["Thema Y", "status"] == "suppressed"
    assert a.loc["Geen thema", "n"] == 4 and a.loc["Geen thema", "status"] == "suppressed"
    assert a.loc["Thema X", "status"] != "suppressed"
