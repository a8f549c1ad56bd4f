"""Waves: what changed since the earlier wave of a consultation (``waves:`` in the codebook; docs/waves.md).

``tables``: the comparison (→ changes.csv, change_tests.csv, waves.json, by the compare stage).
"""


def applies(cb) -> bool:
    return cb.waves is not None
