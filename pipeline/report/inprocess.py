"""Run a Python report notebook in this process with IPython, without starting a Jupyter kernel.

A kernel is a second Python process that imports pandas, matplotlib and the pipeline again and talks
to the stage over ZeroMQ: about a second and a half of every report, and a port race when reports
are built in parallel. A report notebook written in Python needs none of that. Each code cell runs
in one IPython shell (the same interpreter a kernel uses: magics, ``display``, the inline
matplotlib backend) and its outputs are kept exactly as a kernel would send them: ``stream`` for
printed text, ``display_data`` for ``display(...)`` and figures, ``execute_result`` for the value of a
cell's last line. :func:`pipeline.report.render.execute` decides when to use it.

An error in a cell stops the notebook like nbclient does (:class:`CellError`, with the exception's
name and message), and so does a cell's own ``sys.exit()``. A stage interrupted by Ctrl-C or a kill
(``SystemExit`` from the command line's signal handler, pipeline/__main__.py, which notes the signal
in ``pipeline.failures.STOPPED``) is not swallowed by IPython but passed on.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

import nbformat
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from traitlets import Type

from pipeline.failures import STOPPED
from pipeline.report import captions


class CellError(Exception):
    """A code cell raised: ``ename`` and ``evalue`` as a kernel reports them; ``cell`` (the index of the notebook's
    cell that raised) and ``lines``: the notebook's own code lines the error went through, that cell's first (the
    call a researcher wrote), the innermost last (a function of an earlier cell)."""

    def __init__(self, ename: str, evalue: str, cell: int | None = None, lines: list[str] | None = None,
                 error: BaseException | None = None) -> None:
        super().__init__(f"{ename}: {evalue}")
        self.ename, self.evalue, self.cell, self.lines, self.error = ename, evalue, cell, lines or [], error


def _own_lines(error: BaseException) -> list[str]:
    """The lines of the notebook's code that ``error`` went through, outermost first: frames of a cell (a cell's
    code has no file of its own; IPython keeps its text in linecache), also when the error came from the pipeline."""
    import linecache

    lines = []
    tb = error.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if not Path(name).is_file():
            text = linecache.getline(name, tb.tb_lineno).strip()
            if text:
                lines.append(text)
        tb = tb.tb_next
    if not lines and isinstance(error, SyntaxError) and error.text:
        lines.append(error.text.strip())
    return lines


class _Outputs:
    """The outputs of the cell that is running (one list per cell, set by :func:`run`)."""

    current: list = []
    count = 0  # the running cell's execution count

    @classmethod
    def add(cls, output: dict) -> None:
        cls.current.append(output)

    @classmethod
    def text(cls, name: str, text: str) -> None:
        if not text:
            return
        last = cls.current[-1] if cls.current else None
        if last is not None and last.get("output_type") == "stream" and last.get("name") == name:
            last["text"] += text  # a kernel sends printed text in pieces; nbclient joins them like this
        else:
            cls.current.append(nbformat.v4.new_output("stream", name=name, text=text))


class _Publisher(DisplayPublisher):
    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs) -> None:
        _Outputs.add(nbformat.v4.new_output("display_data", data=data, metadata=metadata or {}))

    def clear_output(self, wait: bool = False) -> None:
        _Outputs.current.clear()


class _ResultHook(DisplayHook):
    def write_output_prompt(self) -> None:
        pass

    def write_format_data(self, format_dict, md_dict=None) -> None:
        _Outputs.add(nbformat.v4.new_output("execute_result", data=format_dict, metadata=md_dict or {},
                                            execution_count=_Outputs.count))

    def finish_displayhook(self) -> None:
        pass


class _Shell(InteractiveShell):
    display_pub_class = Type(_Publisher)
    displayhook_class = Type(_ResultHook)

    def enable_gui(self, gui=None) -> None:  # the inline backend needs no event loop (as in ipykernel)
        pass


class _Stream(io.TextIOBase):
    def __init__(self, name: str) -> None:
        self.name = name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        _Outputs.text(self.name, text)
        return len(text)


def _shell() -> InteractiveShell:
    if InteractiveShell.initialized():  # one shell per process: a stage renders one report
        shell = InteractiveShell.instance()
        if not isinstance(shell, _Shell):
            raise RuntimeError("er draait al een andere IPython-shell in dit proces")
        shell.reset(new_session=True)
        return shell
    shell = _Shell.instance(colors="nocolor", history_length=0, autocall=0, automagic=False)
    shell.history_manager.enabled = False
    shell.enable_matplotlib("inline")  # as in a kernel: a figure left open is shown under its cell
    return shell


def run(nb: nbformat.NotebookNode, cwd: Path) -> nbformat.NotebookNode:
    """Execute every code cell of ``nb`` in order, in ``cwd``; fill in outputs and execution counts."""
    if "matplotlib.pyplot" in sys.modules:  # a kernel starts without figures: none left by a stage before
        sys.modules["matplotlib.pyplot"].close("all")
    # ... and numbers its tables and figures from 1: a second report rendered in this process (tests, the
    # benchmarks, a researcher's own script) began at "Figuur 3", after the first report's figures
    captions.reset()
    # the house style sets matplotlib's Agg backend when first imported: imported inside a cell, it switched the
    # inline backend off, and a chart a researcher drew in a later cell was not shown at all
    import pipeline.charts.style  # noqa: F401

    shell = _shell()
    shell.enable_matplotlib("inline")  # again for a shell reused after something switched the backend
    previous = Path.cwd()
    os.chdir(cwd)
    count = 0
    try:
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            count += 1
            cell.outputs = []
            cell.execution_count = count
            _Outputs.current, _Outputs.count = cell.outputs, count
            with contextlib.redirect_stdout(_Stream("stdout")), contextlib.redirect_stderr(_Stream("stderr")):
                result = shell.run_cell(cell.source, store_history=False, silent=False)
            error = result.error_before_exec or result.error_in_exec
            if isinstance(error, (SystemExit, KeyboardInterrupt)) and STOPPED:  # Ctrl-C or a kill: stop the stage
                raise error
            if error is not None:
                raise CellError(type(error).__name__, str(error), index, _own_lines(error), error)
    finally:
        _Outputs.current = []
        os.chdir(previous)
    nb.metadata["language_info"] = LANGUAGE_INFO  # what a Python kernel reports, so the files match
    return nb


LANGUAGE_INFO = {  # as ipykernel's IPythonKernel.language_info
    "codemirror_mode": {"name": "ipython", "version": sys.version_info[0]},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": f"ipython{sys.version_info[0]}",
    "version": sys.version.split()[0],
}
