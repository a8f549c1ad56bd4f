"""Stage: charts and tables ready for publication.

Survey consultations (``surveys/<id>/codebook.yml``): reads ``processed/<id>/estimates.csv`` and
writes, per one-way table (frequency and multiple choice), a chart in five files (SVG, PNG at
300 dpi, 1080 × 1080 and 1200 × 675 pixels, alt text) to ``reports/<id>/charts/``, a gallery
``reports/<id>/charts/index.html`` and every published table in ``reports/<id>/tabellen.xlsx``.

Campaign "Ik stem ook" (``surveys/<id>/config.yml``, no codebook; pipeline/campaign/publication.py): reads
``processed/<id>/growth_by_municipality.csv`` and ``summary.json`` and writes the partner-growth
chart, the map, the gallery and ``tabellen.xlsx`` (growth per municipality and the summary).

Every number goes through :mod:`pipeline.publish` (surveys) so suppressed cells never appear.
See docs/charts.md.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from pipeline import fmt
from pipeline.analyses.correspondence import tables as correspondence
from pipeline.charts import figures, waves
from pipeline.charts.export import export_chart
from pipeline.charts.files import (Chart, Output, Sheet,
                                   gallery_html, workbook_bytes)
from pipeline.codebook import Codebook, codebook_for
from pipeline.errors import ConfigError
from pipeline.io import ROOT, Progress, write_bytes, write_text
from pipeline.publish import FLAG, NO_PCT, SUPPRESSED, Published, legend, published

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


def _source_line(cb: Codebook, base: int | None) -> str:
    line = f"Bron: {cb.source_line}{fmt.SYNTHETIC if cb.synthetic else ''}"
    return line + (f", n = {fmt.number(base)}" if base is not None else "")


def _survey_chart(cb: Codebook, name: str, t: pd.DataFrame, headline: pd.Series | None = None) -> Chart:
    # the report's title for the same finding: the codebook's headline with its published share
    title = correspondence.finding_title(cb, t) or figures.finding(t, headline)
    subtitle = _question_text(cb, str(t["variable"].iloc[0]), str(t["label"].iloc[0]))
    source = _source_line(cb, int(t["base"].max()))
    unit = "paren" if cb.correspondence is not None else "respondenten"
    alt = figures.alt_text(t, title, subtitle, source, unit=unit)

    def draw(shape: str, t: pd.DataFrame = t) -> Figure:
        return figures.bars(t, title, subtitle, source, shape)

    return Chart(name, draw, title, subtitle, source, alt)


def _likert_chart(cb: Codebook, estimates: pd.DataFrame, names: list[str]) -> Chart:
    items, labels, title, subtitle = figures.likert_parts(cb, estimates, names)
    source = _source_line(cb, int(max(t["base"].max() for t in items)))
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
        p = published(estimates, name, by_label=by_label)
        if by_label:  # publish lower-cases the whole label ("belgië"): only the first letter
            p.title = f"{t['label'].iloc[0]}, naar {by_label[:1].lower()}{by_label[1:]}"
        elif kind == "number":
            p.title = f"{p.title}: gemiddelde en mediaan"
        columns, rows = _cells(p, kind)
        question = _question_text(cb, str(t["variable"].iloc[0]), "")
        header: list[tuple[str, object, str | None]] = []
        if question:
            header.append(("Vraag", question, None))
        if p.base is not None:
            header.append((f"Basis (aantal {'paren' if cb.correspondence is not None else 'respondenten'})",
                           p.base, "count"))
        footer = [*p.notes, "Tekens:", *marks, _source_line(cb, p.base)]
        sheets.append(Sheet(_sheet_name(i, p.title, used), p.title, header, columns, rows, footer,
                            [34] + [16] * (len(columns) - 1), kind, p.base))
    return sheets


def _survey(consultation: str, processed: Path) -> Output:
    cb = codebook_for(consultation)
    estimates = pd.read_csv(processed / "estimates.csv", keep_default_na=False, na_values=[""])
    heads_file = processed / "headlines.csv"
    heads = (pd.read_csv(heads_file, keep_default_na=False, na_values=[""])
             if heads_file.exists() and heads_file.stat().st_size > 1 else pd.DataFrame(columns=["variable"]))
    batteries = {names[0]: names for names in figures.likert_batteries(cb)
                 if set(names) <= set(estimates["table"])}
    in_battery = {n for names in batteries.values() for n in names}
    charts = []
    for name in dict.fromkeys(estimates.loc[estimates["kind"].isin(ONE_WAY), "table"]):
        if name in batteries:  # a battery of Likert statements: one diverging chart
            charts.append(_likert_chart(cb, estimates, batteries[name]))
        elif name not in in_battery:
            head = heads[heads["variable"] == name]
            charts.append(_survey_chart(cb, name, estimates[estimates["table"] == name],
                                        None if head.empty else head.iloc[0]))
    if cb.correspondence is not None:  # the praktijktesten's finding: net discrimination
        from pipeline.analyses.correspondence.report import Correspondence

        charts.insert(0, Correspondence(consultation).net_chart())
    marks = legend(cb.small_cell, cb.small_cell_sensitive, cb.min_base_pct, cb.flag_base_pct)
    intro = [f"Periode: {fmt.date(cb.period.start)} tot {fmt.date(cb.period.end)}. {_source_line(cb, None)}."]
    if cb.synthetic:
        intro.insert(0, "Let op: gemaakt met synthetische voorbeelddata; de cijfers beschrijven geen echte personen.")
    sheets = _survey_sheets(cb, estimates, marks)
    if cb.waves is not None and waves.Comparison.exists(processed):  # what changed since the earlier wave
        comp = waves.Comparison.load(processed)
        earlier = _earlier(cb)
        charts += waves.charts(comp, cb, earlier)
        sheets.append(waves.sheet(comp, cb, earlier, marks))
        title = earlier.title if earlier is not None else comp.info.get("earlier_title") or cb.waves.earlier
        intro.append(f"Vergeleken met ‘{title}’ ({comp.earlier_label}): de grafieken ‘verandering_…’ en het "
                     f"tabblad ‘{waves.sheet_name(comp)}’.")
    return Output(consultation, cb.title, intro, cb.period.end, charts, sheets, marks)


def _earlier(cb: Codebook) -> Codebook | None:
    """The earlier wave's codebook (its title, source line and labels), None when it is gone."""
    try:
        return codebook_for(cb.waves.earlier)
    except ConfigError:
        return None


def load(consultation: str, processed_dir: Path | None = None) -> Output:
    """Load and process: the charts and sheets of one consultation, nothing written yet."""
    processed = Path(processed_dir) if processed_dir else ROOT / "processed" / consultation
    folder = ROOT / "surveys" / consultation
    if (folder / "codebook.yml").exists():
        return _survey(consultation, processed)
    if (folder / "config.yml").exists():
        from pipeline.campaign.publication import output  # scipy.stats, statsmodels: only for a campaign

        return output(consultation, processed)
    raise ConfigError(f"geen codebook.yml of config.yml voor '{consultation}'", file=folder,
                      fix="controleer de naam van de raadpleging")


def save(out: Output, reports_dir: Path | None = None) -> list[Path]:
    """Write the chart files, the gallery and the workbook; returns the paths written."""
    reports = Path(reports_dir) if reports_dir else ROOT / "reports" / out.consultation
    chart_dir = reports / "charts"
    written: list[Path] = []
    for ch in out.charts:
        written += export_chart(ch.draw, ch.name, chart_dir, ch.title, ch.subtitle, ch.source, ch.alt)
    keep = {p.name for p in written}
    for old in sorted(chart_dir.glob("*")):  # charts of tables that no longer exist
        if old.is_file() and old.suffix in (".svg", ".png", ".txt") and old.name not in keep:
            old.unlink()
    index = chart_dir / "index.html"
    write_text(index, gallery_html(out))
    xlsx = reports / "tabellen.xlsx"
    write_bytes(xlsx, workbook_bytes(out))
    return [*written, index, xlsx]


def build(consultation: str, processed_dir: Path | None = None, reports_dir: Path | None = None) -> list[Path]:
    """load → save, with other folders (tests)."""
    return save(load(consultation, processed_dir), reports_dir)


def run(consultation: str) -> None:
    progress = Progress("charts", consultation)
    out = load(consultation)
    save(out)
    progress.done(f"{len(out.charts)} grafieken in 5 formaten", f"{len(out.sheets)} tabellen in tabellen.xlsx",
                  f"→ reports/{consultation}/charts/ (svg, png, txt, index.html), tabellen.xlsx")


if __name__ == "__main__":  # pragma: no cover
    run(sys.argv[1])
