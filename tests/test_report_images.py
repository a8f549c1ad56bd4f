"""An image in a report's Markdown cell (``![beschrijving](logo.png)`` beside report.py) reaches the HTML, PDF and
Word report; Typst stopped with "file not found" because the report is built in a temporary folder."""

from __future__ import annotations

import zipfile

import nbformat
import pytest
from PIL import Image

from pipeline.errors import DataError
from pipeline.report import render


def _notebook(text: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(text)]
    return nb


@pytest.fixture
def report_folder(tmp_path):
    folder = tmp_path / "surveys" / "t"
    (folder / "beelden").mkdir(parents=True)
    Image.new("RGB", (120, 60), (200, 30, 30)).save(folder / "beelden" / "logo.png")
    (folder / "report.py").write_text("# %%\n", encoding="utf-8")
    return folder


def test_an_image_beside_the_report_is_in_all_three_formats(report_folder, tmp_path):
    nb = _notebook("Het team:\n\n![Het logo van de werkgroep](beelden/logo.png)\n")
    build, out = tmp_path / "build", tmp_path / "out"
    build.mkdir()
    render.copy_images(nb, report_folder / "report.py", build)
    assert (build / "beelden" / "logo.png").read_bytes() == (report_folder / "beelden" / "logo.png").read_bytes()
    meta = {"title": "Rapport", "subtitle": "", "author": "LEVL vzw", "date": "1 februari 2024", "lang": "nl-BE"}
    render.render_pandoc(render.to_markdown(nb, build, meta), build, out, "t", 1706788800)
    html = (out / "t.html").read_text(encoding="utf-8")
    assert 'alt="Het logo van de werkgroep"' in html and "data:image/png" in html
    with zipfile.ZipFile(out / "t.docx") as docx:
        assert any(name.startswith("word/media/") for name in docx.namelist())
    assert (out / "t.pdf").stat().st_size > 1000


@pytest.mark.parametrize(("target", "words"), [
    ("https://levl.be/logo.png", "van het internet"),
    ("../../elders.png", "niet in de map van het rapport"),
    ("beelden/ontbreekt.png", "bestaat niet"),
    ("report.py", "geen afbeelding"),
])
def test_an_image_that_cannot_be_shown_is_refused_with_the_reason(report_folder, tmp_path, target, words):
    (tmp_path / "elders.png").write_bytes((report_folder / "beelden" / "logo.png").read_bytes())
    with pytest.raises(DataError) as err:
        render.copy_images(_notebook(f"![Logo]({target})"), report_folder / "report.py", tmp_path)
    assert words in str(err.value) and target in str(err.value)


def test_an_image_without_a_description_is_refused():
    # the charts carry alt text for screen readers; a researcher's own image needs one too
    import pathlib
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        Image.new("RGB", (10, 10)).save(folder / "foto.png")
        with pytest.raises(DataError) as err:
            render.copy_images(_notebook("![](foto.png)"), folder / "report.py", folder / "build")
    assert "zonder beschrijving" in str(err.value)


def test_a_chart_drawn_directly_with_matplotlib_is_refused_with_what_to_write(tmp_path, monkeypatch):
    # a figure left open in a cell was shown with "<Figure size 640x480 with 1 Axes>" as its alt text and no number
    monkeypatch.delenv("LEVL_REPORT_KERNEL", raising=False)
    source = tmp_path / "report.py"
    source.write_text('# %% tags=["parameters"]\nconsultation = "x"\n\n# %%\nimport matplotlib.pyplot as plt\n'
                      'plt.plot([1, 2], [3, 4])\nplt.title("Huur per jaar")\n', encoding="utf-8")
    nb = render.execute(source, {"consultation": "t"}, tmp_path / "report.ipynb")
    with pytest.raises(DataError) as err:
        render.check_figures(nb, source)
    text = str(err.value)
    assert "geen beschrijving" in text and "show_figure(fig" in text and "import matplotlib.pyplot as plt" in text
    # shown the house way, it passes
    source.write_text('# %% tags=["parameters"]\nconsultation = "x"\n\n# %%\nimport matplotlib.pyplot as plt\n'
                      'from pipeline.report.blocks import show_figure\nfig = plt.figure()\nplt.plot([1, 2], [3, 4])\n'
                      'show_figure(fig, "Lijndiagram: de huur steeg van 3 naar 4.")\n', encoding="utf-8")
    render.check_figures(render.execute(source, {"consultation": "t"}, tmp_path / "report.ipynb"), source)
