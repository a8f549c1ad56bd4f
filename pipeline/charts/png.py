"""A figure as PNG bytes: matplotlib's Agg draws it once, this module writes the file.

matplotlib's ``savefig(format="png")`` spent a third of a chart's PNG time in two places this module avoids
(docs/benchmarks.md, twelfth session):

- **a second draw.** With a layout engine, ``savefig`` draws the whole figure once with drawing switched off to
  lay it out, then again to paint it. Here the layout runs on its own, at the dpi of the image (what that first
  draw computes), and the figure is painted once: the same pixels (tests/test_png.py compares).
- **Pillow's encoder.** It tries five PNG filters on every row of pixels and keeps the best, for an image that
  is mostly white. Here every row gets the "Up" filter (the row above subtracted: a chart's bars, grid and
  white space become runs of zeros) and zlib compresses at level 3. Three times faster, files 10 % smaller.
  An image without transparency (every chart: white background) is written as RGB, without its alpha channel.

The file is a plain PNG any viewer reads, with the dpi (pHYs) and text metadata (title, description,
author) that matplotlib would have written: latin-1 text as tEXt, other text (Arabic, emoji) as UTF-8 iTXt.
"""

from __future__ import annotations

import io
import struct
import zlib

import matplotlib as mpl
import numpy as np
from matplotlib import cbook
from matplotlib.figure import Figure
from PIL import Image

ZLIB_LEVEL = 3
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_UP = 2  # PNG filter type 2: each byte minus the byte above it


def figure_pixels(fig: Figure, dpi: float) -> np.ndarray:
    """The figure painted by Agg at ``dpi``: an array of height × width × 4 (RGBA) bytes.

    The layout (constrained layout, when the figure has it) is done at that dpi, as ``savefig`` would; the figure
    keeps its layout engine and its dpi afterwards."""
    engine = fig.get_layout_engine()
    with cbook._setattr_cm(fig, dpi=dpi), cbook._setattr_cm(fig.canvas, _is_saving=True):
        if fig.axes and engine is not None:  # as Figure.draw does it, a layout that cannot be made included
            try:
                engine.execute(fig)
            except ValueError:
                pass
    # savefig lays the figure out again (a draw with painting switched off) whenever it has a layout engine; it has
    # just been done, at the same dpi
    fig._layout_engine = None
    try:
        buf = io.BytesIO()
        fig.savefig(buf, format="raw", dpi=dpi)
    finally:
        fig._layout_engine = engine
    data = buf.getbuffer()
    width = int(fig.get_figwidth() * dpi)
    height = len(data) // (4 * width) if width else 0
    if width <= 0 or width * height * 4 != len(data):  # pragma: no cover - Agg's canvas is int(size × dpi)
        raise RuntimeError(f"onverwachte grootte van de getekende grafiek ({len(data)} bytes, breedte {width})")
    return np.frombuffer(data, dtype=np.uint8).reshape(height, width, 4)


def encode(pixels: np.ndarray, dpi: float, text: dict[str, str | None] | None = None) -> bytes:
    """PNG bytes of an RGBA (or RGB) array of height × width × channels, with its dpi and text metadata.

    An RGBA image whose every pixel is opaque is written as RGB (the same image, a quarter less to compress).
    ``text`` entries whose value is None are left out, as matplotlib does."""
    if pixels.ndim != 3 or pixels.shape[2] not in (3, 4) or pixels.dtype != np.uint8:
        raise ValueError(f"verwacht hoogte × breedte × 3 of 4 bytes, niet {pixels.shape} {pixels.dtype}")
    height, width, channels = pixels.shape
    if channels == 4 and bool((pixels[:, :, 3] == 255).all()):
        # Pillow drops the alpha channel several times faster than a numpy copy of the strided RGB bytes
        rgb = Image.frombuffer("RGBA", (width, height), np.ascontiguousarray(pixels), "raw", "RGBA", 0, 1).convert("RGB")
        rows, channels = np.frombuffer(rgb.tobytes(), dtype=np.uint8).reshape(height, width * 3), 3
    else:
        rows = np.ascontiguousarray(pixels).reshape(height, width * channels)
    filtered = np.empty((height, width * channels + 1), dtype=np.uint8)
    filtered[:, 0] = _UP
    filtered[0, 1:] = rows[0]  # the row above the first is zeros
    np.subtract(rows[1:], rows[:-1], out=filtered[1:, 1:])  # modulo 256, as PNG's filters are
    chunks = [_chunk(b"IHDR", struct.pack("!IIBBBBB", width, height, 8, 6 if channels == 4 else 2, 0, 0, 0))]
    per_metre = int(dpi / 0.0254 + 0.5)
    chunks.append(_chunk(b"pHYs", struct.pack("!IIB", per_metre, per_metre, 1)))
    for key, value in (text or {}).items():
        if value is not None:
            chunks.append(_text_chunk(key, str(value)))
    chunks.append(_chunk(b"IDAT", zlib.compress(filtered.tobytes(), ZLIB_LEVEL)))
    chunks.append(_chunk(b"IEND", b""))
    return _SIGNATURE + b"".join(chunks)


def figure_png(fig: Figure, dpi: float, text: dict[str, str | None] | None = None) -> bytes:
    """The figure as PNG bytes at ``dpi`` (what ``savefig(format="png", dpi=dpi, metadata=text)`` shows).

    With ``savefig.bbox: tight`` in matplotlib's settings (a matplotlibrc of one's own) ``savefig`` crops the image
    to what is drawn: then it is matplotlib's own PNG, as before this module."""
    if mpl.rcParams["savefig.bbox"] == "tight":
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": ZLIB_LEVEL},
                    metadata={"Software": None, **(text or {})})
        return buf.getvalue()
    return encode(figure_pixels(fig, dpi), dpi, text)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack("!I", len(data)) + kind + data + struct.pack("!I", zlib.crc32(kind + data))


def _text_chunk(key: str, value: str) -> bytes:
    """tEXt when the text is latin-1 (PNG's own text chunk), else iTXt in UTF-8 (not compressed, no language)."""
    name = key.encode("latin-1")
    if not 1 <= len(name) <= 79 or b"\0" in name:
        raise ValueError(f"ongeldige PNG-sleutel {key!r}")
    value = value.replace("\0", "")
    try:
        return _chunk(b"tEXt", name + b"\0" + value.encode("latin-1"))
    except UnicodeEncodeError:
        return _chunk(b"iTXt", name + b"\0\0\0" + b"\0" + b"\0" + value.encode("utf-8", "replace"))
