"""The sheet 'Verandering 2022–2026' of tabellen.xlsx (issue 16, docs/waves.md §3): every compared answer
of the two waves, as the charts (pipeline/analyses/waves/charts.py) show them; a hidden number is a mark.
"""

from __future__ import annotations

import re

import pandas as pd

from pipeline import fmt
from pipeline.analyses.waves.charts import (Comparison, diff_shown, hidden_mark, hidden_note, question_label,
                                            shown, source_line, test_name, withheld_why)
from pipeline.publish import NO_PCT, SUPPRESSED


def sheet_name(comp: Comparison) -> str:
    """'Verandering 2022–2026' (an Excel sheet name: at most 31 characters, none of []:*?/\\')."""
    name = re.sub(r"[\[\]:*?/\\']", "", f"Verandering {comp.earlier_label}–{comp.label}").strip()
    # "Verandering voor de workshop–n…" would read as nonsense: then just "Verandering" (row 1 says which)
    return name if len(name) <= 31 else "Verandering"


def sheet(comp: Comparison, cb, earlier, marks: list[str]):
    """One sheet with every compared answer: both waves' published shares with their intervals and
    bases, the difference in percentage points with its interval, the question's (or option's) test;
    a hidden number is a mark (×, –) with the reason in words in the last column."""
    from pipeline.charts.files import Sheet

    el, ll = comp.earlier_label, comp.label
    columns = ["Vraag", "Antwoord",
               f"Aandeel {el}", f"95%-interval {el}: ondergrens", f"95%-interval {el}: bovengrens", f"Basis {el}",
               f"Aandeel {ll}", f"95%-interval {ll}: ondergrens", f"95%-interval {ll}: bovengrens", f"Basis {ll}",
               "Verschil (procentpunt)", "95%-interval verschil: ondergrens", "95%-interval verschil: bovengrens",
               "Toets op verandering", "p na correctie (Holm)", "Verandering houdt stand", "Opmerking"]
    # the same people: no interval of a difference (docs/waves.md §2), so no such columns
    diff_cols = ["difference"] if comp.paired else ["difference", "diff_ci_low", "diff_ci_high"]
    if comp.paired:
        columns = [c for c in columns if not c.startswith("95%-interval verschil")]
    rows = []
    for table in comp.tables():
        qlabel = question_label(comp, cb, earlier, table)
        tests = comp.tests_of(table)
        for i, (_, r) in enumerate(comp.rows(table).iterrows()):
            cells: list[tuple[object, str | None]] = [(qlabel, None), (str(r["category"]), None)]
            notes = []
            for side, wave in (("earlier", el), ("later", ll)):
                if shown(r, side):
                    key = "pct_flagged" if r[f"status_{side}"] == "flagged" else "pct"
                    cells += [(float(r[f"estimate_{side}"]), key)]
                    cells += [(float(v), "pct") if pd.notna(v := pd.to_numeric(r[f"ci_{b}_{side}"], errors="coerce"))
                              else (NO_PCT, "mark") for b in ("low", "high")]
                else:
                    cells += [(hidden_mark(r, side), "mark")] * 3
                    notes.append(f"{wave}: {hidden_note(r, side)}")
                base = pd.to_numeric(r[f"base_{side}"], errors="coerce")
                cells.append((SUPPRESSED, "mark") if pd.isna(base) else (float(base), "count"))
            if diff_shown(r):
                cells += [(round(float(r[c]) * 100, 10), "pp") if pd.notna(pd.to_numeric(r[c], errors="coerce"))
                          else (NO_PCT, "mark") for c in diff_cols]
            else:
                cells += [(SUPPRESSED if r["status"] == "suppressed" else NO_PCT, "mark")] * len(diff_cols)
                if not notes:
                    notes.append("verschil niet getoond: het zou een verborgen cijfer prijsgeven")
            test = tests[tests["category"] == r["category"]] if (r["kind"] == "multiple") else (
                tests if i == 0 else tests.iloc[0:0])
            if len(test):
                t = test.iloc[0]
                if t["status"] == "ok":
                    p = pd.to_numeric(t["p_holm"], errors="coerce")
                    cells += [(test_name(t["test"]), None), _p_cell(p), ("ja" if t["holds"] else "nee", None)]
                else:
                    cells += [(f"geen toets: {withheld_why(t['reason'])}", None), ("", None), ("", None)]
            else:
                cells += [("", None)] * 3
            cells.append(("; ".join(notes), None))
            rows.append(cells)
    linked = fmt.count(int(comp.info.get("linked") or 0), "gekoppelde respondent", "gekoppelde respondenten")
    design = (f"Dezelfde mensen in beide bevragingen ({linked}): de aandelen zijn die van elke bevraging apart (alle "
              "respondenten); de toets vergelijkt de antwoorden van de gekoppelde respondenten die de vraag beide "
              "keren beantwoordden." if comp.paired else
              "Verschillende respondenten in beide bevragingen: een verschil is een verschil tussen twee groepen.")
    footer = [f"Verschil: het aandeel in de tweede bevraging ({ll}) min het aandeel in de eerste ({el}), in "
              "procentpunt.",
              "Een verandering houdt stand als de toets na correctie voor meerdere toetsen (methode van Holm) "
              "p < 0,05 geeft. Bij meerkeuzevragen is er een toets per antwoord.", design]
    sources = (earlier.source_line if earlier is not None else "", cb.source_line)
    footer += ["Tekens:", *marks, source_line(comp, sources, cb.synthetic, (None, None))]
    header = [("Vergeleken", f"{el} en {ll}", None)]
    return Sheet(sheet_name(comp), f"Verandering tussen {el} en {ll}: aandeel per antwoord", header, columns, rows,
                 footer, [26, 26] + [13] * (len(columns) - 4) + [14, 40], "verandering", None)


def _p_cell(p: float) -> tuple[object, str | None]:
    """A p-value as the report prints it: three decimals, or "< 0,001". At full precision an exact test's p gave
    its table back (a Holm p of 1,192093e-06 is 5 × 2^-22: McNemar with 23 changes one way and none the other)."""
    if pd.isna(p):
        return NO_PCT, "mark"
    if float(p) < 0.001:
        return fmt.p_value(p), None
    return round(float(p), 3), "p"
