"""A total written next to its rounded parts (Dutch): "samen 58,2 %" beside 30,4 % and 27,7 % reads
as a mistake, because the parts as printed add up to 58,1 %. The total keeps its true value (it is
the better number) and says so when rounding makes it differ from the sum of the printed parts."""

from __future__ import annotations

from decimal import Decimal

from pipeline import fmt


def _printed(share: float, decimals: int) -> Decimal:
    """The value a reader sees for ``share`` (a fraction), as a Decimal of percentage points."""
    return Decimal(fmt.number(float(share) * 100, decimals).replace(".", "").replace(",", "."))


def share_total(parts: list[float], decimals: int = 1) -> str:
    """'58,2 %' or '58,2 % (door afronding niet precies de som van de delen)'; parts are fractions."""
    total = fmt.pct(sum(parts), decimals)
    if sum(_printed(p, decimals) for p in parts) == _printed(sum(parts), decimals):
        return total
    return f"{total} (door afronding niet precies de som van de afgeronde delen)"


def differs_when_rounded(parts: list[float], decimals: int = 0) -> bool:
    """Whether the printed parts (fractions, as a chart labels them) do not add up to their printed total."""
    return sum(_printed(p, decimals) for p in parts) != _printed(sum(parts), decimals)
