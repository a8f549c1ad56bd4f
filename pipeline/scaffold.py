"""``python -m pipeline new <id> --from <export>``: a new consultation in minutes.

Reads the export with the same readers as the pipeline, and writes ``surveys/<id>/`` with

* ``codebook.yml`` — a DRAFT inferred from the data: every column with its detected type
  (number, date, municipality, single or multiple choice, free text), the observed answers as
  levels, columns that look identifying flagged and left out, and the tool's respondent id;
* ``report.py`` — a report notebook from the template that shows every question;
* ``README.md`` — what to check before the report goes out.

The export is copied into ``raw/<id>/`` unchanged. ``make all`` then builds a first report.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from pathlib import Path

import pandas as pd
import yaml

from pipeline import answers, draft_types, fmt, grouping, privacy
from pipeline.errors import ConfigError, DataError
from pipeline.io import PACKAGE, ROOT, write_text
from pipeline.readers import ExportSpec, read_export, tools

MAX_LEVELS = draft_types.MAX_LEVELS
SMALL_CELL = 5
TIME_REASONS = {"tijdstip"}


def slug(text: str, max_len: int = 40) -> str:
    # scrubbed first: a name made of "jan.peeters@levl.be" would give the address back (jan_peeters_levl_be)
    s = unicodedata.normalize("NFKD", privacy.scrub(str(text))).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", "_", s).strip("_")[:max_len].strip("_")
    if not s or not s[0].isalpha():
        s = "q_" + s
    return s


def unique(name: str, used: set[str]) -> str:
    out, i = name, 2
    while out in used:
        out = f"{name}_{i}"
        i += 1
    used.add(out)
    return out


_unique = unique


def infer_question(column: str, values: pd.Series, used: set[str], small_cell: int = SMALL_CELL,
                   value_labels: dict | None = None, label: str | None = None,
                   missing: list[str] | None = None) -> dict:
    """A draft codebook entry for one column (``_notes`` holds what was guessed)."""
    q: dict = {"name": unique(slug(column), used), "source": column,
               "label": draft_types.clean_label(label or column)}
    if (label and label != column) or q["label"].endswith(" …"):  # the question as asked, uncut
        q["text"] = draft_types.clean_label(label or column, 1000)
    typed, notes = draft_types.infer(values, small_cell, value_labels, missing)
    proposal = _merge_proposal(typed, values, small_cell)
    if proposal:
        notes = [*notes, "kleine antwoorden: samenvoegen voorgesteld (merge), zodat ze niet verborgen worden"]
    return {**q, **typed, **proposal, "_notes": notes}



def _holds_addresses(values) -> bool:
    """Whether a column named like an e-mail column holds addresses: at least half of its filled cells have an
    '@' (an anonymous Microsoft Forms export writes "anonymous" in every cell: no person to recognise)."""
    text = [str(v).strip() for v in values.dropna().tolist() if str(v).strip()]
    return bool(text) and sum("@" in v for v in text) * 2 >= len(text)

def _merge_proposal(typed: dict, values: pd.Series, small_cell: int = SMALL_CELL) -> dict:
    """A proposed codebook ``merge`` (docs/codebook.md) for a single choice whose answers come from
    the tool, e.g. SPSS value labels (typed answers below ``small_cell`` are already left out as "other"): answers
    given by 1 … small_cell−1 people, when there are at least two and together they reach
    small_cell; published as one row they need no hiding. The researcher checks it."""
    if typed.get("type") != "single_choice":  # codebook: merge applies to single choice only
        return {}
    keys = answers.norm(values.dropna().astype(str).str.strip())
    counts = keys.value_counts()
    small, total = [], 0
    for a in typed.get("answers", []):
        n = int(sum(counts.get(k, 0) for k in {answers.norm(pd.Series([v])).iloc[0]
                                                 for v in [a["label"], a["code"], *a.get("aliases", [])]}))
        if 0 < n < small_cell:
            small.append(a)
            total += n
    if len(small) < 2 or total < small_cell or len(small) == len(typed.get("answers", [])):
        return {}  # every answer small (a sample of a few rows): merged they would be one row of 100 %
    return {"merge": [{"answers": [a["code"] for a in small], "label": " of ".join(a["label"] for a in small),
                       "note": "Voorstel: deze kleine antwoorden samen tonen, zodat ze niet verborgen worden "
                               "(controleer of dat inhoudelijk klopt)."}]}


def draft_codebook(cid: str, export: Path, raw: pd.DataFrame, tool: str,
                   small_cell: int = SMALL_CELL) -> tuple[dict, list[str]]:
    """The draft codebook for an export read by :func:`read_export`, and the comments for its head."""
    notes: list[str] = [f"enquêtetool: {tool} ({raw.attrs.get('tool_reason', 'opgegeven')})"]
    columns = list(raw.columns)
    id_column = next((c for c in tools.preferred(tool, "id", columns) if _is_id(raw[c])), None)
    date_column, period = None, None
    for c in tools.preferred(tool, "date", columns):
        period = _period(raw[c])
        if period:
            date_column = c
            break
    identifying: list[str] = []
    rest: list[str] = []
    emails: list[str] = []
    for col in columns:
        if col in (id_column, date_column):
            continue
        role = tools.role(tool, col)
        reason = privacy.looks_identifying(col, raw[col]) or ("respondent-id" if _looks_like_ids(raw[col]) else None)
        if reason == "e-mailadressen" and _holds_addresses(raw[col]):
            emails.append(col)
        if reason == "respondent-id" and id_column is None and _is_id(raw[col]):
            id_column = col
            continue
        if role is not None:
            identifying.append(col)
            continue
        if reason:
            identifying.append(col)
            notes.append(f"'{col}': lijkt identificerend ({reason}); wordt niet overgenomen")
            if reason in TIME_REASONS and date_column is None and _period(raw[col]):
                date_column, period = col, _period(raw[col])
            continue
        rest.append(col)
    meta = [c for c in identifying if tools.role(tool, c)]
    if meta:
        notes.append(f"{fmt.count(len(meta), 'kolom', 'kolommen')} van {tool} zelf (id, tijdstippen, status, versie, locatie …) "
                     f"{fmt.verb(len(meta), 'wordt', 'worden')} niet overgenomen: " + ", ".join(meta))
    questions = grouping.questions(raw, rest, tool, small_cell, notes)
    if id_column is None:
        id_column = "_row"
        notes.append("geen respondent-id gevonden: het rijnummer wordt gebruikt (pas 'respondent.id' aan)")
    if period is None:
        today = dt.date.today().isoformat()
        period = {"start": today, "end": today}
        notes.append("geen inzenddatum in de export: de periode is die van vandaag; vul de echte periode in")
    else:
        notes.append(f"periode: eerste en laatste inzending in '{date_column}'")
    notes.append(f"doel (target_respondents) = het aantal rijen met antwoorden ({len(raw)}); zet het echte doel")
    decimals = {q.pop("_decimal") for q in questions if "_decimal" in q}
    if decimals == {","} and _point_decimals(raw, questions):  # '1.100' in one column, '1.58' in another
        decimals = set()
        notes.append("getallen met een punt voor de duizendtallen (1.100) én getallen met een decimale punt (1.58): "
                     "zet `export.decimal` niet; kijk de getalvragen na (een komma- of puntgetal wordt geweigerd)")
    respondent: dict = {"id": id_column}
    if emails:  # the same address twice is the same person sending the form again (keyed hash, never stored)
        respondent["person"] = emails[:1]
        notes.append(f"herhaalde inzendingen: herkend aan hetzelfde e-mailadres in '{emails[0]}' (respondent.person); "
                     "de laatste inzending telt")
    if date_column:
        respondent["date"] = {"column": date_column, "keep": "date", "formats": _formats(raw[date_column], notes)}
    cb = {
        "id": cid,
        "title": f"Raadpleging {cid.replace('_', ' ')} (ontwerp)",
        "source_line": f"LEVL, raadpleging {cid.replace('_', ' ')}",
        "synthetic": False,
        "method": "TODO: beschrijf hoe de respondenten bereikt werden.",
        "tool": tools.DISPLAY_NAMES.get(tool, tool),
        "period": period,
        "target_respondents": len(raw),
        "small_cell": small_cell,
        "small_cell_sensitive": 10,
        "max_quarantine_share": 0.10,
        "export": {"file": export.name, "tool": tool, **({"decimal": decimals.pop()} if len(decimals) == 1 else {})},
        "respondent": respondent,
        "identifying": [privacy.scrub(c) for c in identifying],  # documentation only: nothing reads it
        "questions": questions,
    }
    return cb, notes


def _point_decimals(raw: pd.DataFrame, questions: list[dict]) -> bool:
    """Whether a number question of the draft has values with a decimal point (1.58), which a decimal comma for the
    export would refuse (a second review: 60 of 60 rows quarantined)."""
    for q in questions:
        if q.get("type") == "number" and q.get("source") in raw.columns:
            text = raw[q["source"]].fillna("").astype(str).str.strip()
            if text.str.fullmatch(r"-?\d+\.(?:\d{1,2}|\d{4,})").any():
                return True
    return False


def _looks_like_ids(values: pd.Series) -> bool:
    """A column of codes, one per row and each different ('R0000', 'a7f3-…', '000123'): a respondent's id
    by another name ('respid'), drafted as an open question, put the tool's ids beside the pseudonyms in
    clean.parquet. Words (no digit), sentences (spaces) and numbers that repeat are not."""
    text = values.fillna("").astype(str).str.strip()
    text = text[text != ""]
    if len(text) < 10 or not text.is_unique or len(text) < 0.9 * len(values):
        return False
    if not answers.dates(text, draft_types.DATE_FORMATS)[1].any():  # dates, each different: a date question
        return False
    return bool(text.str.fullmatch(r"[\w.:/#-]{1,64}").all() and text.str.contains(r"\d").all()
                and not pd.to_numeric(text, errors="coerce").notna().all() or text.str.match(r"0\d").all())


def _is_id(values: pd.Series) -> bool:
    text = values.fillna("").astype(str).str.strip()
    return bool(len(text)) and (text != "").all() and text.is_unique


def _formats(values: pd.Series, notes: list[str] | None = None) -> list[str]:
    """The formats that read the submission times, in one order of day and month: when both day/month and
    month/day read every time (each day 12 or less), the order in which the submissions fall closest together (a
    Dutch Google Sheet's 1 … 12 March read as 3 January … 3 December; review of unseen exports), day first among
    equals (Belgium)."""
    filled = values.fillna("").astype(str).str.strip()
    filled = filled[filled != ""]
    formats = [f for f in draft_types.DATE_FORMATS if not answers.dates(filled, [f])[1].all()]
    day_first = [f for f in formats if re.search(r"%d[/.-]%m", f)]
    month_first = [f for f in formats if "%m/%d" in f]
    if not day_first or not month_first:
        return formats
    spans = []
    for order in (day_first, month_first):
        parsed, bad = answers.dates(filled, order)
        if bad.any():  # one order does not read every time: nothing to choose (each value reads as it can)
            return formats
        spans.append(parsed.max() - parsed.min())
    dropped = month_first if spans[0] <= spans[1] else day_first
    if notes is not None:
        kept = "dag/maand" if dropped is month_first else "maand/dag"
        notes.append(f"dag en maand van de inzendtijden waren niet te onderscheiden (geen dag boven 12): gelezen als "
                     f"{kept}, zo vallen de inzendingen het dichtst bij elkaar; controleer de periode")
    return [f for f in formats if f not in dropped]


def _period(values: pd.Series) -> dict | None:
    """First and last date in a column of submission times, if most of it reads as dates."""
    filled = values.fillna("").astype(str).str.strip()
    filled = filled[filled != ""]
    formats = _formats(filled)
    if filled.empty or not formats:
        return None
    parsed, bad = answers.dates(filled, formats)
    if bad.mean() > 0.1:
        return None
    parsed = parsed.dropna()
    return {"start": parsed.min().date().isoformat(), "end": parsed.max().date().isoformat()}


def _yaml(cb: dict) -> str:
    """The codebook as YAML, with each question's guesses as comments above it."""
    questions = cb["questions"]
    head = {k: v for k, v in cb.items() if k != "questions"}
    out = yaml.safe_dump(head, allow_unicode=True, sort_keys=False, width=100) + "questions:\n"
    for q in questions:
        notes = q.pop("_notes", [])
        out += "".join(f"  # {privacy.scrub(n)}\n" for n in notes)
        block = yaml.safe_dump([q], allow_unicode=True, sort_keys=False, width=100)
        out += "".join(f"  {line}\n" for line in block.splitlines())
    return out


def new_consultation(cid: str, export_file: str, tool: str = "auto", sheet: str | None = None,
                     skip_rows: int | None = None, header_rows: int | None = None) -> Path:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", cid):
        raise ConfigError("de naam van een raadpleging bestaat uit kleine letters, cijfers en _", value=cid,
                          fix="bijvoorbeeld: python -m pipeline new jongeren_stemmen --from export.xlsx")
    src = Path(export_file).resolve()
    if not src.is_file():
        raise ConfigError("het exportbestand na --from bestaat niet", file=export_file,
                          fix="controleer het pad en de naam van het bestand (bv. --from ~/Downloads/antwoorden.xlsx)")
    folder = ROOT / "surveys" / cid
    if folder.exists():
        raise ConfigError("deze raadpleging bestaat al", file=folder, fix="kies een andere naam of verwijder de map")
    raw_dir = ROOT / "raw" / cid
    new_dir = not raw_dir.exists()
    raw_dir.mkdir(parents=True, exist_ok=True)
    try:
        return _draft_into(cid, src, raw_dir, folder, tool, {"sheet": sheet, "skip_rows": skip_rows,
                                                             "header_rows": header_rows})
    except BaseException:
        # a failed draft leaves nothing behind: its copy beside a later, good export was silently ignored
        if new_dir:
            shutil.rmtree(raw_dir, ignore_errors=True)
        raise


def _draft_into(cid: str, src: Path, raw_dir: Path, folder: Path, tool: str, layout: dict) -> Path:
    # make cannot handle spaces or parentheses in prerequisites: the copy gets a safe name (same bytes)
    # and no identifier: the name is published in provenance.json and the appendix (scrubbed first, since
    # '@' → '_' would hide an address from the codebook check)
    target = raw_dir / re.sub(r"[^\w.\-]+", "_", privacy.scrub(src.stem) + src.suffix)
    if src != target:
        shutil.copyfile(src, target)
    layout = {k: v for k, v in layout.items() if v is not None}  # --sheet, --skip-rows, --header-rows
    raw = read_export(ExportSpec(file=str(target), tool=tool, **layout))
    if "PARENT_KEY" in raw.columns:
        raise DataError("Dit is een bestand met de rijen van een herhaalde groep (kolom PARENT_KEY), niet met de "
                        "respondenten zelf.", file=src.name, column="PARENT_KEY",
                        fix="Gebruik het hoofdbestand van de export (zonder PARENT_KEY) met --from.")
    cb, notes = draft_codebook(cid, target, raw, raw.attrs.get("tool", tool))
    cb["export"].update(layout)  # what the draft was read with, the codebook reads with
    header = ("# ONTWERP-codeboek, afgeleid uit de export door `python -m pipeline new`.\n"
              "# Controleer elke vraag: type, labels, volgorde van de antwoorden, ontbrekende waarden,\n"
              "# routing (ask_if), gevoelige vragen (sensitive: true), periode, methode en doel.\n"
              + "".join(f"# - {privacy.scrub(n)}\n" for n in notes))
    folder.mkdir(parents=True)
    write_text(folder / "codebook.yml", header + _yaml(cb))
    template = (PACKAGE / "templates" / "report_template.py").read_text(encoding="utf-8")
    write_text(folder / "report.py", template.replace("{{consultation}}", cid))
    explore = (PACKAGE / "templates" / "explore_template.py").read_text(encoding="utf-8")
    write_text(folder / "notebooks" / "explore.py", explore.replace("{{consultation}}", cid))
    write_text(folder / "README.md", f"# {cid}\n\nExport: `raw/{cid}/{target.name}`. Codeboek: `codebook.yml` "
               "(ONTWERP — controleer elke vraag). Rapport: `report.py` (jupytext; schrijf de bevindingen en "
               "aanbevelingen). Bouwen: `make all`.\n")
    print(f"enquêtetool: {cb['export']['tool']} — {raw.attrs.get('tool_reason', '')}")
    print(f"nieuwe raadpleging surveys/{cid}/ met {fmt.count(len(cb['questions']), 'vraag', 'vragen')}; "
          f"{fmt.count(len(cb['identifying']), 'identificerende kolom', 'identificerende kolommen')} gemarkeerd. Controleer codebook.yml en voer `make all` uit.")
    return folder
