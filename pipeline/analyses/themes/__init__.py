"""Themes in coded open answers: researchers' codes per respondent (``coding:`` in the codebook).

``tables``: the share of respondents per theme (→ estimates.csv); ``report``: the themes and the
quotes researchers chose, for the report notebook.
"""


def applies(cb) -> bool:
    return cb.coding is not None


def estimates(cb, scope):
    """The share of respondents per theme of each coded question (researchers' codes.parquet)."""
    import pandas as pd

    from pipeline.analyses.themes.tables import theme_tables

    return theme_tables(cb, scope.data, pd.read_parquet(cb.processed_dir / "codes.parquet")), []
