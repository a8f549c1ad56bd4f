"""Render a report: execute the parameterised notebook, then write HTML, PDF and Word.

The report source is ``surveys/<id>/report.py`` (a jupytext ``py:percent`` notebook with a cell
tagged ``parameters``). It is executed headless with the consultation id as parameter (by IPython in
this process, pipeline/report/inprocess.py; with LEVL_REPORT_KERNEL=1 by nbclient in a Jupyter
kernel), saved as ``processed/<id>/report.ipynb``, and then:

Both renderers read one project file, ``_quarto.yml`` (title, subtitle, author, date, period, lang,
table of contents, fonts, CSS, Typst layout, Word reference document, the filter): the shared
template pipeline/templates/_quarto.yml with the report's own fields, written into the build folder
and kept as ``processed/<id>/_quarto.yml`` (pipeline/report/metadata.py). Then

* with a ``quarto`` executable on the PATH: ``quarto render`` of that executed notebook
  (``--no-execute``) to HTML, Typst-PDF and DOCX, the project file beside it;
* otherwise (these machines, CI): the same executed notebook is converted to Pandoc Markdown
  (Markdown cells as written, code hidden, each output in its best form) and rendered by Pandoc
  3.9 (``pypandoc-binary``) to a self-contained HTML and a DOCX, and to Typst, compiled to PDF by
  the ``typst`` wheel, with the options of the same project file.

Dates in the files come from the data (the consultation's end date), not the clock, so the same
inputs give the same bytes.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import jupytext
import nbformat
import yaml
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from pipeline.errors import ConfigError, DataError, PipelineError
from pipeline.io import ROOT, say, write_bytes
from pipeline.report import docx, metadata
from pipeline.report.text import md as md_text

# The input format: Pandoc Markdown without the syntax that data-borne text must never trigger
# (citations "@x", "$math$", raw HTML/LaTeX/Typst, example lists "(@x)", a lone image becoming a
# figure). Data-borne text is escaped anyway (pipeline.report.text); this is the second line of
# defence, and none of it is used by the reports' own Markdown.
MARKDOWN_IN = ("markdown-implicit_figures-citations-tex_math_dollars-tex_math_single_backslash"
               "-raw_html-raw_attribute-raw_tex-example_lists")

def renderer_name() -> str:
    return "Quarto" if shutil.which("quarto") else "Pandoc 3.9 en Typst"


def _interrupted(client: NotebookClient, handlers: dict) -> None:
    """nbclient replaces the SIGINT/SIGTERM handlers while it runs and, on Ctrl-C, stops the kernel
    (DeadKernelError, AssertionError). Put the command line's handlers back and pass the signal on, so
    the stage reports an interruption, not a fault (``_async_cleanup_kernel_future`` is set only by
    nbclient's signal handler)."""
    stopped = getattr(client, "_async_cleanup_kernel_future", None) is not None
    for sig, handler in handlers.items():
        if handler is not None:
            signal.signal(sig, handler)
    if stopped:
        # nbclient's kernel poller dies with the kernel; asyncio would log its "Task exception was never
        # retrieved" with a traceback when the process ends
        logging.getLogger("asyncio").setLevel(logging.CRITICAL + 1)
        signal.raise_signal(signal.SIGINT)


def execute(source: Path, parameters: dict[str, object], target: Path) -> nbformat.NotebookNode:
    """Execute a jupytext notebook with its parameters injected after the ``parameters`` cell, in this
    process or in a kernel (:func:`needs_kernel`), and save it executed as ``target``."""
    nb = jupytext.read(source)
    idx = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if idx is None:
        raise ConfigError("het rapport-notebook heeft geen cel met de tag 'parameters'", file=source,
                          fix='zet `# %% tags=["parameters"]` boven de cel met `consultation = "..."`')
    code = "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
    cell = nbformat.v4.new_code_cell(code, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(idx + 1, cell)
    for i, c in enumerate(nb.cells):  # stable ids: the same inputs give the same notebook bytes
        c["id"] = f"cell-{i}"
    if not needs_kernel(nb):
        from pipeline.report import inprocess

        try:
            inprocess.run(nb, ROOT)
        except inprocess.CellError as exc:
            where = _where(source, nb, exc.cell, exc.lines)
            if isinstance(exc.error, PipelineError):  # a report helper's own Dutch message: where, added to it
                own = copy.copy(exc.error)
                own.details = [*own.details, *_where_lines(where, prefix=True)]
                raise own from None
            raise _cell_failed(source, exc.ename, exc.evalue, where) from None
        return _save(nb, target)
    return _save(_in_kernel(nb, source, parameters), target)


def needs_kernel(nb: nbformat.NotebookNode) -> bool:
    """Report notebooks are Python (the project's own code); they run in this process
    (pipeline/report/inprocess.py), which saves the start of a kernel and its second import of pandas
    and matplotlib. LEVL_REPORT_KERNEL=1 runs them in a Jupyter kernel instead, as JupyterLab would."""
    return os.environ.get("LEVL_REPORT_KERNEL") == "1"


def _cell_failed(source: Path, ename: str, evalue: str, where: list[tuple[int | None, str]] | None = None) -> DataError:
    """``where``: (line number in ``source`` or None, the code) of the error, innermost first, then the call in the
    cell that failed."""
    where = where or []
    said = _where_lines(where)
    first = next((n for n, _ in reversed(where) if n), None)  # the researcher's own call, where to look first
    return DataError("het rapport-notebook stopte met een fout", file=source,
                     details=[f"{ename}: {evalue}", *said],  # not the last traceback line: ANSI colours
                     fix=f"open {source} in JupyterLab (`make lab`) en voer het uit om de fout te zien"
                         + (f" (regel {first})" if first else ""))


def _where_lines(where: list[tuple[int | None, str]], prefix: bool = False) -> list[str]:
    said = [f"regel {n}: {text}" if n else f"bij: {text}" for n, text in where[:1]]
    if len(where) > 1:
        said.append(f"aangeroepen op regel {where[1][0]}: {where[1][1]}" if where[1][0] else f"aangeroepen bij: {where[1][1]}")
    return [f"in het rapport-notebook, {said[0]}", *said[1:]] if said and prefix else said


def _where(source: Path, nb: nbformat.NotebookNode, cell: int | None, lines: list[str]) -> list[tuple[int | None, str]]:
    """The innermost line of the error and (when another) the failing cell's own call, each with its line number in
    ``source`` (the jupytext file): a cell's lines are counted from its '# %%' marker (the injected parameters cell
    has none), a line elsewhere is the first in the file that reads the same."""
    if not lines or cell is None:
        return []
    text = source.read_text(encoding="utf-8").splitlines()
    markers = [i for i, t in enumerate(text) if t.startswith("# %%")]
    ordinal = sum(1 for c in nb.cells[:cell] if "injected-parameters" not in c.get("metadata", {}).get("tags", []))
    start = markers[ordinal] if ordinal < len(markers) else 0
    end = markers[ordinal + 1] if ordinal + 1 < len(markers) else len(text)

    def number(line: str, first: range) -> int | None:
        return next((i + 1 for i in [*first, *range(len(text))] if text[i].strip() == line), None)

    inner = (number(lines[-1], range(start, end) if len(lines) == 1 else range(0)), lines[-1])
    if len(lines) == 1:
        return [inner]
    return [inner, (number(lines[0], range(start, end)), lines[0])]


def _save(nb: nbformat.NotebookNode, target: Path) -> nbformat.NotebookNode:
    for c in nb.cells:
        c.get("metadata", {}).pop("execution", None)
    nb.metadata.pop("widgets", None)
    write_bytes(target, nbformat.writes(nb).encode("utf-8"))
    return nb


def _in_kernel(nb: nbformat.NotebookNode, source: Path, parameters: dict[str, object]) -> nbformat.NotebookNode:
    """nbclient with the notebook's own kernel; a kernel that dies before the first cell is started again once."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    prepared = nb
    for attempt in (1, 2):
        nb = copy.deepcopy(prepared)
        client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}})
        try:
            # the kernel's own stderr (a TCP warning, its traceback when it is stopped) is not for researchers
            client.execute(**({} if os.environ.get("LEVL_DEBUG") else {"stderr": subprocess.DEVNULL}))
        except Exception as exc:
            stopped = getattr(client, "_async_cleanup_kernel_future", None) is not None
            _interrupted(client, handlers)
            if isinstance(exc, CellExecutionError):
                raise _cell_failed(source, exc.ename, exc.evalue) from None
            if stopped or attempt == 2 or any(c.get("execution_count") for c in nb.cells):
                raise
            # Kernels started at the same moment (reports built in parallel) can lose a race for a
            # port and die before the first cell (jupyter/nbconvert#1066): start a new one, once. A
            # kernel that dies later (in a cell) is not retried: that cell would likely kill it again.
            say("report", str(parameters.get("consultation", source.stem)), "de Python-kernel van het notebook "
                f"startte niet ({type(exc).__name__}); tweede poging met een nieuwe kernel")
            continue
        _interrupted(client, handlers)  # our handlers back for the rest of the stage (nbclient reset them)
        break
    return nb


def to_markdown(nb: nbformat.NotebookNode, media: Path, meta: dict) -> str:
    """Markdown cells as written; code hidden; outputs as Markdown or images with alt text. ``meta``
    is the project (:func:`pipeline.report.metadata.project`) or just the report's own fields (plain
    text, escaped here): the title block's fields become the Markdown's metadata block."""
    doc = meta if "format" in meta else metadata.project(meta)
    parts = [metadata.front_matter(doc)]
    n_img = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
        elif cell.cell_type == "code":
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                if "text/markdown" in data:
                    parts.append(data["text/markdown"])
                elif "image/png" in data:
                    n_img += 1
                    path = media / f"figuur-{n_img}.png"
                    path.write_bytes(base64.b64decode(data["image/png"]))
                    alt = md_text(data.get("text/plain", "Figuur"))
                    parts.append(f'![{alt}]({path.name}){{width=100%}}')
        parts.append("")
    return "\n\n".join(parts)


_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".svg")


def copy_images(nb: nbformat.NotebookNode, source: Path, build: Path) -> None:
    """The images the notebook's Markdown cells show (``![beschrijving](logo.png)``, a path beside report.py) copied
    into the build folder, where the renderers look: the report is built in a temporary folder, and Typst stopped
    with "file not found" for an image that was there. An image from the internet, outside the report's folder,
    missing, of another kind or without a description is refused with a message saying so."""
    folder = source.parent.resolve()
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for alt, target in _IMAGE.findall(cell.source):
            def refuse(what: str, fix: str) -> DataError:
                return DataError(f"afbeelding '{target}' in een Markdown-cel: {what}", file=source, fix=fix)

            if re.match(r"^[a-z][a-z0-9+.-]*:", target, flags=re.I):
                raise refuse("een afbeelding van het internet kan niet in het rapport (de PDF en Word-versie worden "
                             "zonder internet gemaakt)", f"bewaar de afbeelding in {folder.name}/ naast report.py en "
                             "verwijs ernaar met haar bestandsnaam")
            path = (folder / target).resolve()
            if not path.is_relative_to(folder):
                raise refuse("ze staat niet in de map van het rapport", f"zet ze in {folder.name}/ naast report.py")
            if not path.is_file():
                raise refuse("het bestand bestaat niet", f"zet het bestand in {folder.name}/ of verbeter de naam")
            if path.suffix.lower() not in IMAGE_TYPES:
                raise refuse("geen afbeelding", "gebruik een PNG-, JPG-, GIF- of SVG-bestand")
            if not alt.strip():
                raise refuse("zonder beschrijving", "schrijf tussen de vierkante haken wat de afbeelding toont "
                             "(voor wie ze niet ziet): ![beschrijving](bestand.png)")
            beside = build / path.relative_to(folder)  # (not named `copy`: the module is used in this file)
            beside.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, beside)


def check_figures(nb: nbformat.NotebookNode, source: Path) -> None:
    """A chart drawn with matplotlib in the notebook and left open is shown under its cell (as in JupyterLab), with
    "<Figure size 640x480 with 1 Axes>" as its only description: the report's reader (and a screen reader) got that
    as the chart's alt text, with no number or caption. Such a chart is refused with what to write instead."""
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = out.get("data", {})
            if "image/png" in data and str(data.get("text/plain", "")).startswith("<Figure size"):
                lines = [line for line in cell.source.splitlines() if line.strip()]
                raise DataError(
                    "een grafiek in het rapport-notebook heeft geen beschrijving (alt-tekst) en geen nummer",
                    file=source, details=[f"de cel die begint met: {lines[0][:80]}" if lines else f"cel {index + 1}"],
                    fix="toon ze met `show_figure(fig, \"wat de grafiek toont, met de getallen\")` (from "
                        "pipeline.report.blocks import show_figure) en zet er `display(Markdown(figure_caption("
                        "\"Titel\")))` boven (from pipeline.report.captions import figure_caption), zoals de rapporten "
                        "in surveys/ doen")


def _pandoc(runs: list[list[str]], cwd: Path, epoch: int) -> None:
    """Pandoc once per list of arguments, all at the same time (three conversions of one Markdown file, each a
    process of its own: a report's last second of a build went to them one after the other); the first failure
    in the order given is the one reported."""
    import pypandoc

    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    procs: list[subprocess.Popen] = []
    try:
        for args in runs:
            procs.append(subprocess.Popen([pypandoc.get_pandoc_path(), *args], cwd=cwd, env=env,
                                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          text=True))
        errors = [(proc.communicate()[1], proc.returncode) for proc in procs]
    finally:  # stopped (Ctrl-C, a kill) or failed: no Pandoc left writing into a folder that is being removed
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for stderr, code in errors:
        if code != 0:
            raise DataError("Pandoc kon het rapport niet omzetten", details=_pandoc_message(stderr))


def _pandoc_message(stderr: str) -> list[str]:
    """Pandoc's own words on what went wrong: its error, not its warnings before it (an image it could not fetch)
    nor the Haskell backtrace it adds below it ("collectBacktraces, called at libraries/ghc-internal/…")."""
    lines = []
    for line in stderr.strip().splitlines():
        if line.startswith("HasCallStack backtrace"):
            break
        if line.strip():
            lines.append(line.strip())
    errors = [line for line in lines if not line.startswith("[WARNING]")]
    return (errors or lines)[-5:]


def render_pandoc(md: str, build: Path, out: Path, stem: str, epoch: int) -> list[Path]:
    """Pandoc 3.9 and Typst, with the options of the project file in ``build`` (metadata.write; the
    shared template alone when there is none)."""
    import typst

    doc = metadata.read(build) if (build / "_quarto.yml").exists() else metadata.write({}, build)
    (build / "report.md").write_text(md, encoding="utf-8")
    _pandoc([["report.md", "-f", MARKDOWN_IN, *metadata.pandoc_args(doc, fmt_name), "-o",
              "report.typ" if fmt_name == "typst" else f"report.{ext}"] for fmt_name, ext in metadata.FORMATS.items()],
            build, epoch)
    docx.finish(build / "report.docx")  # filled Inhoudsopgave, no dirty fields, column widths that fit
    fonts = [str(build / f) for f in metadata.font_paths(doc)]
    try:
        pdf = typst.compile(str(build / "report.typ"), root=str(build), font_paths=fonts, timestamp=epoch)
    except typst.TypstError as exc:  # a message, never a traceback (issue 14)
        raise DataError("Typst kon de PDF van het rapport niet maken", file=f"surveys/{stem}/report.py",
                        details=[line for line in str(exc).strip().splitlines() if line.strip()][:3],
                        fix="kijk na wat de Markdown-cellen van het rapport-notebook vragen (bv. een afbeelding "
                            "die niet bestaat); de vorige rapporten blijven ongewijzigd") from None
    (build / "report.pdf").write_bytes(pdf)
    written = []
    for ext in ("html", "pdf", "docx"):
        target = out / f"{stem}.{ext}"
        write_bytes(target, (build / f"report.{ext}").read_bytes())
        written.append(target)
    return written


def render_quarto(executed: Path, build: Path, out: Path, stem: str, epoch: int) -> list[Path]:
    """``quarto render`` of the executed notebook, once per format, in ``build`` where the project file
    (_quarto.yml, metadata.write) gives it the title block, table of contents, fonts, CSS, Typst layout
    and Word reference document."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    local = build / f"{stem}.ipynb"
    shutil.copy(executed, local)
    for fmt_name in metadata.FORMATS:  # every format first; nothing is moved into reports/ until all exist
        res = subprocess.run(metadata.quarto_command(local.name, fmt_name), cwd=build, env=env,
                             capture_output=True, text=True)
        if res.returncode != 0:
            raise DataError("Quarto kon het rapport niet maken", details=res.stderr.strip().splitlines()[-5:])
    docx.finish(build / f"{stem}.docx")
    written = []
    for ext in metadata.FORMATS.values():
        target = out / f"{stem}.{ext}"
        write_bytes(target, (build / f"{stem}.{ext}").read_bytes())
        written.append(target)
    return written


def render(consultation: str, notebook: Path, meta: dict[str, str], day: dt.date) -> list[Path]:
    """Execute ``notebook`` for ``consultation`` and write reports/<id>/<id>.{html,pdf,docx}."""
    processed = ROOT / "processed" / consultation
    out = ROOT / "reports" / consultation
    epoch = int(dt.datetime.combine(day, dt.time(12, 0), tzinfo=dt.UTC).timestamp())
    executed = processed / "report.ipynb"
    nb = execute(notebook, {"consultation": consultation, "renderer": renderer_name()}, executed)
    with tempfile.TemporaryDirectory(prefix=f"levl-{consultation}-") as tmp:
        build = Path(tmp)
        copy_images(nb, notebook, build)
        check_figures(nb, notebook)
        doc = metadata.write(meta, build)
        # the project file as rendered, beside the executed notebook: `quarto render report.ipynb` there
        # (with the files it names) gives the same document by hand
        write_bytes(processed / "_quarto.yml", yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8"))
        if shutil.which("quarto"):
            return render_quarto(executed, build, out, consultation, epoch)
        return render_pandoc(to_markdown(nb, build, doc), build, out, consultation, epoch)
