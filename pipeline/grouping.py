"""Columns that belong together in a draft codebook: split multi-selects and matrix questions.

Tools write one question over several columns: Kobo ``vraag/optie`` and ODK ``vraag/optie`` (1/0
per option, next to a summary column), Qualtrics ``Q5_1, Q5_2 …``, LimeSurvey ``q5[SQ001]``,
SurveyMonkey's option columns under one question (the reader names them ``vraag | optie``), SPSS
multiple-response sets. Columns holding only ticks (1/0, or the option's own text) become one
multiple-choice question; columns holding answers (a scale, ranks) are matrix items: one
question each, sharing the question text, each labelled with its own item, with the same answers.
"""

from __future__ import annotations

import copy
import re

import pandas as pd

from pipeline import answers, draft_types
from pipeline.codebook import normalise

TICKS = {"", "0", "1"}
# LimeSurvey multiple choice, one column per subquestion (FORMATS.md §2.1): answer codes give "Y" for
# ticked and "" (or "N" with convertN) otherwise; full answers give "Yes"/"No"/"N/A", translated into
# the export language. "N/A" is "not shown". A yes/no array does not exist in LimeSurvey (its
# Yes/Uncertain/No array has a third answer), so these columns are one multiple choice.
LIME_CODE_TICKS = {"y", "n"}
LIME_YES = {"yes": "Yes", "ja": "Ja", "oui": "Oui", "sí": "Sí", "si": "Si"}
LIME_NO = {"no", "nee", "non", "nein", "n/a", "n.v.t.", "nvt"}  # "N.v.t.": a Dutch export's "not shown"
RESERVED = ("respondent", "date", "row", "weight", "stratum", "cluster")  # columns the stages add
LABELLED_HEADERS = ("qualtrics", "spss", "limesurvey")  # tools whose second header / labels are question texts


def parent_of(column: str, tool: str) -> tuple[str, str] | None:
    """(question, option) when the column is one part of a question written over several columns."""
    if " | " in column:
        parent, option = column.split(" | ", 1)
        return parent, option
    m = re.fullmatch(r"(.+)\[(.+)\]", column)
    if m:
        return m.group(1), m.group(2)
    if "/" in column:
        parent, option = column.rsplit("/", 1)
        if parent and option:
            return parent, option
    if tool in ("qualtrics", "spss"):
        m = re.fullmatch(r"(.+?)_(\d+)", column)
        if m:
            return m.group(1), m.group(2)
    return None


def _groups(columns: list[str], tool: str) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for col in columns:
        split = parent_of(col, tool)
        if split:
            found.setdefault(split[0], []).append((col, split[1]))
    return {p: members for p, members in found.items() if len(members) >= 2}


def questions(raw: pd.DataFrame, columns: list[str], tool: str, small_cell: int, notes: list[str]) -> list[dict]:
    from pipeline.scaffold import infer_question

    labels = raw.attrs.get("header_labels", {}) if tool in LABELLED_HEADERS else {}
    value_labels = raw.attrs.get("value_labels", {})
    user_missing = raw.attrs.get("user_missing", {})  # SPSS codes declared missing ("9 = Geen antwoord")
    names: set[str] = set(RESERVED)
    taken: set[str] = set()
    out: list[dict] = []
    groups = _groups(columns, tool)
    mr_sets = {m["variable_list"][0]: (name, m) for name, m in raw.attrs.get("mr_sets", {}).items()
               if m.get("type") == "D" and all(v in columns for v in m.get("variable_list", []))}
    in_group = {c for members in groups.values() for c, _ in members}
    in_mr = {v for _, m in mr_sets.values() for v in m["variable_list"]}
    done: set[str] = set()
    for col in columns:
        if col in done:
            continue
        if col in mr_sets:
            name, m = mr_sets[col]
            members = [(v, labels.get(v) or raw.attrs.get("header_labels", {}).get(v) or v) for v in m["variable_list"]]
            counted = answers.numbers(pd.Series([str(m.get("counted_value"))]))[0].iloc[0]
            ticked = str(int(counted)) if counted == counted and float(counted).is_integer() else str(m["counted_value"])
            out.append(_multi(name, m.get("label") or name, members, [ticked], names, taken,
                              ["meervoudige-antwoordenset uit het SPSS-bestand"]))
            done.update(m["variable_list"])
            continue
        if col in in_mr:
            continue
        if col in groups and col not in in_group:
            notes.append(f"'{col}': samenvattende kolom van een meerkeuzevraag; de aparte kolommen per optie "
                         "worden gebruikt")
            done.add(col)
            continue
        split = parent_of(col, tool) if col in in_group else None
        if split and split[0] in groups:
            parent = split[0]
            members = groups.pop(parent)
            done.update(c for c, _ in members)
            # LimeSurvey's "Anders, namelijk" of a multiple choice ('G1Q2[other]') holds typed text, not a tick: in the
            # group it made the options a matrix of single choices labelled with the respondents' words (review of
            # unseen exports); it is the question's own open question
            other = [(c, o) for c, o in members if o.strip().casefold() == "other"] if len(members) > 2 else []
            members = [m for m in members if m not in other]
            text = labels.get(parent) or _shared_text([labels.get(c) for c, _ in members]) or parent
            opts = [(c, _option_label(labels.get(c), o)) for c, o in members]
            grouped = _grouped(raw, parent, text, opts, small_cell, names, taken, tool)
            if grouped is None:
                for c, _ in members:
                    q = infer_question(c, raw[c], names, small_cell, value_labels.get(c), labels.get(c), user_missing.get(c))
                    q["label"] = _unique_label(q["label"], taken)
                    out.append(q)
            else:
                out.extend(grouped)
            for c, _ in other:
                from pipeline.scaffold import slug, unique

                out.append({"name": unique(slug(c), names), "source": c, "type": "free_text",
                            "label": _unique_label(f"{draft_types.clean_label(text, 60)}: anders, namelijk", taken),
                            "_notes": ["het vak 'Anders, namelijk' van de meerkeuzevraag erboven: open antwoorden (wie "
                                       "alleen dit invulde, telt daar niet mee als antwoord)"]})
            if grouped is None:
                continue
            if parent in columns and parent not in done:
                notes.append(f"'{parent}': samenvattende kolom van een meerkeuzevraag; de aparte kolommen per "
                             "optie worden gebruikt")
                done.add(parent)
            continue
        q = infer_question(col, raw[col], names, small_cell, value_labels.get(col), labels.get(col),
                           user_missing.get(col))
        q["label"] = _unique_label(q["label"], taken)
        out.append(q)
        done.add(col)
    return out


def _shared_text(header_labels: list[str | None]) -> str | None:
    """The question text the items' own labels share: Qualtrics writes "question - item" (and
    "question - Selected Choice - option" for a multiple answer) in its second header row."""
    if not header_labels or not all(h and " - " in h for h in header_labels):
        return None
    heads = {h.rsplit(" - ", 1)[0].strip() for h in header_labels}
    if len(heads) != 1:
        return None
    head = heads.pop()
    return re.sub(r" - selected choice$", "", head, flags=re.IGNORECASE).strip() or None


def _option_label(header_label: str | None, option: str) -> str:
    if header_label and " - " in header_label:  # Qualtrics: "question text - option"
        return header_label.rsplit(" - ", 1)[1].strip()
    return header_label or option


def _unique_label(label: str, taken: set[str], context: str = "") -> str:
    out = label
    if out in taken and context:
        out = f"{label} — {draft_types.clean_label(context, 50)}"
    i = 2
    while out in taken:
        out = f"{label} ({i})"
        i += 1
    taken.add(out)
    return out


def _multi(name: str, text: str, members: list[tuple[str, str]], ticked: list[str], names: set[str],
           taken: set[str], notes: list[str]) -> dict:
    from pipeline.scaffold import slug, unique

    codes: set[str] = set()
    return {
        "name": unique(slug(name), names), "type": "multiple_choice",
        "label": _unique_label(draft_types.clean_label(text), taken),
        "answers": [{"code": unique(slug(label, 30), codes), "label": draft_types.clean_label(label), "source": col}
                    for col, label in members],
        "selected": ticked,
        "_notes": [*notes, f"meerkeuze: {len(members)} kolommen (één per optie) samengevoegd tot één vraag; "
                           "de volgorde van de opties is die van de export"],
    }


def _grouped(raw: pd.DataFrame, parent: str, text: str, opts: list[tuple[str, str]], small_cell: int,
             names: set[str], taken: set[str], tool: str) -> list[dict] | None:
    from pipeline.scaffold import slug, unique

    cols = [c for c, _ in opts]
    values = [set(answers.norm(raw[c])) - {""} for c in cols]
    seen = set().union(*values)
    if seen <= TICKS - {""}:
        return [_multi(parent, text, opts, ["1"], names, taken, [])]
    if tool == "limesurvey" and "y" in seen and seen <= LIME_CODE_TICKS:
        return [_multi(parent, text, opts, ["Y"], names, taken, ["LimeSurvey: 'Y' is aangevinkt"])]
    yes = seen & set(LIME_YES)
    if tool == "limesurvey" and len(yes) == 1 and seen <= yes | LIME_NO:
        word = LIME_YES[yes.pop()]
        return [_multi(parent, text, opts, [word], names, taken,
                       [f"LimeSurvey (volledige antwoorden): '{word}' is aangevinkt, 'N/A' is niet getoond"])]
    own_text = all(not v or v == {normalise(o)} for v, (_, o) in zip(values, opts, strict=True))
    if all(len(v) <= 1 for v in values) and any(values) and (own_text or tool == "surveymonkey"):
        ticked = sorted({raw[c].astype(str).str.strip().replace("", pd.NA).dropna().iloc[0]
                         for c, v in zip(cols, values, strict=True) if v})
        return [_multi(parent, text, opts, ticked, names, taken,
                       ["een aangevinkte optie bevat de tekst van de optie zelf"])]
    kinds = {draft_types.infer(raw[c], small_cell)[0]["type"] for c in cols if values[cols.index(c)]}
    if len(kinds) != 1 or kinds & {"free_text", "date", "municipality"}:
        return None  # a group of different questions (Kobo/ODK group path), not a matrix
    stacked = pd.concat([raw[c] for c in cols], ignore_index=True)
    typed, notes = draft_types.infer(stacked, small_cell)
    out = []
    for col, option in opts:
        out.append({
            "name": unique(f"{slug(parent, 20)}_{slug(option, 19).removeprefix('q_')}", names), "source": col,
            "label": _unique_label(draft_types.clean_label(option), taken, text),
            "text": draft_types.clean_label(text, 400), **copy.deepcopy(typed),
            "_notes": [f"matrixvraag: item van '{draft_types.clean_label(text, 60)}', met dezelfde antwoorden als "
                       "de andere items", *notes],
        })
    return out
