"""Report: record provenance, execute the report notebook and render HTML, PDF and Word.

Input: ``surveys/<id>/report.py`` and the processed tables of the consultation. Output:
``processed/<id>/provenance.json``, ``processed/<id>/report.ipynb`` (executed) and
``reports/<id>/<id>.html``, ``.pdf`` and ``.docx``.
"""

from __future__ import annotations

import datetime as dt
import sys

import yaml

from pipeline import fmt, provenance
from pipeline.errors import ConfigError
from pipeline.io import ROOT, Progress, write_bytes, write_json
from pipeline.report.render import render, renderer_name


def load(consultation: str) -> tuple[dict[str, str], dt.date, object]:
    folder = ROOT / "surveys" / consultation
    config = folder / "codebook.yml" if (folder / "codebook.yml").exists() else folder / "config.yml"
    if not config.exists():
        raise ConfigError(f"geen codebook.yml of config.yml voor '{consultation}'", file=folder)
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    period = data.get("period") or {}
    end = period.get("end") or data.get("final_date")
    day = end if isinstance(end, dt.date) else dt.date.fromisoformat(str(end))
    meta = {
        "title": data["title"],
        "subtitle": data.get("report_subtitle", "Rapport met aanbevelingen"),
        "author": "LEVL vzw",
        "date": fmt.date(day),
        "lang": "nl-BE",
    }
    start = period.get("start")
    if start:  # under the title, with the date (pipeline/templates/levl.lua)
        first = start if isinstance(start, dt.date) else dt.date.fromisoformat(str(start))
        meta["period"] = f"Periode: {fmt.date(first)} tot {fmt.date(day)}"
    return meta, day, config


def run(consultation: str) -> None:
    progress = Progress("report", consultation)
    meta, day, config = load(consultation)
    notebook = ROOT / "surveys" / consultation / "report.py"
    # the notebook cites provenance.json, so it is written first; if rendering fails, the
    # previous file is put back so that it still describes the reports that were kept
    target = ROOT / "processed" / consultation / "provenance.json"
    previous = target.read_bytes() if target.exists() else None
    write_json(target, provenance.record(consultation, config, renderer_name()))
    import warnings

    from pipeline.charts.style import glyph_note

    try:
        with warnings.catch_warnings(record=True) as caught:  # a character no font has: one Dutch word (charts)
            written = render(consultation, notebook, meta, day)
    except BaseException:
        if previous is None:
            target.unlink(missing_ok=True)
        else:
            write_bytes(target, previous)
        raise
    glyphs = glyph_note(caught, "figuren")
    progress.done(f"notebook uitgevoerd met {renderer_name()}", *glyphs,
                  "→ " + ", ".join(p.name for p in written))


if __name__ == "__main__":  # pragma: no cover
    run(sys.argv[1])
