"""Numbered captions for tables and figures, in one place.

Every caption in every report goes through these functions, so that

* tables and figures are numbered in the order they appear ("Tabel 5", "Figuur 3"), and text can
  refer to them by a key (:func:`ref`);
* how a caption is kept with its table or figure (a Word paragraph style that keeps with the next
  paragraph, a Typst block that sticks to what follows, HTML classes) is decided here and in the
  renderer, never in the blocks that write the caption's text.

The numbering starts at 1 for each report: in a kernel of its own, or after :func:`reset` when the
report runs in the stage's process (pipeline/report/inprocess.py).
``title`` and ``details`` are Markdown that is already safe (data-borne parts escaped with
:func:`pipeline.report.text.md`)."""

from __future__ import annotations

_WORD = {"table": "Tabel", "figure": "Figuur"}
_count = {"table": 0, "figure": 0}
_keys: dict[str, tuple[str, int]] = {}


def reset() -> None:
    """Start numbering again at 1 (a new report in the same Python process)."""
    _count.update(table=0, figure=0)
    _keys.clear()


def _number(kind: str, key: str | None) -> int:
    _count[kind] += 1
    if key:
        _keys.setdefault(key, (kind, _count[kind]))
    return _count[kind]


def alias(key: str, *more: str) -> None:
    """Let other keys refer to the same table or figure (one chart of several questions)."""
    for k in more:
        _keys.setdefault(k, _keys[key])


def upcoming(kind: str) -> int:
    """The number the next table or figure will get (for a sentence that precedes it)."""
    return _count[kind] + 1


def ref(key: str) -> str:
    """How text refers to a numbered table or figure: 'figuur 3', 'tabel 5' (lower case, mid-sentence)."""
    kind, n = _keys[key]
    return f"{_WORD[kind].lower()} {n}"


def _sentence(title: str) -> str:
    title = title.rstrip()
    return title if title.endswith((".", "?", "!", ":")) else f"{title}."


def _caption(kind: str, title: str, details: str, key: str | None) -> str:
    n = _number(kind, key)
    text = f"**{_WORD[kind]} {n}. {_sentence(title)}**" + (f" {details.strip()}" if details.strip() else "")
    style = "Table Caption" if kind == "table" else "Image Caption"
    return f'::: {{.{kind}-caption custom-style="{style}"}}\n{text}\n:::'


def table_caption(title: str, details: str = "", key: str | None = None) -> str:
    """A numbered caption above its table, kept on the same page as the table."""
    return _caption("table", title, details, key)


def figure_caption(title: str, details: str = "", key: str | None = None) -> str:
    """A numbered caption above its figure, kept on the same page as the figure."""
    return _caption("figure", title, details, key)
