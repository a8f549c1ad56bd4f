"""The only way numbers leave the pipeline: estimates → published tables with suppression applied.

Reports, charts and spreadsheets all call :func:`published` so that a suppressed cell is
suppressed everywhere, with the same marks:

* ``×`` — not shown: fewer respondents than the small-cell threshold, or hidden so that it
  cannot be recomputed from the totals (secondary suppression);
* ``–`` — no percentage: fewer than the minimum number of respondents answered (base too small);
* ``*`` — uncertain: based on fewer than ``flag_base_pct`` respondents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pipeline import fmt
from pipeline.report.text import md

SUPPRESSED = "×"
NO_PCT = "–"
FLAG = "*"
# Why a number is hidden, in the same words for every ×: a small group itself, or a number hidden to
# protect one. Which of the two a × is stays unsaid (estimates.csv's hidden_reason is for researchers):
# the audit (pipeline/stats/disclosure.py) assumes a reader cannot tell them apart. A reader who is told
# that two × on one line are small groups knows each lies in 1 … threshold−1; with their sum known
# (45 − 7 − 17 − 13 = 8) both are 4.
HIDDEN_WHY = "te weinig respondenten, of verborgen om een kleine groep te beschermen"
HIDDEN_WHY_PAIRS = "te weinig paren, of verborgen om een kleine subgroep te beschermen"


def legend(small_cell: int, sensitive: int, min_base: int, flag_base: int) -> list[str]:
    return [
        f"{SUPPRESSED} niet getoond: minder dan {small_cell} respondenten (bij gevoelige vragen minder dan "
        f"{sensitive}), of verborgen om zo'n kleine groep te beschermen (anders zou die uit de andere getallen "
        "en de totalen kunnen worden teruggerekend).",
        _no_pct_line(min_base),
        _flag_line(min_base, flag_base),
    ]


def _no_pct_line(min_base: int) -> str:
    return f"{NO_PCT} geen percentage: minder dan {min_base} respondenten beantwoordden de vraag."


def _flag_line(min_base: int, flag_base: int) -> str:
    return f"{FLAG} onzeker: gebaseerd op {min_base} tot {flag_base - 1} respondenten."


@dataclass
class Published:
    """One table ready for a reader: text cells (Dutch format) and the same cells as numbers."""

    name: str
    title: str
    text: pd.DataFrame
    numbers: pd.DataFrame
    base: int | None
    notes: list[str] = field(default_factory=list)
    suppressed: int = 0


def _cell_pct(row: pd.Series) -> tuple[str, float]:
    if row["status"] == "suppressed":
        return SUPPRESSED, np.nan
    if row["status"] == "base_too_small":
        return NO_PCT, np.nan
    mark = FLAG if row["status"] == "flagged" else ""
    return fmt.pct(row["estimate"]) + mark, float(row["estimate"])


def _cell_ci(row: pd.Series) -> tuple[str, float, float]:
    if row["status"] in ("suppressed", "base_too_small"):
        return (SUPPRESSED if row["status"] == "suppressed" else NO_PCT), np.nan, np.nan
    return fmt.ci(row["ci_low"], row["ci_high"]), float(row["ci_low"]), float(row["ci_high"])


def _one_way(t: pd.DataFrame, name: str, share_header: str) -> Published:
    text_rows, num_rows = [], []
    # a table by scope (correspondence tests per city): each row names its scope, and there is no one base (the
    # largest scope's, a hidden one's too, was printed as the table's: 296 pairs − 293 gave the hidden 3 back)
    groups = (t["group"].astype(object).where(t["group"].notna(), "").astype(str) if "group" in t.columns
              else pd.Series("", index=t.index))
    by_scope = groups.ne("").any()
    for i, row in t.iterrows():
        shown_n = SUPPRESSED if row["status"] == "suppressed" else fmt.number(row["n"])
        p_text, p = _cell_pct(row)
        ci_text, lo, hi = _cell_ci(row)
        answer = f"{groups[i]}: {row['category']}" if by_scope and groups[i] else row["category"]
        text_rows.append({"Antwoord": answer, "Aantal": shown_n, share_header: p_text,
                          "95%-interval": ci_text})
        num_rows.append({"Antwoord": answer,
                         "Aantal": np.nan if row["status"] == "suppressed" else float(row["n"]),
                         share_header: p, "Ondergrens 95%-interval": lo, "Bovengrens 95%-interval": hi,
                         "Teken": {"suppressed": SUPPRESSED, "base_too_small": NO_PCT,
                                   "flagged": FLAG}.get(row["status"], "")})
    base = t["base"].max()  # none: a routed question hidden with its base (analyses/frequencies/routing.py)
    base = None if pd.isna(base) or by_scope else int(base)
    return Published(name, str(t["label"].iloc[0]), pd.DataFrame(text_rows), pd.DataFrame(num_rows), base,
                     suppressed=int((t["status"] == "suppressed").sum()))


def dash_groups(t: pd.DataFrame, min_base: int | None = None) -> set:
    """The groups (columns) of a cross-tab printed as "–" in every cell: too few respondents for a
    percentage. Also when every cell of such a column is hidden (×): a column of × among columns of "–"
    would tell a reader that each of its cells is hidden, most likely each a small group (a base of 11
    over three answers: each 3 or 4). ``min_base``: the codebook's ``min_base_pct`` (without it, only
    columns with a cell marked ``base_too_small``)."""
    small = set(t.loc[t["status"] == "base_too_small", "group"])
    if min_base is not None:
        small |= set(t.loc[t["base"].notna() & (t["base"] < min_base), "group"])
    return small


def _crosstab(t: pd.DataFrame, name: str, min_base: int | None = None) -> Published:
    groups = list(dict.fromkeys(t["group"]))
    cats = list(dict.fromkeys(t["category"]))
    small = pd.Index(groups, dtype=object).isin(list(dash_groups(t, min_base)))
    # each row's place, by pandas' own matching (a missing label matches a missing one): filled cell by cell in
    # lists, then one frame (a pandas .loc per cell took most of a chart stage's reading of its tables)
    row_at = pd.Index(cats, dtype=object).get_indexer(t["category"].astype(object))
    col_at = pd.Index(groups, dtype=object).get_indexer(t["group"].astype(object))
    text_cols = [[np.nan] * len(cats) for _ in groups]
    num_cols = [[np.nan] * len(cats) for _ in groups]
    for r, c, row in zip(row_at, col_at, t[["status", "estimate"]].to_dict("records"), strict=True):
        cell = (NO_PCT, np.nan) if small[c] else _cell_pct(row)  # no mark that tells 0 from 1–4
        text_cols[c][r], num_cols[c][r] = cell
    text = pd.DataFrame(dict(enumerate(text_cols)), index=cats, dtype=object)
    nums = pd.DataFrame(dict(enumerate(num_cols)), index=cats, dtype=float)
    text.columns = nums.columns = groups
    bases = t.groupby("group", sort=False)["base"].max().reindex(groups)
    text.loc["Aantal respondenten (basis)"] = [SUPPRESSED if pd.isna(b) else fmt.number(b) for b in bases]
    nums.loc["Aantal respondenten (basis)"] = [float(b) for b in bases]  # NaN where hidden
    text = text.reset_index(names="Antwoord")
    nums = nums.reset_index(names="Antwoord")
    total = None if t["base"].isna().all() else int(t["base"].groupby(t["group"]).max().sum())
    return Published(name, f"{t['label'].iloc[0]} naar {t['by'].iloc[0]}", text, nums, total,
                     suppressed=int((t["status"] == "suppressed").sum()))


def _number(t: pd.DataFrame, name: str) -> Published:
    m = t.set_index("category")
    ok = m["status"].iloc[0] == "ok"
    mark = SUPPRESSED if m["status"].iloc[0] == "suppressed" else NO_PCT  # hidden with its classes, or too few
    text = pd.DataFrame([{
        "Gemiddelde": fmt.number(m.loc["gemiddelde", "estimate"], 1) if ok else mark,
        "95%-interval": (f"{fmt.number(m.loc['gemiddelde', 'ci_low'], 1)}–"
                                         f"{fmt.number(m.loc['gemiddelde', 'ci_high'], 1)}") if ok else mark,
        "Mediaan": fmt.number(m.loc["mediaan", "estimate"], 1) if ok else mark,
        "Aantal respondenten": SUPPRESSED if pd.isna(m["base"].iloc[0]) else fmt.number(m["base"].iloc[0]),
    }])
    nums = pd.DataFrame([{
        "Gemiddelde": m.loc["gemiddelde", "estimate"] if ok else np.nan,
        "Ondergrens 95%-interval": m.loc["gemiddelde", "ci_low"] if ok else np.nan,
        "Bovengrens 95%-interval": m.loc["gemiddelde", "ci_high"] if ok else np.nan,
        "Mediaan": m.loc["mediaan", "estimate"] if ok else np.nan,
        "Aantal respondenten": float(m["base"].iloc[0]),  # NaN: hidden with its base (routing.py)
    }])
    base = None if pd.isna(m["base"].iloc[0]) else int(m["base"].iloc[0])
    return Published(name, str(t["label"].iloc[0]), text, nums, base)


def failure_reasons(failures: pd.DataFrame, labels: dict[str, str]) -> list[str]:
    """The reasons rows were set apart, for a report's reader: 'onbekend antwoord bij ‘Rol’ (1×)'. The validate
    stage's problem says what the researcher should expect ("…; verwacht een van: 'Leerkracht', …"); the reader
    gets the reason and the question (``labels``: variable → the question's label), counted."""
    if failures.empty or "problem" not in failures.columns:
        return []
    reasons = failures["problem"].astype(str).str.split(";").str[0].str.strip()
    variables = failures["variable"].astype(str) if "variable" in failures.columns else pd.Series("", index=failures.index)
    where = variables.map(lambda v: f" bij ‘{labels[v]}’" if v in labels else "")
    counts = (reasons + where).value_counts()
    return [f"{reason} ({n}×)" for reason, n in sorted(counts.items())]


HIDDEN_NUMBERS = ("n", "estimate", "se", "ci_low", "ci_high")


def without_hidden_numbers(estimates: pd.DataFrame) -> pd.DataFrame:
    """``estimates`` with the numbers of every hidden cell (status ``suppressed``) blanked: what a report
    notebook may show. The analyse stage keeps them in estimates.csv (the disclosure audit needs them);
    a researcher's own ``r.estimates[...]`` in a notebook would otherwise print a hidden count."""
    out = estimates.copy()
    hidden = out["status"].eq("suppressed") if "status" in out else pd.Series(False, index=out.index)
    for col in HIDDEN_NUMBERS:
        if col in out:
            out[col] = out[col].where(~hidden)
    return out


def published(estimates: pd.DataFrame, name: str, by_label: str | None = None, min_base: int | None = None
              ) -> Published:
    """One table as a reader gets it; ``min_base``: the codebook's ``min_base_pct`` (a cross-tab column
    on fewer respondents prints "–" in every cell, :func:`dash_groups`)."""
    t = estimates[estimates["table"] == name]
    if t.empty:
        raise KeyError(f"geen tabel '{name}' in de analyse; bestaande tabellen: {sorted(estimates['table'].unique())}")
    kind = t["kind"].iloc[0]
    if kind == "crosstab":
        out = _crosstab(t, name, min_base)
        if by_label:
            out.title = f"{t['label'].iloc[0]}, naar {by_label.lower()}"
        return out
    if kind == "number":
        return _number(t, name)
    share = "% van de respondenten" if kind == "multiple" else "Percentage"
    return _one_way(t, name, share)


def pipe_table(df: pd.DataFrame) -> str:
    """A Markdown pipe table (Pandoc makes a real table of it in HTML, Word and PDF).

    The dashes under each header are proportional to the column's longest cell, so that in the
    PDF and Word files the label column gets the room and the number columns stay narrow.
    """
    texts = [[str(c) for c in df.columns]] + [[str(v) for v in row] for row in df.itertuples(index=False)]
    def width(i: int) -> int:  # a header may take two lines; a cell one
        header = texts[0][i]
        return min(40, max(4, *(len(r[i]) for r in texts[1:]), (len(header) + 1) // 2, *map(len, header.split())))

    widths = [width(i) for i in range(len(df.columns))]
    head = "| " + " | ".join(map(md, texts[0])) + " |"
    align = "|" + "|".join((":" + "-" * w) if i == 0 else ("-" * w + ":") for i, w in enumerate(widths)) + "|"
    body = ["| " + " | ".join(map(md, row)) + " |" for row in texts[1:]]  # cells are text, never Markdown
    return "\n".join([head, align, *body])


def markdown(p: Published) -> str:
    """The published table as a Markdown pipe table."""
    return pipe_table(p.text)


def _system(estimates: pd.DataFrame, threshold: dict[str, int], headlines: pd.DataFrame | None = None,
            routed: list[tuple] | None = None, waves: list | None = None):
    """Every one-way table and cross-tab of a consultation as one system of sums (see :func:`audit_tables`);
    a headline (``headlines.csv``) is the sum of the cells of its answers in its question's one-way table;
    ``waves``: the earlier wave of the same people (:class:`pipeline.analyses.waves.linked.Overlap` per question)."""
    from pipeline.stats.disclosure import Structure

    keys: dict[tuple, int] = {}
    values, hidden, unpublished, limit, labels, sensitive = [], [], [], [], [], []
    sums: list[tuple[list[int], int]] = []

    def num(key: tuple, value: float, is_hidden: bool, is_unpublished: bool, table: str, label: str,
            is_sensitive: bool = False) -> int:
        if key not in keys:
            keys[key] = len(values)
            values.append(int(round(value)))
            hidden.append(is_hidden or is_unpublished)
            unpublished.append(is_unpublished and not is_hidden)
            limit.append(threshold.get(table, 5))
            labels.append(label)
            sensitive.append(is_sensitive)
        return keys[key]

    # the columns as Python lists, grouped by hand (a pandas groupby per table and group cost more than the
    # system itself for a consultation's hundred small tables); groups keep their order of first appearance
    col = {c: estimates[c].tolist() for c in ("table", "kind", "variable", "category", "n", "base", "status")}
    by, group = (estimates[c].fillna("").astype(str).tolist() for c in ("by", "group"))
    one_way = [i for i, k in enumerate(col["kind"]) if k == "frequency" and by[i] == ""]
    for name, rows in _grouped(one_way, col["table"]).items():
        cells = [num(("ow", name, col["category"][i]), col["n"][i], col["status"][i] == "suppressed", False, name,
                     f"{name}: {col['category'][i]}") for i in rows]
        bases = [col["base"][i] for i in rows if not pd.isna(col["base"][i])]
        if bases:
            total = num(("owt", name), float(max(bases)), False, False, name, f"{name}: totaal")
        else:  # a question hidden with its base (a routed one): its total is unknown to a reader, not published
            total = num(("owt", name), float(sum(col["n"][i] for i in rows)), False, True, name, "")
        sums.append((cells, total))
    crosstabs = [i for i, k in enumerate(col["kind"]) if k == "crosstab"]
    xtabs: dict[tuple[str, str], str] = {}  # (question, subgroup question) → the cross-tab's name
    # the cross-tabs of a routed question (either way round): who in a group was not asked it is a count of the routing
    # question's other answers in that group, protected like a cell of it (a review read the owners per region, never
    # published, as region size minus base)
    not_asked = {(e[2], e[4]) if e[5] == "rows" else (e[4], e[2]): e[5] for e in routed or [] if len(e) > 5}
    for name, rows in _grouped(crosstabs, col["table"]).items():
        rows_var, by_var = str(col["variable"][rows[0]]), by[rows[0]]
        xtabs[(rows_var, by_var)] = name
        col_tot = {}
        for g, in_group in _grouped(rows, group).items():
            col_tot[g] = num(("xb", name, g), float(sum(col["n"][i] for i in in_group)),
                             pd.isna(col["base"][in_group[0]]), False, name, f"{name}: groep {g} (basis)")
            cells = [num(("x", name, col["category"][i], g), col["n"][i], col["status"][i] == "suppressed",
                         col["status"][i] == "base_too_small", name, f"{name}: {col['category'][i]} / {g}")
                     for i in in_group]
            sums.append((cells, col_tot[g]))
        for c, in_row in _grouped(rows, col["category"]).items():
            if ("ow", rows_var, c) in keys:  # the one-way count = this row + those without a group
                row = [keys[("x", name, c, group[i])] for i in in_row]
                rest = values[keys[("ow", rows_var, c)]] - sum(values[k] for k in row)
                if rest >= 0:
                    routed_by = not_asked.get((rows_var, by_var)) == "by"
                    row.append(num(("slack", name, c), rest, False, True, name,
                                   f"{name}: {c}, niet gevraagd" if routed_by else "", is_sensitive=routed_by))
                    sums.append((row, keys[("ow", rows_var, c)]))
        for g, k in col_tot.items():
            if ("ow", by_var, g) in keys:
                rest = values[keys[("ow", by_var, g)]] - values[k]
                if rest >= 0:
                    routed_rows = not_asked.get((rows_var, by_var)) == "rows"
                    sums.append(([k, num(("slackb", name, g), rest, False, True, name,
                                         f"{name}: groep {g}, niet gevraagd" if routed_rows else "",
                                         is_sensitive=routed_rows)], keys[("ow", by_var, g)]))
    if headlines is not None:
        _headline_sums(headlines, keys, sums, num)
    if routed:
        _routed_sums(routed, keys, values, sums, num, xtabs)
    for overlap in waves or []:
        _wave_sums(overlap, keys, sums, num)
    if not values:
        return None
    vals = np.array(values)
    hid = np.array(hidden)
    # a small hidden count, or a small count of a group nothing publishes but the attacker must not learn (waves)
    primary = ((hid & ~np.array(unpublished)) | np.array(sensitive)) & (vals > 0) & (vals < np.array(limit))
    s = Structure(vals, [(np.array(p, dtype=int), t) for p, t in sums])
    return s, hid, primary, np.array(limit), np.array(unpublished), list(keys), labels


def _grouped(rows: list[int], key: list) -> dict:
    """The positions ``rows`` by their ``key``, keys in order of first appearance (as pandas
    ``groupby(sort=False)``, which also leaves out a missing key)."""
    out: dict = {}
    for i in rows:
        if not pd.isna(key[i]):
            out.setdefault(key[i], []).append(i)
    return out


def _headline_sums(headlines: pd.DataFrame, keys: dict, sums: list, num) -> None:
    """Each shown headline count as the sum of its answers' cells of the one-way table (a hidden headline
    publishes nothing; a multiple-choice headline is an option's own row, outside the system as the option)."""
    import json

    cells = {(k[1], str(k[2])): i for k, i in keys.items() if k[0] == "ow"}
    for _, h in headlines.iterrows():
        var = str(h["variable"])
        parts = [cells.get((var, str(c))) for c in json.loads(str(h["answers"]))]
        if h["status"] not in ("ok", "flagged") or not parts or any(p is None for p in parts) or pd.isna(h["n"]):
            continue
        total = num(("hl", str(h["table"])), float(h["n"]), False, False, var, f"{h['table']}: kernboodschap")
        sums.append((parts, total))


def _routed_sums(routed: list[tuple], keys: dict, values: list, sums: list, num, xtabs: dict) -> None:
    """Each routed question's published base as a sum of the cells of the answers that route to it: everyone it
    was asked of (those answers' cells) minus those who skipped it (taken as known: nobody skips, usually). A disclosure review read the
    base of 'Zoektijd' (asked of all but owners, 195 of 198) and got the hidden owners back (3).

    An entry with a fifth element, a subgroup question (:func:`pipeline.analyses.frequencies.routing.routed_by`),
    does the same per group: the routed question's cross-tab by that subgroup prints each group's base, the sum of
    the routing answers' cells in that group of the routing question's cross-tab (a later review read the owners per
    region, 1 to 4 each and hidden there, off the bases of a question asked of everyone but owners)."""
    for entry in routed:
        if len(entry) > 5:
            _routed_group_sums(entry, keys, values, sums, num, xtabs)
            continue
        variable, labels, question, base = entry[:4]
        parts = [keys.get(("ow", variable, label)) for label in labels]
        if not parts or any(p is None for p in parts) or pd.isna(base):
            continue
        asked = sum(values[p] for p in parts)
        if asked < base:
            continue
        total = num(("rt", question), float(asked), False, True, variable, "")
        sums.append((parts, total))
        shown = num(("rb", question), float(base), False, False, variable, f"{question}: basis")
        # who skipped it counted as known, as an attacker who assumes nobody skipped (every example) would have it
        skipped = num(("rs", question), float(asked - base), False, False, variable, f"{question}: overgeslagen")
        sums.append(([shown, skipped], total))


def _routed_group_sums(entry: tuple, keys: dict, values: list, sums: list, num, xtabs: dict) -> None:
    """Per group of the subgroup question: those who answered the routed question (its cross-tab's group base, or
    the sum of its row when the routed question is the subgroup) are the routing answers' cells of that group in the
    routing question's own cross-tab, minus who skipped it (known)."""
    variable, labels, question, _base, other, way = entry[:6]
    routed_tab = xtabs.get((question, other) if way == "rows" else (other, question))
    routing_tab = xtabs.get((variable, other))
    if routed_tab is None or routing_tab is None:
        return
    if way == "rows":  # the routed question by a subgroup: each group's base
        answered = {k[2]: [i] for k, i in keys.items() if k[0] == "xb" and k[1] == routed_tab}
    else:  # a question by the routed one: each row's cells together
        answered = {}
        for k, i in keys.items():
            if k[0] == "x" and k[1] == routed_tab:
                answered.setdefault(k[2], []).append(i)
    for g, shown in answered.items():
        parts = [p for p in (keys.get(("x", routing_tab, label, g)) for label in labels) if p is not None]
        asked = sum(values[p] for p in parts)
        said = sum(values[i] for i in shown)
        if not parts or asked < said:
            continue
        total = num(("rtx", routed_tab, g), float(asked), False, True, variable, "")
        sums.append((parts, total))
        skipped = num(("rsx", routed_tab, g), float(asked - said), False, False, variable,
                      f"{routed_tab}: groep {g} overgeslagen")
        sums.append(([*shown, skipped], total))


def _wave_sums(o, keys: dict, sums: list, num) -> None:
    """One question asked of the same people twice: per answer, the earlier wave's count is the linked people who
    answered alike both times (L), plus the other linked people's earlier answers (C), plus those who answered only
    then (A); this wave's count L plus the other linked people's later answers (D) plus those who answered only now
    (B). A and B are groups of their own: a count of 1 … threshold − 1 of them is protected like a cell (a review read the 6 who came only to the second workshop, 3/2/1 by age, off
    the two waves' age tables)."""
    name = o.question
    groups = {}
    parts = [p for p in ("L", "A", "B", "C", "D") if p in o.counts]
    for part in parts:
        groups[part] = [num(("w" + part, name, c), float(o.counts[part][c]), False, True, name,
                            f"{name}: {c} ({o.group_label[part]})", is_sensitive=part in ("A", "B"))
                        for c in o.categories]
    # the groups' sizes the attacker knows: those who answered only once; of the linked, how many answered each time,
    # and (when fewer than the threshold changed answer: age, gender) how many answered alike
    known = [["A"], ["B"], ["L", "C"], ["L", "D"]] + ([["L"], ["C"], ["D"]] if o.stable else [])
    for members in known:
        if not all(p in groups for p in members):
            continue
        cells = [k for p in members for k in groups[p]]
        total = num(("w" + "".join(members) + "t", name), float(sum(sum(o.counts[p].values()) for p in members)),
                    False, False, name, f"{name}: {', '.join(o.group_label[p] for p in members)}")
        sums.append((cells, total))
    if o.later is not None:  # an option of a multiple choice: this wave's ticked / not ticked, summing to its base
        cells = [num(("ow", name, c), float(o.later[c]), o.later_hidden[c], False, name, f"{name}: {c}")
                 for c in o.categories]
        sums.append((cells, num(("owt", name), float(sum(o.later.values())), False, False, name, f"{name}: basis")))
    for i, c in enumerate(o.categories):
        now = keys.get(("ow", name, c))
        then = num(("ew", name, c), float(o.earlier[c]), o.earlier_hidden[c], False, name,
                   f"{name}: {c} (vorige golf)")
        sums.append(([groups[p][i] for p in ("L", "C", "A") if p in groups], then))
        if now is not None:
            sums.append(([groups[p][i] for p in ("L", "D", "B") if p in groups], now))


def audit_tables(estimates: pd.DataFrame, threshold: dict[str, int], headlines: pd.DataFrame | None = None,
                 routed: list[tuple] | None = None) -> list[str]:
    """The disclosure audit over every published one-way table and cross-tab of one consultation
    together (``pipeline.stats.disclosure.audit``): which hidden numbers an attacker who reads all of
    them can work out exactly, or (a count of 1 … threshold−1) narrow to less than the threshold.

    ``routed``: (routing question, the answer labels that route, routed question, its published base) per routed
    question (:func:`pipeline.analyses.frequencies.routing.routed`), and the same with a subgroup question as fifth
    element per cross-tab of a routed question (:func:`~pipeline.analyses.frequencies.routing.routed_by`).
    ``threshold``: the small-cell threshold per table name. A cross-tab's row totals are tied to the
    one-way table of its question and its group sizes to the one-way table of its subgroup question,
    each with an unknown ≥ 0 for the people who skipped the other question. Returns one Dutch line per
    problem (empty: nothing can be worked out).
    """
    from pipeline.stats.disclosure import audit, widest

    system = _system(estimates, threshold, headlines, routed)
    if system is None:
        return []
    s, hid, primary, limit, unpublished, keys, labels = system
    # as suppression itself: a cross-tab cell needs no more than hiding every cell of the cross-tabs gives
    # (a row whose one-way count is 9 bounds its cells to 0 … 9, whatever the threshold of the subgroup)
    cells = np.array([k[0] in ("x", "xb") for k in keys])
    cap = widest(s, hid | cells, primary & cells, enough=limit)  # the audit needs no more than limit
    fails = audit(s, hid, primary, limit, exempt=unpublished, cap=cap)
    return [f"{labels[k]} (verborgen) kan uit de gepubliceerde tabellen worden afgeleid of te nauw worden ingeschat"
            for k in fails]


def consultation_complements(estimates: pd.DataFrame, threshold: dict[str, int]) -> list[tuple[str, str, str]]:
    """The cross-tab cells (table, category, group) to hide as well so that :func:`audit_tables` finds
    nothing: each cross-tab is protected with its own two one-way tables when it is made, but two
    cross-tabs of one question by two subgroups can together narrow a cell (issue 12 review)."""
    from pipeline.stats.disclosure import protect

    system = _system(estimates, threshold)
    if system is None:
        return []
    s, hid, primary, limit, unpublished, keys, _ = system
    cells = np.array([k[0] == "x" for k in keys]) & ~hid
    hidden = protect(s, primary, limit, unpublished=unpublished, fixed=hid & ~unpublished, candidates=cells)
    return [(k[1], k[2], k[3]) for i, k in enumerate(keys) if hidden[i] and not hid[i] and k[0] == "x"]


def audit_consultation(consultation: str, est: pd.DataFrame | None = None) -> list[str]:
    """:func:`audit_tables` on ``processed/<id>/estimates.csv`` (or ``est``) with the codebook's thresholds."""
    from pipeline.codebook import codebook_for
    from pipeline.vocabulary import thresholds

    cb = codebook_for(consultation)
    if est is None:
        est = pd.read_csv(cb.processed_dir / "estimates.csv", keep_default_na=False, na_values=[""])
    threshold = thresholds(cb, est)
    heads = cb.processed_dir / "headlines.csv"
    linked = pd.read_csv(heads, keep_default_na=False, na_values=[""]) if heads.exists() else None
    from pipeline.analyses.frequencies.routing import routed, routed_by

    overall = routed(cb, est)  # the bases of routed questions, overall and per group, are sums of cells as well
    return audit_tables(est, threshold, linked, routed=overall + routed_by(est, overall))


def marks_note(tables: list[pd.DataFrame], min_base: int, flag_base: int, hidden: bool = True) -> str:
    """The legend of the marks these tables use, and of no other: '* onzeker: …', '– geen percentage: …'
    and (``hidden``) '× niet getoond: …' ('' when they use none). For a chart in a report, where the
    legend of the appendix is pages away."""
    used = set().union(*(set(t["status"]) for t in tables)) if tables else set()
    parts = []
    if hidden and "suppressed" in used:
        parts.append(f"{SUPPRESSED} niet getoond: {HIDDEN_WHY}.")
    if "base_too_small" in used:
        parts.append(_no_pct_line(min_base))  # the words of the appendix's legend
    if "flagged" in used:
        parts.append(_flag_line(min_base, flag_base))
    return " ".join(parts)


def hidden_note(estimates: pd.DataFrame, name: str, min_base: int | None = None) -> str:
    """Which numbers of one table are hidden, and why, in the same words for each (:data:`HIDDEN_WHY`):
    'Niet getoond (×): Helemaal niet akkoord; Niet akkoord (te weinig respondenten, of …).' — '' when
    nothing is hidden. A cross-tab names the cells as 'answer / group', a whole hidden group once."""
    all_rows = estimates[estimates["table"] == name]
    t = all_rows[all_rows["status"] == "suppressed"]
    if not t.empty and t["kind"].iloc[0] == "crosstab":  # a column with too few respondents prints "–"
        t = t[~t["group"].isin(dash_groups(all_rows, min_base))]
    if t.empty:
        return ""
    parts = []
    crosstab = t["kind"].iloc[0] == "crosstab"
    whole = set(t.loc[t["base"].isna(), "group"]) if crosstab else set()
    for g in dict.fromkeys(t.loc[t["group"].isin(whole), "group"]):
        parts.append(f"groep {g}, met haar grootte")
    for _, row in t[~t["group"].isin(whole)].iterrows():
        parts.append(f"{row['category']} / {row['group']}" if crosstab else str(row["category"]))
    return f"Niet getoond ({SUPPRESSED}): " + "; ".join(parts) + f" ({HIDDEN_WHY})."
