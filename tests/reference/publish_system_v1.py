# The system of sums behind the consultation-wide disclosure audit as it was built before the tables were
# grouped by hand instead of with pandas groupby (pipeline/publish.py at commit 433539a, ``_system``
# copied unchanged). Frozen here as the reference of tests/test_publish_system.py; never imported by
# the pipeline.

from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.publish import _headline_sums


def _system(estimates: pd.DataFrame, threshold: dict[str, int], headlines: pd.DataFrame | None = None):
    """Every one-way table and cross-tab of a consultation as one system of sums (see :func:`audit_tables`);
    a headline (``headlines.csv``) is the sum of the cells of its answers in its question's one-way table."""
    from pipeline.stats.disclosure import Structure

    keys: dict[tuple, int] = {}
    values, hidden, unpublished, limit, labels = [], [], [], [], []
    sums: list[tuple[list[int], int]] = []

    def num(key: tuple, value: float, is_hidden: bool, is_unpublished: bool, table: str, label: str) -> int:
        if key not in keys:
            keys[key] = len(values)
            values.append(int(round(value)))
            hidden.append(is_hidden or is_unpublished)
            unpublished.append(is_unpublished and not is_hidden)
            limit.append(threshold.get(table, 5))
            labels.append(label)
        return keys[key]

    est = estimates.copy()
    est["by"] = est["by"].fillna("").astype(str)
    est["group"] = est["group"].fillna("").astype(str)
    one_way = est[(est["kind"] == "frequency") & (est["by"] == "")]
    for name, t in one_way.groupby("table", sort=False):
        cells = [num(("ow", name, c), n, st == "suppressed", False, name, f"{name}: {c}")
                 for c, n, st in zip(t["category"], t["n"], t["status"], strict=True)]
        total = num(("owt", name), float(t["base"].max()), False, False, name, f"{name}: totaal")
        sums.append((cells, total))
    for name, t in est[est["kind"] == "crosstab"].groupby("table", sort=False):
        rows_var, by = str(t["variable"].iloc[0]), str(t["by"].iloc[0])
        col_tot = {}
        for g, tg in t.groupby("group", sort=False):
            base = tg["base"].iloc[0]
            col_tot[g] = num(("xb", name, g), float(tg["n"].sum()), pd.isna(base), False, name,
                             f"{name}: groep {g} (basis)")
            cells = [num(("x", name, c, g), n, st == "suppressed", st == "base_too_small", name, f"{name}: {c} / {g}")
                     for c, n, st in zip(tg["category"], tg["n"], tg["status"], strict=True)]
            sums.append((cells, col_tot[g]))
        for c, tc in t.groupby("category", sort=False):
            if ("ow", rows_var, c) in keys:  # the one-way count = this row + those without a group
                row = [keys[("x", name, c, g)] for g in tc["group"]]
                rest = values[keys[("ow", rows_var, c)]] - sum(values[k] for k in row)
                if rest >= 0:
                    row.append(num(("slack", name, c), rest, False, True, name, ""))
                    sums.append((row, keys[("ow", rows_var, c)]))
        for g, k in col_tot.items():
            if ("ow", by, g) in keys:
                rest = values[keys[("ow", by, g)]] - values[k]
                if rest >= 0:
                    sums.append(([k, num(("slackb", name, g), rest, False, True, name, "")], keys[("ow", by, g)]))
    if headlines is not None:
        _headline_sums(headlines, keys, sums, num)
    if not values:
        return None
    vals = np.array(values)
    hid = np.array(hidden)
    primary = hid & ~np.array(unpublished) & (vals > 0) & (vals < np.array(limit))
    s = Structure(vals, [(np.array(p, dtype=int), t) for p, t in sums])
    return s, hid, primary, np.array(limit), np.array(unpublished), list(keys), labels
