# The analyse stage's frequency tables and cross-tabs as they were before they were computed from
# counts of category codes (pipeline/stages/analyse.py at commit 4620797, the functions below copied
# unchanged): a Design and proportion() per table and per subgroup, crosstab() for the test. Frozen
# here as the reference of tests/test_analyse_counts.py; never imported by the pipeline.

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from pipeline.stats import Design, SuppressionRules, crosstab, pct_status, proportion, suppress_series
from pipeline.stats.disclosure import suppress_linked
from pipeline.vocabulary import COLUMNS, OUT_COLUMNS, PROTECT, SMALL, stricter


def _reason(cell_status: pd.Series) -> pd.Series:
    return cell_status.map({"primary": SMALL, "secondary": PROTECT}).fillna("").astype(object)


def _status(cell_status: pd.Series, bases: pd.Series, rules: SuppressionRules) -> pd.Series:
    base_status = bases.map(lambda b: pct_status(int(b), rules))
    out = pd.Series("ok", index=cell_status.index, dtype=object)
    out[base_status == "flagged"] = "flagged"
    out[base_status == "suppressed"] = "base_too_small"
    out[cell_status.isin(["primary", "secondary"])] = "suppressed"
    return out


def categorical(col: pd.Series) -> pd.Series:
    return col if isinstance(col.dtype, pd.CategoricalDtype) else col.astype("category")


def categories(df: pd.DataFrame, var: str) -> list[str]:
    return list(categorical(df[var]).cat.categories)


def frequency(df: pd.DataFrame, var: str, label: str, rules: SuppressionRules, table: str,
              by: str = "", group: str = "", kind: str = "frequency", domain: np.ndarray | None = None,
              hide: set | None = None) -> pd.DataFrame:
    """Shares of each category among those who answered; a domain when ``by``/``group`` are set
    (``domain``: its rows, so the interval uses the subgroup's degrees of freedom, as R ``svyby``).
    ``hide``: categories hidden in a linked table (correspondence subgroups), hidden here too."""
    col = categorical(df[var])
    cats = list(col.cat.categories)
    base = int(col.notna().sum())
    counts = col.value_counts(sort=False).reindex(cats, fill_value=0)
    if base:
        if len(col) >= 2:
            est = proportion(Design(pd.DataFrame({var: col})), var, ci="wilson", domain=domain).set_index("category")
            est = est.reindex(cats)
        else:  # one respondent in the whole export: no design, the share is 0 or 100 % (Wilson below)
            est = pd.DataFrame({"estimate": counts / base, "se": np.nan, "ci_low": np.nan, "ci_high": np.nan},
                               index=cats)
        # an answer nobody (or everybody) gave has a design-based SE of 0 and an interval that would
        # collapse to 0–0 % (100–100 %): use the Wilson score interval on the respondents instead
        for cat, k in counts.items():
            if k in (0, base):
                ci = stats.binomtest(int(k), base).proportion_ci(confidence_level=0.95, method="wilson")
                est.loc[cat, ["se", "ci_low", "ci_high"]] = [np.nan, ci.low, ci.high]
    else:
        est = pd.DataFrame(index=cats, columns=["estimate", "se", "ci_low", "ci_high"], dtype=float)
    out = pd.DataFrame({
        "table": table, "kind": kind, "variable": var, "label": label, "by": by, "group": group,
        "category": cats, "n": counts.to_numpy(), "base": base,
        "estimate": est["estimate"].fillna(0.0).to_numpy() if base else np.nan,
        "se": est["se"].to_numpy(), "ci_low": est["ci_low"].to_numpy(), "ci_high": est["ci_high"].to_numpy(),
    })
    cell = pd.Series(suppress_series(out.set_index("category")["n"], rules, total_published=True,
                                     hide=hide).to_numpy(),
                     index=out.index)
    out["status"] = _status(cell, out["base"], rules).to_numpy()
    out["hidden_reason"] = _reason(cell).to_numpy()
    return out


def cross(df: pd.DataFrame, rows: str, by: str, label: str, rules: SuppressionRules,
          by_rules: SuppressionRules | None = None, hide: dict[str, set] | None = None
          ) -> tuple[pd.DataFrame, dict]:
    """Column percentages of ``rows`` within each group of ``by`` (domains of one design).

    Disclosure control links this table to the one-way tables of both questions: each is
    suppressed with its own question's rules (a sensitive ``by`` keeps its own threshold), and the
    cross-tab's cells are chosen so that no number hidden in any of the three can be worked out.
    """
    by_rules = rules if by_rules is None else by_rules
    cell_rules = stricter(rules, by_rules)
    table = f"{rows}__by__{by}"
    row_col, by_col = categorical(df[rows]), categorical(df[by])
    row_codes, by_codes = row_col.cat.codes.to_numpy(), by_col.cat.codes.to_numpy()
    test = {"table": table, "rows": rows, "by": by, "statistic": np.nan, "ndf": np.nan, "ddf": np.nan,
            "p_value": np.nan, "fisher_p": np.nan, "n": 0}
    if not len(row_col.cat.categories) or not len(by_col.cat.categories) or not (
            (row_codes >= 0) & (by_codes >= 0)).any():
        return pd.DataFrame(columns=COLUMNS), test  # an empty cross-tab: the report says so
    parts = []
    for gi, g in enumerate(by_col.cat.categories):
        # the domain: answers of this group only, everybody else missing (the design keeps all rows)
        sub = pd.DataFrame({rows: pd.Categorical.from_codes(np.where(by_codes == gi, row_codes, -1),
                                                            categories=row_col.cat.categories)})
        parts.append(frequency(sub, rows, label, cell_rules, table, by=by, group=str(g), kind="crosstab",
                               domain=by_codes == gi))
    out = pd.concat(parts, ignore_index=True).drop(columns=["hidden_reason"])
    row_cats, groups = categories(df, rows), [str(g) for g in categories(df, by)]
    counts = out.pivot(index="category", columns="group", values="n").reindex(index=row_cats, columns=groups)
    # the one-way tables as published, each with its own question's rules
    hide = hide or {}  # per question: answers its one-way table hides because a linked table does
    row_margin = suppress_series(row_col.value_counts(sort=False).reindex(row_cats, fill_value=0), rules,
                                 hide=hide.get(rows))
    by_margin = suppress_series(by_col.value_counts(sort=False).reindex(by_col.cat.categories, fill_value=0),
                                by_rules, hide=hide.get(by))
    bases = out.groupby("group", sort=False)["base"].max().reindex(groups)
    too_small = [pct_status(int(b), cell_rules) == "suppressed" for b in bases]
    status2d = suppress_linked(counts, cell_rules, list(row_margin), list(by_margin), too_small)
    flat = status2d.stack().rename("cell").reset_index()
    out = out.merge(flat, on=["category", "group"], how="left")
    out["status"] = _status(out["cell"].fillna("ok"), out["base"], cell_rules)
    out["hidden_reason"] = _reason(out["cell"])
    out = out.drop(columns="cell")
    # a group that the one-way table of `by` hides is hidden here too, with its size (linked tables)
    hidden_groups = [str(g) for g, st in by_margin.items() if st != "ok"]
    in_hidden = out["group"].isin(hidden_groups)
    out.loc[in_hidden, "status"] = "suppressed"
    reasons = {str(g): (SMALL if st == "primary" else PROTECT) for g, st in by_margin.items()}
    out.loc[in_hidden, "hidden_reason"] = out.loc[in_hidden, "group"].map(reasons)
    out["base"] = out["base"].astype("Int64")
    out.loc[in_hidden, "base"] = pd.NA  # its size is not published either
    both = pd.DataFrame({rows: row_col, by: by_col}).dropna()
    test = {"table": table, "rows": rows, "by": by, "statistic": np.nan, "ndf": np.nan, "ddf": np.nan,
            "p_value": np.nan, "fisher_p": np.nan, "n": len(both)}
    # a test statistic of a table with hidden cells can give those cells away: no test then
    if (both[rows].nunique() > 1 and both[by].nunique() > 1
            and not out["status"].isin(["suppressed", "base_too_small"]).any()):
        res = crosstab(Design(both), rows, by)
        test.update(statistic=res.statistic, ndf=res.ndf, ddf=res.ddf, p_value=res.p_value,
                    fisher_p=res.fisher_p if res.fisher_p is not None else np.nan)
    return out[OUT_COLUMNS], test
