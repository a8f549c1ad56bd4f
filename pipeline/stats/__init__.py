"""Survey statistics for LEVL reports, matching R ``survey`` (design-based, Taylor linearisation).

Public API::

    from pipeline.stats import Design, proportion, mean, rake, crosstab, correspondence, adjust_pvalues
    from pipeline.stats import kish, likert_summary, multiple_response, suppress, SuppressionRules

See ``docs/statistics.md`` for the formulas, conventions and the reference they are tested against.
"""

import importlib

# the function has its module's name: bound here, so that importing the module pipeline.stats.correspondence
# first (which sets the package attribute to the module) cannot hide it (cheap: no scipy.stats at its top)
from pipeline.stats.correspondence import correspondence

# Where each public name lives. They are imported when first used (PEP 562), so that a stage needing
# one small module (e.g. multiplicity) does not pay for scipy.stats (half a second per process).
_HOME = {
    "Design": "design", "SuppressionRules": "disclosure",
    "pct_status": "disclosure", "suppress": "disclosure", "suppress_series": "disclosure", "mean": "estimates",
    "proportion": "estimates", "likert_summary": "likert", "multiple_response": "likert",
    "adjust_pvalues": "multiplicity", "round_half_up": "rounding", "round_to_base": "rounding",
    "CrosstabResult": "tests_tables", "crosstab": "tests_tables", "fisher_exact": "tests_tables",
    "RakingError": "weighting", "kish": "weighting", "rake": "weighting",
}


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module 'pipeline.stats' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"pipeline.stats.{_HOME[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Design", "proportion", "mean", "rake", "kish", "RakingError", "crosstab", "CrosstabResult", "fisher_exact",
    "correspondence", "adjust_pvalues", "likert_summary", "multiple_response",
    "suppress", "suppress_series", "pct_status", "SuppressionRules", "round_half_up", "round_to_base",
]
