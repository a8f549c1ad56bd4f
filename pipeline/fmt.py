"""Dutch number formatting for everything a reader sees: ``12,5 %``, ``1.234``, ``10,2–14,8 %``.

Rounding is half away from zero (12,25 → 12,3), as Dutch statistical publications do, not
Python's round-half-to-even. Missing values print as an en dash.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

DASH = "–"
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]


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
    return f"{number(float(share) * 100, decimals)} %"  # type: ignore[arg-type]


def pct_points(x: float | None, decimals: int = 1) -> str:
    """A percentage already ×100: 58.45 → '58,5 %'."""
    if _missing(x):
        return DASH
    return f"{number(x, decimals)} %"


def ci(low: float | None, high: float | None, decimals: int = 1) -> str:
    """An interval of shares: (0.102, 0.148) → '10,2–14,8 %'."""
    if _missing(low) or _missing(high):
        return DASH
    return f"{number(float(low) * 100, decimals)}–{number(float(high) * 100, decimals)} %"  # type: ignore[arg-type]


def p_value(p: float | None) -> str:
    if _missing(p):
        return DASH
    return "< 0,001" if float(p) < 0.001 else number(p, 3)  # type: ignore[arg-type]


def date(d: dt.date) -> str:
    """2022-05-31 → '31 mei 2022'."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
