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
    _remember_font_lookups(font_manager.fontManager)
    _remember_text_sizes()


_FAMILY_KEYS = ("font.serif", "font.sans-serif", "font.cursive", "font.fantasy", "font.monospace")
# what else Agg's size of a plain text reads from the settings
_TEXT_KEYS = ("text.hinting", "text.hinting_factor", "text.kerning_factor", "font.enable_last_resort")


def _remember_font_lookups(manager) -> None:
    """The font files of a text's properties, looked up once per process instead of at every text drawn or
    measured: with a list of families (Open Sans, then DejaVu Sans for what it lacks), matplotlib looked each family
    up again for every label, a tenth of a chart's time (docs/benchmarks.md, eleventh session). The same files come
    back (the lookup is matplotlib's own, under a key of everything it reads: the text's font properties and the
    family lists of the style); a test compares the charts' bytes."""
    if getattr(manager, "_levl_remembers", False):
        return
    lookup = manager._find_fonts_by_props
    found: dict[tuple, list] = {}
    params = plt.rcParams

    def find(prop, fontext="ttf", directory=None, fallback_to_default=True, rebuild_if_missing=True):
        props = font_manager.FontProperties._from_any(prop)
        key = (tuple(props.__dict__.values()), fontext, directory, fallback_to_default, rebuild_if_missing,
               tuple(tuple(dict.__getitem__(params, k)) for k in _FAMILY_KEYS))
        paths = found.get(key)
        if paths is None:
            paths = found[key] = lookup(props, fontext, directory, fallback_to_default, rebuild_if_missing)
        return list(paths)

    manager._find_fonts_by_props = find
    manager._levl_remembers = True


def _remember_text_sizes() -> None:
    """The size of a text in Agg's images, measured once per process instead of once per figure: matplotlib keeps
    its measurements per renderer, and every chart is three figures at three dpi (report, square, wide), each with
    a renderer of its own, measuring the same tick labels, answers and source line again (FreeType loads every
    glyph for it). The key holds everything Agg's measurement of plain text reads (text, font properties, dpi,
    hinting, kerning, the last-resort font, the style's family lists); mathtext and other renderers (SVG) are
    measured by matplotlib as before. A test compares the images' bytes."""
    import matplotlib.text as mtext
    from matplotlib.backends.backend_agg import RendererAgg

    if getattr(mtext, "_levl_remembers", False):
        return
    measure = mtext._get_text_metrics_with_cache
    sizes: dict[tuple, tuple] = {}
    params = plt.rcParams

    def remembered(renderer, text, fontprop, ismath, dpi):
        if type(renderer) is not RendererAgg or ismath:  # mathtext reads its own settings (mathtext.*): not kept
            return measure(renderer, text, fontprop, ismath, dpi)
        key = (text, fontprop.copy(), dpi, renderer.dpi, tuple(dict.__getitem__(params, k) for k in _TEXT_KEYS),
               tuple(tuple(dict.__getitem__(params, k)) for k in _FAMILY_KEYS))
        size = sizes.get(key)
        if size is None:
            if len(sizes) > 100_000:  # a long session in Jupyter: start again rather than grow
                sizes.clear()
            size = sizes[key] = renderer.get_text_width_height_descent(text, fontprop, ismath)
        return size

    mtext._get_text_metrics_with_cache = remembered
    mtext._levl_remembers = True


def percent_tick(x: float, _pos=None) -> str:
    """'20 %', and '2,5 %' where the ticks are 2,5 % apart: a whole number there printed '3 %, 5 %, 8 %'."""
    whole = abs(x * 100 - round(x * 100)) < 1e-9
    return fmt.pct(x, 0 if whole else 1)


percent_axis = FuncFormatter(percent_tick)
number_axis = FuncFormatter(lambda x, _pos: fmt.number(x))
