"""The house style: one style sheet, one palette, one font, Dutch number formats on every axis."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from pipeline import fmt  # noqa: E402

STYLE_DIR = Path(__file__).resolve().parent.parent / "style"
STYLE = STYLE_DIR / "levl.mplstyle"
FONT_DIR = STYLE_DIR / "fonts"
# Okabe–Ito based, colour-blind safe; MAIN is the LEVL blue used for single-series charts.
MAIN = "#1b6ca8"
ACCENT = "#e69f00"
GREY = "#9a9a9a"
PALETTE = ["#1b6ca8", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#666666"]
# diverging scale for Likert (disagree → agree), colour-blind safe
LIKERT = ["#b35806", "#f1a340", "#d9d9d9", "#998ec3", "#542788"]


_MISSING_GLYPH = r"Glyph (\d+) \(.*\) missing from font\(s\)"


def missing_glyphs(caught: list) -> list[str]:
    """The characters no chart font has (an emoji), from matplotlib's warnings caught while drawing; the
    other warnings are shown as they came."""
    import re
    import warnings

    found = []
    for w in caught:
        m = re.match(_MISSING_GLYPH, str(w.message))
        if m:
            found.append(chr(int(m.group(1))))
        else:
            warnings.showwarning(w.message, w.category, w.filename, w.lineno)
    return list(dict.fromkeys(found))


def glyph_note(caught: list, where: str) -> list[str]:
    """The stage line's word on characters no font has ("let op: 2 tekens zonder lettertype (👍 🇧) als leeg vakje
    in de grafieken"), instead of matplotlib's English warning per character; [] when there are none."""
    from pipeline.fmt import count

    missing = missing_glyphs(caught)
    if not missing:
        return []
    return [f"let op: {count(len(missing), 'teken', 'tekens')} zonder lettertype ({' '.join(missing[:5])}) "
            f"als leeg vakje in de {where}"]


@cache
def use() -> None:
    """Register the shipped fonts and activate the style sheet (idempotent)."""
    if FONT_DIR.exists():
        for f in sorted(FONT_DIR.glob("*.ttf")):
            font_manager.fontManager.addfont(str(f))
    plt.style.use(str(STYLE))
    plt.rcParams["svg.hashsalt"] = "levl"


def percent_tick(x: float, _pos=None) -> str:
    """'20 %', and '2,5 %' where the ticks are 2,5 % apart: a whole number there printed '3 %, 5 %, 8 %'."""
    whole = abs(x * 100 - round(x * 100)) < 1e-9
    return fmt.pct(x, 0 if whole else 1)


percent_axis = FuncFormatter(percent_tick)
number_axis = FuncFormatter(lambda x, _pos: fmt.number(x))
