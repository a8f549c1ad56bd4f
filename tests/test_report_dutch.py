"""The Dutch of every finished report (issue 13, item 6): Hunspell's Dutch dictionary plus the
project's word list finds no misspelled word in the prose; no plural slips ("1 rijen", "(en)"), no
format strings, braces, "nan" or "None"; no breakable space between a number and "%" (a narrow
no-break space U+202F is used, see docs/dutch.md). Reads the HTML: its visible text and alt texts
are the report's prose in every format (the PDF and DOCX come from the same Markdown)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline import municipalities
from tests.built_reports import report_ids
from tests.report_text import html_text, words

pytestmark = pytest.mark.slow

WORD_LIST = Path(__file__).parent / "spelling" / "woorden.txt"
DICTIONARY = "nl_NL"  # Debian hunspell-nl: nl_NL and nl_BE are one dictionary (nl.dic)

# nouns the pipeline counts; "1 rijen" or "1 respondenten" is a slip, "(en)" and "citaat/citaten" too
PLURALS = ("rijen", "respondenten", "antwoorden", "cellen", "tabellen", "percentages", "citaten", "paren",
           "inzendingen", "gemeenten", "partnergemeenten", "testen", "praktijktesten", "deelnemers", "vragen",
           "personen", "figuren", "groepen", "kandidaturen", "registraties")
SLIPS = re.compile(r"(?<![\d.,])1 (?:" + "|".join(PLURALS) + r")\b|\w\(en\)|\w\(s\)|citaat/citaten|(?:zijn|werden) er [01] ")
LEFTOVERS = re.compile(r"%[dmYyHMSf]|[{}]|\bnan\b|\bNaN\b|\bNone\b|\?\.")
BREAKABLE_PCT = re.compile(r"\d[ \t\r\n]+%")  # U+0020 (or a line break) between a number and "%"


def _reports(publications: Path) -> list[tuple[str, Path]]:
    found = [(rid, publications / "reports" / rid / f"{rid}.html") for rid in report_ids(publications)]
    assert found and all(p.exists() for _, p in found), found
    return found


def _hunspell() -> str:
    exe = shutil.which("hunspell")
    if exe is None:
        pytest.skip("hunspell is not installed (Debian: apt-get install hunspell hunspell-nl; CI installs it)")
    listed = subprocess.run([exe, "-D"], input="", capture_output=True, text=True).stderr
    if not re.search(rf"/{DICTIONARY}\b", listed):
        pytest.skip(f"Hunspell's Dutch dictionary {DICTIONARY} is missing (Debian: apt-get install hunspell-nl)")
    return exe


def project_words() -> set[str]:
    """The word list, plus every part of every municipality name in the pipeline's reference list."""
    lines = WORD_LIST.read_text(encoding="utf-8").splitlines()
    known = {w.strip() for w in lines if w.strip() and not w.lstrip().startswith("#")}
    ref = municipalities.table()
    for name in list(ref["name_nl"]) + list(ref["name_2025"]):
        known.update(words(name))
    return known


def misspelled(exe: str, text: str, known: set[str]) -> dict[str, int]:
    """Words of ``text`` Hunspell does not know and the word list does not hold, with their counts."""
    lower = {k.lower() for k in known}
    tokens = [w for w in words(text) if w not in known and w.lower() not in lower]
    res = subprocess.run([exe, "-d", DICTIONARY, "-l", "-i", "utf-8"], input="\n".join(tokens),
                         capture_output=True, text=True, check=True)
    wrong = set(res.stdout.split())
    return {w: tokens.count(w) for w in sorted(wrong)}


def test_spelling_of_every_report(publications):
    exe = _hunspell()
    known = project_words()
    problems = {}
    for rid, html in _reports(publications):
        prose, _ = html_text(html)
        assert len(words(prose)) > 300, f"{rid}: too little text read from {html}"  # the reader read the report
        wrong = misspelled(exe, prose, known)
        if wrong:
            problems[rid] = wrong
    assert not problems, ("words Hunspell (nl) does not know; fix the text or, if the word is right, add it to "
                          f"tests/spelling/woorden.txt: {problems}")


def test_the_spell_check_finds_a_misspelling():
    """The check itself can fail: a misspelled Dutch word is reported, a listed name and a number are not."""
    exe = _hunspell()
    wrong = misspelled(exe, "De respondnten van LEVL in Sint-Niklaas: 83,2\u202f% (95%-interval) woonden hier.",
                       project_words())
    assert wrong == {"respondnten": 1}


def test_no_plural_slips_or_leftovers(publications):
    problems = []
    for rid, html in _reports(publications):
        _, text = html_text(html)
        for pattern in (SLIPS, LEFTOVERS):
            for m in pattern.finditer(text):
                problems.append(f"{rid}: {m.group(0)!r} in …{text[max(0, m.start() - 60):m.end() + 40]!r}…")
    assert not problems, "\n".join(problems)


def test_no_breakable_space_before_percent(publications):
    problems = []
    for rid, html in _reports(publications):
        _, text = html_text(html)
        assert "%" in text
        for m in BREAKABLE_PCT.finditer(text):
            problems.append(f"{rid}: …{text[max(0, m.start() - 60):m.end() + 20]!r}…")
    assert not problems, "\n".join(problems)


def test_the_checks_catch_what_they_look_for():
    assert SLIPS.search("Basis: 1 respondenten.") and SLIPS.search("0 herhaalde inzending(en)")
    assert SLIPS.search("zijn er 1 apart gezet") and SLIPS.search("werden er 0 apart gezet")
    assert SLIPS.search("2 gekozen citaat/citaten")
    assert not SLIPS.search("Basis: 11 respondenten. 1 respondent. 2,1 respondenten")
    assert LEFTOVERS.search("verwacht formaat %d/%m/%Y") and LEFTOVERS.search("Woont u hier?.")
    assert LEFTOVERS.search("Gemiddelde: nan") and LEFTOVERS.search("Tabel {name}")
    assert not LEFTOVERS.search("95%-interval, 83,2\u202f% (dag/maand/jaar)")
    assert BREAKABLE_PCT.search("83,2 %") and BREAKABLE_PCT.search("83,2\n%")
    assert not BREAKABLE_PCT.search("83,2\u202f% en 95%-interval")
