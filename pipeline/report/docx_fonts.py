"""Open Sans inside the Word file, so a reader without the font sees the type the columns were sized
for (Word and LibreOffice both read fonts embedded in a DOCX).

The embedding is the one Word itself writes (ECMA-376 part 1, §17.8.1 "Font Embedding"): each font is a
part ``word/fonts/*.odttf`` whose first 32 bytes are XORed with a key (a GUID, reversed byte order),
named by ``w:embedRegular`` / ``w:embedBold`` / ``w:embedItalic`` in ``fontTable.xml`` with its
``w:fontKey``, and ``w:embedTrueTypeFonts`` in ``settings.xml``. The GUIDs are derived from the font's
file name, so the same inputs give the same bytes. Open Sans's licence (Apache-2.0; OS/2 ``fsType`` 8,
"editable embedding") allows it.
"""

from __future__ import annotations

import uuid

from lxml import etree

from pipeline.io import PACKAGE
from pipeline.report.docx_style import FONT, NS, _el, _w

FONTS = PACKAGE / "style" / "fonts"
FACES = (("embedRegular", "OpenSans-Regular.ttf"), ("embedBold", "OpenSans-Bold.ttf"),
         ("embedItalic", "OpenSans-Italic.ttf"))
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"


def font_key(name: str) -> str:
    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"levl:fonts/{name}")).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the GUID's 16 bytes taken from last to first (the same operation
    turns an .odttf back into the font)."""
    guid = bytes.fromhex(key.strip("{}").replace("-", ""))
    head = bytes(b ^ guid[15 - i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def parts() -> dict[str, bytes]:
    """The new parts: the obfuscated fonts and fontTable.xml's relationships."""
    out = {}
    rels = etree.Element(f"{{{RELS}}}Relationships", nsmap={None: RELS})
    for i, (_tag, name) in enumerate(FACES, start=1):
        target = f"fonts/{name.removesuffix('.ttf')}.odttf"
        out[f"word/{target}"] = obfuscate((FONTS / name).read_bytes(), font_key(name))
        etree.SubElement(rels, f"{{{RELS}}}Relationship", Id=f"rIdLevlFont{i}", Type=FONT_REL, Target=target)
    out["word/_rels/fontTable.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                                          standalone=True)
    return out


def font_table(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    for old in root.findall("w:font", NS):
        if old.get(_w("name")) == FONT:
            root.remove(old)
    font = _el("font", [_el("panose1", val="020B0606030504020204"), _el("charset", val="00"),
                        _el("family", val="swiss"), _el("pitch", val="variable")], name=FONT)
    for i, (tag, name) in enumerate(FACES, start=1):
        embed = _el(tag, fontKey=font_key(name))
        embed.set(f"{{{R}}}id", f"rIdLevlFont{i}")
        font.append(embed)
    root.append(font)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def settings(root: etree._Element) -> None:
    """``w:embedTrueTypeFonts`` in its place (before ``w:embedSystemFonts`` / ``w:saveSubsetFonts``)."""
    if root.find("w:embedTrueTypeFonts", NS) is not None:
        return
    flag = _el("embedTrueTypeFonts")
    for name in ("embedSystemFonts", "saveSubsetFonts", "mirrorMargins", "proofState", "defaultTabStop"):
        anchor = root.find(f"w:{name}", NS)
        if anchor is not None:
            anchor.addprevious(flag)
            return
    root.insert(0, flag)
