"""Survey statistics for LEVL reports, matching R ``survey`` (design-based, Taylor linearisation).

Public API::

    from pipeline.stats import Design, proportion, mean, rake, crosstab, correspondence, adjust_pvalues
    from pipeline.stats import kish, likert_summary, multiple_response, suppress, SuppressionRules

See ``docs/statistics.md`` for the formulas, conventions and the reference they are tested against.
"""

from pipeline.stats.correspondence import correspondence
from pipeline.stats.design import Design
from pipeline.stats.disclosure import SuppressionRules, pct_status, suppress, suppress_series
from pipeline.stats.estimates import mean, proportion
from pipeline.stats.likert import likert_summary, multiple_response
from pipeline.stats.multiplicity import adjust_pvalues
from pipeline.stats.rounding import round_half_up, round_to_base
from pipeline.stats.tests_tables import CrosstabResult, crosstab, fisher_exact
from pipeline.stats.weighting import RakingError, kish, rake

__all__ = [
    "Design", "proportion", "mean", "rake", "kish", "RakingError", "crosstab", "CrosstabResult", "fisher_exact",
    "correspondence", "adjust_pvalues", "likert_summary", "multiple_response",
    "suppress", "suppress_series", "pct_status", "SuppressionRules", "round_half_up", "round_to_base",
]
