"""Frequency tables: every survey question's answers with 95 % intervals, cross-tabs by subgroup and
the disclosure control that links them. Every survey consultation has them.

``headlines``: the codebook's headline shares (→ headlines.csv).
"""


def applies(cb) -> bool:
    return True
