"""Overview: one page listing every consultation — period, method, tool, target, reached, met?

This is the roll-up LEVL's multi-year plan asks for. It reads each consultation's codebook (or
campaign configuration) and its processed row accounting, and writes
``reports/overzicht/overzicht.html``.
"""

from __future__ import annotations

import datetime as dt
import html
import sys
from pathlib import Path
from urllib.parse import quote

import yaml

from pipeline import fmt
from pipeline.io import ROOT, Progress, read_json, write_text
from pipeline.report.text import plain


def _day(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)) if value else None


def load() -> list[dict]:
    rows = []
    for folder in sorted(p for p in (ROOT / "surveys").iterdir() if p.is_dir()):
        cid = folder.name
        if (folder / "codebook.yml").exists():
            cfg = yaml.safe_load((folder / "codebook.yml").read_text(encoding="utf-8"))
            acc = ROOT / "processed" / cid / "accounting.json"
            reached = read_json(acc)["rows_kept"] if acc.exists() else None
            target = int(cfg["target_respondents"])
            # a correspondence test counts pairs (two applications to one advert), not people: the pairs
            # analysed, as its report does (a pair with one application not sent is kept, not analysed)
            unit = "paren" if cfg.get("correspondence") else "respondenten"
            if cfg.get("correspondence") and reached is not None:
                reached = _pairs_analysed(ROOT / "processed" / cid / "estimates.csv", reached)
        elif (folder / "config.yml").exists():
            cfg = yaml.safe_load((folder / "config.yml").read_text(encoding="utf-8"))
            summary = ROOT / "processed" / cid / "summary.json"
            reached = read_json(summary)["partners"]["n"] if summary.exists() else None
            target = int(cfg["targets"]["min_partners"])
            unit = "partnergemeenten"
        else:
            continue
        period = cfg.get("period") or {}
        rows.append({
            "id": cid, "title": cfg["title"], "start": _day(period.get("start")), "end": _day(period.get("end")),
            "method": str(cfg.get("method", "")).strip(), "tool": cfg.get("tool", ""),
            "target": target, "target_text": cfg.get("target_description") or f"minstens {target} {unit}",
            "reached": reached, "unit": unit, "synthetic": bool(cfg.get("synthetic", cid == "ik_stem_ook")),
            "waves": _waves(cfg),
        })
    return rows


def _pairs_analysed(estimates: Path, kept: int) -> int:
    """The base of the correspondence table (pairs with an outcome for both profiles); ``kept`` when the
    analysis has not run yet."""
    if not estimates.exists():
        return kept
    import csv

    with estimates.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row.get("table") == "correspondence" and row.get("base"):
                return int(float(row["base"]))
    return kept


def _waves(cfg: dict) -> dict | None:
    """The codebook's ``waves:`` (issue 16): the earlier wave it repeats and both waves' names."""
    w = cfg.get("waves")
    if not isinstance(w, dict) or not w.get("earlier"):
        return None
    return {"earlier": str(w["earlier"]), "label": str(w.get("label", "")),
            "earlier_label": str(w.get("earlier_label", ""))}


def _wave_lines(r: dict, rows: list[dict]) -> list[str]:
    """'vergeleken met <earlier title> (2022)' under a later wave; 'herhaald in <later title> (2026)'
    under the wave it repeats: which consultations have several waves."""
    titles = {x["id"]: x["title"] for x in rows}
    lines = []
    w = r.get("waves")
    if w:
        earlier = titles.get(w["earlier"], w["earlier"])
        cid = html.escape(quote(str(r["id"])))
        lines.append(f"vergeleken met {_text(earlier)}" + _unless_in(w["earlier_label"], earlier)
                     + f": <a href=\"../{cid}/{cid}.html#wat-is-veranderd\">wat is veranderd?</a>")
    for x in rows:
        xw = x.get("waves")
        if xw and xw["earlier"] == r["id"]:
            lines.append(f"herhaald in {_text(x['title'])}" + _unless_in(xw["label"], x["title"]))
    return lines


def _unless_in(label: str, title: object) -> str:
    """' (2022)' after a title, unless the title says it already ('… 2026 (2026)', '– voor de workshop (voor de
    workshop)')."""
    return f" ({_text(label)})" if label and label.casefold() not in str(title).casefold() else ""


def _in_wave_order(rows: list[dict]) -> list[dict]:
    """Alphabetical, but a later wave right after the wave it repeats ('voor' before 'na')."""
    out = [r for r in rows if not (r.get("waves") and any(x["id"] == r["waves"]["earlier"] for x in rows))]
    for r in rows:
        if r not in out:
            after = next((i for i, x in enumerate(out) if x["id"] == r["waves"]["earlier"]), len(out) - 1)
            out.insert(after + 1, r)
    return out


def _text(value: object) -> str:
    """A codebook value as HTML text: any type (a YAML title ``2024`` is a number), escaped, without
    control characters or bidirectional overrides."""
    return html.escape(plain(value))


def process(rows: list[dict]) -> str:
    body = []
    for r in _in_wave_order(rows):
        met = r["reached"] is not None and r["reached"] >= r["target"]
        verdict = "nog niet gebouwd" if r["reached"] is None else ("✓ gehaald" if met else "✗ niet gehaald")
        period = f"{fmt.date(r['start'])} – {fmt.date(r['end'])}" if r["start"] and r["end"] else "–"
        cid = html.escape(quote(str(r["id"])))  # a folder name is text too: never markup in a link
        links = " · ".join(f'<a href="../{cid}/{cid}.{ext}">{ext.upper()}</a>' for ext in ("html", "pdf", "docx"))
        body.append(
            "<tr>"
            f"<td><strong>{_text(r['title'])}</strong>{' <em>(synthetische voorbeelddata)</em>' if r['synthetic'] else ''}"
            f"<br><small>{links} · <a href=\"../{cid}/charts/index.html\">grafieken</a></small>"
            + "".join(f"<br><small class=golf>{line}</small>" for line in _wave_lines(r, rows)) + "</td>"
            f"<td>{html.escape(period)}</td><td>{_text(r['method'])}</td><td>{_text(r['tool'])}</td>"
            f"<td>{_text(r['target_text'])}</td>"
            f"<td class=num>{fmt.number(r['reached']) if r['reached'] is not None else '–'} {r['unit']}</td>"
            f"<td class={'ok' if met else 'no'}>{verdict}</td></tr>"
        )
    return f"""<!DOCTYPE html>
<html lang="nl-BE"><head><meta charset="utf-8"><title>Overzicht van de raadplegingen van LEVL</title>
<style>body{{font-family:"Open Sans","DejaVu Sans",Arial,sans-serif;max-width:75rem;margin:2rem auto;padding:0 1rem;color:#222}}
h1{{color:#1b6ca8}} table{{border-collapse:collapse;width:100%;font-size:.92rem}} th,td{{padding:.45rem .6rem;border-bottom:1px solid #ddd;vertical-align:top;text-align:left}}
th{{background:#eef4f9}} td.num{{text-align:right;white-space:nowrap}} td.ok{{color:#0b6e3a;font-weight:bold}} td.no{{color:#a33;font-weight:bold}} small.golf{{color:#444}}</style></head>
<body><h1>Overzicht van de raadplegingen van LEVL</h1>
<p>Elke raadpleging met haar periode, methode, instrument, doel en wat bereikt werd: respondenten (na
verwijdering van ongeldige en dubbele rijen), bij praktijktesten de geanalyseerde paren, bij een campagne
partnergemeenten. Een raadpleging die een vorige herhaalt, zegt met welke ze vergeleken is.</p>
<table><thead><tr><th>Raadpleging</th><th>Periode</th><th>Methode</th><th>Instrument</th><th>Doel</th><th>Bereikt</th><th>Doel gehaald?</th></tr></thead>
<tbody>
{chr(10).join(body)}
</tbody></table></body></html>
"""


def save(page: str) -> None:
    write_text(ROOT / "reports" / "overzicht" / "overzicht.html", page)


def run(_: str = "all") -> None:
    progress = Progress("overview", "alle")
    rows = load()
    save(process(rows))
    progress.done(f"{len(rows)} raadplegingen", "→ reports/overzicht/overzicht.html")


if __name__ == "__main__":  # pragma: no cover
    run(*sys.argv[1:])
