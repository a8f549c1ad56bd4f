"""Chart builders: every chart has a title that states the finding, a subtitle with the question,
the source line with n, and shows only what the disclosure step allows."""

from __future__ import annotations

import re
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine

from pipeline import fmt
from pipeline.charts import style
from pipeline.publish import FLAG, HIDDEN_WHY, NO_PCT, SUPPRESSED
from pipeline.report.text import plain

SIZES = {"report": (7.0, 3.6), "square": (5.4, 5.4), "wide": (8.0, 4.5)}
# Text from data is never math ("$$" crashed mathtext). The house style says so too, but a report
# notebook may reset matplotlib's settings (plt.style.use("default")) after style.use() ran once.
TEXT = {"parse_math": False, "usetex": False}


LABEL_LINES = 3  # an answer beside a bar: longer ones end in "…" (the table beside the chart has them whole)


def _wrap(text: str, width: int, max_lines: int = 6) -> str:
    """Lines of at most ``width`` characters, at most ``max_lines`` of them (the last ending in "…": an answer
    of a thousand characters collapsed the chart's axes to nothing); a label's own line breaks and control
    characters (data is text: no ESC, NUL or bidirectional override reaches a chart) become spaces or go."""
    if not text:
        return ""
    # a number stays with its "%" and "n = 296" stays whole (textwrap does not break at U+00A0)
    glued = re.sub(r"(\d)[ \u202f](%|procentpunt)", "\\1\u00a0\\2", plain(text))
    glued = re.sub(r"\bn = (\d)", "n\u00a0=\u00a0\\1", glued)
    glued = re.sub(r"\b(\d{1,2}) (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
                   r"december)\b", "\\1\u00a0\\2", glued)  # "1 januari" stays on one line
    return "\n".join(textwrap.wrap(glued, width, max_lines=max_lines, placeholder=" …"))


def wrap(text: str, shape: str = "report") -> str:
    """An axis label or note wrapped to the width of the figure's shape."""
    return _wrap(text, {"report": 90, "square": 55, "wide": 100}[shape])


def same_text(a: object, b: object) -> bool:
    """Whether two chart texts say the same ('Gender' and 'Gender.'; case and spaces aside)."""
    def norm(x: object) -> str:
        return " ".join(str(x or "").split()).rstrip(".?!: ").casefold()
    return norm(a) == norm(b)


def frame(fig: Figure, title: str, subtitle: str, source: str, shape: str = "report") -> None:
    """Title, subtitle and source line, laid out for the figure's shape."""
    width = {"report": 78, "square": 48, "wide": 88}[shape]
    if same_text(subtitle, title):  # a question without a headline or question text: its label once, not twice
        subtitle = ""
    fig.suptitle(_wrap(title, width - 10), x=0.02, ha="left", fontsize=13, fontweight="bold", **TEXT)
    fig.text(0.02, 0.02, _wrap(source, width + 20), fontsize=8, color="#555555", ha="left", va="bottom", **TEXT)
    fig.axes[0].set_title(_wrap(subtitle, width), fontsize=9.5, fontweight="normal", color="#444444", loc="left",
                          **TEXT)
    reserve_footer(fig)


def reserve_footer(fig: Figure) -> None:
    """Keep the source line (figure text at the bottom) clear of the axes, tick and axis labels.

    Constrained layout does not know about ``fig.text``: the layout's rectangle starts above the
    bottom texts. :func:`frame` calls this for the figure's size; the export calls it again after
    it resized the figure for a social-media size.
    """
    engine = fig.get_layout_engine()
    if engine is None:
        fig.set_layout_engine("constrained")
        engine = fig.get_layout_engine()
    if not isinstance(engine, ConstrainedLayoutEngine):
        return
    footer = [t for t in fig.texts if t.get_va() == "bottom" and t.get_position()[1] < 0.2 and t.get_text()]
    if not footer:
        return
    renderer = fig.canvas.get_renderer()
    top = max(t.get_window_extent(renderer).y1 for t in footer) / fig.bbox.height
    bottom = min(top + 0.015, 0.3)
    engine.set(rect=(0, bottom, 1, 1 - bottom))  # (left, bottom, width, height)


def settle_layout(fig: Figure) -> None:
    """One layout pass ahead of the one saving runs, for a figure with an axes of fixed aspect (a map): its title
    sits on the axes, which the aspect moves after the layout placed it, so one pass left a five-line subtitle of
    the square map over the last line of its title (the second pass puts it right)."""
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine) and any(ax.get_aspect() != "auto" for ax in fig.axes):
        engine.execute(fig)


def clean_alt(text: str) -> str:
    """'Vraag: Wat is uw gender?.' → 'Vraag: Wat is uw gender?' (a sentence ends once)."""
    return re.sub(r"([?!.])\.(\s|$)", r"\1\2", text)


# multiple choice: answers that are not one more option but "other", "none of these", "never" or
# "don't know" go last. "Geen" only as a whole answer ("Geen", "Geen van deze"): "Geen netwerk" is an
# option. "Nooit" as the answer's opening: "Nooit", "Ik werd nooit geweigerd", "Ik heb nooit gezocht".
_LAST = re.compile(r"^\s*(anders|andere|overige?|iets anders)\b|^\s*(ik\s+(werd|ben|heb|had|was)\s+)?nooit\b|"
                   r"^\s*(geen|niemand|niets|geen enkele?)(\s+van\s+(deze|de bovenstaande|beide|allen?))?\s*[.!]?\s*$|"
                   r"^\s*(geen van|geen enkele)\b|^\s*weet (ik )?niet\b|^\s*zeg ik liever niet\b|"
                   r"^\s*geen thema\s*$", re.IGNORECASE)  # themes: the answers that carry none


def is_residual(label: str) -> bool:
    """Whether a multiple-choice answer is a residual one ("Anders", "Geen van deze", "Niemand")."""
    return bool(_LAST.search(str(label)))


def order_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Rows in reading order. Multiple choice: largest share first, residual answers ("Anders",
    "Geen van deze") and hidden rows last (hidden rows keep their codebook order, so their place
    says nothing about their size). Other questions keep the codebook's answer order (a scale)."""
    if table.empty or table["kind"].iloc[0] != "multiple":
        return table
    shown = table["status"].isin(["ok", "flagged"])
    residual = table["category"].map(is_residual)
    est = pd.to_numeric(table["estimate"], errors="coerce")
    key = pd.DataFrame({"group": np.where(~shown, 2, np.where(residual, 1, 0)),
                        "size": np.where(shown & ~residual, -est.fillna(0), 0.0),
                        "pos": np.arange(len(table))}, index=table.index)
    return table.loc[key.sort_values(["group", "size", "pos"], kind="stable").index]


def bars(table: pd.DataFrame, title: str, subtitle: str, source: str, shape: str = "report") -> Figure:
    """Horizontal bars with 95 % intervals of a one-way table from estimates.csv (one table's rows)."""
    style.use()
    t = order_rows(table).iloc[::-1]
    shown = ~t["status"].isin(["suppressed", "base_too_small"])
    fig, ax = plt.subplots(figsize=SIZES[shape])
    fig.set_layout_engine("constrained", rect=(0, 0.07, 1, 0.93))  # room for the source line
    y = np.arange(len(t))
    est = t["estimate"].where(shown, 0.0).to_numpy(dtype=float)
    colors = [style.MAIN if s else style.GREY for s in shown]
    ax.barh(y, est, color=colors, height=0.62)
    lo = (t["estimate"] - t["ci_low"]).where(shown).to_numpy(dtype=float)
    hi = (t["ci_high"] - t["estimate"]).where(shown).to_numpy(dtype=float)
    ax.errorbar(est, y, xerr=[np.nan_to_num(lo), np.nan_to_num(hi)], fmt="none", ecolor="#333333",
                elinewidth=0.8, capsize=2)
    for yi, (e, s, st) in enumerate(zip(est, shown, t["status"], strict=True)):
        label = (fmt.pct(e, 0) + (FLAG if st == "flagged" else "")  # "*" onzeker, as in the tables and Likert charts
                 if s else (SUPPRESSED if st == "suppressed" else NO_PCT))
        ax.text((t["ci_high"].iloc[yi] if s and not np.isnan(t["ci_high"].iloc[yi]) else e) + 0.01, yi, label,
                va="center", fontsize=9)
    ax.set_yticks(y, [_wrap(str(c), 34 if shape != "square" else 24, LABEL_LINES) for c in t["category"]], **TEXT)
    upper = np.nanmax(np.r_[t["ci_high"].where(shown).to_numpy(dtype=float), est, 0.1])
    ax.set_xlim(0, min(1.0, upper + 0.12))
    ax.xaxis.set_major_formatter(style.percent_axis)
    frame(fig, title, subtitle, source, shape)
    return fig


def nothing_shown(*tables: pd.DataFrame) -> bool:
    """Whether every share of these tables is hidden or without a percentage: a chart of them would be
    bars of "×" and "–" only (issue: blank charts in the gallery)."""
    return not any(t["status"].isin(["ok", "flagged"]).any() for t in tables)


def finding(table: pd.DataFrame, headline: pd.Series | None = None) -> str:
    """A title that states the finding: the codebook's headline with its published share ("58 %
    ervoer discriminatie bij het zoeken naar een woning", a row of headlines.csv); without a headline,
    or when its share is hidden, the question's label. Never the largest answer as a claim ("42 %
    antwoordde 'Nee'"): which answers make the point is the researchers' choice, in the codebook."""
    label = str(table["label"].iloc[0])
    if headline is None or headline["status"] not in ("ok", "flagged"):
        return label
    return f"{fmt.pct(headline['estimate'], 0)} {headline['category']}"


def alt_text(table: pd.DataFrame, title: str, subtitle: str, source: str, unit: str = "respondenten") -> str:
    """Alt text in Dutch with the finding and every published number (``unit``: what the base counts,
    e.g. "paren" for correspondence tests)."""
    parts = []
    for _, r in order_rows(table).iterrows():
        if r["status"] == "suppressed":
            parts.append(f"{r['category']}: niet getoond")
        elif r["status"] == "base_too_small":
            parts.append(f"{r['category']}: geen percentage (te weinig respondenten beantwoordden de vraag)")
        else:
            parts.append(f"{r['category']}: {fmt.pct(r['estimate'])} (95%-interval {fmt.ci(r['ci_low'], r['ci_high'])})")
    base = table["base"].max()
    singular = {"respondenten": "respondent", "paren": "paar"}.get(unit, unit)
    # the chart's source line ends in ", n = <base>"; the alt text already says "Basis: …", once is enough
    source = re.sub(r",\s*n\s*=\s*[\d.\u00a0\u202f ]+$", "", source.strip())
    said = "" if pd.isna(base) else f" Basis: {fmt.count(int(base), singular, unit)}."  # NaN: hidden (routing.py)
    question = "" if same_text(subtitle, title) else f"Vraag: {fmt.sentence(subtitle)} "
    return clean_alt(f"Staafdiagram. {fmt.sentence(title)} {question}" + "; ".join(parts)
                     + f".{hidden_sentence(table)}{said} {fmt.sentence(source)}")


def hidden_sentence(*tables: pd.DataFrame) -> str:
    """' Niet getoond: te weinig respondenten, of …' once after an alt text's numbers when any is hidden
    (the same reason for each: pipeline.publish.HIDDEN_WHY); '' when none is."""
    hidden = any((t["status"] == "suppressed").any() for t in tables)
    return f" Niet getoond: {HIDDEN_WHY}." if hidden else ""


# Likert batteries (several statements, one scale) live in pipeline/charts/likert.py; report and
# gallery call them as figures.likert(...), figures.likert_parts(...) etc. (loaded on first use:
# likert.py itself builds on this module).
_LIKERT = {"likert", "likert_alt", "likert_batteries", "likert_parts", "likert_sides", "likert_title"}


def __getattr__(name: str):
    if name in _LIKERT:
        from pipeline.charts import likert

        return getattr(likert, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
