"""The frequency tables as published: a chart per one-way table (bars, or one diverging chart per
battery of Likert statements) and every table as a sheet of tabellen.xlsx.

Every number goes through :mod:`pipeline.publish`, so a hidden cell never appears. The charts stage
writes them (pipeline/stages/charts.py); the report draws the same charts (pipeline/report/blocks.py).
"""

from __future__ import annotations

import re

import pandas as pd
from matplotlib.figure import Figure

from pipeline import fmt
from pipeline.analyses.correspondence import tables as correspondence
from pipeline.analyses.themes.tables import not_coded_text
from pipeline.charts import figures
from pipeline.charts.files import Chart, Part, Sheet
from pipeline.codebook import Codebook
from pipeline.publish import FLAG, NO_PCT, SUPPRESSED, Published, published
from pipeline.report.sentences import NOTHING_SHOWN

ONE_WAY = ("frequency", "multiple")


def _sheet_name(index: int, title: str, used: set[str]) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique (case-insensitive)."""
    clean = re.sub(r"[\[\]:*?/\\']", "", title).strip()
    name = f"{index:02d} {clean}"
    if len(name) > 31:  # cut at a word and mark the cut
        name = name[:30].rsplit(" ", 1)[0].rstrip(" ,") + "…"
    k = 2
    while name.casefold() in used:
        name = f"{index:02d}-{k} {clean}"[:31].rstrip()
        k += 1
    used.add(name.casefold())
    return name


# ------------------------------------------------------------------------------------------------
# survey consultations


def _question_text(cb: Codebook, variable: str, label: str) -> str:
    q = cb.by_name.get(variable)
    if q is None:  # a bins variable (age_group): the question it was made from
        q = next((x for x in cb.questions if x.bins is not None and x.bins.name == variable), None)
    if q is not None:
        return q.asked or label
    return label


def _label(cb: Codebook, variable: str) -> str:
    q = cb.by_name.get(variable)
    if q is not None:
        return q.label
    q = next((x for x in cb.questions if x.bins is not None and x.bins.name == variable), None)
    return q.label if q is not None else variable


def source_line(cb: Codebook, base: int | list[int] | None) -> str:
    """The source line, with n: one base, or the bases of a battery's statements ('n = 36–37')."""
    line = f"Bron: {cb.source_line}{fmt.SYNTHETIC if cb.synthetic else ''}"
    if base is None:
        return line
    # a base hidden with its routed question (analyses/frequencies/routing.py) is no n at all
    bases = [int(b) for b in (base if isinstance(base, list) else [base]) if b is not None and not pd.isna(b)]
    return line + (f", n = {fmt.bases(bases)}" if bases else "")


def _survey_chart(cb: Codebook, name: str, t: pd.DataFrame, headline: pd.Series | None = None) -> Chart:
    # the report's title for the same finding: the codebook's headline with its published share
    title = correspondence.finding_title(cb, t) or figures.finding(t, headline)
    subtitle = _question_text(cb, str(t["variable"].iloc[0]), str(t["label"].iloc[0]))
    source = source_line(cb, t["base"].max())
    unit = "paren" if cb.correspondence is not None else "respondenten"
    alt = figures.alt_text(t, title, subtitle, source, unit=unit)

    def draw(shape: str, t: pd.DataFrame = t) -> Figure:
        return figures.bars(t, title, subtitle, source, shape)

    return Chart(name, draw, title, subtitle, source, alt)


def _likert_chart(cb: Codebook, estimates: pd.DataFrame, names: list[str]) -> Chart:
    items, labels, title, subtitle = figures.likert_parts(cb, estimates, names)
    source = source_line(cb, [t["base"].max() for t in items])  # one n per statement: 36 of 37
    top_box = cb.by_name[names[0]].top_box

    def draw(shape: str) -> Figure:
        return figures.likert(items, labels, title, subtitle, source, shape, top_box)

    return Chart(f"stellingen_{names[0]}", draw, title, subtitle, source,
                 figures.likert_alt(items, labels, title, subtitle, source))


def _cells(p: Published, kind: str) -> tuple[list[str], list[list[tuple[object, str | None]]]]:
    """The published numbers as cells: numbers stay numbers, a hidden cell shows its mark."""
    nums, text = p.numbers, p.text
    columns = [c for c in nums.columns]
    rows = []
    for i in range(len(nums)):
        row_marks = str(nums["Teken"].iloc[i]) if "Teken" in nums.columns else ""
        label = str(nums.iloc[i, 0])
        out: list[tuple[object, str | None]] = []
        for col in columns:
            value = nums[col].iloc[i]
            if col in ("Antwoord", "Teken"):
                out.append(("" if pd.isna(value) else str(value), None))
                continue
            if kind == "number":
                fmt_key = "count" if col == "Aantal respondenten" else "decimal"
            elif kind == "crosstab":
                fmt_key = "count" if label == "Aantal respondenten (basis)" else "pct"
            else:
                fmt_key = "count" if col == "Aantal" else "pct"
            flagged = (row_marks == FLAG) if "Teken" in nums.columns else (
                col in text.columns and str(text[col].iloc[i]).endswith(FLAG))
            if fmt_key == "pct" and flagged:
                fmt_key = "pct_flagged"
            if pd.isna(value):
                if row_marks in (SUPPRESSED, NO_PCT):
                    mark = row_marks
                elif col in text.columns and str(text[col].iloc[i]) in (SUPPRESSED, NO_PCT):
                    mark = str(text[col].iloc[i])
                elif kind == "number" and str(text["Gemiddelde"].iloc[i]) in (SUPPRESSED, NO_PCT):
                    mark = str(text["Gemiddelde"].iloc[i])  # the interval's bounds: as the mean's own cell
                else:
                    mark = NO_PCT
                out.append((mark, "mark"))
            else:
                out.append((float(value), fmt_key))
        rows.append(out)
    return columns, rows


def _survey_sheets(cb: Codebook, estimates: pd.DataFrame, marks: list[str]) -> list[Sheet]:
    sheets, used = [], {"toelichting"}
    for i, name in enumerate(dict.fromkeys(estimates["table"]), start=1):
        t = estimates[estimates["table"] == name]
        kind = str(t["kind"].iloc[0])
        by = t["by"].iloc[0]
        by_label = _label(cb, str(by)) if kind == "crosstab" and isinstance(by, str) else None
        p = published(estimates, name, by_label=by_label, min_base=cb.min_base_pct)
        if by_label:  # publish lower-cases the whole label ("belgië"): only the first letter
            p.title = f"{t['label'].iloc[0]}, naar {by_label[:1].lower()}{by_label[1:]}"
        elif kind == "number":
            p.title = f"{p.title}: gemiddelde en mediaan"
        columns, rows = _cells(p, kind)
        waiting = not_coded_text(cb, name, t)
        if waiting:  # no theme given yet: a count of 0 would read as 'nobody mentioned it'
            rows = [[(NO_PCT, "mark") if col == "Aantal" else cell for col, cell in zip(columns, row)] for row in rows]
        question = _question_text(cb, str(t["variable"].iloc[0]), "")
        header: list[tuple[str, object, str | None]] = []
        if question:
            header.append(("Vraag", question, None))
        if p.base is not None:
            header.append((f"Basis (aantal {'paren' if cb.correspondence is not None else 'respondenten'})",
                           p.base, "count"))
        footer = [*([waiting + "; daarom staan hier nog geen aantallen of percentages."] if waiting else []),
                  *p.notes, "Tekens:", *marks, source_line(cb, p.base)]
        sheets.append(Sheet(_sheet_name(i, p.title, used), p.title, header, columns, rows, footer,
                            [34] + [16] * (len(columns) - 1), kind, p.base))
    return sheets


def publication(cb: Codebook, estimates: pd.DataFrame, processed, marks: list[str]) -> Part:
    """Charts of the one-way tables (with the codebook's headlines as titles) and a sheet per table."""
    heads_file = processed / "headlines.csv"
    heads = (pd.read_csv(heads_file, keep_default_na=False, na_values=[""])
             if heads_file.exists() and heads_file.stat().st_size > 1 else pd.DataFrame(columns=["variable"]))
    batteries = {names[0]: names for names in figures.likert_batteries(cb)
                 if set(names) <= set(estimates["table"])}
    in_battery = {n for names in batteries.values() for n in names}
    charts, blank, waiting = [], [], []
    for name in dict.fromkeys(estimates.loc[estimates["kind"].isin(ONE_WAY), "table"]):
        if name in in_battery and name not in batteries:
            continue
        names = batteries.get(name, [name])
        tables = [estimates[estimates["table"] == n] for n in names]
        not_coded = not_coded_text(cb, name, tables[0])
        if not_coded:  # an open question whose answers carry no theme yet: no chart of zeros, and not for small groups
            waiting.append(not_coded)
        elif figures.nothing_shown(*tables):  # no chart of "×" and "–" only; its sheet shows the marks
            blank += [str(t["label"].iloc[0]) for t in tables]
        elif name in batteries:  # a battery of Likert statements: one diverging chart
            charts.append(_likert_chart(cb, estimates, names))
        else:
            head = heads[heads["variable"] == name]
            charts.append(_survey_chart(cb, name, tables[0], None if head.empty else head.iloc[0]))
    intro = [f"Periode: {fmt.date(cb.period.start)} tot {fmt.date(cb.period.end)}. {source_line(cb, None)}."]
    if blank:
        one = len(blank) == 1
        intro.append(f"Geen grafiek van {'deze vraag' if one else 'deze vragen'} ("
                     f"{'de tabel staat' if one else 'de tabellen staan'} wel in tabellen.xlsx), want {NOTHING_SHOWN}: "
                     + "; ".join(f"‘{label}’" for label in blank) + ".")
    intro += [f"Geen grafiek: {text[:1].lower()}{text[1:]}." for text in waiting]
    return Part(charts=charts, sheets=_survey_sheets(cb, estimates, marks), intro=intro)
