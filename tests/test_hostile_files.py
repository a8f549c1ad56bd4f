"""Issue 14 item 9: hostile or broken exports get one Dutch message, never a crash or a hang.

Each file is made here by hand (openpyxl, then its XML edited where openpyxl refuses to write
the hostile thing); the expected outcome is the refusal the issue asks for.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from pipeline.errors import DataError
from pipeline.readers import ExportSpec, read_export

REPO = Path(__file__).resolve().parents[1]


def _workbook(path: Path, rows: list[list[str]], title: str = "Form1") -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    return wb


def _replace_in_member(path: Path, member: str, old: bytes, new: bytes) -> None:
    """Rewrite one XML file inside an XLSX (openpyxl will not write every hostile thing)."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == member:
                assert old in data
                data = data.replace(old, new)
            z.writestr(info.filename, data)


def _limit_memory() -> None:  # the old reader tried to reserve 549 GB: keep a failure cheap
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def test_a_stray_far_cell_is_refused_before_the_excel_library_aborts(tmp_path):
    path = tmp_path / "export.xlsx"
    wb = _workbook(path, [["ID", "Vraag"], ["1", "Ja"], ["2", "Nee"]])
    wb.active["XFD1048576"] = "x"
    wb.save(path)
    code = ("import sys\nfrom pipeline.readers import ExportSpec, read_export\nfrom pipeline.errors import DataError\n"
            "try:\n    read_export(ExportSpec(file=sys.argv[1]))\nexcept DataError as e:\n"
            "    print(e, file=sys.stderr); sys.exit(e.exit_code)\n")
    res = subprocess.run([sys.executable, "-c", code, str(path)], cwd=REPO, capture_output=True, text=True,
                         timeout=120, preexec_fn=_limit_memory, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert res.returncode == 1, res.stderr[-2000:]
    assert "panicked" not in res.stderr and "Traceback" not in res.stderr
    assert "XFD1048576" in res.stderr and "Form1" in res.stderr and "Ctrl+End" in res.stderr


def test_merged_cells_among_the_answers_are_refused_with_their_range(tmp_path):
    path = tmp_path / "export.xlsx"
    wb = _workbook(path, [["ID", "Vraag"], ["1", "Ja"], ["2", ""], ["3", ""], ["4", "Nee"]])
    wb.active.merge_cells("B2:B4")  # "Ja" would silently become empty for respondents 2 and 3
    wb.save(path)
    with pytest.raises(DataError) as err:
        read_export(ExportSpec(file=str(path)))
    assert "B2:B4" in str(err.value) and "samengevoegde cellen" in str(err.value)


def test_merged_cells_in_the_header_are_fine(tmp_path):
    path = tmp_path / "export.xlsx"
    wb = _workbook(path, [["Vragen", "", ""], ["ID", "Vraag 1", "Vraag 2"], ["1", "Ja", "Nee"]])
    wb.active.merge_cells("A1:C1")
    wb.save(path)
    df = read_export(ExportSpec(file=str(path), skip_rows=1))
    assert list(df.columns) == ["ID", "Vraag 1", "Vraag 2"]


def test_a_cell_longer_than_excel_allows_is_refused_with_row_and_column(tmp_path):
    path = tmp_path / "export.xlsx"
    _workbook(path, [["ID", "Opmerking"], ["1", "kort"], ["2", "a" * 32767]]).save(path)
    _replace_in_member(path, "xl/worksheets/sheet1.xml", b"a" * 32767, b"a" * 200_000)
    with pytest.raises(DataError) as err:
        read_export(ExportSpec(file=str(path)))
    assert err.value.row == 3 and "200.000 tekens" in str(err.value)


def test_a_csv_cell_of_a_pasted_book_is_refused(tmp_path):
    # longer than Excel allows is read from a text export (Google Forms takes such answers); a million characters not
    path = tmp_path / "export.csv"
    path.write_text("ID;Opmerking\n1;kort\n2;" + "b" * 50_000 + "\n3;" + "c" * 1_000_001 + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_export(ExportSpec(file=str(path)))
    assert err.value.row == 4 and err.value.column == "Opmerking"


def test_a_zip_that_unpacks_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    from pipeline.readers import limits

    path = tmp_path / "export.xlsx"
    _workbook(path, [["ID", "Vraag"], ["1", "Ja"]]).save(path)
    unpacked = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    monkeypatch.setattr(limits, "MAX_UNPACKED", unpacked - 1)
    with pytest.raises(DataError) as err:
        read_export(ExportSpec(file=str(path)))
    assert "pakt uit tot" in str(err.value)


def test_formulas_without_a_saved_result_are_refused_with_their_cells(tmp_path):
    # openpyxl, like other programs that write workbooks, saves a formula without its result; the Excel
    # library reads only results, so "=B2" would have become an empty answer without a word
    path = tmp_path / "export.xlsx"
    wb = _workbook(path, [["ID", "Vraag", "Kopie"], ["1", "Ja", "=B2"], ["2", "Nee", "=B3"]])
    wb.save(path)
    assert b"<f>B2</f><v></v></c>" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    _replace_in_member(path, "xl/worksheets/sheet1.xml", b"<f>B3</f><v></v>", b"<f>B3</f>")  # no <v> at all
    with pytest.raises(DataError) as err:
        read_export(ExportSpec(file=str(path)))
    assert "2 cellen met een formule zonder opgeslagen uitkomst (C2, C3)" in str(err.value)
    assert "Form1" in str(err.value) and "opnieuw op" in str(err.value)


def test_formulas_with_their_saved_result_are_read(tmp_path):
    path = tmp_path / "export.xlsx"
    _workbook(path, [["ID", "Vraag", "Som", "Leeg"], ["1", "Ja", "1", "a"], ["2", "x", "y", "z"]]).save(path)
    # as Excel saves them: formulas with their results, a text, a number and the empty text
    cells = b"".join(b'<c r="%s3" t="inlineStr"><is><t>%s</t></is></c>' % (c, v) for c, v in zip([b"B", b"C", b"D"], [b"x", b"y", b"z"]))
    _replace_in_member(path, "xl/worksheets/sheet1.xml", cells,
                       b'<c r="B3" t="str"><f>UPPER("nee")</f><v>NEE</v></c><c r="C3"><f>1+1</f><v>2</v></c>'
                       b'<c r="D3" t="str"><f>""</f><v></v></c>')
    df = read_export(ExportSpec(file=str(path)))
    assert df["Vraag"].tolist() == ["Ja", "NEE"] and df["Som"].tolist() == ["1", "2"]
    assert df["Leeg"].tolist()[0] == "a" and not df["Leeg"].tolist()[1]


def test_a_quote_that_never_closes_is_refused_instead_of_swallowing_the_rows_after_it(tmp_path):
    # the lenient CSV reading made lines 3 and 4 part of respondent 1's remark: one row read instead of three
    path = tmp_path / "export.csv"
    path.write_text('ID,Vraag,Opmerking\n1,Ja,"goed\n2,Nee,slecht\n3,Ja,ok\n', encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_export(ExportSpec(file=str(path)))
    assert err.value.row == 2 and err.value.column == "Opmerking"
    assert "op regel 2 wordt nooit gesloten: de 3 regels vanaf daar" in str(err.value)


def test_a_quote_that_never_closes_in_a_large_export_is_refused_too(tmp_path):
    # large files are split by pyarrow, which also reads the open quote to the end of the file
    lines = ["ID,Vraag,Opmerking", *(f"{i},Ja,een antwoord van respondent {i}" for i in range(1, 60_001))]
    lines[59_990] = '59990,Ja,"open'
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 2_000_000  # the fast path's size
    with pytest.raises(DataError) as err:
        read_export(ExportSpec(file=str(path)))
    assert err.value.row == 59_991 and "de 11 regels vanaf daar" in str(err.value)


def test_a_last_answer_over_several_lines_is_read(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('ID,Vraag,Opmerking\n1,Ja,"goed\nen ""ook"" slecht"\n2,Nee,"slecht\nx"\n', encoding="utf-8")
    df = read_export(ExportSpec(file=str(path)))
    assert df["Opmerking"].tolist() == ['goed\nen "ook" slecht', "slecht\nx"]


def test_a_title_above_the_header_is_named_with_the_rows_to_skip(tmp_path):
    # review of unseen exports: "Kolom 2 (B) heeft geen naam in de kopregel" quoted the real header as an answer
    path = tmp_path / "export.xlsx"
    _workbook(path, [["Resultaten bevraging 2025", "", ""], ["", "", ""], ["ID", "Vraag", "Opmerking"],
                     ["1", "Ja", "goed"], ["2", "Nee", ""]]).save(path)
    with pytest.raises(DataError) as err:
        read_export(ExportSpec(file=str(path)))
    assert "De kopregel lijkt op rij 3 te staan ('ID', 'Vraag', 'Opmerking' …), niet op rij 1: er staan 2 regels" \
        in str(err.value)
    assert "skip_rows: 2" in err.value.fix and "--skip-rows 2" in err.value.fix
    assert read_export(ExportSpec(file=str(path), skip_rows=2))["Vraag"].tolist() == ["Ja", "Nee"]


def test_several_sheets_suggest_the_one_with_the_most_rows(tmp_path):
    path = tmp_path / "export.xlsx"
    wb = _workbook(path, [["Over deze export"], ["gemaakt op 3/1"]], title="Info")
    answers = wb.create_sheet("Form1")
    for r in [["ID", "Vraag"], *([str(i), "Ja"] for i in range(30))]:
        answers.append(r)
    wb.save(path)
    with pytest.raises(DataError) as err:
        read_export(ExportSpec(file=str(path)))
    assert "Het tabblad met de meeste rijen is 'Form1' (31 rijen)" in str(err.value)
    assert "sheet: Form1" in err.value.fix and '--sheet "Form1"' in err.value.fix


def test_a_utf8_byte_order_mark_on_cp1252_text_is_not_part_of_the_first_name(tmp_path):
    # review of unseen exports: the first header became 'ï»¿ID' (the mark read as cp1252), and the tool went undetected
    import codecs

    path = tmp_path / "export.csv"
    path.write_bytes(codecs.BOM_UTF8 + "ID;Woonplaats\n1;Liège\n2;Gent\n".encode("cp1252"))
    df = read_export(ExportSpec(file=str(path)))
    assert list(df.columns) == ["ID", "Woonplaats"] and df["Woonplaats"].tolist() == ["Liège", "Gent"]


def test_a_question_merged_over_its_items_in_a_two_row_header_names_each_item(tmp_path):
    # 'Hoe tevreden bent u over …' merged over B1:D1, the items in row 2: refused with "Kolom 3 (C) heeft geen naam"
    # (review of unseen exports, `pipeline new … --header-rows 2`)
    path = tmp_path / "export.xlsx"
    wb = _workbook(path, [["Nr", "Hoe tevreden bent u over …", None, None, "Geslacht"],
                          [None, "uw woning", "uw buurt", "de prijs", None],
                          [1, "Tevreden", "Neutraal", "Ontevreden", "Man"],
                          [2, "Neutraal", "Tevreden", "Tevreden", "Vrouw"]])
    for cells in ("B1:D1", "A1:A2", "E1:E2"):
        wb.active.merge_cells(cells)
    wb.save(path)
    df = read_export(ExportSpec(file=str(path), header_rows=2))
    assert list(df.columns) == ["Nr", "Hoe tevreden bent u over … | uw woning", "Hoe tevreden bent u over … | uw buurt",
                                "Hoe tevreden bent u over … | de prijs", "Geslacht"]
    assert df.loc[4, "Hoe tevreden bent u over … | de prijs"] == "Tevreden"
    # a two-row header without merged questions keeps the first row's names
    plain = tmp_path / "plain.xlsx"
    _workbook(plain, [["Q1", "Q2"], ["Leeftijd", "Gemeente"], ["34", "Gent"]]).save(plain)
    assert list(read_export(ExportSpec(file=str(plain), header_rows=2)).columns) == ["Q1", "Q2"]
