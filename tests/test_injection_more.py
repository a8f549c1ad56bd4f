"""Issue 14, items 2, 3 and 6, second review: paths the first fix missed.

* A message printed to the terminal carries values from exports (column names, details): control
  characters in them (ESC starts an ANSI sequence, ``\\x1b[2J`` clears the screen) must be shown,
  not obeyed.
* A stray control character in a label (Excel exports carry ``\\x0b`` for a line break in a cell)
  made the chart's SVG invalid XML: no browser or editor opened it.
* Control characters and bidirectional overrides (U+202E reverses the text after it) reach the
  reports as invisible characters that change what the reader sees.

Expected values are written out by hand from the input strings, never produced by the code.
"""

from __future__ import annotations

import re
import xml.dom.minidom

import pandas as pd
import pytest

# ESC-sequences (clear screen, set the terminal title, colour), CR, C1 CSI, bidi override
CONTROL = "A\x1b[2JB\x1b]0;titel\x07C\rD\x9b31mE\u202eF\x0bG\x00H"


# -- terminal ----------------------------------------------------------------------------------


def test_error_message_shows_control_characters_instead_of_obeying_them():
    from pipeline.errors import DataError

    err = DataError("kolom onbekend", file="raw/x/export.csv", row=3, column=CONTROL,
                    details=[f"gevonden: {CONTROL}"], fix="hernoem de kolom")
    text = str(err)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text), repr(text)
    shown = r"A\x1b[2JB\x1b]0;titel\x07C\rD\x9b31mE\u202eF\x0bG\x00H"  # written out by hand
    assert f"  kolom:     {shown}" in text.splitlines()
    assert f"  - gevonden: {shown}" in text.splitlines()
    assert "  oplossing: hernoem de kolom" in text.splitlines()  # ordinary text untouched
    assert "bestand:   raw/x/export.csv" in text


def test_error_message_keeps_ordinary_non_ascii_text():
    from pipeline.errors import ConfigError

    text = str(ConfigError("vraag 'Wat is uw mening — écht?' ✓ مرحبا", fix="zie codebook.yml"))
    assert "vraag 'Wat is uw mening — écht?' ✓ مرحبا" in text
