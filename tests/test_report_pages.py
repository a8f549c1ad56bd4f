"""Issue 13, item 2, on the finished reports (``make all`` once: the ``publications`` fixture).

Read as a reader sees them: the PDF's text page by page (``pdftotext -layout``; pages are split by
form feeds) against the same report's HTML, which holds every caption and table cell once, as text.

* No caption is the last thing on a PDF page: where a caption starts on a page, more than the caption
  follows it there (its table's text, or for a figure an image that starts below the caption:
  positions from ``pdftohtml -xml``, as charts are pictures without text).
* No number and no table-header word is broken over two lines: each header word and each cell of
  numbers of the HTML's tables appears unbroken on one line of the PDF (a break after a word's own
  hyphen, as in "Midden-Oosten", is a break between two words, not hyphenation).
* No breakable space between a number and "%" in the HTML's text.
* The first PDF page is a title page: LEVL, the report's title, its period and date, nothing else.
"""

from __future__ import annotations

import html.parser
import re
import subprocess
from pathlib import Path

import pytest

from tests.built_reports import report_ids

pytestmark = pytest.mark.slow

CAPTION = re.compile(r"^(Tabel|Figuur) \d+\.")
WORD_SPLIT = re.compile(r"[\s\-/()]+")


class _Report(html.parser.HTMLParser):
    """Captions, table header words and cells of numbers, and the visible text of a report's HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.captions: list[str] = []
        self.headers: list[str] = []
        self.cells: list[str] = []
        self.text: list[str] = []
        self._caption_depth = 0
        self._div_depth = 0
        self._cell: list[str] | None = None
        self._cell_tag = ""
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag in ("style", "script"):
            self._skip += 1
        if tag == "div":
            self._div_depth += 1
            if {"table-caption", "figure-caption"} & set(classes):
                self._caption_depth = self._div_depth
                self.captions.append("")
        if tag in ("th", "td"):
            self._cell, self._cell_tag = [], tag

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1
        if tag == "div":
            if self._div_depth == self._caption_depth:
                self._caption_depth = 0
            self._div_depth -= 1
        if tag in ("th", "td") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            (self.headers if self._cell_tag == "th" else self.cells).append(text)
            self._cell = None

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._caption_depth:
            self.captions[-1] += data
        if self._cell is not None:
            self._cell.append(data)


def read_html(path: Path) -> _Report:
    report = _Report()
    report.feed(path.read_text(encoding="utf-8"))
    report.captions = [" ".join(c.split()) for c in report.captions]
    return report


def pdf_pages(path: Path) -> list[list[str]]:
    """Each page's non-empty lines, whitespace collapsed, without the page number at its foot (one list
    per PDF page, empty for a page without text)."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = []
    for page in text.split("\f"):
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        if lines and lines[-1].isdigit():
            lines.pop()
        pages.append(lines)  # a page of only a chart stays, empty: page numbers match the PDF's
    while pages and not pages[-1]:  # what follows the last form feed
        pages.pop()
    return pages


def figures_with_picture(path: Path) -> set[tuple[int, str]]:
    """(page, "Figuur N.") for every figure caption with an image starting below it on its page."""
    import tempfile
    import xml.etree.ElementTree as ET

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftohtml", "-xml", "-q", str(path), str(Path(tmp) / "pdf")], check=True)
        root = ET.parse(Path(tmp) / "pdf.xml").getroot()
    found = set()
    for page in root.iter("page"):
        images = [float(i.get("top")) for i in page.iter("image")]
        for text in page.iter("text"):
            m = CAPTION.match("".join(text.itertext()).strip())
            if m and m.group(1) == "Figuur" and any(top > float(text.get("top")) for top in images):
                found.add((int(page.get("number")), m.group(0)))
    return found


def stranded_captions(pages: list[list[str]], captions: list[str],
                      pictured: set[tuple[int, str]] = frozenset()) -> list[str]:
    """Captions that are the last text on their page (what follows them there is only themselves),
    except figure captions in ``pictured`` (their chart follows them as an image)."""
    found = []
    for number, lines in enumerate(pages, start=1):
        for i, line in enumerate(lines):
            start = CAPTION.match(line)
            if start is None or (number, start.group(0)) in pictured:
                continue
            rest = " ".join(lines[i:])
            caption = next((c for c in captions if c.startswith(start.group(0))
                            and c[:40] == rest[:40]), None)
            if caption is not None and caption.startswith(rest):
                found.append(f"pagina {number}: {caption[:60]}")
    return found


def broken_in_pdf(pages: list[list[str]], report: _Report) -> list[str]:
    """Header words and cells of numbers from the HTML tables that no PDF line holds unbroken."""
    lines = ["".join(line.split()) for page in pages for line in page]  # spaces out: cells side by side
    text = "\n".join(lines)
    headers = ["".join(h.split()) for h in report.headers]
    # a header word must be on the PDF's lines at least as often as the headers hold it (a word that
    # the body text also has could hide one broken header; one that only headers have cannot)
    words = {w for h in report.headers for w in WORD_SPLIT.split(h) if len(w) >= 3}
    broken = {w for w in words if text.count(w) < sum(h.count(w) for h in headers)}
    numbers = {"".join(c.split()) for c in report.cells
               if re.search(r"\d", c) and not re.search(r"[^\W\d_]{4}", c) and len("".join(c.split())) >= 3}
    return sorted(broken | {n for n in numbers if n not in text})


@pytest.mark.parametrize("kind", ["captions", "numbers", "percent", "title"])
def test_pages_of_every_report(publications, kind):
    problems = []
    for rid in report_ids(publications):
        folder = publications / "reports" / rid
        report = read_html(folder / f"{rid}.html")
        pages = pdf_pages(folder / f"{rid}.pdf")
        if kind == "captions":
            assert report.captions or rid == "ik_stem_ook", f"{rid}: geen bijschriften gevonden"
            pictured = figures_with_picture(folder / f"{rid}.pdf")
            problems += [f"{rid} {p}" for p in stranded_captions(pages, report.captions, pictured)]
        elif kind == "numbers":
            problems += [f"{rid}: {w}" for w in broken_in_pdf(pages, report)]
        elif kind == "percent":
            text = "".join(report.text)
            problems += [f"{rid}: …{m.group(0)}…" for m in re.finditer(r"\d[ \n\t]+%", text)]
        else:
            first = " ".join(pages[0])
            assert first.startswith("LEVL"), f"{rid}: {first[:80]}"
            assert "Periode:" in first and re.search(r"\d{1,2} \w+ \d{4}$", first), f"{rid}: {first}"
            dates = re.findall(r"\d{1,2} \w+ \d{4}", first)  # the period's end was printed again as the date
            assert len(dates) == len(set(dates)), f"{rid}: {first}"
            assert "Inhoud" not in first and not any(CAPTION.match(line) for line in pages[0]), rid
    assert not problems, "\n".join(problems)


def test_the_checks_find_what_they_look_for():
    """The helpers above on hand-made pages: a stranded caption and a split number are found."""
    captions = ["Tabel 3. Herkomst. Basis: 12."]
    assert stranded_captions([["Tekst.", "Tabel 3. Herkomst. Basis:", "12."]], captions) == \
        ["pagina 1: Tabel 3. Herkomst. Basis: 12."]
    assert stranded_captions([["Tabel 3. Herkomst. Basis: 12.", "Regio Aantal", "EU 12"]], captions) == []
    figure = ["Figuur 2. Leeftijd."]
    assert stranded_captions([["Tekst.", "Figuur 2. Leeftijd."]], figure) == ["pagina 1: Figuur 2. Leeftijd."]
    assert stranded_captions([["Tekst.", "Figuur 2. Leeftijd."]], figure, {(1, "Figuur 2.")}) == []
    assert stranded_captions([["Tekst.", "Figuur 2. Leeftijd."]], figure, {(2, "Figuur 2.")}) != []
    report = _Report()
    report.feed("<table><tr><th>Aantal</th><th>Midden-Oosten</th></tr><tr><td>28,1\u202f%</td></tr></table>")
    assert broken_in_pdf([["Aan-", "tal Midden-", "Oosten 28,1", "%"]], report) == ["28,1%", "Aantal"]
    assert broken_in_pdf([["Aantal Midden-", "Oosten 28,1 %"]], report) == []
