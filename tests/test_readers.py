"""pipeline.readers: real samples from shared/samples and crafted bad inputs."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest

from pipeline.errors import ConfigError, DataError
from pipeline.readers import ExportSpec, read_export

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"samples not found at {SAMPLES}")


def sample(rel: str) -> str:
    return str(SAMPLES / rel)


def read(path: Path | str, **kw) -> object:
    return read_export(ExportSpec(str(path), **kw))


def all_text(df) -> bool:
    return all(isinstance(v, str) for col in df.columns for v in df[col]) and not df.isna().any().any()


# --------------------------------------------------------------------------- real samples


@needs_samples
def test_every_sample_is_readable():
    tools = {"qualtrics": "qualtrics", "surveymonkey": "surveymonkey", "eusurvey": "eusurvey",
             "google_forms": "google_forms", "kobotoolbox": "kobotoolbox", "odk": "odk", "spss": "spss"}
    files = [p for p in SAMPLES.rglob("*") if p.suffix.lower() in (".csv", ".xlsx", ".xls", ".sav")]
    assert len(files) >= 25
    for path in files:
        df = read(path, tool=tools[path.parent.name])
        assert len(df) > 0 and len(df.columns) > 0, path
        assert all_text(df), path
        assert df.attrs["file"] == str(path)


@needs_samples
def test_qualtrics_three_header_rows():
    df = read(sample("qualtrics/qualtRics__sample_3header_de.csv"), tool="qualtrics")
    assert list(df.columns[:4]) == ["StartDate", "EndDate", "Status", "IPAddress"]
    assert list(df.columns[-3:]) == ["Q1", "Q2", "Q2 - Topics"]
    assert len(df) == 1 and list(df.index) == [4]  # 3 header rows, data from row 4
    assert df.loc[4, "StartDate"] == "2017-07-18 08:28:09"
    assert df.loc[4, "Q2"] == "Hello World!"
    assert df.loc[4, "Q2 - Topics"] == ""
    assert df.attrs["header_labels"]["StartDate"] == "Anfangsdatum"
    assert df.attrs["header_labels"]["Q1"] == "This is a multiple choice question."
    assert df.attrs["import_ids"]["Q1"] == "QID1"
    assert df.attrs["header_rows"] == 3 and df.attrs["encoding"] == "utf-8" and df.attrs["delimiter"] == ","


@needs_samples
def test_qualtrics_legacy_two_headers_bom_and_trailing_comma():
    df = read(sample("qualtrics/qualtRics__sample_legacy_2header_de.csv"), tool="qualtrics")
    assert df.attrs["header_rows"] == 2  # detected: no ImportId row
    assert df.attrs["encoding"] == "utf-8-sig"
    assert df.columns[0] == "V1"  # BOM not glued to the first name
    assert len(df.columns) == 15 and df.columns[-1] == "LocationAccuracy"  # empty trailing column dropped
    assert list(df.index) == [3]
    assert df.loc[3, "V1"] == "R_2YPOQ602ER1jkf1" and df.loc[3, "Q2"] == "Hello World!"
    assert df.attrs["header_labels"]["V5"] == "EmailAddress"


@needs_samples
def test_surveymonkey_starwars_cp1252_and_combined_headers():
    df = read(sample("surveymonkey/fivethirtyeight__StarWars.csv"), tool="surveymonkey")
    assert df.attrs["encoding"] == "cp1252"
    assert len(df) == 1186 and df.index[0] == 3 and df.index[-1] == 1188
    assert df.columns[0] == "RespondentID"
    assert df.columns[1] == "Have you seen any of the 6 films in the Star Wars franchise?"
    seen = "Which of the following Star Wars films have you seen? Please select all that apply."
    assert f"{seen} | Star Wars: Episode IV  A New Hope" in df.columns
    rank = ("Please rank the Star Wars films in order of preference with 1 being your favorite film "
            "in the franchise and 6 being your least favorite film.")
    assert f"{rank} | Star Wars: Episode IV  A New Hope" in df.columns
    assert "Do you consider yourself to be a fan of the Expanded Universe?\u0152\u00e6" in df.columns
    assert df.loc[3, "RespondentID"] == "3292879998"
    assert df.loc[3, "Gender"] == "Male"
    assert df.loc[3, f"{seen} | Star Wars: Episode I  The Phantom Menace"] == "Star Wars: Episode I  The Phantom Menace"


@needs_samples
def test_surveymonkey_steak_html_in_header():
    df = read(sample("surveymonkey/fivethirtyeight__steak-risk-survey.csv"), tool="surveymonkey")
    assert len(df) == 550 and df.attrs["encoding"] == "utf-8"
    assert df.columns[1].startswith("Consider the following hypothetical situations: <br>")
    assert df.loc[3, "RespondentID"] == "3237565956" and df.loc[3, df.columns[1]] == "Lottery B"
    assert df.loc[3, "Do you eat steak?"] == ""
    assert df.loc[4, "Household Income"] == "$50,000 - $99,999"


@needs_samples
def test_google_forms_csv_with_newlines_in_cells():
    df = read(sample("google_forms/uvads__hot_dog_survey_spring25 - Form Responses 1.csv"), tool="google_forms")
    assert df.columns[0] == "Timestamp" and len(df.columns) == 9
    assert len(df) == 64 and df.index[0] == 2
    assert df.loc[2, "Timestamp"] == "1/15/2025 21:53:05"
    assert df.loc[2, "What is the rationale behind your opinion?"].startswith("The content inside isn\u2019t")
    assert df.loc[2, "What state or country were you born in?"] == "VA, USA"


@needs_samples
def test_google_forms_xlsx_cells_as_text():
    df = read(sample("google_forms/uvads__Is hotdog a sandwich_ (Responses).xlsx"), tool="google_forms")
    assert list(df.columns) == ["Timestamp", "What year are you in?", "Is hotdog a sandwich?"]
    assert len(df) == 207 and df.index[0] == 2
    assert df.loc[2, "Timestamp"] == "2025-08-29 17:17:56.622"
    assert df.loc[2, "What year are you in?"] == "4"  # Excel number 4.0 as a person reads it
    assert df.attrs["sheet"] == "Form Responses 1"


@needs_samples
def test_eusurvey_xls_preamble():
    df = read(sample("eusurvey/EVERSE__Content_Export_EVERSElandscaping_Survey_results_16-10-2024_nopersonal.xls"),
              tool="eusurvey")
    assert df.attrs["skip_rows"] == 3 and df.attrs["sheet"] == "Content"
    assert df.index[0] == 5  # Alias / Export Date / blank / header
    assert df.columns[0] == "The perspective you assume in the survey is (P3)"
    assert len(df.columns) == 228 and len(df) == 28
    assert "research software manager(ID77)" in df.loc[5, df.columns[2]]


@needs_samples
def test_kobo_semicolon_csv_and_xlsx_agree():
    csv_df = read(sample("kobotoolbox/kobo_formpack__labels_nl.csv"), tool="kobotoolbox")
    xlsx_df = read(sample("kobotoolbox/kobo_formpack__labels_nl.xlsx"), tool="kobotoolbox")
    assert csv_df.attrs["delimiter"] == ";"
    assert list(csv_df.columns) == list(xlsx_df.columns)
    assert "Hoeveel jaar woont u in België?" in csv_df.columns
    assert len(csv_df) == 3 and list(csv_df.index) == [2, 3, 4]
    assert csv_df.loc[2, "Welke drempels ervaart u?/Taal"] == "1"
    assert csv_df.loc[4, "Welke drempels ervaart u?/Taal"] == ""  # not answered: empty, not 0
    assert csv_df.loc[2, "Toelichting (open vraag)"] == 'Moeilijk om "erkenning" te krijgen; wachttijd > 6 maanden'
    assert xlsx_df.loc[2, "Score (0-10)"] == csv_df.loc[2, "Score (0-10)"] == "7.5"
    assert xlsx_df.loc[2, "today"] == "2024-03-05"


@needs_samples
def test_odk_quoted_commas():
    df = read(sample("odk/central_test_expected__mytestform_fullmeta.csv"), tool="odk")
    assert df.columns[0] == "SubmissionDate" and len(df) == 3
    assert df.loc[2, "hometown"] == "Seattle, WA" and df.loc[4, "name"] == "Chelsea"


@needs_samples
def test_spss_codes_labels_and_user_missing():
    df = read(sample("spss/pyreadstat__basic_sample_missing.sav"), tool="spss")
    assert list(df.columns) == ["mychar", "mynum", "mydate", "dtime", "mylabl", "myord", "mytime"]
    assert len(df) == 7 and df.index[0] == 1
    assert df.loc[1, "mylabl"] == "1"  # 1.0 → "1"
    assert df.loc[1, "mynum"] == "1.1"
    assert df.loc[1, "mydate"] == "2018-05-06"
    assert df.loc[1, "dtime"] == "2018-05-06 10:10:10"
    assert df.attrs["value_labels"]["mylabl"] == {"-1": "undetermined", "1": "Male", "2": "Female"}
    assert df.attrs["user_missing"]["myord"] == ["-1", "-2", "-3"]
    assert "-1" in df.attrs["user_missing"]["mynum"]
    assert df.attrs["user_missing_ranges"]["mynum"] == [["2000", "3000"]]
    assert df.attrs["header_labels"]["mylabl"] == "labeled"
    assert df.attrs["encoding"] == "windows-1252"
    assert df.loc[5, "mydate"] == "" and df.loc[7, "mychar"] == ""  # system-missing → ""
    assert df.loc[7, "mynum"] == "2500"  # user-missing (range 2000-3000) kept as its code


@needs_samples
def test_spss_user_missing_code_kept_not_nan():
    df = read(sample("spss/pyreadstat__multiple_response_simple_alltypes.sav"))
    assert df.attrs["tool"] == "spss"
    assert df.loc[1, "z"] == "-9"  # user-missing (range -999..0) kept as its code
    assert df.attrs["value_labels"]["z"] == {"999": "skipped"}
    assert "-9" in df.attrs["user_missing"]["z"] and "999" in df.attrs["user_missing"]["z"]
    assert df.loc[1, "y"] == "2000-01-01"


@needs_samples
def test_spss_expected_csv_with_bom():
    df = read(sample("spss/pyreadstat__basic_sample.csv"))
    assert df.columns[0] == "mychar" and df.attrs["encoding"] == "utf-8-sig" and len(df) == 5


# --------------------------------------------------------------------------- crafted files: encodings


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_bom(tmp_path):
    df = read(write(tmp_path, "bom.csv", "\ufeffnaam,stad\nAn,Gent\n".encode()))
    assert list(df.columns) == ["naam", "stad"] and df.attrs["encoding"] == "utf-8-sig"
    assert df.loc[2, "stad"] == "Gent"


def test_cp1252_fallback(tmp_path):
    df = read(write(tmp_path, "cp.csv", "vraag;antwoord\n1;café – ok\n".encode("cp1252")))
    assert df.attrs["encoding"] == "cp1252" and df.attrs["delimiter"] == ";"
    assert df.loc[2, "antwoord"] == "café – ok"


def test_utf16_tab_excel_unicode_text(tmp_path):
    text = "Vraag\tAntwoord\r\n1\tCrème brûlée\r\n2\tJa\r\n"
    df = read(write(tmp_path, "unicode.txt", text.encode("utf-16")))
    assert df.attrs["encoding"] == "utf-16" and df.attrs["delimiter"] == "\t"
    assert df.loc[2, "Antwoord"] == "Crème brûlée" and list(df.index) == [2, 3]


def test_semicolon_with_decimal_comma(tmp_path):
    data = "leeftijd;score;bedrag\r\n34;7,5;1.250,50\r\n".encode("cp1252")
    df = read(write(tmp_path, "nl.csv", data), decimal=",")
    assert df.attrs["delimiter"] == ";" and df.attrs["decimal"] == ","
    assert df.loc[2, "score"] == "7,5" and df.loc[2, "bedrag"] == "1.250,50"  # numbers stay text


def test_explicit_encoding_and_delimiter(tmp_path):
    df = read(write(tmp_path, "x.csv", "a|b\n1|é\n".encode("latin-1")), encoding="latin-1", delimiter="|")
    assert df.loc[2, "b"] == "é" and df.attrs["encoding"] == "latin-1"


def test_undecodable_text(tmp_path):
    path = write(tmp_path, "bad.csv", b"a,b\n1,2\n3,\x81\x8d\n")
    with pytest.raises(DataError) as err:
        read(path)
    assert err.value.file == str(path) and err.value.row == 3 and err.value.value == "0x81"
    assert "tekenset" in err.value.message and err.value.fix


def test_binary_file_named_csv(tmp_path):
    path = write(tmp_path, "bin.csv", b"a,b\n\x00\x01\x02\x03\x00\x00\x00")
    with pytest.raises(DataError) as err:
        read(path)
    assert err.value.file == str(path) and err.value.row == 2


# --------------------------------------------------------------------------- crafted files: layout


def test_two_header_rows_surveymonkey(tmp_path):
    data = "Respondent ID,Welke talen?,,Leeftijd\n,Nederlands,Frans,Response\n11,Nederlands,,34\n"
    df = read(write(tmp_path, "sm.csv", data.encode()), tool="surveymonkey")
    assert list(df.columns) == ["Respondent ID", "Welke talen? | Nederlands", "Welke talen? | Frans", "Leeftijd"]
    assert df.loc[3, "Welke talen? | Nederlands"] == "Nederlands" and df.loc[3, "Leeftijd"] == "34"
    assert df.attrs["header_labels"]["Leeftijd"] == "Response"


def test_three_header_rows_qualtrics(tmp_path):
    data = ('StartDate,Q1\nBegindatum,Hoe oud bent u?\n"{""ImportId"":""startDate""}","{""ImportId"":""QID1""}"\n'
            "2024-01-02 10:00:00,34\n2024-01-03 11:00:00,51\n")
    df = read(write(tmp_path, "q.csv", data.encode()), tool="qualtrics")
    assert list(df.columns) == ["StartDate", "Q1"] and list(df.index) == [4, 5]
    assert df.attrs["header_labels"] == {"StartDate": "Begindatum", "Q1": "Hoe oud bent u?"}
    assert df.attrs["import_ids"]["Q1"] == "QID1"


def test_header_rows_given_explicitly(tmp_path):
    data = "Q1,Q2\nVraag 1,Vraag 2\nja,nee\n"
    df = read(write(tmp_path, "h.csv", data.encode()), header_rows=2)
    assert list(df.index) == [3] and df.attrs["header_labels"]["Q2"] == "Vraag 2"


def test_eusurvey_like_preamble(tmp_path):
    data = "Alias,mijn-enquete\nExport Date,2024-10-17 01:10:49\n\nVraag 1,Vraag 2\nja,nee\nnee,ja\n"
    df = read(write(tmp_path, "eu.csv", data.encode()), tool="eusurvey")
    assert list(df.columns) == ["Vraag 1", "Vraag 2"] and list(df.index) == [5, 6]
    df2 = read(write(tmp_path, "eu2.csv", data.encode()), skip_rows=3)
    assert list(df2.index) == [5, 6] and df2.loc[6, "Vraag 1"] == "nee"


def test_trailing_blank_lines_dropped_and_short_rows_padded(tmp_path):
    df = read(write(tmp_path, "t.csv", b"a,b,c\r\n1,2,3\r\n4,5\r\n\r\n,,\r\n\r\n"))
    assert list(df.index) == [2, 3] and df.loc[3, "c"] == ""


def test_blank_trailing_rows_in_xlsx_and_sheet_by_name(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Antwoorden"
    ws.append(["ID", "Naam", "Score"])
    ws.append([1, "An", 7.5])
    ws.append([2, "Bo", 8])
    ws.cell(row=10, column=1, value="")
    path = tmp_path / "one.xlsx"
    wb.save(path)
    df = read(path, tool="ms_forms")
    assert list(df.index) == [2, 3] and df.loc[2, "Score"] == "7.5" and df.loc[3, "ID"] == "2"
    assert read(path, sheet="Antwoorden").shape == (2, 3)
    assert read(path, sheet=0).shape == (2, 3)


# --------------------------------------------------------------------------- crafted files: errors


def test_empty_file(tmp_path):
    path = write(tmp_path, "leeg.csv", b"")
    with pytest.raises(DataError) as err:
        read(path)
    assert err.value.file == str(path) and "leeg" in err.value.message and err.value.exit_code == 1


def test_only_blank_lines(tmp_path):
    path = write(tmp_path, "blank.csv", b"\r\n\r\n")
    with pytest.raises(DataError) as err:
        read(path)
    assert err.value.file == str(path)


def test_header_only(tmp_path):
    path = write(tmp_path, "kop.csv", b"Q1,Q2\r\n\r\n")
    with pytest.raises(DataError) as err:
        read(path)
    assert err.value.file == str(path) and err.value.row == 1 and "geen antwoorden" in err.value.message


def test_duplicate_headers_named_with_positions(tmp_path):
    path = write(tmp_path, "dup.csv", b"ID,Leeftijd,Opmerking,Leeftijd\n1,34,,35\n")
    with pytest.raises(DataError) as err:
        read(path)
    e = err.value
    assert e.file == str(path) and e.row == 1 and e.column == "Leeftijd"
    assert "Leeftijd" in e.message
    assert e.details == ["'Leeftijd': kolom 2 (B) en kolom 4 (D)"]


def test_empty_header_on_non_empty_column(tmp_path):
    path = write(tmp_path, "leegkop.csv", b"ID,,Score\n1,geheim,7\n")
    with pytest.raises(DataError) as err:
        read(path)
    e = err.value
    assert e.file == str(path) and e.row == 1 and e.column == "B" and e.value == "geheim"
    assert e.message.startswith("Kolom 2 (B) heeft geen naam")


def test_empty_header_on_empty_column_is_dropped(tmp_path):
    df = read(write(tmp_path, "ok.csv", b"ID,,Score,\n1,,7,\n2,,8,\n"))
    assert list(df.columns) == ["ID", "Score"]


def test_row_with_more_fields_than_header(tmp_path):
    path = write(tmp_path, "te_veel.csv", b'a,b,c\n1,2,3\n4,"5\nmeer",6,7\n8,9,10\n')
    with pytest.raises(DataError) as err:
        read(path)
    e = err.value
    assert e.file == str(path) and e.row == 3 and e.column == "D" and e.value == "7"
    assert "Rij 3" in e.message
    assert e.details == []  # record 3 starts on line 3 too
    path2 = write(tmp_path, "te_veel2.csv", b'a,b\n"x\ny",1\n4,5,6\n')
    with pytest.raises(DataError) as err2:
        read(path2)
    assert err2.value.row == 3 and "regel 4" in err2.value.details[0]


def test_multi_sheet_xlsx_needs_sheet(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Form1"
    wb.active.append(["ID", "Q1"])
    wb.active.append([1, "ja"])
    wb.create_sheet("Blad2").append(["x"])
    path = tmp_path / "twee.xlsx"
    wb.save(path)
    with pytest.raises(DataError) as err:
        read(path)
    e = err.value
    assert e.file == str(path) and "'Form1', 'Blad2'" in e.message and "sheet:" in e.fix
    assert read(path, sheet="Form1").loc[2, "Q1"] == "ja"
    with pytest.raises(DataError) as err2:
        read(path, sheet="Blad3")
    assert err2.value.value == "Blad3" and "'Form1', 'Blad2'" in err2.value.message
    with pytest.raises(DataError):
        read(path, sheet=5)


def test_corrupt_xlsx(tmp_path):
    path = write(tmp_path, "kapot.xlsx", os.urandom(2048))
    with pytest.raises(DataError) as err:
        read(path)
    assert err.value.file == str(path) and "beschadigd" in err.value.message


def test_corrupt_xls_and_truncated_xlsx(tmp_path, ):
    bad_xls = write(tmp_path, "kapot.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(DataError) as err:
        read(bad_xls)
    assert err.value.file == str(bad_xls)
    wb = openpyxl.Workbook()
    wb.active.append(["a"])
    good = tmp_path / "good.xlsx"
    wb.save(good)
    truncated = write(tmp_path, "half.xlsx", good.read_bytes()[:300])
    with pytest.raises(DataError) as err2:
        read(truncated)
    assert err2.value.file == str(truncated)


def test_corrupt_sav(tmp_path):
    path = write(tmp_path, "kapot.sav", b"$FL2" + os.urandom(200))
    with pytest.raises(DataError) as err:
        read(path)
    assert err.value.file == str(path)


def test_missing_file_and_bad_spec(tmp_path):
    with pytest.raises(DataError) as err:
        read(tmp_path / "bestaat_niet.csv")
    assert "bestaat niet" in err.value.message
    path = write(tmp_path, "ok.csv", b"a\n1\n")
    with pytest.raises(ConfigError):
        read(path, tool="typeform2")
    with pytest.raises(ConfigError):
        read(path, header_rows=0)
    with pytest.raises(ConfigError):
        read(path, encoding="klingon")
    with pytest.raises(ConfigError):
        read(path, delimiter=";;")


def test_error_text_is_readable(tmp_path):
    path = write(tmp_path, "dup.csv", b"Q1,Q1\n1,2\n")
    with pytest.raises(DataError) as err:
        read(path)
    text = str(err.value)
    assert "bestand:" in text and "oplossing:" in text and "Traceback" not in text


def test_an_excel_extension_on_something_else_says_what_it_is(tmp_path):
    # review of unseen exports: a password-protected .xlsx, a CSV renamed to .xlsx and a KoboToolbox .zip all
    # got "beschadigd of geen echt Excelbestand" with an English technical message
    import zipfile

    locked = tmp_path / "locked.xlsx"  # what Excel writes: a compound file holding an EncryptionInfo stream
    locked.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504) + "EncryptionInfo".encode("utf-16-le")
                       + bytes(3000))
    with pytest.raises(DataError) as err:
        read(locked)
    assert "wachtwoord" in err.value.message and "wachtwoord weg" in err.value.fix

    text = tmp_path / "antwoorden.xlsx"
    text.write_text("Naam;Leeftijd\nAnn;34\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        read(text)
    assert "tekst" in err.value.message and ".csv" in err.value.fix

    archive = tmp_path / "kobo.xlsx"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("data.sav", b"$FL2")
        z.writestr("labels.txt", b"x")
    with pytest.raises(DataError) as err:
        read(archive)
    assert "zip-archief" in err.value.message and "data.sav" in err.value.message
    assert "technische melding" not in str(err.value)


def test_a_missing_export_names_the_files_that_are_there(tmp_path):
    # a researcher replaced antwoorden.csv by "Form Responses 1 (1).csv": say which file is there
    (tmp_path / "Form Responses 1 (1).csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        read(tmp_path / "antwoorden.csv")
    assert any("Form Responses 1 (1).csv" in d for d in err.value.details) and "export.file" in err.value.fix


def test_qualtrics_display_order_columns_are_the_tools_own():
    # "Q2_DO" (the order a randomised question's options were shown in) became a question with a chart and a
    # table in the report (review of unseen exports)
    from pipeline.readers import tools

    for column in ("Q2_DO", "FL_5_DO", "Wat vindt u belangrijk? - Display Order"):
        assert tools.role("qualtrics", column) == "meta", column
    assert tools.role("qualtrics", "Q2_DOEL") is None and tools.role("qualtrics", "Q2") is None


@pytest.mark.parametrize("extra", [{"header_rows": 2}, {"tool": "surveymonkey"}])
def test_a_second_header_row_that_is_a_respondents_answers_is_refused(tmp_path, extra):
    # unseen-export review: `new … --header-rows 2` (or `--tool surveymonkey`) on a one-header export made the first
    # respondent the second header: counted nowhere, and their e-mail address a column name in the draft codebook
    path = tmp_path / "export.csv"
    path.write_text("Id,Begintijd,E-mail,Leeftijd\n"
                    "1,12/03/2024 10:15:02,amina.silva@voorbeeld.be,34\n"
                    "2,12/03/2024 10:17:40,jan@voorbeeld.be,51\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        read(path, **extra)
    message = str(err.value)
    assert err.value.row == 2 and "rij antwoorden" in message and "--header-rows 1" in message
    assert "'Begintijd'" in message and "'E-mail'" in message
    assert "amina" not in message and "10:15" not in message  # the answers themselves are not repeated
    assert len(read(path)) == 2  # with one header row: both respondents


@pytest.mark.parametrize("first", [
    "Naam van de deelnemer,Gsm,Leeftijd\nFatima Benali,0470 11 22 33,34\n",  # a name and a phone, no time
    "Timestamp,Leeftijd\n2025/01/15 9:53:05 AM GMT+1,34\n",  # Google Forms' own CSV download
    "Datum,Leeftijd\n1 maart 2024 10:15,34\n",  # a time without seconds under a date header
])
def test_more_first_rows_that_are_answers_are_refused_as_a_header(tmp_path, first):
    # a second review: these slipped through, and 'Naam van de deelnemer | Fatima Benali' went into the codebook
    path = tmp_path / "export.csv"
    path.write_text(first + first.splitlines()[1] + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        read(path, header_rows=2)
    assert err.value.row == 2 and "Fatima" not in str(err.value) and "0470" not in str(err.value)


def test_a_surveymonkey_option_that_is_a_date_or_an_address_is_no_answer(tmp_path):
    # a second review: a question of sessions (options '12/03/2024 19:00') or an e-mail option was refused as answers
    path = tmp_path / "sessions.csv"
    path.write_text("Respondent ID,Start Date,Welke sessie?,,Contact\n"
                    ",,12/03/2024 19:00,19/03/2024 19:00,info@levl.be\n"
                    "1142,03/01/2024 10:00:01 AM,12/03/2024 19:00,,info@levl.be\n", encoding="utf-8")
    df = read(path, tool="surveymonkey")
    assert len(df) == 1
