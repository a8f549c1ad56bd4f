"""pipeline/charts/png.py: the PNG files of charts and report figures.

Checked against two independent implementations: Pillow reads every file back (pixels, dpi, text, and the CRC of
every chunk), and matplotlib's own ``savefig(format="png")`` paints the figure the pipeline paints."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from pipeline.charts import png, style  # noqa: E402


def _read(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as im:
        im.verify()  # every chunk's CRC and the zlib stream
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def test_an_opaque_image_comes_back_pixel_for_pixel_as_rgb():
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    pixels[:, :, 3] = 255
    im = _read(png.encode(pixels, 300))
    assert im.mode == "RGB" and im.size == (53, 37)
    assert (np.asarray(im) == pixels[:, :, :3]).all()


def test_transparency_is_kept():
    rng = np.random.default_rng(8)
    pixels = rng.integers(0, 256, size=(20, 31, 4), dtype=np.uint8)
    pixels[0, 0, 3] = 254
    im = _read(png.encode(pixels, 150))
    assert im.mode == "RGBA"
    assert (np.asarray(im) == pixels).all()


def test_rgb_input_and_bad_shapes():
    pixels = np.zeros((4, 5, 3), dtype=np.uint8)
    pixels[2, 3] = (255, 128, 1)
    assert (np.asarray(_read(png.encode(pixels, 72))) == pixels).all()
    with pytest.raises(ValueError):
        png.encode(np.zeros((4, 5), dtype=np.uint8), 72)
    with pytest.raises(ValueError):
        png.encode(np.zeros((4, 5, 4), dtype=np.float32), 72)


def test_dpi_and_text_metadata():
    pixels = np.full((3, 3, 4), 255, dtype=np.uint8)
    text = {"Title": "Één op vijf huurders", "Description": "ذكر: 12,5 % 👍", "Author": "LEVL vzw", "Software": None}
    im = _read(png.encode(pixels, 300, text))
    assert im.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    assert im.text == {"Title": "Één op vijf huurders", "Description": "ذكر: 12,5 % 👍", "Author": "LEVL vzw"}
    raw = png.encode(pixels, 300, text)
    assert b"tEXtTitle\x00" in raw and b"iTXtDescription\x00" in raw and b"Software" not in raw


def _figure() -> plt.Figure:
    style.use()
    fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
    ax.barh(["Ja, vaak", "Soms", "Nooit"], [0.125, 0.4, 0.475])
    ax.set_title("Een titel die de layout ruimte laat innemen")
    fig.text(0.01, 0.01, "Bron: synthetische voorbeelddata", va="bottom")
    return fig


@pytest.mark.parametrize("dpi", [72, 150, 300])
def test_the_pixels_matplotlib_savefig_paints(dpi):
    fig = _figure()
    ours = png.figure_png(fig, dpi)
    assert fig.dpi == 100 and fig.get_layout_engine() is not None  # the figure is left as it was
    plt.close(fig)
    fig = _figure()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    theirs = np.asarray(_read(buf.getvalue()).convert("RGBA"))
    mine = _read(ours)
    assert mine.size == (int(5 * dpi), int(3 * dpi))
    assert (np.asarray(mine.convert("RGBA")) == theirs).all()


def test_a_cropping_matplotlibrc_gives_matplotlibs_own_png():
    # savefig.bbox: tight (a researcher's own matplotlibrc) crops the image; the size was taken from the figure
    with matplotlib.rc_context({"savefig.bbox": "tight"}):
        fig = _figure()
        ours = _read(png.figure_png(fig, 100, {"Title": "t"}))
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=100)
        plt.close(fig)
    theirs = _read(buf.getvalue())
    assert ours.size == theirs.size and ours.size != (500, 300)
    assert (np.asarray(ours.convert("RGBA")) == np.asarray(theirs.convert("RGBA"))).all()
    assert ours.text["Title"] == "t"


def test_a_layout_that_cannot_be_made_is_left_as_savefig_leaves_it():
    def figure():
        fig = plt.figure(figsize=(6, 3), layout="compressed")  # Axes of two grids: compressed layout gives up
        fig.add_subplot(1, 2, 1).imshow(np.eye(3))
        fig.add_subplot(2, 2, 4).imshow(np.eye(4))
        return fig

    fig = figure()
    ours = _read(png.figure_png(fig, 100))
    plt.close(fig)
    fig, buf = figure(), io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    assert (np.asarray(ours.convert("RGBA")) == np.asarray(_read(buf.getvalue()).convert("RGBA"))).all()
