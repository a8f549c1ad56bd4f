"""Rounding for publication: halves away from zero, on the decimal value as printed.

Python's ``round`` rounds halves to even (``round(0.125, 2) == 0.12``, ``round(2.5) == 2``) and
works on the binary value (``round(2.675, 2) == 2.67``). Readers expect 12.5 % → 13 % and
2.675 → 2.68, so published numbers go through :func:`round_half_up`.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["round_half_up", "round_to_base"]


def round_half_up(value: float, digits: int = 0) -> float:
    """Round ``value`` to ``digits`` decimals, halves away from zero (NaN and ±inf unchanged).

    The shortest decimal representation of the float (``repr``) is rounded, so 2.675 → 2.68.
    """
    if value is None or math.isnan(value) or math.isinf(value):
        return value
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def round_to_base(value: float, base: int = 5) -> float:
    """Round a (weighted) count to a multiple of ``base``, halves away from zero."""
    if base <= 0:
        raise ValueError(f"base must be a positive whole number, got {base!r}")
    if value is None or math.isnan(value) or math.isinf(value):
        return value
    return round_half_up(value / base) * base
