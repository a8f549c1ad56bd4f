"""Correspondence tests (praktijktesten): paired applications of a majority and a minority profile.

``tables``: the analysed pairs, net discrimination and McNemar per scope (→ estimates.csv, tests.csv);
``report``: the report's blocks and the net-discrimination chart (``Correspondence``).
A codebook switches it on with ``correspondence:``.
"""


def applies(cb) -> bool:
    return cb.correspondence is not None
