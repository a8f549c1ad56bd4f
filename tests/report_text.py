"""The text a reader sees in a finished HTML report, and its words, for the Dutch checks
(tests/test_report_dutch.py): visible text and alt texts, without styles, scripts and the
embedded images; code spans (file names, hashes, library names) apart."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

_BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "div", "br", "tr", "figcaption",
           "caption", "blockquote", "title", "header", "nav", "section", "figure"}


class _Visible(HTMLParser):
    HIDDEN = {"script", "style", "svg", "math"}
    CODE = {"code", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.prose: list[str] = []
        self.all: list[str] = []
        self.hidden = 0
        self.code = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag in self.CODE:
            self.code += 1
        if tag in _BLOCKS:
            self.prose.append("\n")
            self.all.append("\n")
        alt = dict(attrs).get("alt") if tag == "img" else None
        if alt:
            self.prose.append(f"\n{alt}\n")
            self.all.append(f"\n{alt}\n")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        if tag in self.CODE:
            self.code = max(0, self.code - 1)
        if tag in _BLOCKS:
            self.prose.append("\n")
            self.all.append("\n")

    def handle_data(self, data):
        if self.hidden:
            return
        self.all.append(data)
        if not self.code:
            self.prose.append(data)


def html_text(path: Path) -> tuple[str, str]:
    """(prose, everything): the visible text and alt texts of an HTML report; ``prose`` leaves out
    code spans (file names, hashes, package names), ``everything`` keeps them."""
    parser = _Visible()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.prose), "".join(parser.all)


# a chunk (between white space) that is a path, a file name, an address or a code, not a word
_NOT_WORDS = re.compile(r"[/@\\_]|://|\.(?:csv|xlsx|sav|ya?ml|json|py|html|pdf|docx)\b|\d[^\W\d_]|[^\W\d_]\d",
                        re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def words(text: str) -> list[str]:
    """The words to spell-check: numbers, URLs, paths, file names and codes left out; a hyphenated
    compound is checked part by part ("kandidaat-huurder"), one-letter words are skipped."""
    out = []
    for chunk in text.split():
        if _NOT_WORDS.search(chunk):
            continue
        out.extend(w for w in _WORD.findall(chunk) if len(w) > 1)
    return out
