"""Findings in words: Dutch sentences made from the published numbers and the codebook.

* :meth:`Findings.headline` — a question's headline (codebook ``headline:``, ``headlines.csv``):
  "58 % (51–65 %) ervoer discriminatie bij het zoeken naar een woning"; a hidden headline says that
  it is not shown and why, never a number.
* :meth:`Findings.largest` — for a question without a headline, a neutral sentence about the answer
  given most often among the shown ones; it calls it "het vaakst gegeven antwoord" only when no
  answer of the question is hidden (a hidden answer could be larger) and no other answer ties.
* :meth:`Findings.differences` — subgroup differences (the cross-tabs' tests in ``tests.csv``) are
  said only when they hold after Holm's correction over the tests of the report; otherwise the text
  says that none held, and claims nothing.

Every number goes through :mod:`pipeline.fmt`; a percentage stands with its 95 % interval in
brackets. Labels from the codebook are Markdown-escaped; the sentences are Markdown.
"""

from __future__ import annotations

import pandas as pd

from pipeline import fmt
from pipeline.codebook import Codebook
from pipeline.report.text import md
from pipeline.stats.multiplicity import adjust_pvalues

SHOWN = ("ok", "flagged")
THEMES = "themes__"  # tables of themes in coded open answers (pipeline.analyses.themes.tables.table_name)
ALPHA = 0.05  # a difference is said when its Holm-adjusted p-value is below this


def count(n: int, singular: str, plural: str) -> str:
    """'1 respondent', '2 respondenten', '1.234 respondenten' (number agreement)."""
    return f"{fmt.number(n)} {singular if int(n) == 1 else plural}"


def _share(row: pd.Series) -> str:
    """'58 % (51–65 %)': whole percents, as a reader remembers them; the interval in brackets."""
    return f"{fmt.pct(row['estimate'], 0)} ({fmt.ci(row['ci_low'], row['ci_high'], 0)})"


def _not_shown(row: pd.Series) -> str:
    if row["status"] == "base_too_small":
        return "omdat te weinig respondenten de vraag beantwoordden"
    # the same words for a small group and for a number hidden to protect one (pipeline.publish.HIDDEN_WHY)
    return "omdat het over te weinig respondenten gaat, of om een kleine groep te beschermen"


def _answered(base: int) -> str:
    verb = "beantwoordde" if int(base) == 1 else "beantwoordden"
    return f"{count(base, 'respondent', 'respondenten')} {verb} de vraag"


def _brackets(parts: list[str]) -> str:
    return f" ({'; '.join(parts)})" if parts else ""


def _or(labels: list[str]) -> str:
    quoted = [f"‘{md(x)}’" for x in labels]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " of " + quoted[-1]


class Findings:
    """Sentences about one consultation's published numbers (``estimates``, ``tests``, ``headlines``:
    the analyse stage's tables as read by :class:`pipeline.report.blocks.Report`)."""

    def __init__(self, cb: Codebook, estimates: pd.DataFrame, tests: pd.DataFrame,
                 headlines: pd.DataFrame | None = None) -> None:
        self.cb, self.estimates, self.tests = cb, estimates, tests
        self.headlines = headlines if headlines is not None else pd.DataFrame(columns=["variable"])

    def label(self, name: str) -> str:
        q = self.cb.by_name.get(name)
        if q is not None:
            return q.label
        q = next((x for x in self.cb.questions if x.bins is not None and x.bins.name == name), None)
        return q.label if q is not None else name

    def headline_row(self, name: str) -> pd.Series | None:
        rows = self.headlines[self.headlines["variable"] == name]
        return None if rows.empty else rows.iloc[0]

    # -- one question -----------------------------------------------------------------------------
    def headline(self, name: str, short: bool = False, ref: str | None = None, base: bool = True,
                 flag: bool = True) -> str:
        """The headline sentence; ``short``: the share and the text only (for the key messages);
        ``base=False``: without the number who answered (said once for several sentences)."""
        row = self.headline_row(name)
        if row is None:
            raise KeyError(f"vraag '{name}' heeft geen 'headline' in het codeboek")
        q = self.cb.by_name[name]
        if row["status"] not in SHOWN:
            return (f"Het cijfer voor ‘{md(q.label)}’ ({_or(q.headline_categories)}) tonen we niet, "
                    f"{_not_shown(row)}.") + ("" if short else self._shown_parts(name, q, base, flag))
        text = f"{_share(row)} {md(row['category'])}"
        if short:
            return text + "."
        extra = ([_answered(int(row["base"]))] if base else []) + ([ref] if ref else [])
        return f"{text}{_brackets(self._together(name, q) + extra)}.{self._uncertain(flag and row['status'] == 'flagged')}"

    def _together(self, name: str, q) -> list[str]:
        """'‘Akkoord’ en ‘Helemaal akkoord’ samen; apart niet getoond' for a headline of several answers that its
        table hides one by one: "18 % kent mensen die …" beside a table of × read as a contradiction (the sum
        itself passed the analyse stage's disclosure check of headlines, headlines.csv)."""
        cats = list(q.headline_categories)
        t = self.estimates[(self.estimates["table"] == name) & self.estimates["category"].isin(cats)]
        if len(cats) < 2 or not (t["status"] == "suppressed").any():
            return []
        names = [f"‘{md(c)}’" for c in cats]
        return [f"{', '.join(names[:-1])} en {names[-1]} samen; apart niet getoond"]

    def _shown_parts(self, name: str, q, base: bool, flag: bool) -> str:
        """' Wel antwoordde 53 % (36–69 %) ‘Soms’ (…).' after a hidden headline of several answers of which the
        table shows some: leerkrachten's section on discrimination said only that its figure was hidden, while
        its table in the appendix showed 53 % 'Soms' (a shown share: it tells nothing the table does not)."""
        cats = list(q.headline_categories)
        t = self.estimates[(self.estimates["table"] == name) & self.estimates["category"].isin(cats)
                           & self.estimates["status"].isin(SHOWN)]
        if len(cats) < 2 or t.empty:
            return ""
        t = t.set_index("category").loc[[c for c in cats if c in set(t["category"])]]
        parts = [f"{_share(r)} ‘{md(c)}’" for c, r in t.iterrows()]
        said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
        extra = [_answered(int(t["base"].iloc[0]))] if base else []
        flagged = flag and (t["status"] == "flagged").any()
        uncertain = self._uncertain(flagged)
        if len(parts) > 1:
            uncertain = uncertain.replace("Dit cijfer is", "Deze cijfers zijn").replace("berust", "berusten")
        return f" Wel antwoordde {said}{_brackets(extra)}.{uncertain}"

    def _uncertain(self, flagged: bool) -> str:
        return (f" Dit cijfer is onzeker: het berust op minder dan {self.cb.flag_base_pct} antwoorden."
                if flagged else "")

    def largest(self, name: str, short: bool = False, ref: str | None = None, base: bool = True,
                flag: bool = True) -> str:
        """A neutral sentence about the most frequent shown answer of a one-way table ('' for numbers)."""
        t = self.estimates[(self.estimates["table"] == name)]
        if t.empty or t["kind"].iloc[0] not in ("frequency", "multiple"):
            return ""
        label = md(self.label(name[len(THEMES):]) if name.startswith(THEMES) else t["label"].iloc[0])
        if name.startswith(THEMES):  # 'Geen thema' is no theme anyone named
            from pipeline.analyses.themes.tables import NO_THEME
            t = t[t["category"] != NO_THEME]
        safe = t[t["status"].isin(SHOWN)]
        if safe.empty:
            return f"Voor ‘{label}’ tonen we geen percentages, {_not_shown(t.iloc[0])}."
        top = safe.loc[pd.to_numeric(safe["estimate"]).idxmax()]
        others = t[t.index != top.name]
        alone = (not (t["status"] == "suppressed").any()
                 and not (pd.to_numeric(others["n"]) >= int(top["n"])).any())
        multiple = t["kind"].iloc[0] == "multiple"
        theme = name.startswith(THEMES)
        verb = "noemde" if theme else "duidde" if multiple else "gaf"
        what = (f"het thema ‘{md(top['category'])}’" if theme else f"‘{md(top['category'])}’ aan" if multiple
                else f"het antwoord ‘{md(top['category'])}’")
        most = ((", meer dan enig ander thema" if theme else ", meer dan enig ander antwoord") if multiple
                else ", het vaakst gegeven antwoord") if alone else ""
        text = f"Bij ‘{label}’ {verb} {_share(top)} {what}{most}"
        if short:
            return text + "."
        extra = ([_answered(int(top["base"]))] if base else []) + ([ref] if ref else [])
        return f"{text}{_brackets(extra)}.{self._uncertain(flag and top['status'] == 'flagged')}"

    def sentence(self, name: str, short: bool = False, ref: str | None = None, base: bool = True,
                 flag: bool = True) -> str:
        """The headline when the codebook names one, else the neutral sentence."""
        if self.headline_row(name) is not None:
            return self.headline(name, short, ref, base, flag)
        return self.largest(name, short, ref, base, flag)

    def base_of(self, name: str) -> int | None:
        """The number who answered, as the sentence about ``name`` would say it (None: no number)."""
        row = self.headline_row(name)
        if row is not None:
            return int(row["base"]) if row["status"] in SHOWN else None
        t = self.estimates[(self.estimates["table"] == name) & self.estimates["status"].isin(SHOWN)]
        return int(t["base"].max()) if len(t) and t["kind"].iloc[0] in ("frequency", "multiple") else None

    def flagged(self, name: str) -> bool:
        """Whether the number the sentence about ``name`` states is flagged as uncertain."""
        row = self.headline_row(name)
        if row is not None:
            return row["status"] == "flagged"
        t = self.estimates[(self.estimates["table"] == name) & self.estimates["status"].isin(SHOWN)]
        return bool(len(t)) and bool((t["status"] == "flagged").all())

    def paragraph(self, names: list[str], refs: dict[str, str] | None = None) -> str:
        """Sentences about several questions; when every number rests on the same respondents, the
        base is said once at the end instead of in every sentence."""
        refs = refs or {}
        numbered = [n for n in names if self.base_of(n) is not None]
        bases = {self.base_of(n) for n in numbered}
        once = len(numbered) > 1 and len(bases) == 1
        all_flagged = len(numbered) > 1 and all(self.flagged(n) for n in numbered)  # said once, at the end
        text = " ".join(s for n in names
                        if (s := self.sentence(n, ref=refs.get(n), base=not once, flag=not all_flagged)))
        people = count(bases.pop(), "respondent", "respondenten") if once else ""
        if all_flagged and once:
            text += (f" Deze cijfers zijn onzeker: elk berust op de antwoorden van {people} (minder dan "
                     f"{self.cb.flag_base_pct}).")
        elif all_flagged:
            text += (f" Deze cijfers zijn onzeker: ze berusten elk op minder dan {self.cb.flag_base_pct} "
                     "antwoorden.")
        elif once:
            text += f" Elk van deze cijfers berust op de antwoorden van {people}."
        return text

    # -- subgroups ------------------------------------------------------------------------------
    def family(self, tables: list[str] | None = None) -> pd.DataFrame:
        """The cross-tab tests of the report (``tables``: those shown; every one when None) with their
        Holm-adjusted p-values (column ``p_holm``)."""
        t = self.tests
        if t.empty or "rows" not in t.columns:
            return pd.DataFrame(columns=["table", "rows", "by", "p_value", "p_holm"])
        t = t[t["rows"].notna() & t["by"].notna() & pd.to_numeric(t["p_value"], errors="coerce").notna()]
        if tables is not None:
            t = t[t["table"].isin(tables)]
        t = t.copy()
        t["p_holm"] = adjust_pvalues(pd.to_numeric(t["p_value"]).to_numpy(), "holm") if len(t) else []
        return t

    def differences(self, tables: list[str] | None = None, refs: dict[str, str] | None = None) -> list[str]:
        """One sentence per subgroup difference that holds after Holm's correction over the report's
        tests; one sentence that none held when there were tests; nothing without tests."""
        fam = self.family(tables)
        m = len(fam)
        if not m:
            return []
        tests = count(m, "toets", "toetsen")
        held = fam[fam["p_holm"] < ALPHA]
        if held.empty:
            return [f"Tussen de subgroepen vonden we geen verschillen die standhouden na correctie voor het aantal "
                    f"toetsen (methode van Holm, {tests})."]
        out = []
        for _, r in held.iterrows():
            see = f"; zie {refs[r['table']]}" if refs and r["table"] in refs else ""
            out.append(f"De antwoorden op ‘{md(self.label(r['rows']))}’ verschillen naar "
                       f"‘{md(self.label(r['by']).lower())}’ (p = {fmt.p_value(r['p_holm'])} na correctie voor "
                       f"{tests} met de methode van Holm{see}).")
        return out

    # -- the box ----------------------------------------------------------------------------------
    def key_messages(self, items: list[str] | None = None, most: int = 5) -> list[str]:
        """3–5 sentences: ``items`` (question names or sentences of the researchers) or, by default,
        the shown headlines in codebook order, then subgroup differences, then the largest answers."""
        if self.estimates.empty:
            return []
        if items is not None:
            return [self.sentence(i, short=True) if i in self.cb.by_name else i for i in items]
        shown = [q.name for q in self.cb.questions if (row := self.headline_row(q.name)) is not None
                 and row["status"] in SHOWN]
        out = [self.headline(n, short=True) for n in shown][:most]
        if len(out) < 3:
            out += [s for s in self.differences() if not s.startswith("Tussen")][: 3 - len(out)]
        if len(out) < 3:
            themes = [t for t in dict.fromkeys(self.estimates["table"]) if str(t).startswith(THEMES)]
            rest = themes + [q.name for q in self.cb.questions if q.headline is None and q.analyse
                             and q.type in ("single_choice", "likert", "multiple_choice")
                             and q.name not in self.cb.subgroups]
            out += [s for s in (self.largest(n, short=True) for n in rest) if s and "tonen we geen" not in s][
                : 3 - len(out)]
        return out
