"""The PDF layout (pipeline/templates/levl.typ), compiled by the real Typst."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import typst

from pipeline.io import PACKAGE

TEMPLATE = PACKAGE / "templates" / "levl.typ"
FONTS = PACKAGE / "style" / "fonts"


def _text_of(tmp_path: Path, body: str) -> str:
    shutil.copy(TEMPLATE, tmp_path / "levl.typ")
    (tmp_path / "doc.typ").write_text(
        '#import "levl.typ": conf\n#show: doc => conf(title: "Test", doc)\n'
        "#set page(width: 100mm, height: auto, margin: 2mm)\n" + body, encoding="utf-8")
    typst.compile(str(tmp_path / "doc.typ"), output=str(tmp_path / "doc.pdf"), font_paths=[str(FONTS)])
    return subprocess.run(["pdftotext", str(tmp_path / "doc.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_an_acronym_is_never_split_across_lines(tmp_path):
    # verkiezingsateliers_voor: "… een verkiezingsatelier van LE-" / "VL." (the Dutch patterns split it). The same
    # sentence in columns of every width from 30 to 90 mm: somewhere each word falls at a line's end
    body = ("#for w in range(30, 91) [#block(width: w * 1mm)[Zij vulden dit in bij het begin van een "
            "verkiezingsatelier van LEVL, voor de VLOR en de SERV, bij een nieuwe LEVLWERKING.]]")
    text = _text_of(tmp_path, body)
    assert "\u00ad" in text  # Dutch words are still hyphenated ("verkiezingsa-telier")
    for acronym in ("LEVL", "VLOR", "SERV", "LEVLWERKING"):
        for cut in range(1, len(acronym)):
            assert f"{acronym[:cut]}\u00ad\n{acronym[cut:]}" not in text, acronym
