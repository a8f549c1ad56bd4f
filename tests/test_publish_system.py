"""The consultation-wide disclosure audit (``publish.audit_tables``, ``consultation_complements``) ties every
one-way table and cross-tab together in one system of sums (``publish._system``). Its tables are now
grouped by hand instead of with a pandas groupby per table and group; this checks on seeded random
consultations (hidden cells and groups, unpublished bases, headlines, and the estimates as read back
from estimates.csv) that the system is exactly the one ``tests/reference/publish_system_v1.py`` (the
function as it was) builds: the same numbers, sums, hidden and primary cells, thresholds and labels.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline import publish
from pipeline.analyses.frequencies import tables as analyse
from pipeline.stats import SuppressionRules
from pipeline.vocabulary import OUT_COLUMNS

_spec = importlib.util.spec_from_file_location("publish_system_v1", Path(__file__).parent / "reference" /
                                               "publish_system_v1.py")
ref = importlib.util.module_from_spec(_spec)
sys.modules.setdefault(_spec.name, ref)
_spec.loader.exec_module(ref)


def _answers(rng: np.random.Generator, n: int, k: int) -> pd.Categorical:
    codes = rng.choice(k, size=n, p=rng.dirichlet(np.full(k, 0.5)))
    codes[rng.random(n) < 0.1] = -1
    return pd.Categorical.from_codes(codes, categories=[f"a{i}" for i in range(k)])


def _consultation(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = int(rng.choice([20, 60, 150, 400]))
    df = pd.DataFrame({"q1": _answers(rng, n, 4), "q2": _answers(rng, n, 3), "g": _answers(rng, n, 3),
                       "h": _answers(rng, n, 2)})
    rules = SuppressionRules(min_cell=int(rng.choice([3, 5, 10])))
    tables = [analyse.frequency(df, v, v, rules, v) for v in ("q1", "q2", "g", "h")]
    for rows, by in (("q1", "g"), ("q2", "g"), ("q1", "h")):
        tables.append(analyse.cross(df, rows, by, rows, rules)[0])
    return pd.concat(tables, ignore_index=True).reindex(columns=OUT_COLUMNS)


def _headlines(est: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"table": ["k1", "k2"], "variable": ["q1", "q2"],
                         "answers": [json.dumps(["a0", "a1"]), json.dumps(["a2"])], "status": ["ok", "suppressed"],
                         "n": [float(est.loc[est["table"] == "q1", "n"].iloc[:2].sum()), 3.0]})


def _same(new, old) -> bool:
    """True when the new system of sums is exactly the old one (values, every sum, the rest)."""
    if new is None or old is None:
        return new is None and old is None
    s_new, *rest_new = new
    s_old, *rest_old = old
    return (np.array_equal(s_new.values, s_old.values) and len(s_new.sums) == len(s_old.sums)
            and all(np.array_equal(p_new, p_old) and t_new == t_old
                    for (p_new, t_new), (p_old, t_old) in zip(s_new.sums, s_old.sums, strict=True))
            and all(np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b
                    for a, b in zip(rest_new, rest_old, strict=True)))


@pytest.mark.parametrize("seed", range(25))
def test_system_as_before(seed: int) -> None:
    est = _consultation(seed)
    threshold = {t: 5 for t in est["table"].unique()}
    system = publish._system(est, threshold)
    assert system is not None and len(system[0].sums) > 0  # a real system: the comparison is not vacuous
    assert _same(system, ref._system(est, threshold))
    assert _same(publish._system(est, threshold, _headlines(est)), ref._system(est, threshold, _headlines(est)))
    buffer = io.StringIO()  # as the report stage reads it back: base a float with NaN, strings as text
    est.to_csv(buffer, index=False)
    read = pd.read_csv(io.StringIO(buffer.getvalue()), keep_default_na=False, na_values=[""])
    assert _same(publish._system(read, threshold), ref._system(read, threshold))


def test_empty_estimates_give_no_system() -> None:
    empty = pd.DataFrame(columns=OUT_COLUMNS)
    assert publish._system(empty, {}) is None and ref._system(empty, {}) is None
