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

import sys
from pathlib import Path

import pandas as pd

from pipeline import analyses
from pipeline.charts.export import export_chart
from pipeline.charts.files import Output, gallery_html, workbook_bytes
from pipeline.codebook import codebook_for
from pipeline.errors import ConfigError
from pipeline.fmt import count
from pipeline.io import ROOT, Progress, write_bytes, write_text
from pipeline.publish import legend

def _survey(consultation: str, processed: Path) -> Output:
    """A survey consultation: each kind its codebook switches on adds its charts and sheets."""
    cb = codebook_for(consultation)
    estimates = pd.read_csv(processed / "estimates.csv", keep_default_na=False, na_values=[""])
    marks = legend(cb.small_cell, cb.small_cell_sensitive, cb.min_base_pct, cb.flag_base_pct)
    lead, charts, sheets, intro = [], [], [], []
    for kind in analyses.kinds_for(cb):
        if hasattr(kind, "publication"):
            part = kind.publication(cb, estimates, processed, marks)
            lead += part.lead
            charts += part.charts
            sheets += part.sheets
            intro += part.intro
    if cb.synthetic:
        intro.insert(0, "Let op: gemaakt met synthetische voorbeelddata; de cijfers beschrijven geen echte personen.")
    return Output(consultation, cb.title, intro, cb.period.end, lead + charts, sheets, marks)


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
    import warnings

    from pipeline.charts.style import glyph_note

    progress = Progress("charts", consultation)
    out = load(consultation)
    # matplotlib's English warning for each character no font has (Glyph 128077 … missing from font(s) …), with
    # a line of our source code, came 87 times: one Dutch word on it instead
    with warnings.catch_warnings(record=True) as caught:
        save(out)
    glyphs = glyph_note(caught, "grafieken")
    progress.done(f"{count(len(out.charts), 'grafiek', 'grafieken')} in 5 formaten",
                  f"{count(len(out.sheets), 'tabel', 'tabellen')} in tabellen.xlsx", *glyphs,
                  f"→ reports/{consultation}/charts/ (svg, png, txt, index.html), tabellen.xlsx")


if __name__ == "__main__":  # pragma: no cover
    run(sys.argv[1])
