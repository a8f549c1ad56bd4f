"""Export one chart in every format communications staff need, in the house style.

``export_chart(draw, name, out_dir, title, subtitle, source, alt)`` calls ``draw(shape)`` once per
shape, so each file is *laid out* for its size (labels wrapped narrower and bars taller in the
square), never a squeezed copy:

==========================  ========  ==========================================================
file                        shape     what
==========================  ========  ==========================================================
``<name>.svg``              report    vector, text kept as text (editable), deterministic bytes
``<name>.png``              report    300 dpi, for print and Word
``<name>_1080x1080.png``    square    exactly 1080 × 1080 pixels (Instagram, Facebook, LinkedIn)
``<name>_1200x675.png``     wide      exactly 1200 × 675 pixels (X, LinkedIn link, website)
``<name>.txt``              –         the alt text (Dutch: the finding and every number shown)
==========================  ========  ==========================================================

A ``draw`` function may frame the figure itself (``figures.bars`` does: title, subtitle, source
line); when the figure it returns has no title yet, :func:`figures.frame` is applied here with
``title``, ``subtitle`` and ``source``. All files are written atomically.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from PIL import Image

from pipeline.charts import figures, png, style
from pipeline.io import write_bytes, write_text
from pipeline.report.text import plain

REPORT_DPI = 300
# shape → (pixel size, dpi used to render it). The dpi sets how large the text is in the image:
# 10 pt text is 21 px high in the wide image and 28 px in the square one (readable on a phone).
SOCIAL = {
    "square": ((1080, 1080), 200),
    "wide": ((1200, 675), 150),
}
SUFFIX = {"square": "_1080x1080", "wide": "_1200x675"}
# fixed metadata: no dates, no version numbers, so the same chart gives the same bytes
_CREATOR = "LEVL vzw, pipeline/charts/export.py"
_SALT = "levl"
# characters XML 1.0 forbids: one of them in a label (Excel exports carry "\x0b" for a line break
# in a cell) made the whole SVG unreadable; whatever a draw function put on the chart, they go
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _framed(draw: Callable[[str], Figure], shape: str, title: str, subtitle: str, source: str) -> Figure:
    fig = draw(shape)
    if not isinstance(fig, Figure):
        raise TypeError(f"draw('{shape}') moet een matplotlib Figure teruggeven, niet {type(fig).__name__}")
    if shape in SOCIAL:  # exactly the pixel size, before the layout is computed
        (width, height), dpi = SOCIAL[shape]
        fig.set_size_inches(width / dpi, height / dpi)
        fig.set_dpi(dpi)
    if not fig.get_suptitle():
        if fig.axes:
            figures.frame(fig, title, subtitle, source, shape)
        else:  # nothing to hang the subtitle on: put the text in the figure itself
            fig.suptitle(title, x=0.02, ha="left", fontweight="bold")
    figures.reserve_footer(fig)  # again: the size changed
    figures.settle_layout(fig)
    return fig


def _accessible_svg(svg: bytes, alt: str) -> bytes:
    """Mark the SVG as an image with a <desc> (the alt text) for screen readers.

    matplotlib already writes the <title> element from the Title metadata.
    """
    text = svg.decode("utf-8", errors="replace")
    extra = f"\n <desc>{html.escape(alt, quote=False)}</desc>"
    text, count = re.subn(r"(<svg\b[^>]*?)(>)", lambda m: m.group(1) + ' role="img"' + m.group(2) + extra,
                          text, count=1)
    if count != 1:  # pragma: no cover - matplotlib always writes one <svg> element
        raise ValueError("geen <svg>-element gevonden")
    return _XML_ILLEGAL.sub("", text).encode("utf-8")


def render_svg(fig: Figure, title: str, alt: str) -> bytes:
    title, alt = (" ".join(plain(t).split()) for t in (title, alt))  # one line of text each
    buf = io.BytesIO()
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": _SALT}):
        fig.savefig(buf, format="svg", metadata={
            "Date": None, "Creator": _CREATOR, "Title": title, "Description": alt, "Language": "nl-BE",
        })
    return _accessible_svg(buf.getvalue(), alt)


def render_png(fig: Figure, dpi: int, title: str, alt: str) -> bytes:
    """The figure as PNG at ``dpi``, drawn once and encoded by :mod:`pipeline.charts.png` (the pixels of
    ``savefig``, in a third less time)."""
    return png.figure_png(fig, dpi, {"Title": title, "Description": alt, "Author": "LEVL vzw"})


def render_social(fig: Figure, shape: str, title: str, alt: str) -> bytes:
    """A PNG of exactly the social-media pixel size of ``shape`` (no tight bounding box)."""
    (width, height), dpi = SOCIAL[shape]
    fig.set_size_inches(width / dpi, height / dpi)
    data = render_png(fig, dpi, title, alt)
    with Image.open(io.BytesIO(data)) as im:
        if im.size != (width, height):
            raise RuntimeError(f"grafiek is {im.size[0]}×{im.size[1]} pixels, verwacht {width}×{height}")
    return data


def export_chart(
    draw: Callable[[str], Figure],
    name: str,
    out_dir: str | Path,
    title: str,
    subtitle: str,
    source: str,
    alt: str,
) -> list[Path]:
    """Write ``<name>.svg``, ``.png`` (300 dpi), ``_1080x1080.png``, ``_1200x675.png`` and ``.txt``.

    Returns the paths written, in that order.
    """
    style.use()
    title, alt = plain(title), plain(alt)  # file metadata: no control characters, no lone surrogates
    out = Path(out_dir)
    paths = {
        "svg": out / f"{name}.svg",
        "png": out / f"{name}.png",
        "square": out / f"{name}{SUFFIX['square']}.png",
        "wide": out / f"{name}{SUFFIX['wide']}.png",
        "txt": out / f"{name}.txt",
    }
    files: dict[str, bytes] = {}
    fig = _framed(draw, "report", title, subtitle, source)
    try:
        files["png"] = render_png(fig, REPORT_DPI, title, alt)
        # the same size: the SVG keeps the layout the PNG was drawn with (a viewer sets the SVG's text in
        # its own fonts anyway); a second layout cost as much as a quarter of the PNG
        fig.set_layout_engine("none")
        # savefig lays out once more, with drawing switched off, whenever the figure has any layout engine,
        # and "none" leaves a placeholder engine: with no engine at all the SVG skips that pass (the same
        # bytes, 40 % of its time; tests/test_charts.py compares)
        fig._layout_engine = None
        files["svg"] = render_svg(fig, title, alt)
    finally:
        plt.close(fig)
    for shape in ("square", "wide"):
        fig = _framed(draw, shape, title, subtitle, source)
        try:
            files[shape] = render_social(fig, shape, title, alt)
        finally:
            plt.close(fig)
    # write only when every format rendered: never half a set of files
    for key in ("svg", "png", "square", "wide"):
        write_bytes(paths[key], files[key])
    write_text(paths["txt"], plain(alt).strip() + "\n")
    return list(paths.values())
