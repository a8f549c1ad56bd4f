"""The words every kind of analysis shares: the columns of ``estimates.csv`` and ``tests.csv``, why a
cell is hidden, and which small-cell rules apply to a question.

It sits below the stages and the analyses (frequency tables, correspondence tests, coded themes), so
that they can all use it without importing each other, and it imports nothing heavy (no scipy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from pipeline.codebook import Codebook, Question
    from pipeline.stats.disclosure import SuppressionRules

COLUMNS = ["table", "kind", "variable", "label", "by", "group", "category", "n", "base", "estimate", "se",
           "ci_low", "ci_high", "status"]
OUT_COLUMNS = [*COLUMNS, "hidden_reason"]  # estimates.csv: tables without a reason get "" (e.g. themes)
# why a cell is suppressed: "small" (fewer respondents than the threshold: primary), "protect" (hidden
# so that a small cell cannot be worked out: secondary); "" when it is shown
SMALL, PROTECT = "small", "protect"

TEST_COLUMNS = ["table", "rows", "by", "statistic", "ndf", "ddf", "p_value", "fisher_p", "n"]

# validate's reasons for a row that is no respondent's (the report's accounting names them apart from wrong values)
NO_ANSWER = "geen enkel antwoord: een lege rij telt niet als respondent"
TOOL_TEST = "een testantwoord of spam volgens de enquêtetool: telt niet als respondent"
# validation_failures.csv `problem` of a row whose respondent id came earlier in the export (validate writes
# it; the report counts these rows apart from those with impossible values): per codebook, as the id is a
# tool's response id or a code the person typed (``respondent.personal_code``)
REPEATED_ID = {False: "dubbele respondent-id: dezelfde antwoord-id komt meer dan eens voor",
               True: "dubbele persoonlijke code: dezelfde code komt meer dan eens voor"}
ID_WORD = {False: "respondent-id", True: "persoonlijke code"}


def rules_for(cb: Codebook, q: Question | None) -> SuppressionRules:
    from pipeline.stats.disclosure import SuppressionRules

    return SuppressionRules(min_cell=cb.small_cell_sensitive if q is not None and q.sensitive else cb.small_cell,
                            min_base_pct=cb.min_base_pct, flag_base_pct=cb.flag_base_pct)


def rules_for_var(cb: Codebook, var: str) -> SuppressionRules:
    """The rules of the question behind a variable (a question, or the classes of a number question)."""
    q = cb.by_name.get(var) or next((q for q in cb.questions if q.bins and q.bins.name == var), None)
    return rules_for(cb, q)


def stricter(a: SuppressionRules, b: SuppressionRules) -> SuppressionRules:
    """A cross-tab cell tells about both questions: the higher small-cell threshold of the two."""
    return a if a.min_cell >= b.min_cell else b


def thresholds(cb: Codebook, est: pd.DataFrame) -> dict[str, int]:
    """The small-cell threshold of every table: its question's, the stricter of the two for a cross-tab."""
    out = {}
    for name, t in est.groupby("table", sort=False):
        by = t["by"].iloc[0]
        limit = rules_for_var(cb, str(t["variable"].iloc[0])).min_cell
        if isinstance(by, str) and by:
            limit = max(limit, rules_for_var(cb, by).min_cell)
        out[str(name)] = limit
    return out
