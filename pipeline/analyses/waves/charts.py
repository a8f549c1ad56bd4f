"""What changed between two waves of a consultation, as charts (issue 16, docs/waves.md §3).

The compare stage writes ``processed/<later>/changes.csv``, ``change_tests.csv`` and ``waves.json``;
:class:`Comparison` reads them. The report (pipeline/analyses/waves/report.py) and the gallery
(pipeline/stages/charts.py) draw the same chart per compared question with :func:`dumbbell`: two dots
per answer, the earlier wave and the later one, each with its 95 % interval, and a line between them.
The sheet of tabellen.xlsx is in pipeline/analyses/waves/sheet.py.

A number is shown only when its own status allows it (a wave's share: ``status_earlier`` /
``status_later`` is ``ok`` or ``flagged``; a difference: ``status`` is ``ok``), never because the
column happens to hold a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import ScaledTranslation, blended_transform_factory

from pipeline import fmt
from pipeline.charts import style
from pipeline.charts.figures import LABEL_LINES, SIZES, TEXT, _wrap, clean_alt, frame
from pipeline.io import read_json
from pipeline.publish import FLAG, HIDDEN_WHY, NO_PCT, SUPPRESSED

SHOWN = ("ok", "flagged")
EARLIER_COLOUR = style.ACCENT  # Okabe–Ito orange, an open dot: the earlier wave
LATER_COLOUR = style.MAIN  # LEVL blue, a filled dot: the later wave
EARLIER_TEXT = style.LIKERT[0]  # a darker orange for its numbers: readable on white (contrast 4.6:1)

# the tests of change_tests.csv, as a reader calls them
TEST_NL = {
    "rao-scott-F": "Rao-Scott-toets",
    "difference-z": "toets op het verschil",
    "mcnemar": "McNemar-toets",
    "mcnemar-exact": "exacte McNemar-toets",
    "mcnemar-chisq": "McNemar-toets",
    "stuart-maxwell": "Stuart-Maxwell-toets",
    "bhapkar": "Bhapkar-toets",
    "wilcoxon-signed-rank": "rangtekentoets van Wilcoxon",
}
# why a test was withheld (change_tests.csv ``reason``), as the end of "… doen we geen toets: <why>"
WITHHELD_NL = {
    "hidden_cells": "sommige cijfers zijn verborgen om respondenten te beschermen, en een toets zou ze kunnen "
                    "prijsgeven",
    # the McNemar test is withheld when the changers in one direction are 1 … threshold−1, however many
    # changed the other way (verkiezingsateliers: 8 or more went to 'Ja', and the sentence said few changed)
    "few_changed": "in één richting veranderden zo weinig respondenten van antwoord dat een toets hen zou kunnen "
                   "aanwijzen",
    "too_few": "te weinig respondenten beantwoordden de vraag voor een betrouwbare toets",
    "one_answer": "in beide bevragingen kwam maar één antwoord voor, er valt niets te vergelijken",
    "answered_once": "de toets zou de antwoorden kunnen verraden van de weinigen die maar één keer antwoordden",
}
WITHHELD_OTHER = "de toets kon niet worden uitgevoerd"
# why a question is not compared (waves.json ``not_compared[].why``: the question's type, or a type change)
NOT_COMPARED_NL = {"number": "een getal", "municipality": "een gemeentenaam", "date": "een datum",
                   "free_text": "een open vraag"}


def withheld_why(reason: object) -> str:
    return WITHHELD_NL.get(str(reason or ""), WITHHELD_OTHER)


def test_name(test: object) -> str:
    return TEST_NL.get(str(test or ""), "toets")


def not_compared_why(why: object) -> str:
    why = str(why or "")
    if why.startswith("type changed"):
        return "de vraag werd anders gesteld (een ander soort vraag)"
    return NOT_COMPARED_NL.get(why, "")


def _bool(values: pd.Series) -> pd.Series:
    return values.astype(str).str.strip().str.lower().isin(["true", "1", "yes"])


@dataclass
class Comparison:
    """The three files of the compare stage for one later wave (docs/waves.md §2)."""

    info: dict
    changes: pd.DataFrame
    tests: pd.DataFrame

    @classmethod
    def load(cls, processed: Path) -> Comparison:
        processed = Path(processed)
        info = read_json(processed / "waves.json")
        changes = pd.read_csv(processed / "changes.csv", keep_default_na=False, na_values=[""])
        tests_file = processed / "change_tests.csv"
        tests = (pd.read_csv(tests_file, keep_default_na=False, na_values=[""])
                 if tests_file.exists() and tests_file.stat().st_size > 1 else pd.DataFrame())
        if tests.empty:
            tests = pd.DataFrame(columns=["table", "variable", "label", "category", "test", "p_value", "p_holm",
                                          "holds", "status", "reason"])
        changes["category"] = changes["category"].astype(str)
        tests["category"] = [("" if pd.isna(c) else str(c)) for c in tests["category"]]
        tests["holds"] = _bool(tests["holds"]) & tests["status"].eq("ok")
        return cls(info, changes, tests)

    @staticmethod
    def exists(processed: Path) -> bool:
        return all((Path(processed) / f).exists() for f in ("changes.csv", "waves.json"))

    # -- the waves ------------------------------------------------------------------------------
    @property
    def label(self) -> str:
        return str(self.info["label"])

    @property
    def earlier_label(self) -> str:
        return str(self.info["earlier_label"])

    @property
    def paired(self) -> bool:
        return self.info.get("design") == "paired"

    # -- the questions --------------------------------------------------------------------------
    def tables(self) -> list[str]:
        """The compared questions in the order waves.json lists them (then any others in changes.csv)."""
        present = list(dict.fromkeys(self.changes["table"].astype(str)))
        listed = [str(t) for t in self.info.get("compared", []) if str(t) in present]
        return listed + [t for t in present if t not in listed]

    def rows(self, table: str) -> pd.DataFrame:
        return self.changes[self.changes["table"].astype(str) == table]

    def tests_of(self, table: str) -> pd.DataFrame:
        return self.tests[self.tests["table"].astype(str) == table]

    def family(self) -> int:
        """How many tests were run (the number Holm's correction is over)."""
        t = self.tests
        return int((t["status"].eq("ok") & pd.to_numeric(t["p_value"], errors="coerce").notna()).sum())


# -- what may be shown of one row -------------------------------------------------------------------

def shown(row: pd.Series, side: str) -> bool:
    """Whether a wave's share of this answer may be shown (``side``: 'earlier' or 'later')."""
    return row[f"status_{side}"] in SHOWN and pd.notna(pd.to_numeric(row[f"estimate_{side}"], errors="coerce"))


def diff_shown(row: pd.Series) -> bool:
    return (row["status"] == "ok" and shown(row, "earlier") and shown(row, "later")
            and pd.notna(pd.to_numeric(row["difference"], errors="coerce")))


def hidden_note(row: pd.Series, side: str) -> str:
    """Why a wave's share is not shown, in Dutch (the chart's, the alt text's and the sheet's words)."""
    if row[f"status_{side}"] == "base_too_small":
        return "geen percentage (te weinig respondenten)"
    return f"niet getoond ({HIDDEN_WHY})"  # the same words for every × (pipeline.publish.HIDDEN_WHY)


def hidden_mark(row: pd.Series, side: str) -> str:
    """The mark of a hidden share: – (no percentage: too few respondents) or × (not shown)."""
    return NO_PCT if row[f"status_{side}"] == "base_too_small" else SUPPRESSED


def share_text(row: pd.Series, side: str, decimals: int = 0) -> str:
    """'35 %' (a flagged share: '35 %*'), or the mark and 'niet getoond'."""
    if not shown(row, side):
        return f"{hidden_mark(row, side)} niet getoond"
    return fmt.pct(row[f"estimate_{side}"], decimals) + (FLAG if row[f"status_{side}"] == "flagged" else "")


def biggest_change(rows: pd.DataFrame) -> pd.Series | None:
    """The answer whose published difference is largest in size (the first of a tie), or None."""
    ok = rows[[diff_shown(r) for _, r in rows.iterrows()]]
    if ok.empty:
        return None
    size = pd.to_numeric(ok["difference"]).abs()
    return ok.loc[size.idxmax()]


def any_shown(rows: pd.DataFrame) -> bool:
    return any(shown(r, s) for _, r in rows.iterrows() for s in ("earlier", "later"))


# -- the words on and around the chart ------------------------------------------------------------

def went(diff: float) -> str:
    return "steeg" if diff > 0 else "daalde" if diff < 0 else "bleef gelijk"


def title(comp: Comparison, table: str, label: str) -> str:
    """The finding: the largest published change of a question whose change holds after Holm's
    correction ("‘Akkoord’ steeg van 40 % (2022) naar 55 % (2026)"), else the question and that no
    change holds, or (no test) the question and the two waves."""
    rows, tests = comp.rows(table), comp.tests_of(table)
    held = tests[tests["holds"]]
    if not held.empty:
        if (rows["kind"] == "multiple").all():  # a test per option: the largest of those that hold
            rows = rows[rows["category"].isin(set(held["category"]))]
        top = biggest_change(rows)
        if top is not None and top["difference"] != 0:
            return (f"‘{top['category']}’ {went(top['difference'])} van {fmt.pct(top['estimate_earlier'], 0)} "
                    f"({comp.earlier_label}) naar {fmt.pct(top['estimate_later'], 0)} ({comp.label})")
        return f"{label}: veranderd tussen {comp.earlier_label} en {comp.label}"
    if tests["status"].eq("ok").any():
        return f"{label}: geen verandering die standhoudt"
    return f"{label}: {comp.earlier_label} en {comp.label}"


def subtitle(asked: str) -> str:
    return f"{fmt.sentence(asked)} Aandeel per antwoord, met 95%-interval."


def source_line(comp: Comparison, sources: tuple[str, str], synthetic: bool, base: tuple[object, object]) -> str:
    """'Bron: <earlier source> en <later source> (synthetische voorbeelddata), n = 198 (2022) en 180 (2026)':
    each wave's own respondents who answered, also for the same people (each wave's shares are its own
    report's); the same source line once."""
    earlier, later = sources
    line = f"Bron: {earlier} en {later}" if earlier and earlier != later else f"Bron: {later}"
    line += fmt.SYNTHETIC if synthetic else ""
    if all(b is not None and pd.notna(b) for b in base):
        return f"{line}, n = {fmt.number(int(base[0]))} ({comp.earlier_label}) en {fmt.number(int(base[1]))} ({comp.label})"
    return line


def bases(rows: pd.DataFrame) -> tuple[float, float]:
    b = (pd.to_numeric(rows["base_earlier"], errors="coerce").max(), pd.to_numeric(rows["base_later"], errors="coerce").max())
    return b  # type: ignore[return-value]


def alt_text(comp: Comparison, rows: pd.DataFrame, title_: str, subtitle_: str, source: str) -> str:
    """The chart in words: per answer both waves' shares with their intervals and the difference;
    hidden ones said as hidden, never a number of theirs."""
    el, ll = comp.earlier_label, comp.label
    parts = []
    hidden = False
    for _, r in rows.iterrows():
        sides = []
        for side, wave in (("earlier", el), ("later", ll)):
            if shown(r, side):
                sides.append(f"{fmt.pct(r[f'estimate_{side}'])} ({wave}, 95%-interval "
                             f"{fmt.ci(r[f'ci_low_{side}'], r[f'ci_high_{side}'])}"
                             + (", onzeker" if r[f"status_{side}"] == "flagged" else "") + ")")
            elif r[f"status_{side}"] == "base_too_small":
                sides.append(f"geen percentage ({wave}, te weinig respondenten)")
            else:
                sides.append(f"niet getoond ({wave})")  # why: once, after the numbers
                hidden = True
        text = f"{r['category']}: {sides[0]} en {sides[1]}"
        if diff_shown(r):
            text += f", verschil {fmt.points(r['difference'])}"
        parts.append(text)
    # the source line ends in ", n = …": said here as the base, once
    source = re.sub(r",\s*n\s*=.*$", "", source.strip())
    b = bases(rows)
    base = (f" Basis: {fmt.count(int(b[0]), 'respondent', 'respondenten')} ({el}) en "
            f"{fmt.count(int(b[1]), 'respondent', 'respondenten')} ({ll})."
            if pd.notna(b[0]) and pd.notna(b[1]) else "")
    return clean_alt(f"Haltergrafiek. {fmt.sentence(title_)} Vraag: {fmt.sentence(subtitle_)} Open bolletje: "
                     f"{el}; gevuld bolletje: {ll}. " + "; ".join(parts) + "."
                     + (f" Niet getoond: {HIDDEN_WHY}." if hidden else "") + base + f" {fmt.sentence(source)}")


# -- the chart -----------------------------------------------------------------------------------

def dumbbell(rows: pd.DataFrame, earlier_label: str, label: str, title_: str, subtitle_: str, source: str,
             shape: str = "report") -> Figure:
    """Per answer (one row of changes.csv) an open dot for the earlier wave and a filled dot for the
    later one, joined by a line, each with its 95 % interval just above (earlier) / below (later); on the right
    each share as a number at the height of its interval, in its wave's colour. A hidden share is not
    drawn: its number's place says "× niet getoond"."""
    style.use()
    n = len(rows)
    height = {"report": max(2.6, 0.42 * n + 2.0), "square": 5.4, "wide": 4.5}[shape]  # two fit on a page
    fig, ax = plt.subplots(figsize=(SIZES[shape][0], height))
    fig.set_layout_engine("constrained")
    right = blended_transform_factory(ax.transAxes, ax.transData)
    upper = 0.1
    for i, (_, r) in enumerate(rows.iterrows()):
        y = n - 1 - i
        dots = {}
        for side, dy, colour, face in (("earlier", 0.17, EARLIER_COLOUR, "white"), ("later", -0.17, LATER_COLOUR,
                                                                                     LATER_COLOUR)):
            if not shown(r, side):
                continue
            est = float(r[f"estimate_{side}"])
            lo, hi = (pd.to_numeric(r[f"ci_low_{side}"], errors="coerce"),
                      pd.to_numeric(r[f"ci_high_{side}"], errors="coerce"))
            if pd.notna(lo) and pd.notna(hi):
                ax.plot([lo, hi], [y + dy, y + dy], color=colour, linewidth=1.4, solid_capstyle="butt")
                ax.plot([lo, lo], [y + dy - 0.06, y + dy + 0.06], color=colour, linewidth=1.0)
                ax.plot([hi, hi], [y + dy - 0.06, y + dy + 0.06], color=colour, linewidth=1.0)
                upper = max(upper, float(hi))
            dots[side] = (est, colour, face)
            upper = max(upper, est)
        if len(dots) == 2:
            ax.plot([dots["earlier"][0], dots["later"][0]], [y, y], color="#bbbbbb", linewidth=3.0, zorder=2,
                    solid_capstyle="round")
        for est, colour, face in dots.values():
            ax.plot([est], [y], marker="o", markersize=8, markerfacecolor=face, markeredgecolor=colour,
                    markeredgewidth=1.8, linestyle="none", zorder=3)
        for side, dy, colour in (("earlier", 0.17, EARLIER_TEXT), ("later", -0.17, LATER_COLOUR)):
            ok = shown(r, side)
            ax.text(1.02, y + dy, share_text(r, side), transform=right, va="center", ha="left", fontsize=8.5,
                    color=colour if ok else "#555555", clip_on=False, **TEXT)
    ax.set_yticks(range(n)[::-1], [_wrap(str(c), 30 if shape != "square" else 20, LABEL_LINES) for c in rows["category"]], **TEXT)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, min(1.0, np.ceil((upper + 0.04) * 10) / 10))
    ax.xaxis.set_major_formatter(style.percent_axis)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    ax.grid(axis="y", visible=False)
    ax.set_axisbelow(True)
    handles = [Line2D([], [], marker="o", linestyle="none", markersize=7, markerfacecolor="white",
                      markeredgecolor=EARLIER_COLOUR, markeredgewidth=1.8),
               Line2D([], [], marker="o", linestyle="none", markersize=7, markerfacecolor=LATER_COLOUR,
                      markeredgecolor=LATER_COLOUR, markeredgewidth=1.8)]
    below = ax.transAxes + ScaledTranslation(0, -0.3, fig.dpi_scale_trans)
    ax.legend(handles, [_wrap(earlier_label, 24), _wrap(label, 24)], loc="upper center", bbox_to_anchor=(0.5, 0),
              bbox_transform=below, ncol=2, fontsize=8.5, handletextpad=0.4, columnspacing=1.6, borderaxespad=0,
              frameon=False)
    frame(fig, title_, subtitle_, source, shape)
    return fig


# -- one question's chart, the same in the report and the gallery ---------------------------------

def question_label(comp: Comparison, cb, earlier, table: str) -> str:
    for c in (cb, earlier):
        if c is not None and table in c.by_name:
            return c.by_name[table].label
    return str(comp.rows(table)["label"].iloc[0])


def chart_parts(comp: Comparison, cb, earlier, table: str) -> tuple[str, str, str, str]:
    """(title, subtitle, source, alt text) of a question's chart. ``cb``: the later wave's codebook,
    ``earlier``: the earlier one's (None when unknown)."""
    rows = comp.rows(table)
    label = question_label(comp, cb, earlier, table)
    q = cb.by_name.get(table)
    t = title(comp, table, label)
    sub = subtitle(q.asked if q is not None and q.asked else label)
    sources = (earlier.source_line if earlier is not None else "", cb.source_line)
    source = source_line(comp, sources, cb.synthetic, bases(rows))
    return t, sub, source, alt_text(comp, rows, t, sub, source)


def chart(comp: Comparison, cb, earlier, table: str):
    """The question's chart as the gallery exports it (pipeline/charts/files.py Chart)."""
    from pipeline.charts.files import Chart

    rows = comp.rows(table)
    t, sub, source, alt = chart_parts(comp, cb, earlier, table)

    def draw(shape: str = "report") -> Figure:
        return dumbbell(rows, comp.earlier_label, comp.label, t, sub, source, shape)

    return Chart(f"verandering_{table}", draw, t, sub, source, alt)


def charts(comp: Comparison, cb, earlier) -> list:
    """Every compared question's chart that shows at least one number."""
    return [chart(comp, cb, earlier, t) for t in comp.tables() if any_shown(comp.rows(t))]
