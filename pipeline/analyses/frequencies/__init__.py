"""Frequency tables: every survey question's answers with 95 % intervals, cross-tabs by subgroup and
the disclosure control that links them. Every survey consultation has them.

``tables``: the tables (→ estimates.csv, tests.csv); ``headlines``: the codebook's headline shares
(→ headlines.csv); ``charts``: a chart per one-way table and every table as a sheet of tabellen.xlsx.
"""


def applies(cb) -> bool:
    return True


def estimates(cb, scope):
    """One-way tables of every analysed question and the cross-tabs (→ estimates.csv, tests.csv)."""
    from pipeline.analyses.frequencies.tables import tables as make

    return make(cb, scope)


def protect(cb, est, tests):
    """Cross-tab cells still needed so that no hidden number follows from two cross-tabs; the summary of a
    number whose classes hide a count."""
    from pipeline.analyses.frequencies.tables import hide_summaries_of_hidden_classes, protect as hide

    tests = hide(cb, est, tests)
    hide_summaries_of_hidden_classes(cb, est)  # after the cross-tabs, which may hide more classes
    return tests


def publication(cb, estimates, processed, marks):
    """A chart per one-way table and a sheet per table, for the gallery and tabellen.xlsx."""
    from pipeline.analyses.frequencies.charts import publication as part

    return part(cb, estimates, processed, marks)
