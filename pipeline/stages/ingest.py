"""Ingest: read the export exactly as the tool wrote it, and keep only what the codebook allows.

Default-deny: only the codebook's question columns pass; every other column (names, e-mail
addresses, IP addresses, exact times, device ids …) is dropped here, so it never reaches
processed/. The tool's response id becomes a keyed pseudonym, the person columns a group number
used only to find repeated submissions (no hash of them is kept), the date is coarsened as the codebook asks and free text
is scrubbed of e-mail addresses, phone numbers, register numbers, IBANs and addresses.
"""

from __future__ import annotations

import difflib
import hashlib
import sys

import numpy as np
import pandas as pd

from pipeline import answers, privacy
from pipeline.codebook import Codebook, codebook_for
from pipeline.errors import DataError
from pipeline.fmt import count
from pipeline.io import Progress, sha256_file, write_json, write_parquet
from pipeline.readers import ExportSpec, read_export


ROW_ID = "_row"  # respondent.id when the export has no id column: the row number in the file


def load(cb: Codebook) -> pd.DataFrame:
    spec = ExportSpec(file=str(cb.export_path), **cb.export.model_dump(exclude={"file"}))
    return read_export(spec)


def _needed(cb: Codebook) -> list[str]:
    """The export's columns the codebook reads: id, person, date and every question's sources."""
    needed = [c for c in (cb.respondent.id, *cb.respondent.person) if c != ROW_ID]
    if cb.respondent.date:
        needed.append(cb.respondent.date.column)
    for q in cb.questions:
        needed.extend(q.source_columns)
    return needed


def _require_columns(cb: Codebook, raw: pd.DataFrame) -> None:
    needed = _needed(cb)
    present = list(raw.columns)
    missing = [c for c in needed if c not in present]
    if missing:
        # a name of the first header row over a second row the codebook does not know ('RespondentID | 3237565956':
        # the second header row was deleted and the first row of answers read in its place): named without that row
        first_row = {str(p).partition(" | ")[0] for p in present if " | " in str(p)}
        second_row = [c for c in missing if c.partition(" | ")[0] in first_row]
        details = []
        for c in missing:
            if c in second_row:
                details.append(f"'{c}' — staat in de eerste kopregel, maar met een andere tweede kopregel eronder")
                continue
            close = difflib.get_close_matches(c, [p for p in present if " | " not in str(p)], n=1, cutoff=0.5)
            garbled = bool(close) and _ascii(close[0]) == _ascii(c) and not str(close[0]).isascii()
            details.append(f"'{c}' ({_key_of(cb, c)})" + (f" — bedoelt u '{close[0]}'?" if close else "")
                           + (" Alleen de letters met accent verschillen: is de export in een andere tekencodering "
                              "opgeslagen (bv. Mac Roman)? Sla hem op als UTF-8, of zet `encoding:` onder `export:`"
                              if garbled else ""))
        separator = _other_separator(cb, present, len(needed))
        if separator is not None:
            raise DataError(
                f"de export heeft maar {count(len(present), 'kolom', 'kolommen')}, het codeboek noemt er "
                f"{len(needed)}: de kolommen zijn waarschijnlijk gescheiden door {separator[1]}, niet door het "
                "scheidingsteken waarmee het bestand gelezen werd",
                file=cb.export_path, column=str(present[0])[:80] if present else None,
                fix=f"zet `delimiter: \"{separator[0]}\"` onder `export:` in surveys/{cb.id}/codebook.yml (of haal een "
                    "verkeerde `delimiter` weg), of exporteer opnieuw uit het enquêteprogramma")
        if len(details) > 8:  # the fix must stay on the screen (a message is cut at 40 lines)
            details = details[:8] + [f"… en nog {len(details) - 8}"]
        if second_row and len(second_row) * 2 >= len(missing) and raw.attrs.get("header_rows", 1) >= 2:
            raise DataError(
                "de tweede kopregel van de export is niet wat het codeboek verwacht: is ze verwijderd, zodat de eerste "
                "rij antwoorden als kopregel gelezen werd?",
                file=cb.export_path, column=second_row[0],
                expected=f"{raw.attrs.get('header_rows')} kopregels, zoals de export van het enquêteprogramma ze maakt",
                details=details[:5] + ([f"… en nog {len(details) - 5}"] if len(details) > 5 else []),
                fix="exporteer opnieuw uit het enquêteprogramma en zet het bestand ongewijzigd in raw/; heeft de export "
                    "echt één kopregel, zet dan `header_rows: 1` onder `export:` in het codeboek en pas 'source' aan")
        raise DataError(
            f"{count(len(missing), 'kolom', 'kolommen')} uit het codeboek {'ontbreekt' if len(missing) == 1 else 'ontbreken'} "
            "in de export",
            file=cb.export_path,
            column=missing[0],
            expected="de kolomnamen die het codeboek noemt onder 'source'",
            details=details,
            fix=f"pas in surveys/{cb.id}/codebook.yml de sleutel tussen haakjes aan als de kolom hernoemd is "
            "(een andere taal van het enquêteprogramma geeft andere kolomnamen), of exporteer opnieuw met alle vragen",
        )


def _ascii(text: object) -> str:
    return "".join(ch for ch in str(text) if ch.isascii())


def _key_of(cb: Codebook, column: str) -> str:
    """Where the codebook names an export column: 'respondent.person', 'source van vraag age' …"""
    if column == cb.respondent.id:
        return "respondent.id"
    if column in cb.respondent.person:
        return "respondent.person"
    if cb.respondent.date is not None and column == cb.respondent.date.column:
        return "respondent.date.column"
    q = next((q for q in cb.questions if column in q.source_columns), None)
    if q is not None and q.source != column:
        return f"source van een antwoord van vraag {q.name}"
    return f"source van vraag {q.name}" if q is not None else "codeboek"


def _other_separator(cb: Codebook, present: list, needed: int) -> tuple[str, str] | None:
    """(separator, its Dutch name) when a text export came out as one or two columns whose header holds the
    codebook's columns joined by another separator (LimeSurvey re-exported with ',' while the codebook says ';',
    a 'sep=;' line): the message said only that 46 columns were missing."""
    if needed < 3 or len(present) > 2:
        return None
    header = " ".join(str(p) for p in present)
    names = {";": "puntkomma's (;)", ",": "komma's (,)", "\t": "tabs", "|": "verticale strepen (|)"}
    best = max(names, key=header.count)
    return (best, names[best]) if header.count(best) >= 2 else None


# Qualtrics' Status of a response that no respondent gave: 1 survey preview, 2 survey test, 8 spam, 9 preview spam,
# 12 imported spam, 17 offline survey preview (FORMATS.md §2.4); in a choice-text export, the words
_QUALTRICS_TEST_CODES = {"1", "2", "8", "9", "12", "17"}
_QUALTRICS_TEST_WORDS = r"preview|test|spam"


def _tool_status(cb: Codebook, raw: pd.DataFrame) -> tuple[pd.Series | None, int]:
    """(per row, why the tool says it is no respondent's: '' for a respondent's; None when none is), and how many
    responses the tool marks as not finished. From the tool's own columns, which are dropped after this: a review
    found Qualtrics' previews counted as respondents and unfinished responses counted without a word."""
    used = {c for q in cb.questions for c in q.source_columns}
    cols = {str(c).strip().casefold(): c for c in raw.columns if c not in used}
    tool = cb.export.tool
    test, unfinished = None, 0
    if tool == "qualtrics":
        status = cols.get("status")
        if status is not None:
            s = answers.norm(raw[status]).fillna("")
            hit = s.isin(_QUALTRICS_TEST_CODES) | s.str.contains(_QUALTRICS_TEST_WORDS, regex=True)
            if hit.any():
                test = pd.Series("", index=raw.index, dtype=object)
                test[hit.to_numpy(dtype=bool)] = "Qualtrics-status " + raw.loc[hit.to_numpy(dtype=bool), status].astype(str).str.strip()
        finished = cols.get("finished")
        if finished is not None:
            unfinished = int(answers.norm(raw[finished]).isin(["0", "false", "onwaar"]).sum())
    elif tool == "limesurvey":
        submitted = cols.get("submitdate") or cols.get("date submitted") or cols.get("datum verstuurd")
        if submitted is not None:
            unfinished = int((raw[submitted].fillna("").astype(str).str.strip() == "").sum())
    return test, unfinished


def _coarse_date(cb: Codebook, raw: pd.DataFrame, order=None) -> tuple[pd.Series | None, int, pd.Series | None]:
    """The respondent's date, coarsened as the codebook asks, and how many could not be read; with ``order`` (a
    mask of the rows of people who sent the form more than once), also those rows' place in the order of
    submission (``_when``: 0 for the earliest time, the same number for the same time, -1 when unreadable or for
    any other row), so that clean keeps a person's latest submission, not the last row of a sorted sheet. The time
    itself is not kept."""
    spec = cb.respondent.date
    if spec is None or (spec.keep == "none" and order is None):
        return None, 0, None
    parsed, unreadable = answers.dates(raw[spec.column], spec.formats, serials=True)
    when = None
    if order is not None:
        ranks = np.full(len(raw), -1, dtype="int64")  # -1: no time, or nobody to compare with
        if order.any():
            rank = parsed[order].rank(method="dense").sub(1).fillna(-1)
            ranks[order] = rank.to_numpy(dtype="int64")
        when = pd.Series(ranks, index=raw.index)
    if spec.keep == "none":
        return None, 0, when
    fmt = "%Y-%m-%d" if spec.keep == "date" else "%Y-%m"
    return _day_strftime(parsed, fmt), int(unreadable.sum()), when


def _day_strftime(parsed: pd.Series, fmt: str) -> pd.Series:
    """``parsed.dt.strftime(fmt).fillna("")`` for a format of the day or coarser, formatted once per
    distinct day: a million submission times fall on a few hundred days (0.35 s → 0.05 s)."""
    codes, days = pd.factorize(parsed.dt.floor("D"), use_na_sentinel=True)
    labels = np.array([*days.strftime(fmt), ""], dtype=object)  # code -1 (no date): ''
    return pd.Series(labels[codes], index=parsed.index, name=parsed.name, dtype="str")


_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\t": " "})


# From this many rows the pseudonyms are made in a second thread while the answers are scrubbed: the keyed hash is
# Python (it holds the interpreter's lock), the scrubbing mostly Arrow (which lets go of it), so the two share two
# cores (a million respondents: about a second less). Below it a thread costs more than it saves.
_BESIDE_FROM = 50_000


def _beside(fn, *args, **kwargs):
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="levl-pseudonyms")
    try:
        return pool.submit(fn, *args, **kwargs)
    finally:
        pool.shutdown(wait=False)  # the thread ends with its one task


def _same_header(cb: Codebook, raw: pd.DataFrame) -> pd.DataFrame:
    """The export with a header that differs from the codebook's source only in its kind of space (a no-break
    space typed in the form's question) named as the codebook names it: the message said "bedoelt u 'Hoe oud
    bent u?'" with two names that looked the same."""
    needed = _needed(cb)
    present = set(raw.columns)
    by_look = {_looks(c): c for c in raw.columns}
    rename = {by_look[_looks(c)]: c for c in needed
              if c not in present and by_look.get(_looks(c)) not in (None, *needed)}
    return raw.rename(columns=rename) if rename else raw


def _looks(header: object) -> str:
    """A header as it looks: its kind of space, its Unicode form ('België' typed as e + ¨ on a Mac) and invisible
    characters (a soft hyphen) do not count."""
    import unicodedata

    from pipeline.codebook import INVISIBLE

    return unicodedata.normalize("NFC", INVISIBLE.sub("", str(header).translate(_SPACES)))


def process(cb: Codebook, raw: pd.DataFrame, key: bytes) -> tuple[pd.DataFrame, dict]:
    raw = _same_header(cb, raw)
    _require_columns(cb, raw)
    cols: dict[str, pd.Series] = {}  # one frame at the end: inserting 200 columns one by one fragmented it
    ids = [str(r) for r in raw.index] if cb.respondent.id == ROW_ID else raw[cb.respondent.id].tolist()
    if cb.respondent.personal_code and cb.respondent.id != ROW_ID:  # typed by the person: case and spaces do not count
        ids = [privacy.personal_code(v) for v in ids]
    elif cb.respondent.id != ROW_ID:
        _ids_not_shortened(cb, raw[cb.respondent.id])
    # keyed with the consultation's id before it ("<id>:<row>" as the row number always was): response 1 of two
    # consultations was one pseudonym, and 175 different people shared one between two waves
    salt = privacy.salt_for(cb.respondent, cb.id)
    cols["respondent"] = None  # first column; the keyed hashes are made beside the scrubbing below (_beside)
    pending = _beside(privacy.pseudonymise, ids, key, prefix="R", salt=salt) if len(ids) >= _BESIDE_FROM else None
    if pending is None:
        cols["respondent"] = pd.Series(privacy.pseudonymise(ids, key, prefix="R", salt=salt), index=raw.index)
    person = None
    if cb.respondent.person:
        parts = [answers.norm(raw[c]) for c in cb.respondent.person]  # pandas strings (pyarrow)
        # what a tool writes for a respondent it does not know is nobody: an anonymous Microsoft Forms export has
        # "anonymous" on every row, which made all 60 respondents one person and kept 1 of them
        parts = [part.where(~part.isin(NOBODY), "") for part in parts]
        person = parts[0]
        for part in parts[1:]:  # row-wise "|".join, vectorised
            person = person + "|" + part
        person = person.where(person.str.strip("|") != "", "")
    copies = _copies(cb, raw)
    if copies is not None:  # one submission twice in an export without ids: the same person sent it
        base = person if person is not None else pd.Series("", index=raw.index, dtype="string")
        person = base.where(copies == "", copies)
    if person is not None:
        cols["_person"] = _person_groups(person)
    repeated = None
    if person is not None:  # the rows of a person with more than one: only their order of submission counts
        repeated = ((person != "") & person.duplicated(keep=False)).to_numpy(dtype=bool)
    date, dates_unreadable, when = _coarse_date(cb, raw, order=repeated)
    if date is not None:
        cols["date"] = date
    if when is not None:
        cols["_when"] = when
    own_names = _own_names(cb, raw)
    for q in cb.questions:
        if q.type == "free_text" and own_names is not None:  # before the name columns are dropped
            cols[q.name] = privacy.scrub_own_name(privacy.scrub_series(raw[q.source]), own_names)
            continue
        if q.type == "multiple_choice" and q.answers[0].source is not None:
            for a in q.answers:  # a ticked value is "Y" or "1"; anything else may be typed text
                cols[q.indicator(a.code)] = privacy.scrub_series(raw[a.source])
        else:  # every typed answer is scrubbed ("Anders: bel 0475 …" in a choice column too)
            cols[q.name] = privacy.scrub_series(raw[q.source])
    test, unfinished = _tool_status(cb, raw)
    if test is not None:
        cols["_test"] = test
    if pending is not None:
        cols["respondent"] = pd.Series(pending.result(), index=raw.index)
    out = pd.DataFrame(cols, index=raw.index)
    out.index.name = "row"
    kept = {c for q in cb.questions for c in q.source_columns} | {cb.respondent.id}
    dropped = sorted(str(c) for c in raw.columns if c not in kept)
    report = {
        "file": cb.export.file,
        "encoding": raw.attrs.get("encoding"),
        "rows_read": len(raw),
        "dates_unreadable": dates_unreadable,  # kept, with an empty date (the date is not analysed)
        # rows equal to another in every column, time included, in an export without ids (clean keeps the last)
        "copies": 0 if copies is None else int((copies != "").sum() - copies[copies != ""].nunique()),
        # responses the tool marks as not finished (LimeSurvey: no submitdate; Qualtrics: Finished 0): kept, with
        # what they answered; and its test and spam responses, which validate sets apart
        "unfinished": unfinished,
        "tool_tests": 0 if test is None else int((test != "").sum()),
        "columns_read": len(raw.columns),
        # a header can itself identify ("Naam: Jan Peeters"): a count and a hash, never the names
        "columns_dropped": len(dropped),
        "columns_dropped_sha256": hashlib.sha256("\n".join(dropped).encode("utf-8")).hexdigest(),
        "key_fingerprint": privacy.fingerprint(key),
    }
    return out, report


_SHORTENED = r"\s*\d(?:[.,]\d+)?[eE]\+\d+\s*"  # 1,14229E+11: a long number as Excel shows it in a cell


def _ids_not_shortened(cb: Codebook, ids: pd.Series) -> None:
    """Refuse response ids that Excel wrote as '1,14229E+11' (an export opened and saved in Excel): their last
    digits are gone, so different respondents share one, and 549 of 550 rows were refused as "dubbele
    respondent-id" without a word on Excel. The ids themselves are not printed."""
    text = ids.astype("string").fillna("")
    if not text.str.contains("+", regex=False).any():  # every shortened id has its 'E+' (a quick look first)
        return
    shortened = text.str.fullmatch(_SHORTENED)
    if not shortened.any():
        return
    first = int(ids.index[shortened.to_numpy(dtype=bool)][0])
    raise DataError(
        f"{count(int(shortened.sum()), 'respondent-id', 'respondent-id’s')} in de export "
        f"{'is' if int(shortened.sum()) == 1 else 'zijn'} door Excel afgekort tot een getal als 1,23457E+11: de "
        "laatste cijfers zijn weg, zodat verschillende respondenten dezelfde id krijgen",
        file=cb.export_path, row=first, column=cb.respondent.id,
        fix="gebruik de export zoals het enquêteprogramma hem maakt (niet geopend en opgeslagen in Excel), of "
            "importeer het CSV-bestand in Excel met de id-kolom als tekst",
    )


def _copies(cb: Codebook, raw: pd.DataFrame) -> pd.Series | None:
    """In an export without response ids (Google Forms), rows equal in every column, their submission time to the
    second included: one submission twice (an export pasted under itself). Per row a key shared by its
    copies ('' for the others), so that clean keeps one as a repeated submission; None when there are none."""
    spec = cb.respondent.date
    if cb.respondent.id != ROW_ID or spec is None or spec.column not in raw.columns:
        return None
    # rows sharing a submission time first (one column), then whole rows among those only: an export of a
    # million rows is not compared column by column
    stamp = raw[spec.column]
    # to the second: a stamp to the minute (an export re-saved by Excel) is shared by people who fill in the form
    # side by side (a workshop: 10 of 28 participants with the same short answers counted as copies of others)
    timed = stamp.astype("string").fillna("").str.contains(r"\d:\d\d:\d\d", regex=True).to_numpy(dtype=bool)
    same_time = stamp.duplicated(keep=False).to_numpy(dtype=bool) & timed
    if not same_time.any():
        return None
    twice = np.zeros(len(raw), dtype=bool)
    twice[np.flatnonzero(same_time)] = raw[same_time].duplicated(keep=False).to_numpy(dtype=bool)
    if not twice.any():
        return None
    rows = ["\x1f".join(map(str, r)) for r in raw[twice].itertuples(index=False)]
    codes, _ = pd.factorize(pd.Series(rows, index=raw.index[twice]))
    key = pd.Series("", index=raw.index, dtype="string")
    key[twice] = ["\x00copy:" + str(c) for c in codes]  # never an e-mail address or a name
    return key


def _own_names(cb: Codebook, raw: pd.DataFrame) -> pd.Series | None:
    """Each row's name, from the export's name columns ('Naam', 'Voornaam', 'Name' …; never kept), or None."""
    used = {c for q in cb.questions for c in q.source_columns}
    columns = [c for c in raw.columns if c not in used and privacy.looks_identifying(str(c)) == "naam"]
    if not columns:
        return None
    names = raw[columns[0]].astype("string").fillna("")
    for c in columns[1:]:
        names = names + " " + raw[c].astype("string").fillna("")
    return names


# the person columns' values that name nobody (compared after answers.norm: trimmed, one case)
NOBODY = ("anonymous", "anoniem", "anonyme", "anonym", "anónimo", "anonimo", "anon", "onbekend", "unknown", "inconnu",
          "n/a", "na", "n.v.t.", "nvt", "none", "null", "nan", "geen", "-", "--", "/", ".", "?")


def _person_groups(person: pd.Series) -> pd.Series:
    """Rows of the same person share a number ("P1", "P2" … in order of first appearance); '' stays ''.

    Only clean needs to know which rows repeat a person, so no hash of an e-mail address is kept:
    a keyed hash would confirm a guessed address to whoever holds the key. The labels are made in
    Arrow ("P" joined to the number as text), not as a Python string per row (a million rows: 0.8 → 0.3 s).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    codes, _ = pd.factorize(person.where(person != "", None), use_na_sentinel=True)
    text = pa.large_string()
    number = pc.cast(pa.array(codes + 1, mask=codes < 0), text)  # no person (code -1): null
    labels = pc.fill_null(pc.binary_join_element_wise(pa.scalar("P", text), number, pa.scalar("", text)),
                          pa.scalar("", text))
    dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    return pd.Series(pd.arrays.ArrowStringArray(labels, dtype=dtype), index=person.index, name=person.name)


def save(cb: Codebook, frame: pd.DataFrame, report: dict, codes: pd.DataFrame | None = None) -> None:
    write_json(cb.processed_dir / "ingest.json", report)
    if codes is not None:
        write_parquet(cb.processed_dir / "codes.parquet", codes)
    write_parquet(cb.processed_dir / "ingested.parquet", frame.reset_index(), hand_on=True)  # to validate


def run(consultation: str) -> None:
    progress = Progress("ingest", consultation)
    cb = codebook_for(consultation)
    raw = load(cb)
    key = privacy.load_key()
    frame, report = process(cb, raw, key)
    report["sha256"] = sha256_file(cb.export_path)
    codes = None
    if cb.coding is not None:  # researchers' theme codes of open answers, pseudonymised like the export
        from pipeline.coding import read_codes

        codes = read_codes(cb, raw, key)
    save(cb, frame, report, codes)
    unreadable = int(report.get("dates_unreadable") or 0)
    # an unreadable submission date is kept as an empty date (the date is not analysed), but said here: a whole
    # column of Excel serial numbers or another date order was lost without a word
    dates = ([f"{count(unreadable, 'inzendingsdatum', 'inzendingsdatums')} onleesbaar (leeg gelaten; controleer "
              "'formats' bij respondent.date in het codeboek)"] if unreadable else [])
    progress.done(f"{count(report['rows_read'], 'rij', 'rijen')} gelezen uit {report['file']}",
                  f"{count(report['columns_dropped'], 'kolom', 'kolommen')} niet overgenomen "
                  "(identificerend of niet in codeboek)", *dates, *_new_columns(cb, raw), *_unread(cb),
                  *([f"{count(report['copies'], 'rij is een kopie', 'rijen zijn een kopie')} van een andere (zelfde "
                     "tijdstip en antwoorden: twee keer geplakt?); clean telt ze één keer"] if report.get("copies") else []),
                  *([f"{count(report['unfinished'], 'antwoord', 'antwoorden')} niet afgerond (wat ingevuld werd, "
                     "telt mee)"] if report.get("unfinished") else []),
                  *([f"{count(report['tool_tests'], 'testantwoord', 'testantwoorden')} van de enquêtetool (apart "
                     "gehouden)"] if report.get("tool_tests") else []),
                  "→ ingested.parquet")


def _new_columns(cb: Codebook, raw: pd.DataFrame) -> list[str]:
    """A word on columns that are neither in the codebook nor identifying nor the tool's own: a question added
    to the form after the codebook was drafted was left out with only a count (on the terminal only, scrubbed;
    ingest.json keeps a count and a hash of the names)."""
    from pipeline.readers import tools

    tool = str(raw.attrs.get("tool") or cb.export.tool)
    known = {c for q in cb.questions for c in q.source_columns} | {cb.respondent.id, *cb.respondent.person,
                                                                    *cb.identifying}
    if cb.respondent.date is not None:
        known.add(cb.respondent.date.column)
    # ODK and KoboToolbox put a multiple choice in one column ('q1': 'a b') and in one per option ('q1/a'): the
    # codebook reads the options, so the joined column is no new question (a fresh draft warned on its first build)
    joined = {k.rsplit("/", 1)[0] for k in known if "/" in str(k)}
    new = [str(c) for c in raw.columns if c not in known and c not in joined and str(c).strip()
           and tools.role(tool, str(c)) is None and privacy.looks_identifying(str(c)) is None]
    if not new:
        return []
    names = ", ".join(f"'{privacy.scrub(n)}'" for n in new[:3]) + (f" en nog {len(new) - 3}" if len(new) > 3 else "")
    return [f"niet in het codeboek: {names} (een nieuwe vraag? voeg ze toe, of zet ze onder identifying)"]


def _unread(cb: Codebook) -> list[str]:
    """A word on other files in raw/<id>/ that nothing reads: a newer export put beside the old one was ignored
    without a word, while the codebook still names the old one."""
    from pipeline.provenance import REPORT_FILES

    known = {cb.export.file, "README.md", *REPORT_FILES, *([cb.coding.file] if cb.coding is not None else [])}
    others = sorted(p.name for p in cb.raw_dir.iterdir() if p.is_file() and p.name not in known
                    and not p.name.startswith("."))
    if not others:
        return []
    return [f"niet gelezen in raw/{cb.id}/: " + ", ".join(others[:3]) + (" …" if len(others) > 3 else "")
            + f" (het codeboek leest {cb.export.file})"]


if __name__ == "__main__":  # pragma: no cover
    run(sys.argv[1])
