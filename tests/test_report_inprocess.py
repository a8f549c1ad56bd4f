"""A Python report notebook runs in the stage's own process (pipeline/report/inprocess.py) and must give
the outputs a real Jupyter kernel gives: the kernel (nbclient + ipykernel) is the reference here."""

from __future__ import annotations

import base64

import pytest

pytest.importorskip("nbclient")

from pipeline.errors import ConfigError, DataError  # noqa: E402
from pipeline.report import render  # noqa: E402

NOTEBOOK = '''# %% tags=["parameters"]
consultation = "x"

# %%
print("een", end="")
print(" twee")
from IPython.display import Markdown, display
display(Markdown(f"**{consultation}** 12,5 %"))
print("drie")

# %%
x = 41
x + 1

# %%
x = None
x

# %%
display({"text/plain": "alt", "image/png": "iVBORw0KGgo="}, raw=True)

# %%
import matplotlib.pyplot as plt
fig, ax = plt.subplots(figsize=(2, 1))
ax.bar(["a", "b"], [1, 2])

# %%
import os, sys
print(os.getcwd() == ROOT, file=sys.stderr)
'''


def _outputs(nb):
    out = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        shown = []
        for o in cell.get("outputs", []):
            item = {"output_type": o["output_type"]}
            if "name" in o:
                item["name"], item["text"] = o["name"], o["text"]
            for mime, value in o.get("data", {}).items():
                # a PNG is compared by being a PNG: the inline backend's bytes may vary between processes
                item[mime] = "PNG" if mime == "image/png" and base64.b64decode(value)[:4] == b"\x89PNG" else value
            if "execution_count" in o:
                item["execution_count"] = o["execution_count"]
            shown.append(item)
        out.append((cell.get("execution_count"), shown))
    return out


def _run(tmp_path, monkeypatch, kernel: str, name: str):
    monkeypatch.setenv("LEVL_REPORT_KERNEL", kernel)
    source = tmp_path / f"{name}.py"
    source.write_text(NOTEBOOK.replace("ROOT", repr(str(render.ROOT))), encoding="utf-8")
    return render.execute(source, {"consultation": "t"}, tmp_path / f"{name}.ipynb")


def test_outputs_are_the_ones_a_kernel_gives(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    plt.figure()  # left open by a stage before the report (charts, in the same process): not shown
    here = _run(tmp_path, monkeypatch, "0", "here")
    kernel = _run(tmp_path, monkeypatch, "1", "kernel")
    assert _outputs(here) == _outputs(kernel)
    assert here.metadata["language_info"] == kernel.metadata["language_info"]
    # and what they are, written out
    first = _outputs(here)[2]  # parameters, injected parameters, then the first cell
    assert first == (3, [{"output_type": "stream", "name": "stdout", "text": "een twee\n"},
                         {"output_type": "display_data", "text/markdown": "**t** 12,5 %",
                          "text/plain": "<IPython.core.display.Markdown object>"},
                         {"output_type": "stream", "name": "stdout", "text": "drie\n"}])
    assert _outputs(here)[3] == (4, [{"output_type": "execute_result", "text/plain": "42", "execution_count": 4}])
    assert _outputs(here)[4] == (5, [])  # None is not shown
    assert [o["output_type"] for o in _outputs(here)[6][1]][-1] == "display_data"  # the open figure, inline
    assert _outputs(here)[7][1] == [{"output_type": "stream", "name": "stderr", "text": "True\n"}]  # run in ROOT


def test_a_failing_cell_stops_with_its_error_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("LEVL_REPORT_KERNEL", raising=False)
    source = tmp_path / "report.py"
    source.write_text('# %% tags=["parameters"]\nconsultation = "x"\n\n# %%\nprint("ok")\n\n# %%\n'
                      '{}["geen tabel"]\n\n# %%\nopen("ran-after-error", "w")\n', encoding="utf-8")
    with pytest.raises(DataError) as info:
        render.execute(source, {"consultation": "t"}, tmp_path / "report.ipynb")
    assert "  - KeyError: 'geen tabel'" in str(info.value).splitlines()
    assert "  - regel 8: {}[\"geen tabel\"]" in str(info.value).splitlines()  # the line of report.py, counted by hand
    assert not (tmp_path / "report.ipynb").exists() and not (render.ROOT / "ran-after-error").exists()


def test_an_error_below_the_notebook_names_the_notebooks_own_line(tmp_path, monkeypatch):
    # a researcher's typo in a report helper's argument fails deep in the pipeline; the message named the exception
    # only ("open het in JupyterLab om de fout te zien"), not where in report.py it was
    monkeypatch.delenv("LEVL_REPORT_KERNEL", raising=False)
    source = tmp_path / "report.py"
    source.write_text('# %% [markdown]\n# Titel\n\n# %% tags=["parameters"]\nconsultation = "x"\n\n# %%\n'
                      'def show(name):\n    return int(name)\n\n# %%\nx = 1\nshow("tien")\nx = 2\n'
                      '\n# %%\nshow("tien")\n', encoding="utf-8")
    with pytest.raises(DataError) as info:
        render.execute(source, {"consultation": "t"}, tmp_path / "report.ipynb")
    lines = str(info.value).splitlines()
    assert "  - ValueError: invalid literal for int() with base 10: 'tien'" in lines
    assert "  - regel 9: return int(name)" in lines  # where it happened, in a function of an earlier cell
    assert "  - aangeroepen op regel 13: show(\"tien\")" in lines  # the call in its own cell, not the last cell's (17)
    assert lines[-1].endswith("(regel 13)")


def test_a_cells_own_exit_is_an_error_of_the_notebook(tmp_path, monkeypatch):
    # sys.exit(0) in a cell ended the stage "successfully" without a report
    monkeypatch.delenv("LEVL_REPORT_KERNEL", raising=False)
    for code in ("0", '"geen data"'):
        source = tmp_path / "report.py"
        source.write_text(f'# %% tags=["parameters"]\nconsultation = "x"\n\n# %%\nimport sys\nsys.exit({code})\n',
                          encoding="utf-8")
        with pytest.raises(DataError) as info:
            render.execute(source, {"consultation": "t"}, tmp_path / "report.ipynb")
        assert "  - SystemExit:" in "\n".join(str(info.value).splitlines())
        assert not (tmp_path / "report.ipynb").exists()


def test_a_stop_in_a_cell_is_passed_on_not_swallowed(tmp_path, monkeypatch):
    # the command line's Ctrl-C handler notes the signal and raises SystemExit; IPython would show it and
    # go on with the next cell
    from pipeline import failures

    monkeypatch.setattr(failures, "STOPPED", [2])
    monkeypatch.setattr("pipeline.report.inprocess.STOPPED", failures.STOPPED)
    monkeypatch.delenv("LEVL_REPORT_KERNEL", raising=False)
    source = tmp_path / "report.py"
    source.write_text('# %% tags=["parameters"]\nconsultation = "x"\n\n# %%\nimport sys\nsys.exit(130)\n\n'
                      '# %%\nraise RuntimeError("ran after the stop")\n', encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        render.execute(source, {"consultation": "t"}, tmp_path / "report.ipynb")
    assert info.value.code == 130 and not (tmp_path / "report.ipynb").exists()


def test_a_kernel_only_when_asked(monkeypatch):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3 (ipykernel)"}
    monkeypatch.delenv("LEVL_REPORT_KERNEL", raising=False)
    assert not render.needs_kernel(nb)
    monkeypatch.setenv("LEVL_REPORT_KERNEL", "1")
    assert render.needs_kernel(nb)


def test_each_report_numbers_its_figures_from_one(tmp_path, monkeypatch):
    # two reports rendered in one process (tests, benchmarks, a script of one's own): the second began at
    # "Figuur 3", after the first report's two figures, because the numbering was never started again
    monkeypatch.delenv("LEVL_REPORT_KERNEL", raising=False)
    source = tmp_path / "report.py"
    source.write_text('# %% tags=["parameters"]\nconsultation = "x"\n\n# %%\n'
                      'from IPython.display import Markdown, display\n'
                      'from pipeline.report.captions import figure_caption, ref\n'
                      'display(Markdown(figure_caption("Een", key="een")))\n'
                      'display(Markdown(figure_caption("Twee", key="twee") + " " + ref("een")))\n',
                      encoding="utf-8")
    shown = []
    for name in ("a", "b"):
        nb = render.execute(source, {"consultation": "t"}, tmp_path / f"{name}.ipynb")
        shown.append([o["data"]["text/markdown"] for c in nb.cells if c.cell_type == "code"
                      for o in c.get("outputs", []) if "text/markdown" in o.get("data", {})])
    assert shown[0] == shown[1]
    assert "**Figuur 1. Een.**" in shown[1][0] and "**Figuur 2. Twee.**" in shown[1][1]
    assert shown[1][1].endswith("figuur 1")


def test_a_report_helpers_own_message_gets_the_line_added(tmp_path, monkeypatch):
    # r.figure("typo") says in Dutch what is wrong; wrapped as "het rapport-notebook stopte met een fout" its file
    # and fix were printed twice. Now it is the helper's message, with the line of report.py added.
    monkeypatch.delenv("LEVL_REPORT_KERNEL", raising=False)
    source = tmp_path / "report.py"
    source.write_text('# %% tags=["parameters"]\nconsultation = "x"\n\n# %%\nfrom pipeline.errors import ConfigError\n'
                      'raise ConfigError("r.figure: \'rol_x\' is geen vraag", fix="gebruik de naam uit het codeboek")\n',
                      encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        render.execute(source, {"consultation": "t"}, tmp_path / "report.ipynb")
    text = str(info.value)
    assert text.startswith("Probleem met de configuratie: r.figure: 'rol_x' is geen vraag")
    assert "  - in het rapport-notebook, regel 6: raise ConfigError(" in text
    assert text.count("oplossing:") == 1 and "stopte met een fout" not in text


def test_a_chart_drawn_after_importing_the_house_style_is_still_shown(tmp_path):
    # a fresh process (as `python -m pipeline report x`): the house style's matplotlib.use("Agg"), first imported
    # inside a cell, switched the inline backend off, and the next cell's chart vanished from the notebook
    import subprocess
    import sys

    source = tmp_path / "report.py"
    source.write_text('# %% tags=["parameters"]\nconsultation = "x"\n\n# %%\nfrom pipeline.report import blocks\n\n'
                      '# %%\nimport matplotlib.pyplot as plt\nplt.plot([1, 2], [3, 4])\n', encoding="utf-8")
    script = ("import sys; from pathlib import Path; from pipeline.report import render; "
              "nb = render.execute(Path(sys.argv[1]), {'consultation': 't'}, Path(sys.argv[2])); "
              "print(sum('image/png' in o.get('data', {}) for c in nb.cells for o in c.get('outputs', [])))")
    res = subprocess.run([sys.executable, "-c", script, str(source), str(tmp_path / "out.ipynb")],
                         capture_output=True, text=True, timeout=120, cwd=render.ROOT)
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.strip().splitlines()[-1] == "1"
