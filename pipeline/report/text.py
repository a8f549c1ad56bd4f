"""Data is text: how words from a codebook, an export or a quotes file enter a report's Markdown.

The report's own Markdown (tables, headings, bold captions) is written by the pipeline and the
researchers. Everything that comes *from* data — answer labels, question texts, titles, source
lines, quotes, group names, file names — passes through :func:`md` (or :func:`md_lines`,
:func:`code`) at the moment it is put into that Markdown, so that Pandoc reads it as plain text in
every format: no HTML (``<img onerror=…>``, ``<script>``), no links or images (``[x](…)``,
``![](…)``), no raw Typst or LaTeX (`` `…`{=typst} ``), no citations (``@handle``), no math
(``$x^2$``), no example lists (``(@jan)``), no headings or list items at the start of a line.

Pandoc lets a backslash escape every ASCII punctuation character (``all_symbols_escapable``), and
an escaped character is always a literal character; its writers then escape it for HTML, Typst and
Word themselves. So escaping (nearly) all of them needs no list of dangerous syntax that could be
incomplete. The renderer also switches the riskiest extensions off (defence in depth, see
:mod:`pipeline.report.render`).
"""

from __future__ import annotations

import re
import string

# every ASCII punctuation character but those with no meaning in Pandoc Markdown ("%", ",", ";",
# "?", "/"); quotes are escaped too, so that they are not made typographic: text stays as typed
_PUNCTUATION = frozenset(string.punctuation) - set("%,;?/")
_BREAKS = re.compile(r"[\r\n\t\f\v\x85\u2028\u2029]+")
# invisible characters that change what a reader sees or break a file: C0 and C1 controls but the
# line breaks (a NUL or ESC makes an SVG invalid XML), DEL, the bidirectional embeddings,
# overrides and isolates (U+202E shows the rest of a label reversed: "Trojan Source"), the
# non-characters U+FFFE/U+FFFF (a byte-swapped BOM; Pandoc refused a title holding one: "control
# characters are not allowed") and lone surrogates (from undecodable bytes; they cannot be written)
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069"
                        r"\ufffe\uffff\ud800-\udfff]")


def plain(value: object) -> str:
    """``value`` as a string without control characters or bidirectional overrides (see above).

    Line breaks stay; ``md()`` and the charts decide what a line break becomes."""
    return _INVISIBLE.sub("", str(value))


def md(value: object) -> str:
    """``value`` as literal inline text in Pandoc Markdown (one line; line breaks become spaces)."""
    text = _BREAKS.sub(" ", plain(value))
    return "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in text)


def md_lines(value: object, prefix: str = "") -> str:
    """Multi-line text (a quote) as literal lines, each starting with ``prefix`` (e.g. ``"> "``).

    A line break stays a line break (a hard break, ``\\`` at the end of the line); an empty line
    separates paragraphs. No line can start a list, a heading or a code block."""
    text = plain(value).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [[md(line.strip()) for line in para.split("\n") if line.strip()]
                  for para in re.split(r"\n\s*\n", text)]
    blocks = [("\\\n" + prefix).join(lines) for lines in paragraphs if lines]
    return ("\n" + prefix.rstrip() + "\n").join(prefix + b for b in blocks)


def code(value: object) -> str:
    """``value`` as an inline code span that no character in it can end early (file names, ids)."""
    text = _BREAKS.sub(" ", plain(value))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"
