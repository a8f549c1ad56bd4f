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

from pipeline import answers, municipalities, privacy
from pipeline.errors import ConfigError
from pipeline.io import PACKAGE, ROOT, write_text
from pipeline.readers import ExportSpec, read_export

MAX_LEVELS = 12
TIME_REASONS = {"tijdstip"}


def slug(text: str, max_len: int = 40) -> str:
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", "_", s).strip("_")[:max_len].strip("_")
    if not s or not s[0].isalpha():
        s = "q_" + s
    return s


def _unique(name: str, used: set[str]) -> str:
    out, i = name, 2
    while out in used:
        out = f"{name}_{i}"
        i += 1
    used.add(out)
    return out


def infer_question(column: str, values: pd.Series, used: set[str]) -> dict:
    """A draft codebook entry for one column."""
    name = _unique(slug(column), used)
    text = values.fillna("").astype(str).str.strip()
    filled = text[text != ""]
    q: dict = {"name": name, "source": column, "label": str(column)[:80]}
    if filled.empty:
        return {**q, "type": "free_text", "analyse": False}
    nums, bad = answers.numbers(filled)
    if not bad.any() and filled.nunique() > MAX_LEVELS:
        return {**q, "type": "number", "min": float(nums.min()), "max": float(nums.max()),
                "integer": bool((nums == nums.round()).all())}
    formats = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y"]
    dates, bad_dates = answers.dates(filled, formats)
    if not bad_dates.any():
        used_formats = [f for f in formats if not answers.dates(filled, [f])[1].all()]
        return {**q, "type": "date", "date_formats": used_formats or formats}
    if municipalities.resolve(filled).notna().mean() >= 0.8 and filled.nunique() > 3:
        return {**q, "type": "municipality"}
    for sep in (";", ","):
        if sep == ";" and filled.str.contains(";").mean() > 0.5:
            options = sorted({t.strip() for v in filled for t in v.split(sep) if t.strip()})
            if len(options) <= 3 * MAX_LEVELS:
                return {**q, "type": "multiple_choice", "separator": sep, "answers": _answers(options)}
    keys = answers.norm(filled)
    levels = keys.value_counts()
    if len(levels) <= MAX_LEVELS and (levels >= 2).mean() >= 0.5:
        spelling = filled.groupby(keys.to_numpy()).agg(lambda v: v.value_counts().index[0])
        out = {**q, "type": "single_choice", "answers": _answers([spelling[k] for k in levels.index])}
        return {**out, **_merge_proposal(out["answers"], levels.to_numpy())}
    return {**q, "type": "free_text"}


def _merge_proposal(answers_: list[dict], counts, small_cell: int = 5) -> dict:
    """A proposed codebook ``merge`` (docs/codebook.md): answers given by 1 … small_cell−1 people,
    when there are at least two and together they reach small_cell; published as one row they need
    no hiding (and no other answer needs hiding to protect them). The researcher checks it."""
    small = [a for a, n in zip(answers_, counts, strict=True) if 0 < n < small_cell]
    if len(small) < 2 or sum(int(n) for n in counts if 0 < n < small_cell) < small_cell:
        return {}
    return {"merge": [{"answers": [a["code"] for a in small], "label": " of ".join(a["label"] for a in small),
                       "note": "Voorstel: deze kleine antwoorden samen tonen, zodat ze niet verborgen worden "
                               "(controleer of dat inhoudelijk klopt)."}]}


def _answers(values: list[str]) -> list[dict]:
    used: set[str] = set()
    return [{"code": _unique(slug(v, 30), used), "label": str(v)} for v in values]


def draft_codebook(cid: str, export: Path, raw: pd.DataFrame, tool: str) -> tuple[dict, list[str]]:
    questions, identifying, notes, used = [], [], [], set()
    id_column = None
    date_column = None
    for col in raw.columns:
        reason = privacy.looks_identifying(col, raw[col])
        if reason == "respondent-id" and id_column is None and raw[col].is_unique:
            id_column = col
            continue
        if reason:
            identifying.append(col)
            notes.append(f"'{col}': lijkt identificerend ({reason}); wordt niet overgenomen")
            if reason in TIME_REASONS and date_column is None:
                date_column = col
            continue
        questions.append(infer_question(col, raw[col], used))
    if id_column is None:
        id_column = "_row"
        notes.append("geen respondent-id gevonden: het rijnummer wordt gebruikt (pas 'respondent.id' aan)")
    today = dt.date.today()
    cb = {
        "id": cid,
        "title": f"Raadpleging {cid.replace('_', ' ')} (ontwerp)",
        "source_line": f"LEVL, raadpleging {cid.replace('_', ' ')}",
        "synthetic": False,
        "method": "TODO: beschrijf hoe de respondenten bereikt werden.",
        "tool": tool,
        "period": {"start": today.isoformat(), "end": today.isoformat()},
        "target_respondents": len(raw),
        "small_cell": 5,
        "small_cell_sensitive": 10,
        "max_quarantine_share": 0.10,
        "export": {"file": export.name, "tool": tool},
        "respondent": {"id": id_column, **({"date": {"column": date_column, "keep": "date"}} if date_column else {})},
        "identifying": identifying,
        "questions": questions,
    }
    return cb, notes


def new_consultation(cid: str, export_file: str, tool: str = "auto") -> Path:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", cid):
        raise ConfigError("de naam van een raadpleging bestaat uit kleine letters, cijfers en _", value=cid,
                          fix="bijvoorbeeld: python -m pipeline new jongeren_stemmen --from export.xlsx")
    src = Path(export_file).resolve()
    folder = ROOT / "surveys" / cid
    if folder.exists():
        raise ConfigError("deze raadpleging bestaat al", file=folder, fix="kies een andere naam of verwijder de map")
    raw_dir = ROOT / "raw" / cid
    raw_dir.mkdir(parents=True, exist_ok=True)
    target = raw_dir / src.name
    if src != target:
        shutil.copyfile(src, target)
    raw = read_export(ExportSpec(file=str(target), tool=tool))
    cb, notes = draft_codebook(cid, target, raw, raw.attrs.get("tool", tool))
    header = ("# ONTWERP-codeboek, afgeleid uit de export door `python -m pipeline new`.\n"
              "# Controleer elke vraag: type, labels, volgorde van de antwoorden, ontbrekende waarden,\n"
              "# routing (ask_if), gevoelige vragen (sensitive: true), periode, methode en doel.\n"
              + "".join(f"# - {n}\n" for n in notes))
    folder.mkdir(parents=True)
    write_text(folder / "codebook.yml", header + yaml.safe_dump(cb, allow_unicode=True, sort_keys=False, width=100))
    template = (PACKAGE / "templates" / "report_template.py").read_text(encoding="utf-8")
    write_text(folder / "report.py", template.replace("{{consultation}}", cid))
    write_text(folder / "README.md", f"# {cid}\n\nExport: `raw/{cid}/{target.name}`. Codeboek: `codebook.yml` "
               "(ONTWERP — controleer elke vraag). Rapport: `report.py` (jupytext; schrijf de bevindingen en "
               "aanbevelingen). Bouwen: `make all`.\n")
    print(f"nieuwe raadpleging surveys/{cid}/ met {len(cb['questions'])} vragen; "
          f"{len(cb['identifying'])} identificerende kolommen gemarkeerd. Controleer codebook.yml en voer `make all` uit.")
    return folder
