"""Likert batteries: several statements answered on one scale, drawn as one diverging stacked bar
chart (issue 13). The report (``Report.figure`` / ``Report.likert_figure``) and the gallery
(pipeline/stages/charts.py) both call :func:`likert_parts` and :func:`likert`, so the same battery
is the same figure everywhere. See docs/charts.md ("Likert batteries")."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import ScaledTranslation

from pipeline import fmt
from pipeline.charts import style
from pipeline.charts.figures import LABEL_LINES, SIZES, TEXT, _wrap, clean_alt, frame, hidden_sentence
from pipeline.publish import FLAG, NO_PCT, SUPPRESSED
from pipeline.report.text import plain

def likert_batteries(cb) -> list[list[str]]:
    """The codebook's Likert batteries: runs of two or more consecutive, analysed Likert questions
    with the same answer scale (same codes and labels, e.g. one YAML anchor ``&agree``)."""
    runs: list[list[str]] = []
    prev_key = None
    for q in cb.questions:
        key = (tuple((a.code, a.label) for a in q.answers) if q.type == "likert" and q.analyse else None)
        if key is not None and key == prev_key:
            runs[-1].append(q.name)
        elif key is not None:
            runs.append([q.name])
        prev_key = key
    return [r for r in runs if len(r) >= 2]


def likert_parts(cb, estimates: pd.DataFrame, names: list[str]) -> tuple[list[pd.DataFrame], list[str], str, str]:
    """What a battery's chart shows, the same in the report and the gallery: the statements' tables
    (categories in scale order), their labels, the title and the subtitle (the question stem the
    statements share, e.g. "Hoe akkoord bent u?")."""
    items = [estimates[estimates["table"] == n] for n in names]
    labels = [cb.by_name[n].label for n in names]
    title = likert_title(items, labels, cb.by_name[names[0]].top_box)
    texts = [cb.by_name[n].text or "" for n in names]
    stem = texts[0]
    for t in texts[1:]:
        while stem and not t.startswith(stem):
            stem = stem[:-1]
    cut = max(stem.rfind("?"), stem.rfind(":"))
    stem = stem[:cut + 1].strip() if cut >= 0 else ""
    subtitle = (f"{stem} " if stem else "") + "Aandeel per antwoord, per stelling."
    return items, labels, title, subtitle


def likert_sides(levels: list[str], top_box: int | None = None) -> tuple[list[str], list[str], list[str]]:
    """(negative, neutral, positive) answer labels of a scale ordered from negative to positive.
    ``top_box`` (codebook) is the number of levels on each side; what lies between is neutral."""
    k = len(levels)
    side = top_box if top_box and 2 * top_box <= k else k // 2
    return levels[:side], levels[side:k - side], levels[k - side:]


def _hidden_mark(row: pd.Series) -> str:
    return SUPPRESSED if row["status"] == "suppressed" else NO_PCT


def likert_title(items: list[pd.DataFrame], labels: list[str], top_box: int | None = None) -> str:
    """The statement with the largest positive share, and that share (only from published shares)."""
    best = None
    for t, label in zip(items, labels, strict=True):
        _neg, _neu, pos = likert_sides(list(t["category"]), top_box)
        rows = t[t["category"].isin(pos)]
        if rows.empty or not rows["status"].isin(["ok", "flagged"]).all():
            continue
        share = float(rows["estimate"].sum())
        if best is None or share > best[0]:
            best = (share, label, pos)
    if best is None:
        return "Antwoorden per stelling"
    share, label, pos = best
    answer = " of ".join(p[:1].lower() + p[1:] for p in pos)
    return f"‘{plain(label)}’: {fmt.pct(share, 0)} {answer}"


class _SegmentLabel(Text):
    """A share written on its bar segment, drawn only when it fits inside the segment as laid out for this
    image: '11 %*' on a narrow segment of the square image ran onto the next segment and the white,
    where its '*' (onzeker) could not be seen. The share stays in the tables and the alt text."""

    def __init__(self, *args, segment=None, outside=False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._segment = segment
        # ``outside``: a bar with nothing to its right (the neutral column) gets its share just past its end when
        # it does not fit inside ('22 %*' on the narrow neutral bar was left out, 27 % beside it was written)
        self._outside = outside
        self._inside = (self.get_position(), self.get_horizontalalignment(), self.get_color())

    def draw(self, renderer) -> None:
        if renderer is not None and self._segment is not None:
            (x, y), ha, colour = self._inside  # each draw decides again (every image has its own layout)
            self.set_position((x, y))
            self.set_horizontalalignment(ha)
            self.set_color(colour)
            box = self._segment.get_window_extent(renderer)
            pad = 2 * renderer.points_to_pixels(1.5)
            if self.get_window_extent(renderer).width > box.width - pad:
                if not self._outside:
                    return
                end = self._segment.get_x() + self._segment.get_width()
                self.set_position((end, y))
                self.set_horizontalalignment("left")
                self.set_color("#222222")
                self.set_transform(self.axes.transData + ScaledTranslation(3 / 72, 0, self.figure.dpi_scale_trans))
                room = self.figure.bbox.x1 - box.x1 - renderer.points_to_pixels(6)  # may pass the axis end
                if self.get_window_extent(renderer).width > room - pad:
                    self.set_transform(self.axes.transData)
                    return
                self.set_clip_on(False)  # past the axis end (add_artist clipped it to the axes: '27 %' lost its '*')
                super().draw(renderer)
                self.set_clip_on(True)
                self.set_transform(self.axes.transData)
                return
        super().draw(renderer)


def likert(items: list[pd.DataFrame], labels: list[str], title: str, subtitle: str, source: str,
           shape: str = "report", top_box: int | None = None) -> Figure:
    """One diverging stacked bar per statement: negative answers left of zero (the strongest
    outermost), positive answers right of zero, the neutral answer apart in a column on the right.

    ``items`` are the one-way tables of estimates.csv (one per statement, categories in scale
    order), ``labels`` the statements. Every bar segment is a published share; a hidden cell is
    never drawn as 0: the side it is on stops there and shows the mark and why."""
    style.use()
    levels = list(items[0]["category"])
    neg, neu, pos = likert_sides(levels, top_box)
    colours = dict(zip(levels, _likert_colours(len(neg), len(neu), len(pos)), strict=True))
    n = len(items)
    height = {"report": max(2.8, 0.55 * n + 2.2), "square": 5.4, "wide": 4.5}[shape]
    width = SIZES[shape][0]
    fig = plt.figure(figsize=(width, height))
    grid = fig.add_gridspec(1, 2 if neu else 1, width_ratios=[5, 1] if neu else [1])
    ax = fig.add_subplot(grid[0])
    ax_neu = fig.add_subplot(grid[1], sharey=ax) if neu else None
    fig.set_layout_engine("constrained")
    y = np.arange(n)[::-1]
    extent = [0.0, 0.0]

    def segment(axis, start: float, width_: float, yi: float, colour: str, row: pd.Series,
                outside: bool = False) -> None:
        bar = axis.barh(yi, width_, left=start, color=colour, height=0.62, edgecolor="white", linewidth=0.6)
        if abs(width_) >= 0.07 or outside:
            dark = _is_dark(colour)
            axis.add_artist(_SegmentLabel(start + width_ / 2, yi,
                                          fmt.pct(abs(width_), 0) + (FLAG if row["status"] == "flagged" else ""),
                                          ha="center", va="center", fontsize=8, color="white" if dark else "#222222",
                                          segment=bar.patches[0], outside=outside))

    for yi, t in zip(y, items, strict=True):
        rows = t.set_index("category")
        if t["status"].eq("base_too_small").all():
            ax.text(0, yi, f"{NO_PCT} geen percentages (te weinig respondenten)", ha="center", va="center",
                    fontsize=8, color="#555555")
            continue
        for side, sign in ((neg[::-1], -1), (pos, 1)):  # from zero outwards
            at = 0.0
            for i, level in enumerate(side):
                row = rows.loc[level]
                if row["status"] not in ("ok", "flagged"):
                    # nothing further out is drawn (its place would give the hidden width away): the note
                    # names every hidden answer from here outwards, not only the first
                    rest = [lv for lv in side[i:] if rows.loc[lv, "status"] not in ("ok", "flagged")]
                    # one answer per line: side by side they ran past the room kept for the note, into
                    # the statement's label (nieuwkomers_wonen: "× niet akkoord, helemaal niet akkoord")
                    names = ",\n".join(_wrap(lv.lower(), 14) for lv in rest)
                    ax.text(at + sign * 0.01, yi, f"{_hidden_mark(row)} {names}\nniet getoond",
                            ha="right" if sign < 0 else "left", va="center", fontsize=7, color="#555555",
                            linespacing=1.0, **TEXT)
                    at += sign * 0.35  # room for the note
                    break
                w = float(row["estimate"])
                segment(ax, at, sign * w, yi, colours[level], row)
                at += sign * w
            extent[0 if sign < 0 else 1] = max(extent[0 if sign < 0 else 1], abs(at))
        if ax_neu is not None:
            at = 0.0
            for level in neu:
                row = rows.loc[level]
                if row["status"] not in ("ok", "flagged"):
                    ax_neu.text(at + 0.01, yi, f"{_hidden_mark(row)} niet getoond", va="center", fontsize=7.5,
                                color="#555555")
                    break
                segment(ax_neu, at, float(row["estimate"]), yi, colours[level], row, outside=level == neu[-1])
                at += float(row["estimate"])
    ax.axvline(0, color="#333333", linewidth=0.8)
    # each side as long as its longest bar (zero stays where the sides meet; no empty half)
    ax.set_xlim(-min(1.0, max(extent[0], 0.2) + 0.05), min(1.0, max(extent[1], 0.2) + 0.05))
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _pos: style.percent_tick(abs(x))))
    ax.set_yticks(y, [_wrap(str(label), 30 if shape != "square" else 22, LABEL_LINES) for label in labels], **TEXT)
    ax.set_ylim(-0.6, n - 0.4)
    if ax_neu is not None:
        # from the shown shares only: an axis that ends 5 points past a hidden share gives it away
        ax_neu.set_xlim(0, max(0.5, min(1.0, max(float(t.loc[t["category"].isin(neu) & t["status"].isin(["ok", "flagged"]),
                                                              "estimate"].fillna(0).sum()) for t in items) + 0.05)))
        ax_neu.xaxis.set_major_formatter(style.percent_axis)
        ax_neu.set_xticks([0.0, 0.5, 1.0] if ax_neu.get_xlim()[1] >= 1.0 else [0.0, 0.5])  # room for the labels
        ax_neu.tick_params(axis="y", left=False, labelleft=False)
        ax_neu.set_title(_wrap(" / ".join(neu), 14), fontsize=8.5, fontweight="normal", color="#444444", **TEXT)
    handles = [plt.Rectangle((0, 0), 1, 1, color=colours[level]) for level in levels]
    # under the tick labels, part of the axes (so the layout keeps it clear of the source line)
    below = ax.transAxes + ScaledTranslation(0, -0.3, fig.dpi_scale_trans)
    ax.legend(handles, [_wrap(level, 18) for level in levels], loc="upper center", bbox_to_anchor=(0.5, 0),
              bbox_transform=below, ncol=len(levels) if shape != "square" else 3, fontsize=8, handlelength=1.0,
              columnspacing=1.0, borderaxespad=0)
    frame(fig, title, subtitle, source, shape)
    return fig


def _likert_colours(n_neg: int, n_neu: int, n_pos: int) -> list[str]:
    """The house diverging scale (style.LIKERT: strong negative … neutral … strong positive)."""
    neg = style.LIKERT[:2][-n_neg:] if n_neg <= 2 else list(plt.get_cmap("PuOr")(np.linspace(0.0, 0.4, n_neg)))
    pos = style.LIKERT[3:][:n_pos] if n_pos <= 2 else list(plt.get_cmap("PuOr")(np.linspace(0.6, 1.0, n_pos)))
    if n_neg <= 1:
        neg = [style.LIKERT[1]][:n_neg]
    if n_pos <= 1:
        pos = [style.LIKERT[3]][:n_pos]
    neu = [style.LIKERT[2]] * n_neu
    return [*map(_hex, neg), *neu, *map(_hex, pos)]


def _hex(c) -> str:
    return to_hex(c)


def _is_dark(colour: str) -> bool:
    r, g, b = to_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.45


def likert_alt(items: list[pd.DataFrame], labels: list[str], title: str, subtitle: str, source: str) -> str:
    """Alt text: per statement every published share, hidden ones said as hidden."""
    parts = []
    for t, label in zip(items, labels, strict=True):
        shares = []
        for _, r in t.iterrows():
            if r["status"] in ("ok", "flagged"):
                shares.append(f"{r['category'].lower()} {fmt.pct(r['estimate'])}")
            elif r["status"] == "suppressed":
                shares.append(f"{r['category'].lower()} niet getoond")
            else:
                shares.append(f"{r['category'].lower()} geen percentage (te weinig respondenten)")
        parts.append(f"{plain(label)}: " + ", ".join(shares))
    return clean_alt(f"Gestapeld staafdiagram. {title}. {subtitle}. " + "; ".join(parts) + "."
                     + hidden_sentence(*items) + f" {source}.")
