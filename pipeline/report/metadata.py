"""The document's metadata in one file that both renderers read (issue 13, item 7).

``pipeline/templates/_quarto.yml`` holds what every report shares (author, language, table of
contents, fonts, CSS, the Typst layout, the Word reference document, the filter); :func:`write`
adds the report's own fields (title, subtitle, date and period, all from the codebook and the data,
never the clock) and writes the result as ``_quarto.yml`` into the build folder, with the files it
names copied beside it. Then

* Quarto reads it as its project file: ``quarto render <id>.ipynb --to html|typst|docx --no-execute``
  in that folder (:func:`quarto_command`);
* the Pandoc path reads the same file: :func:`pandoc_args` turns it into Pandoc's options per format
  and :func:`front_matter` into the Markdown's metadata block.

So the two paths cannot drift: a key added to the template reaches both, and a test checks that every
key the template has is used by the Pandoc path.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import yaml

from pipeline.io import PACKAGE
from pipeline.report.text import md as md_text

TEMPLATES = PACKAGE / "templates"
PROJECT = TEMPLATES / "_quarto.yml"
FONTS = PACKAGE / "style" / "fonts"
# the Word reference document (the "word" helper's pipeline/style/reference.docx): used when present
REFERENCE_DOCX = PACKAGE / "style" / "reference.docx"

# the report's own fields, in the order they appear in the title block
DOCUMENT_KEYS = ("title", "subtitle", "author", "date", "period", "lang")
# Quarto's names for the output formats, and the file each one writes
FORMATS = {"html": "html", "typst": "pdf", "docx": "docx"}


def resources() -> dict[str, Path]:
    """The files the project names, by the name they get next to the notebook."""
    files = {name: TEMPLATES / name for name in ("report.css", "levl.lua", "levl.typ", "typst-template.typ")}
    files["fonts"] = FONTS
    if REFERENCE_DOCX.exists():
        files["reference.docx"] = REFERENCE_DOCX
    return files


def project(meta: dict[str, str]) -> dict:
    """The template with the report's own metadata (``meta``: title, subtitle, author, date, lang,
    optionally period) filled in."""
    doc = yaml.safe_load(PROJECT.read_text(encoding="utf-8"))
    for key in DOCUMENT_KEYS:
        if meta.get(key):
            # both renderers read metadata text as Markdown: a codebook title is text, so it is escaped
            doc[key] = meta[key] if key == "lang" else md_text(str(meta[key]))
    if REFERENCE_DOCX.exists():
        doc["format"]["docx"]["reference-doc"] = "reference.docx"
    return doc


def write(meta: dict[str, str], build: Path) -> dict:
    """Write ``build/_quarto.yml`` and copy the files it names beside it; return the project."""
    doc = project(meta)
    for name, source in resources().items():
        target = build / name
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copyfile(source, target)
    (build / "_quarto.yml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return doc


def read(build: Path) -> dict:
    return yaml.safe_load((build / "_quarto.yml").read_text(encoding="utf-8"))


def options(doc: dict, fmt: str) -> dict:
    """The options for one format: the document's top level, overridden by ``format.<fmt>``."""
    merged = {k: copy.deepcopy(v) for k, v in doc.items() if k not in ("project", "format", "execute")}
    merged.update(doc.get("format", {}).get(fmt) or {})
    return merged


def front_matter(doc: dict) -> str:
    """The YAML metadata block of the Markdown the Pandoc path converts: the project's title-block
    fields (already escaped Markdown, see :func:`project`)."""
    opts = options(doc, "html")
    lines = ["---"]
    for key in DOCUMENT_KEYS:
        if key in opts:
            lines.append(f"{key}: {json.dumps(str(opts[key]), ensure_ascii=False)}")
    if opts.get("toc-title"):
        lines.append(f"toc-title: {json.dumps(opts['toc-title'], ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines)


def pandoc_args(doc: dict, fmt: str) -> list[str]:
    """Pandoc's options for one format, from the same project file Quarto reads."""
    opts = options(doc, fmt)
    args = [f"--lua-filter={f}" for f in opts.get("filters", [])]
    if opts.get("toc"):
        args += ["--toc", f"--toc-depth={opts.get('toc-depth', 3)}"]
    if fmt == "html":
        args += ["-s", *(["--embed-resources"] if opts.get("embed-resources") else [])]
        if opts.get("html-math-method") == "mathml":
            args.append("--mathml")
        args += [f"--css={c}" for c in _list(opts.get("css"))]
        if opts.get("mainfont"):
            args += ["-V", f"mainfont={opts['mainfont']}"]
    elif fmt == "typst":
        args += ["-s", "-t", "typst"]
        for key in ("papersize", "fontsize", "mainfont"):
            if opts.get(key):
                args += ["-V", f"{key}={opts[key]}"]
        if opts.get("levl-template"):
            args += ["-V", f"template={opts['levl-template']}"]
    elif fmt == "docx":
        if opts.get("reference-doc"):
            args.append(f"--reference-doc={opts['reference-doc']}")
    return args


def font_paths(doc: dict) -> list[str]:
    return _list(options(doc, "typst").get("font-paths"))


def quarto_command(notebook: str, fmt: str) -> list[str]:
    """The Quarto call for one format: everything else comes from _quarto.yml beside the notebook."""
    return ["quarto", "render", notebook, "--to", fmt, "--no-execute"]


def _list(value) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]
