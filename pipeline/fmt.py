"""Dutch number formatting for everything a reader sees: ``12,5 %``, ``1.234``, ``10,2–14,8 %``.

Rounding is half away from zero (12,25 → 12,3), as Dutch statistical publications do, not
Python's round-half-to-even. Missing values print as an en dash.

The space between a number and "%" is a narrow no-break space (U+202F, :data:`PCT_SPACE`), so
"83,2 %" never breaks over two lines in HTML, Word or PDF (see docs/dutch.md). Counted nouns
agree with their number: :func:`count` ("1 rij", "2 rijen").
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

DASH = "–"
PCT_SPACE = "\u202f"  # narrow no-break space: "83,2 %" stays on one line
PCT = PCT_SPACE + "%"
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]

# after a source line whose data are made up by a seeded generator (labelled so on every chart and table)
SYNTHETIC = " (synthetische voorbeelddata)"


def _missing(x: object) -> bool:
    if x is None:
        return True
    try:
        return math.isnan(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _round(x: float, decimals: int) -> Decimal:
    return Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def number(x: float | int | None, decimals: int = 0) -> str:
    """1234.5 → '1.234,5' (decimals=1); 1234 → '1.234'."""
    if _missing(x):
        return DASH
    d = _round(float(x), decimals)  # type: ignore[arg-type]
    sign = "-" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return sign + text + ("," + frac if decimals > 0 else "")


def pct(share: float | None, decimals: int = 1) -> str:
    """A share 0–1 as a Dutch percentage: 0.125 → '12,5 %'."""
    if _missing(share):
        return DASH
    return f"{number(float(share) * 100, decimals)}{PCT}"  # type: ignore[arg-type]


def pct_points(x: float | None, decimals: int = 1) -> str:
    """A percentage already ×100: 58.45 → '58,5 %'."""
    if _missing(x):
        return DASH
    return f"{number(x, decimals)}{PCT}"


def ci(low: float | None, high: float | None, decimals: int = 1) -> str:
    """An interval of shares: (0.102, 0.148) → '10,2–14,8 %'."""
    if _missing(low) or _missing(high):
        return DASH
    return f"{number(float(low) * 100, decimals)}–{number(float(high) * 100, decimals)}{PCT}"  # type: ignore[arg-type]


def bases(values) -> str:
    """The n of a chart of several statements: '37', or '36–37' when their bases differ."""
    ns = sorted({int(v) for v in values})
    return number(ns[0]) if len(ns) == 1 else f"{number(ns[0])}–{number(ns[-1])}"


def p_value(p: float | None) -> str:
    if _missing(p):
        return DASH
    return "<\u00a00,001" if float(p) < 0.001 else number(p, 3)  # type: ignore[arg-type]


def date(d: dt.date) -> str:
    """2022-05-31 → '31 mei 2022'."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def count(n: int | float, singular: str, plural: str) -> str:
    """A number with its noun in agreement: ``count(1, "rij", "rijen")`` → '1 rij', 0 and 2 → '0 rijen',
    '2 rijen' (Dutch uses the plural for zero). Thousands get a point: '1.234 rijen'."""
    return f"{number(n)} {noun(n, singular, plural)}"


def noun(n: int | float, singular: str, plural: str) -> str:
    """The singular for exactly one, else the plural (also for a verb: ``noun(n, "is", "zijn")``)."""
    return singular if n == 1 else plural


def verb(n: int | float, singular: str = "is", plural: str = "zijn") -> str:
    """The verb that agrees with ``n``: ``verb(1)`` → 'is', ``verb(0)`` → 'zijn'."""
    return noun(n, singular, plural)


def sentence(text: object) -> str:
    """``text`` ending in one full stop: 'Woont u hier?' stays as it is (never '?.'), 'Ja' → 'Ja.'."""
    t = str(text).rstrip()
    return t if not t or t[-1] in ".?!…:" else t + "."


_DATE_PARTS = {"%d": "dag", "%m": "maand", "%Y": "jaar", "%y": "jaar (2 cijfers)", "%H": "uur", "%I": "uur",
               "%M": "minuten", "%S": "seconden", "%f": "fracties", "%p": "AM/PM", "%b": "maandnaam",
               "%B": "maandnaam", "%z": "tijdzone", "%%": "%"}


def date_format(pattern: str) -> str:
    """A strptime pattern in words a reader knows: '%d/%m/%Y' → 'dag/maand/jaar',
    '%Y-%m-%dT%H:%M:%S' → 'jaar-maand-dagTuur:minuten:seconden'."""
    out, i = [], 0
    while i < len(pattern):
        part = pattern[i:i + 2]
        if part in _DATE_PARTS:
            out.append(_DATE_PARTS[part])
            i += 2
        else:
            out.append(pattern[i])
            i += 1
    return "".join(out)


def points(diff: float | None, decimals: int = 1, unit: bool = True) -> str:
    """A difference of two shares (a fraction: 0.172 = 17,2 percentage points) with its sign:
    '+17,2 procentpunt', '-4,0 procentpunt', '0,0 procentpunt' (``unit=False``: the number alone)."""
    if _missing(diff):
        return DASH
    text = number(float(diff) * 100, decimals)  # type: ignore[arg-type]
    if _round(float(diff) * 100, decimals) > 0:  # type: ignore[arg-type]  # (number() writes no "-0")
        text = "+" + text
    return f"{text} procentpunt" if unit else text
