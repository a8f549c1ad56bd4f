"""Themes in coded open answers: researchers' codes per respondent (``coding:`` in the codebook).

``tables``: the share of respondents per theme (→ estimates.csv); ``report``: the themes and the
quotes researchers chose, for the report notebook.
"""


def applies(cb) -> bool:
    return cb.coding is not None
