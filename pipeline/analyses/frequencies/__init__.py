"""Frequency tables: every survey question's answers with 95 % intervals, cross-tabs by subgroup and
the disclosure control that links them. Every survey consultation has them.

``headlines``: the codebook's headline shares (→ headlines.csv).
"""


def applies(cb) -> bool:
    return True


def estimates(cb, scope):
    """One-way tables of every analysed question and the cross-tabs (→ estimates.csv, tests.csv)."""
    from pipeline.analyses.frequencies.tables import tables as make

    return make(cb, scope)


def protect(cb, est, tests):
    """Cross-tab cells still needed so that no hidden number follows from two cross-tabs."""
    from pipeline.analyses.frequencies.tables import protect as hide

    return hide(cb, est, tests)
