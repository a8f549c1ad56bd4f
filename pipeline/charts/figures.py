"""Chart builders: every chart has a title that states the finding, a subtitle with the question,
the source line with n, and shows only what the disclosure step allows."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from pipeline import fmt
from pipeline.charts import style
from pipeline.publish import NO_PCT, SUPPRESSED
from pipeline.report.text import plain

SIZES = {"report": (7.0, 3.6), "square": (5.4, 5.4), "wide": (8.0, 4.5)}
# Text from data is never math ("$$" crashed mathtext). The house style says so too, but a report
# notebook may reset matplotlib's settings (plt.style.use("default")) after style.use() ran once.
TEXT = {"parse_math": False, "usetex": False}


def _wrap(text: str, width: int) -> str:
    """Lines of at most ``width`` characters; a label's own line breaks and control characters
    (data is text: no ESC, NUL or bidirectional override reaches a chart) become spaces or go."""
    return "\n".join(textwrap.wrap(plain(text), width)) if text else ""


def frame(fig: Figure, title: str, subtitle: str, source: str, shape: str = "report") -> None:
    """Title, subtitle and source line, laid out for the figure's shape."""
    width = {"report": 78, "square": 48, "wide": 88}[shape]
    fig.suptitle(_wrap(title, width - 10), x=0.02, ha="left", fontsize=13, fontweight="bold", **TEXT)
    fig.text(0.02, 0.02, _wrap(source, width + 20), fontsize=8, color="#555555", ha="left", va="bottom", **TEXT)
    fig.axes[0].set_title(_wrap(subtitle, width), fontsize=9.5, fontweight="normal", color="#444444", loc="left",
                          **TEXT)


def bars(table: pd.DataFrame, title: str, subtitle: str, source: str, shape: str = "report") -> Figure:
    """Horizontal bars with 95 % intervals of a one-way table from estimates.csv (one table's rows)."""
    style.use()
    t = table.iloc[::-1]
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
        label = fmt.pct(e, 0) if s else (SUPPRESSED if st == "suppressed" else NO_PCT)
        ax.text((t["ci_high"].iloc[yi] if s and not np.isnan(t["ci_high"].iloc[yi]) else e) + 0.01, yi, label,
                va="center", fontsize=9)
    ax.set_yticks(y, [_wrap(str(c), 34 if shape != "square" else 24) for c in t["category"]], **TEXT)
    upper = np.nanmax(np.r_[t["ci_high"].where(shown).to_numpy(dtype=float), est, 0.1])
    ax.set_xlim(0, min(1.0, upper + 0.12))
    ax.xaxis.set_major_formatter(style.percent_axis)
    frame(fig, title, subtitle, source, shape)
    return fig


def finding(table: pd.DataFrame) -> str:
    """A title that states the finding: the most frequent safe answer and its share."""
    safe = table[table["status"].isin(["ok", "flagged"])]
    if safe.empty:
        return str(table["label"].iloc[0])
    top = safe.loc[safe["estimate"].idxmax()]
    verb = "kozen" if table["kind"].iloc[0] == "multiple" else "antwoordde"
    return f"{fmt.pct(top['estimate'], 0)} {verb} '{top['category']}'"


def hidden_why(row: pd.Series) -> str:
    """The true reason a number is hidden (estimates.csv ``hidden_reason``): a small group itself, or
    hidden so that a small group elsewhere in the table cannot be worked out."""
    if str(row.get("hidden_reason", "") or "") == "protect":
        return "verborgen om een kleine groep te beschermen"
    return "te weinig respondenten"


def alt_text(table: pd.DataFrame, title: str, subtitle: str, source: str) -> str:
    """Alt text in Dutch with the finding and every published number."""
    parts = []
    for _, r in table.iterrows():
        if r["status"] == "suppressed":
            parts.append(f"{r['category']}: niet getoond ({hidden_why(r)})")
        elif r["status"] == "base_too_small":
            parts.append(f"{r['category']}: geen percentage (te weinig respondenten beantwoordden de vraag)")
        else:
            parts.append(f"{r['category']}: {fmt.pct(r['estimate'])} (95%-interval {fmt.ci(r['ci_low'], r['ci_high'])})")
    base = int(table["base"].max())
    return (f"Staafdiagram. {fmt.sentence(title)} Vraag: {fmt.sentence(subtitle)} " + "; ".join(parts)
            + f". Basis: {fmt.count(base, 'respondent', 'respondenten')}. {fmt.sentence(source)}")
