"""Identifying data never leaves raw/: pseudonyms, free-text scrubbing, identifying columns.

* :func:`load_key` / :func:`pseudonymise` / :func:`fingerprint`: keyed hashes (HMAC-SHA256) of
  respondent IDs and the key rules, in :mod:`pipeline.pseudonyms` (imported here).
* :func:`scrub` / :func:`scrub_series`: replace e-mail addresses, phone numbers, Belgian national
  register numbers, IBANs, street addresses, number plates and IP addresses in free text by a Dutch
  placeholder.
* :data:`IDENTIFYING_COLUMNS` / :func:`looks_identifying`: the metadata columns each tool adds
  (default-deny), used to flag columns in a draft codebook.

See docs/privacy.md for the patterns and their known limits.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

import pandas as pd

from pipeline.pseudonyms import (KEY_BYTES, fingerprint, load_key, personal_code, pseudonymise,  # noqa: F401 (the API)
                                 salt_for)

EMAIL, PHONE, RRN, IBAN, ADDRESS = "[e-mail]", "[telefoon]", "[rijksregisternummer]", "[rekeningnummer]", "[adres]"
PLATE = "[nummerplaat]"
IP = "[ip-adres]"
PROFILE = "[profiel]"

# --------------------------------------------------------------------------- free-text scrubbing

_LOCAL = r"[\w.!#$%&'*+/=?^`{|}~-]"
_AT = "[@\uff20\ufe6b]"  # "@", and the full-width "＠" and small "﹫" of an East Asian keyboard
_SPACED_DOT = r"(?:[ \t]+\.[ \t]*|\.[ \t]+)"  # a space on one side at least: the local part's own dots are in _LOCAL
# spaces around the "@" too ("jan.peeters @ gmail.com"), and around its dots ("jan . peeters @ gmail . com"):
# over-scrubs "team @ school.be", never leaks (a dot in the domain has spaces on both sides or none: "zit @ home.
# Score" is no address). At most three spaced dots before the "@": a bound keeps a long
# run of "a . a . a" from being scanned again from each of its words
_EMAIL_RE = re.compile(
    rf"(?<!{_LOCAL}){_LOCAL}+(?:{_SPACED_DOT}{_LOCAL}+){{0,3}}[ \t]*{_AT}[ \t]*[\w-]+(?:(?:[ \t]+\.[ \t]+|\.)[\w-]+)+")
# written out against spam harvesters: "jan[at]gmail.com", "jan (at) gmail (punt) com", "jan at gmail dot com",
# "jan punt peeters at gmail punt com"
_OBF_AT = (r"(?:\s*[\[({<]\s*(?i:at|apenstaartje|arobase|@)\s*[\])}>]\s*|\s+(?i:at|apenstaartje|arobase)\s+"
           r"|[ \t]*@[ \t]*(?=[\w-]+\s*[\[(<]?\s*(?i:dot|punt|point)\b))")  # "amina@gmail dot com": a plain @, a written dot
_OBF_DOT = r"(?:\s*[\[({<]\s*(?i:dot|punt|point)\s*[\])}>]\s*|\s+(?i:dot|punt|point)\s+|\.)"
_OBF_DOT_WORD = r"(?:\s*[\[(<]\s*(?i:dot|punt|point)\s*[\])>]\s*|\s+(?i:dot|punt|point)\s+)"  # in the local part, whose own dots are _LOCAL
_PROVIDERS = (r"(?:gmail|googlemail|hotmail|outlook|msn|yahoo|icloud|aol|protonmail|proton|telenet|skynet|"
              r"proximus|scarlet|gmx|yandex)")
_TLD = r"(?i:com|be|nl|fr|net|org|eu|de|ma|tr|co\.uk)\b"
# an address at a known mail provider, however the rest is written: with an "@", the domain's end may be missing or
# spaced ("nadia@hotmail", "@gmail .com", "@gmail,com", "@gmail com"); with a word for the "@" ("amina at gmail . com",
# "bij gmail punt com", "chez gmail point com") the end must be there ("ik ging bij Proximus langs" is no address)
_EMAIL_PROVIDER_RE = re.compile(
    rf"(?<!{_LOCAL}){_LOCAL}+\s*{_AT}\s*(?i:{_PROVIDERS})\b(?:\s*(?:[.,\uff0e\u3002]|\s(?i:dot|punt|point)\s|\s)\s*{_TLD})?"
    rf"|(?<!{_LOCAL}){_LOCAL}+\s+(?i:at|apenstaartje|arobase|chez|bij)\s+(?i:{_PROVIDERS})"
    rf"\s*(?:[.,]|\s(?i:dot|punt|point)\s)\s*{_TLD}"
    # without the domain's end, when the part before the word is an address's, not a word: it holds a dot, an
    # underscore or a digit ('fatima.elamrani at gmail', 'sara_86 apenstaartje hotmail')
    rf"|(?<!{_LOCAL})(?=[\w.]*[^\W\d_])\w+(?:[._]\w+)*(?:[._]\w+|\d)\w*\s+(?i:at|apenstaartje|arobase)\s+"
    rf"(?i:{_PROVIDERS})\b")
_EMAIL_OBF_RE = re.compile(
    rf"(?<!{_LOCAL}){_LOCAL}+(?:{_OBF_DOT_WORD}{_LOCAL}+){{0,3}}{_OBF_AT}[\w-]+(?:{_OBF_DOT}[\w-]+)+")

# a profile on a social network or a chat link, which names its person as well as an e-mail address does:
# "linkedin.com/in/jan-peeters", "https://www.facebook.com/jan.peeters", "instagram.com/…", "wa.me/32475…",
# "t.me/…". A bare handle ("@jan_peeters") is left alone: it is also how Markdown cites and CSS rules begin
# ("@media"), and an organisation's own handle in an answer label would be refused as identifying
_PROFILE_RE = re.compile(
    r"(?<![\w.-])(?i:(?:https?://)?(?:[\w-]+\.){0,3}(?:linkedin\.com|facebook\.com|fb\.com|fb\.me|instagram\.com|twitter\.com|"
    r"x\.com|tiktok\.com|youtube\.com|snapchat\.com|threads\.net|bsky\.app|wa\.me|t\.me|m\.me)"
    r"/[^\s<>\"'()\[\]]*[^\s<>\"'()\[\].,;:!?])")

# Belgian licence plates: 1-ABC-123 (since 2010), 123-ABC (2008-2010), ABC-123 (1973-2008)
_PLATE_RE = re.compile(r"(?<![\w-])(?:[1-9]-[A-Za-z]{3}-\d{3}|[1-9] ?[A-Z]{3} ?\d{3}|[A-Z]{3}-\d{3}|\d{3}-[A-Z]{3})(?![\w-])")

# groups separated by a space, "-" or "."; the country code may stand apart ("BE 71 0961 …")
_IBAN_RE = re.compile(r"(?<![\w])[A-Za-z]{2}[ ]?\d{2}(?:[ ./-]?[A-Za-z0-9]){11,30}")
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22,
    "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MA": 28, "MC": 27, "MT": 31,
    "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "TR": 26,
}

# YY.MM.DD-SSS.CC, with or without separators (11 digits)
_RRN_RE = re.compile(
    r"(?<![\w.,/+-])(?<!\d[.,/-])"
    r"(\d{2})[. /-]?(\d{2})[. /-]?(\d{2})[ ./-]?(\d{3})[ .-]?(\d{2})"
    r"(?!\w)(?![.,/-]\d)"
)

_SEP = r"(?:\s?[./-]\s?|\s)"
_PHONE_RE = re.compile(
    r"(?<![\d_+])(?<!\d[.,/-])(?:"  # a letter may stand right before it: "gsm0475123456", Arabic "و0475…"
    # international: +32 475 12 34 56, 0032 475 12 34 56, +32 (0)475 …, +44 20 7946 0958
    rf"(?:\+|00)\s?[1-9]\d*+(?:(?:{_SEP}|\s?\(0\)\s?)?\(?\d++\)?){{0,8}}"
    # Belgian mobile 04xx and Dutch mobile 06; also in pairs (04 70 12 34 56) or "(0470) 12 34 56"
    rf"|04[5-9]\d{_SEP}?\d{{2}}{_SEP}?\d{{2}}{_SEP}?\d{{2}}"
    rf"|04{_SEP}[5-9]\d{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}}|06(?:{_SEP}\d{{2}}){{4}}"
    rf"|\(04[5-9]\d\)\s?(?:\d{{2}}{_SEP}?\d{{2}}{_SEP}?\d{{2}}|\d{{3}}{_SEP}?\d{{3}})"
    rf"|\(06\)\s?(?:\d{{8}}|\d{{4}}{_SEP}\d{{4}}|\d{{2}}(?:{_SEP}\d{{2}}){{3}})"
    # landlines with the area code in brackets: (09) 123 45 67, (050) 12 34 56, (020) 123 4567
    rf"|\(0[1-9]\)\s?\d{{3}}{_SEP}?\d{{2}}{_SEP}?\d{{2}}|\(0[1-9]\d\)\s?\d{{2}}{_SEP}?\d{{2}}{_SEP}?\d{{2}}"
    rf"|\(0[1-9]\d\)\s?\d{{3}}{_SEP}?\d{{4}}"
    rf"|04[5-9]\d{_SEP}?\d{{3}}{_SEP}?\d{{3}}|06\d{{2}}{_SEP}?\d{{2}}{_SEP}?\d{{2}}{_SEP}?\d{{2}}"
    rf"|06{_SEP}?\d{{4}}{_SEP}?\d{{4}}|06{_SEP}?\d{{8}}"
    # landlines: 09 123 45 67, 02/123.45.67, 050 12 34 56, 020 123 4567
    rf"|0[1-9]{_SEP}?\d{{3}}{_SEP}?\d{{2}}{_SEP}?\d{{2}}"
    rf"|0[1-9]\d{_SEP}?\d{{2}}{_SEP}?\d{{2}}{_SEP}?\d{{2}}"
    rf"|0[1-9]\d{_SEP}?\d{{3}}{_SEP}?\d{{4}}"
    rf"|0[1-9]{_SEP}?\d{{7}}|0[1-9]\d{{8}}"
    # the country code without its "+": 32 475 12 34 56, 32475123456 (Belgian mobile), 31 6 12345678 (Dutch)
    rf"|32{_SEP}?(?:\(0\)\s?)?4[5-9]\d{_SEP}?\d{{2}}{_SEP}?\d{{2}}{_SEP}?\d{{2}}"
    rf"|32{_SEP}?(?:\(0\)\s?)?4[5-9]\d{_SEP}?\d{{3}}{_SEP}?\d{{3}}|31{_SEP}?(?:\(0\)\s?)?6{_SEP}?\d{{8}}"
    # every digit apart: 0 4 7 5 1 2 3 4 5 6
    r"|0[ .-][46](?:[ .-]\d){8}(?![ .-]\d)|0[ .-][1-9](?:[ .-]\d){7}(?![ .-]\d)"
    r")(?!\w)(?![.,/-]?\d)"
)

_CAP = r"[A-ZÀ-ÖØ-Þ]"
_STREET_SUFFIX = (
    r"straat|str\.|steenweg|stwg\.?|laan|lei|plein|dreef|kaai|kade|weg|markt|dijk|baan|singel|gracht|"
    r"pad|hof|park|ring|vest|wal|veld|berg|dam|plaats|poort|hoek|vliet|dries|kouter|reke|meers|heide|"
    r"akker|bos|vaart|rei|burcht|gaarde|zuid|noord|oost|west|boulevard|square|street|road"
)
_STRONG_SUFFIX = ("straat", "steenweg", "laan", "dreef", "kaai", "plein")
_HOUSE = (
    # "Kerkstraat 12", "Kerkstraat nr 12", "Kerkstraat nr. 12", "Kerkstraat nummer 12", "Stationsstraat12"
    r"(?:\s*,?\s+(?:nr\.?|nummer|no\.?|n°)\s*|\s+|(?=\d))(?P<num>\d{1,4}+(?:[a-zA-Z](?!\w))?)"
    r"(?:\s*,?\s*(?:bus|bte|boîte|b\.|/)\s*\d{1,4}+[a-zA-Z]?(?!\w))?(?![.,:/-]?\d)"
    r"(?:\s*,?\s*(?:[BLF]-)?\d{4}(?:\s?[A-Z]{2}(?!\w))?\s+" + _CAP + r"[\w'’-]*)?"
    r"(?!\s*(?:jaar|jaren|keer|kinderen|kind|uur|euro|eur|procent|minuten|min|dagen|weken|maanden|"
    r"personen|mensen|km|m|meter|kg|x)\b)(?!\s*[%€])"
)
_ADDRESS_NL_RE = re.compile(
    rf"(?<![\w'’-])(?P<pre>(?:{_CAP}[\w'’.]*[ -](?:(?:{_CAP}[\w'’.]*|van|de|der|den|ter|ten|het|la|le)[ -]){{0,3}})?)(?P<word>[\w'’-]*?(?i:{_STREET_SUFFIX}))(?![^\W\d])" + _HOUSE
)
_PARTICLE = r"(?:(?:de|du|des|la|le|les|aux?|van|der|den|sur)\s+|[ldLD]['’])"
_ADDRESS_FR_RE = re.compile(
    r"(?<![\w'’-])(?i:Avenue|Av\.|Rue|Chaussée|Chée|Boulevard|Bd\.?|Place|Quai|Square|Allée|Chemin|Clos|"
    rf"Impasse|Drève|Rempart|Route)\s+{_PARTICLE}*{_CAP}[\w'’.-]*(?:\s+{_PARTICLE}*{_CAP}[\w'’.-]*){{0,3}}"
    + _HOUSE
)


def _mod97_ok(digits_and_letters: str) -> bool:
    return int("".join(str(int(c, 36)) for c in digits_and_letters)) % 97 == 1


def _iban(match: re.Match) -> str:
    """Longest prefix (ending at a group boundary) with a valid length and mod-97 check → placeholder."""
    text = match.group(0)
    if text[2] == " " and not (text[:2].isupper() and text[:2] in IBAN_LENGTHS):
        return text  # "op 12 …": a split country code must be a known one, in capitals
    for end in range(len(text), 14, -1):
        if end < len(text) and text[end] not in " .-/":
            continue
        compact = re.sub(r"[ ./-]", "", text[:end]).upper()
        expected = IBAN_LENGTHS.get(compact[:2])
        if (expected and len(compact) != expected) or not 15 <= len(compact) <= 34:
            continue
        if _mod97_ok(compact[4:] + compact[:4]):
            return IBAN + text[end:]
    return text


_RRN_LAYOUT = re.compile(r"\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}")


def _rrn(match: re.Match) -> str:
    if _RRN_LAYOUT.fullmatch(match.group(0)):  # the register's own layout: an identifier, valid or not
        return RRN
    digits = "".join(match.groups())
    first9, check = int(digits[:9]), int(digits[9:])
    if 97 - first9 % 97 == check or 97 - int("2" + digits[:9]) % 97 == check:
        return RRN
    return match.group(0)


def _phone(match: re.Match) -> str:
    text = match.group(0)
    if not text.startswith(("+", "00")):
        return PHONE
    # international: the longest run of digit groups with 8 to 15 digits (E.164), rest left as is
    count, best = -2 if text.startswith("00") else 0, 0
    for group in re.finditer(r"\(0\)|\d+", text):
        if group.group(0) == "(0)":
            continue
        count += len(group.group(0))
        if count > 15:
            break
        if count >= 8:
            best = group.end()
    if not best:
        return text
    if text[best:best + 1] == ")":
        best += 1
    return PHONE + text[best:]


def _address(match: re.Match) -> str:
    word = match.groupdict().get("word")
    if word is not None and not match.group("pre"):
        lower = word.lower()
        capital = word[:1].isupper()
        bare = any(lower == s for s in _STREET_SUFFIX.replace("\\", "").split("|"))
        if bare or not (capital or any(lower.endswith(s) and len(lower) > len(s) for s in _STRONG_SUFFIX)):
            return match.group(0)
    return ADDRESS


# IP addresses: IPv4 as four numbers of 0–255 ("10.77.1.2"; an amount such as 1.250.000.000 is not one, its
# 000 is no part of an address); IPv6 as at least four hexadecimal groups or with "::" ("fe80::1:2",
# "2001:db8:0:0:1:0:0:1"), not a time of day ("10:30:00": three groups, no "::")
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4_RE = re.compile(rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?![\w]|\.\d)")
# and written with leading zeros ("192.168.001.010"), which the pattern above does not read as one address
_IPV4_PADDED_RE = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)")


def _padded_ip(match: re.Match) -> str:
    """An address with a leading zero in some part; an amount with a "000" group (1.250.000.000) is not one."""
    parts = match.group(0).split(".")
    if all(int(p) <= 255 for p in parts) and any(len(p) > 1 and p[0] == "0" for p in parts) and "000" not in parts:
        return IP
    return match.group(0)
_HEX = r"[0-9A-Fa-f]{1,4}"
_IPV6_RE = re.compile(rf"(?<![\w:])(?:(?:{_HEX}:){{3,7}}{_HEX}|(?:{_HEX}:){{0,6}}(?:{_HEX})?::(?:{_HEX}:){{0,6}}{_HEX})"
                      rf"(?![\w:])")

# What each pattern cannot match without (a cheap search first, with the same regex rules as the pattern):
# every pattern but the two e-mail ones needs a digit (an IBAN's check digits, a house number, a plate's
# numbers); an e-mail needs its "@"; one written out needs "at", "apenstaartje" or "@" (case as the pattern's
# own (?i:…), so a long ſ still counts). Most answers have no digit: six of the eight patterns are skipped.
_NEEDS_DIGIT = re.compile(r"\d")
_NEEDS_AT = re.compile(_AT)
_NEEDS_SLASH = re.compile(r"/")
_NEEDS_OBF_AT = re.compile(r"(?i:at|apenstaartje|arobase|@)")
class _Names:
    """A quick look for any of some words, any case (``search`` as a pattern's): most answers name no mail provider,
    and a case-free regex of sixteen names took eight times the other checks together."""

    def __init__(self, words: str) -> None:
        self.words = tuple(re.findall(r"[a-z]+", words))

    def search(self, text: str) -> bool:
        low = text.lower()
        return any(w in low for w in self.words)


_NEEDS_PROVIDER = _Names(_PROVIDERS)
_NEEDS_COLONS = re.compile(r":.*:")

_STEPS: tuple[tuple[re.Pattern, str | Callable[[re.Match], str], re.Pattern | _Names], ...] = (
    (_EMAIL_RE, EMAIL, _NEEDS_AT),
    (_EMAIL_OBF_RE, EMAIL, _NEEDS_OBF_AT),
    (_EMAIL_PROVIDER_RE, EMAIL, _NEEDS_PROVIDER),
    (_PROFILE_RE, PROFILE, _NEEDS_SLASH),
    (_IBAN_RE, _iban, _NEEDS_DIGIT),
    (_RRN_RE, _rrn, _NEEDS_DIGIT),
    (_PHONE_RE, _phone, _NEEDS_DIGIT),
    (_ADDRESS_FR_RE, ADDRESS, _NEEDS_DIGIT),
    (_ADDRESS_NL_RE, _address, _NEEDS_DIGIT),
    (_PLATE_RE, PLATE, _NEEDS_DIGIT),
    (_IPV4_RE, IP, _NEEDS_DIGIT),
    (_IPV4_PADDED_RE, _padded_ip, _NEEDS_DIGIT),
    (_IPV6_RE, IP, _NEEDS_COLONS),
)


def scrub(text: str) -> str:
    """Replace e-mails, phone numbers, national register numbers, IBANs and addresses in ``text``.

    Runs the patterns until nothing changes (every replacement removes digits or an '@', so this
    ends), which makes ``scrub(scrub(x)) == scrub(x)``. A number typed in other digits than 0–9 (Arabic
    ٠٤٧٩, Persian ۰۴۷۹, full-width ０４７９ of a phone's keyboard) or with other dashes (a no-break hyphen, an
    en dash) is found too: the patterns run once more on the answer with those characters as their ASCII
    equivalents, and when that finds something, the answer is published that way (its other digits in 0–9).
    """
    if not text:
        return text
    folded = fold(text)  # once: the shortcut and the second look both read it
    if _cannot_identify(folded):
        return text
    return _scrub_all(text, folded)


def _scrub_all(text: str, folded: str | None = None) -> str:
    """:func:`scrub` without its shortcut for values that cannot change (``folded``: :func:`fold` of ``text``)."""
    out = _scrub_patterns(text)
    if text.isascii():
        return out
    # the second look is at the answer as typed, not at the first look's result: an invisible character inside an
    # address ('fatima\u200f.elamrani@gmail.com', a direction mark a phone put there) made the first look replace
    # only '.elamrani@gmail.com', and the name before it was published
    folded = fold(text) if folded is None else folded
    if folded == text:
        return out
    again = _scrub_patterns(folded)
    return out if again == folded else again


def fold(text: str) -> str:
    """``text`` with every digit in 0–9, full-width forms in ASCII, dashes '-', special spaces ' ' and invisible
    characters left out (:func:`_fold_table`): the form in which :func:`scrub` looks a second time."""
    # composed first: a letter and its accent typed apart (NFD: 'josé' as e + ´, as macOS stores text) broke an address
    # in two, and the part before the accent was published (review, eleventh session)
    return text if text.isascii() else unicodedata.normalize("NFC", text).translate(_fold_table())


@functools.cache  # built the first time an answer has a character beyond ASCII (0.15 s: not at every start)
def _fold_table() -> dict[int, str]:
    """Unicode decimal digits → 0–9, full-width ASCII (＠ ． ０) → ASCII, dashes and minus signs → '-', no-break
    and thin spaces → ' ', other separators and full stops → '.' or ',', invisible characters left out: so that what
    the patterns look for is found in any script."""
    import unicodedata

    table = {}
    for code in range(0x80, 0x20000):  # every decimal digit of Unicode lies below U+20000
        ch = chr(code)
        category = unicodedata.category(ch)
        if category == "Nd":
            table[code] = str(unicodedata.digit(ch))
        elif category == "No" and unicodedata.digit(ch, None) is not None:  # superscript ⁰⁴⁷⁸, subscript, circled ④
            table[code] = str(unicodedata.digit(ch))
    table.update({code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})  # full-width forms
    table.update(dict.fromkeys([0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63], "-"))
    table.update(dict.fromkeys([0x00A0, 0x2007, 0x2009, 0x200A, 0x202F, 0x3000], " "))
    table.update({0x3002: ".", 0xFE52: ".", 0x2024: ".", 0x00B7: ".", 0x2027: ".", 0x066B: ".", 0x066C: ",",
                  0x060C: "."})  # full stops, middle dots, the Arabic decimal, thousands and comma signs
    # what does not show (a soft hyphen from Word, zero-width spaces, direction marks around or inside a number
    # copied from WhatsApp): left out, so that '0475​12​34​56' is one number
    from pipeline.codebook import INVISIBLE_CHARS  # answers are compared without the same ones

    table.update(dict.fromkeys(map(ord, INVISIBLE_CHARS), None))
    return table



# Every pattern above needs an '@' or a letter (e-mail, IBAN, address, plate, "(at)"), or digits: a
# national register number 11, a phone number 9 (from 8 with a '+': "+32 2 123 45 67"). A value
# without letters and '@' and with fewer digits (a date, an amount, "3.4") cannot change, so it is
# not run through the patterns (most distinct values of date and number columns).
_LETTER_OR_AT = re.compile(r"[^\W\d_]|" + _AT)
_DIGIT = re.compile(r"\d")


def _cannot_identify(text: str) -> bool:
    """For a text in :func:`fold`'s form (digits of other scripts and superscript ones as 0–9)."""
    if _LETTER_OR_AT.search(text) or text.count(".") >= 3 or text.count(":") >= 2:  # an IP address: 4 digits
        return False
    digits = len(_DIGIT.findall(text))
    return digits < 8 or (digits == 8 and "+" not in text)


def _scrub_patterns(text: str) -> str:
    while True:
        before = text
        for pattern, repl, needs in _STEPS:
            if needs.search(text):
                text = pattern.sub(repl, text)
        if text == before:
            return text


NAME = "[naam]"
_NAME_PART = re.compile(r"[^\W\d_]{3,}")


def scrub_own_name(text: pd.Series, names: pd.Series) -> pd.Series:
    """Each answer without the words of its own respondent's name ("Ik ben Jan Peeters …" → "Ik ben [naam]
    [naam] …"), from the export's name columns before they are dropped: a name list cannot find names in free
    text, but the respondent's own name is the one most likely there. Parts of at least three letters, whole
    words, any case; only rows with both a name and an answer are looked at."""
    both = text.notna() & (text.astype("string").fillna("") != "") & names.notna() & (names.astype("string").fillna("") != "")
    if not both.any():
        return text
    out = text.copy()
    for i in both[both].index:
        pattern = _own_name_pattern(str(names.loc[i]))
        if pattern is not None:
            out.loc[i] = pattern.sub(NAME, str(text.loc[i]))
    return out


@functools.lru_cache(maxsize=4096)  # a name that returns (the same person, a common first name): compiled once
def _own_name_pattern(name: str) -> re.Pattern | None:
    parts = sorted({p.casefold() for p in _NAME_PART.findall(name)}, key=len, reverse=True)
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in parts) + r")(?!\w)", re.IGNORECASE)


def scrub_series(s: pd.Series) -> pd.Series:
    """``scrub`` on every non-empty string of ``s`` (each distinct value once); keeps ''/NA, index and dtype."""
    if isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow":
        return _scrub_arrow(s)
    if isinstance(s.dtype, pd.StringDtype):  # pandas strings: no Python loop over the rows at all
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        distinct = uniques.tolist()
        scrubbed = [scrub(v) for v in distinct]
        if scrubbed == distinct:  # nothing found (most columns): the same strings, not a copy
            return pd.Series(s.array, index=s.index, name=s.name, copy=False)
        return pd.Series(pd.array(scrubbed, dtype=s.dtype).take(codes, allow_fill=True), index=s.index,
                         name=s.name, copy=False)
    cache: dict[str, str] = {}

    def one(value: object) -> object:
        if not isinstance(value, str) or not value:
            return value
        if value not in cache:
            cache[value] = scrub(value)
        return cache[value]

    return pd.Series([one(v) for v in s.tolist()], index=s.index, name=s.name, dtype=s.dtype)


def _scrub_arrow(s: pd.Series) -> pd.Series:
    """:func:`scrub_series` of a pyarrow-backed column: Arrow's hash table finds the distinct values (no codes
    per row, as ``pd.factorize`` makes); only a column in which something was found is rebuilt, by looking each
    row's value up among the distinct ones."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = pa.chunked_array(s.array.__arrow_array__())
    distinct = pc.unique(column)
    values = distinct.to_pylist()
    scrubbed = [scrub(v) if v else v for v in values]
    if scrubbed == values:  # nothing found (most columns): the same strings, not a copy
        return pd.Series(s.array, index=s.index, name=s.name, copy=False)
    where = pc.index_in(column, value_set=distinct)  # a null row finds the null among the distinct values
    rebuilt = pa.array(scrubbed, type=column.type).take(where)
    return pd.Series(pd.arrays.ArrowStringArray(rebuilt, dtype=s.dtype), index=s.index, name=s.name, copy=False)


# --------------------------------------------------------------------------- identifying columns

# Per tool, the metadata columns that identify or track a respondent (FORMATS.md §3), lowercased.
IDENTIFYING_COLUMNS: dict[str, list[str]] = {
    "limesurvey": [
        "id", "token", "firstname", "lastname", "email", "ipaddr", "refurl", "seed", "startdate",
        "datestamp", "submitdate", "startlanguage", "interviewtime", "response id", "date submitted",
        "date started", "date last action", "ip address", "referrer url", "first name", "last name",
        "email address", "start language",
    ],
    "ms_forms": [
        "id", "start time", "completion time", "email", "name", "last modified time",
        "begintijd", "tijd van voltooien", "e-mail", "naam", "tijd van laatste wijziging",
    ],
    "google_forms": ["timestamp", "email address", "tijdstempel", "e-mailadres"],
    "qualtrics": [
        "startdate", "enddate", "recordeddate", "ipaddress", "duration (in seconds)", "responseid",
        "recipientlastname", "recipientfirstname", "recipientemail", "externalreference",
        "locationlatitude", "locationlongitude", "locationaccuracy", "distributionchannel",
        "userlanguage", "responseset", "name", "externaldatareference", "emailaddress",
    ],
    "kobotoolbox": [
        "start", "end", "today", "deviceid", "username", "phonenumber", "simserial", "subscriberid",
        "audit", "_id", "_uuid", "_submission_time", "_submitted_by", "_notes", "_tags", "_index",
        "_validation_status", "_status", "__version__", "meta/instanceid", "_geolocation",
    ],
    "odk": [
        "submissiondate", "submitterid", "submittername", "deviceid", "meta-instanceid", "key",
        "parent_key", "attachmentspresent", "attachmentsexpected", "start", "end", "today",
        "username", "phonenumber", "simserial", "subscriberid",
    ],
    "surveymonkey": [
        "respondent id", "respondentid", "collector id", "collectorid", "start date", "end date",
        "ip address", "email address", "first name", "last name", "custom data 1", "custom data",
    ],
    "eusurvey": ["invitation number", "contribution id", "user name", "creation date", "last update", "languages"],
    "typeform": [
        "#", "network id", "start date (utc)", "stage date (utc)", "submit date (utc)", "tags",
        "response type", "ending",
    ],
    "spss": [
        "ipaddress", "locationlatitude", "locationlongitude", "startdate", "enddate", "recordeddate",
        "responseid", "recipientemail", "recipientfirstname", "recipientlastname", "externalreference",
    ],
}

_REASONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("e-mailadressen", ("email", "e-mail", "emailaddress", "emailadres", "mailadres", "recipientemail")),
    ("IP-adres", ("ipaddr", "ipaddress", "ipadres", "ip")),
    ("toestel-id", ("deviceid", "simserial", "subscriberid", "phonenumber", "networkid", "audit")),
    ("locatie", ("locationlatitude", "locationlongitude", "locationaccuracy", "geolocation", "latitude",
                 "longitude", "altitude", "accuracy", "precision")),
    ("naam", ("name", "naam", "firstname", "lastname", "voornaam", "achternaam", "familienaam",
              "username", "submittername", "submittedby", "recipientfirstname", "recipientlastname")),
    ("tijdstip", ("starttime", "completiontime", "lastmodifiedtime", "begintijd", "tijdvanvoltooien",
                  "tijdvanlaatstewijziging", "timestamp", "tijdstempel", "startdate", "enddate",
                  "recordeddate", "submitdate", "datestamp", "datesubmitted", "datestarted",
                  "datelastaction", "submissiontime", "submissiondate", "creationdate", "lastupdate",
                  "start", "end", "today", "startdateutc", "stagedateutc", "submitdateutc",
                  "durationinseconds", "interviewtime")),
)
_VALUE_CHECKS: tuple[tuple[str, re.Pattern], ...] = (
    ("e-mailadressen", _EMAIL_RE),
    ("IP-adres", re.compile(r"^\s*(?:\d{1,3}\.){3}\d{1,3}\s*$|^\s*[0-9a-fA-F:]*:[0-9a-fA-F:]+\s*$")),
    ("telefoonnummers", _PHONE_RE),
    # GPS points and tracks (ODK geopoint, geotrace, geoshape: "51.0543 3.7174 12 5; 51.0544 …")
    ("locatie", re.compile(r"^\s*-?\d{1,3}\.\d{3,}[ ,]+-?\d{1,3}\.\d{3,}")),
)


def compact_header(name: str) -> str:
    """A header as the known names are compared: lower case, letters a–z and digits only."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


# A unseen-export review found these left in: a name asked for in French, German or as a question, a phone number
# asked for as "Mobiel nummer" or "Téléphone", Microsoft Forms' submission times in its French and German version,
# numbered paper forms ("Respondentnummer"), and the national register number
_NAME_WORDS = ("naam", "voornaam", "achternaam", "familienaam", "name", "nom", "prénom", "prenom", "vorname",
               "nachname", "surname", "firstname", "lastname", "adınız", "adiniz", "soyadınız", "soyadiniz", "soyad",
               "soyadı", "isim", "ismi", "isminiz", "nome", "cognome", "imię", "imie", "nazwisko", "الاسم", "اسم",
               "apellido", "apellidos")
# a name asked in a sentence (any length): the person's own name, in the languages of LEVL's target group
_NAME_ASKED = re.compile(
    r"\b(?:je|jouw|uw|u|zijn|haar)\s+(?:voor)?naam\b|\bnaam\s+(?:en\s+voornaam\s+)?van\s+(?:de|het|je|uw)\s+"
    r"(?:deelnemer|respondent|persoon|leerling|student|jongere|ouder|kind|contactpersoon|begeleider)|"
    r"\bhoe\s+heet\b|\bwie\s+ben\s+(?:je|jij|u)\b|\bwhat\s+is\s+your\s+name\b|\byour\s+(?:full\s+)?name\b|"
    r"\bappelez|\bappelles|\bwie\s+hei(?:ß|ss)(?:t|en)\b|\bc[oó]mo\s+te\s+llamas|\b(?:tu|su)\s+nombre\b|"
    r"\bnombre\s+(?:y|completo)\b|\bad\s+soyad|\bnome\s+e\s+cognome|\bimi[eę]\s+i\s+nazwisko")
_PHONE_WORDS = ("telefoon", "gsm", "phone", "téléphone", "telephone", "telefon", "handy", "mobile", "portable",
                "tel", "tél", "teléfono", "telefono", "هاتف", "الهاتف", "جوال")
_PHONE_NUMBER_WORDS = ("telefoonnummer", "gsm-nummer", "gsmnummer", "telefonnummer", "handynummer", "mobielnummer",
                       "telefoonnr", "gsm-nr", "gsmnr", "phonenumber", "phone-number", "whatsapp-nummer",
                       "whatsappnummer")


def _names_a_thing(words: list[str], i: int) -> bool:
    """'Naam van je school', 'Nom du quartier', 'Mijn naam wordt correct uitgesproken': a name word that names
    something else than the person, or the person's own name as the subject of a statement."""
    after = words[i + 1] if i + 1 < len(words) else ""
    before = words[i - 1] if i else ""
    return after in ("van", "du", "de", "des", "of", "der", "la") or (
        before in ("mijn", "my", "mon", "ma") and len(words) > 3)
_REGISTER_WORDS = ("rijksregisternummer", "rijksregister", "rijksregisternr", "insz", "insz-nummer", "insz-nr",
                   "bis-nummer", "bisnummer", "rrn", "verblijfskaartnummer", "identiteitskaartnummer", "paspoortnummer",
                   "identiteitskaart", "verblijfskaart", "niss")
_ADDRESS_WORDS = ("adres", "woonadres", "address", "adresse", "straatnaam", "huisnummer", "postadres",
                  "domicilieadres", "domicilie")
_BIRTH = {compact_header(n) for n in ("Geboortedatum", "Geboortedag", "Date de naissance", "Date of birth", "Birth date",
                                "Birthdate", "Geburtsdatum", "Doğum tarihi", "DOB")}
_ID_WORDS = ("deelnemersnummer", "dossiernummer", "leerlingnummer", "klantnummer", "lidnummer", "participant",
             "deelnemer-id", "participant-id")
_TIMES_ELSEWHERE = {compact_header(n) for n in (
    "Heure de début", "Heure de fin", "Heure de la dernière modification", "Startzeit", "Fertigstellungszeit",
    "Zeitpunkt der letzten Änderung", "Uhrzeit des Beginns", "Uhrzeit der Fertigstellung", "Horodateur",
    "Zeitstempel", "Marca temporal")}
_REGISTER = {compact_header(n) for n in ("Rijksregisternummer", "Rijksregister nr", "INSZ", "INSZ-nummer", "Numéro national",
                                   "Numéro de registre national", "National number", "NISS")}
_ID_NAMES = {"id", "responseid", "respondentid", "token", "uuid", "key", "contributionid", "invitationnumber",
             "externalreference", "collectorid", "respondentnummer", "respondentnr", "respnr", "volgnummer", "volgnr",
             "nr", "nummer", "formuliernummer", "vragenlijstnummer", "enquetenummer", "recordid", "record"}


def looks_identifying(column_name: str, values: pd.Series | None = None) -> str | None:
    """Why a column probably identifies respondents (Dutch reason), or None.

    Looks at the name first (tool metadata names in English and Dutch, geopoint suffixes), then,
    when ``values`` are given, at the content: at least half of the non-empty values being
    e-mail addresses, IP addresses or phone numbers.
    """
    name = str(column_name).strip()
    compact = compact_header(name)
    lower = name.lower().replace("\u0307", "")  # Turkish 'İsim' lower-cased is i + a combining dot
    words = [w for w in re.split(r"[^\w-]+", lower) if w]
    for reason, keys in _REASONS:
        if compact in keys:
            return reason
    if re.search(r"[-_/ ](latitude|longitude|altitude|accuracy|precision)$", name.lower()):
        return "locatie"
    if compact in _TIMES_ELSEWHERE:
        return "tijdstip"
    if any(w.strip("-") in ("e-mail", "email", "e-mailadres", "emailadres", "mailadres", "courriel", "messagerie")
           for w in words):
        return "e-mailadressen"
    # a phone number asked for, not a question about phones ("Heeft u een gsm?", "Gebruikt u WhatsApp om …?")
    if any(w in _PHONE_NUMBER_WORDS for w in words) or (any(w in _PHONE_WORDS for w in words) and (
            len(words) <= 3 or any(w in ("nummer", "nr", "number", "numéro", "numero", "numarası") for w in words))) \
            or ("mobiel" in words and "nummer" in words) or re.search(r"رقم\s+(?:ال)?(?:هاتف|جوال)", lower):
        return "telefoonnummers"
    if compact in _REGISTER or any(w in _REGISTER_WORDS for w in words):
        return "rijksregisternummer"
    # a name asked for: a header of a few words with a name word, the person's name ("Naam van de deelnemer",
    # "Je naam (mag ook een schuilnaam zijn)"), or the question itself ("Hoe heet je?", "Comment vous appelez-vous ?")
    if (len(words) <= 5 and any(w in _NAME_WORDS and not _names_a_thing(words, i) for i, w in enumerate(words))) \
            or _NAME_ASKED.search(lower):
        return "naam"
    if (len(words) <= 4 and any(w in _ADDRESS_WORDS for w in words)) or (len(words) <= 2 and "straat" in words):
        return "adres"
    if compact in _BIRTH:
        return "geboortedatum"
    if compact in _ID_NAMES or name == "#" or (len(words) <= 3 and any(w in _ID_WORDS for w in words)):
        return "respondent-id"
    if values is not None:
        sample = [v for v in values.dropna().astype(str).unique()[:500] if v.strip()]
        if sample:
            for reason, pattern in _VALUE_CHECKS:
                if sum(bool(pattern.search(v)) for v in sample) >= max(1, len(sample) / 2):
                    return reason
    return None
