"""The body of a report's section "Wat is veranderd?" (issue 16, docs/waves.md §3): ``r.changes()``.

From the compare stage's files (pipeline/analyses/waves/charts.py :class:`Comparison`): one paragraph on which
waves are compared and who answered (the same people: how many could be linked and how many answered
only once); per compared question a dumbbell chart with its numbered caption and one sentence — the
answer that changed most, only when the question's change holds after Holm's correction, else a
neutral sentence, or why there is no test; then which questions were asked in one wave only.

Every number goes through :mod:`pipeline.fmt`; labels from codebooks are Markdown-escaped; hidden
numbers never appear (their status decides, see pipeline/analyses/waves/charts.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline import fmt
from pipeline.analyses.waves import charts as waves
from pipeline.codebook import Codebook
from pipeline.report.captions import figure_caption
from pipeline.report.text import md

ALPHA = "0,05"  # said as "p\u00a0<\u00a00,05": never broken after the p


def _quoted(labels: list[str]) -> str:
    """‘A’, ‘B’ en ‘C’."""
    q = [f"‘{md(x)}’" for x in labels]
    return q[0] if len(q) == 1 else ", ".join(q[:-1]) + " en " + q[-1]


def _period(cb: Codebook | None) -> str:
    if cb is None:
        return ""
    return f"{fmt.date(cb.period.start)} tot {fmt.date(cb.period.end)}"


def _people(n: int) -> str:
    return fmt.count(n, "respondent", "respondenten")


@dataclass
class Block:
    """What the section shows, in order: Markdown, or a figure with its alt text."""

    kind: str  # "markdown" or "figure"
    text: str = ""  # the Markdown, or the alt text of the figure
    draw: object = None  # the figure's draw(shape) function
    key: str = ""


@dataclass
class Changes:
    """The section for one later wave: ``cb`` (its codebook), ``comp`` (the compare stage's files) and
    ``earlier`` (the earlier wave's codebook, for its title, period and labels; None when unknown)."""

    cb: Codebook
    comp: waves.Comparison
    earlier: Codebook | None = None

    # -- labels ---------------------------------------------------------------------------------
    def label(self, name: str, cb: Codebook | None = None) -> str:
        for c in (cb, self.cb, self.earlier):
            if c is not None and name in c.by_name:
                return c.by_name[name].label
        return name

    @property
    def earlier_title(self) -> str:
        if self.earlier is not None:
            return self.earlier.title
        return str(self.comp.info.get("earlier_title") or self.comp.info.get("earlier", ""))

    # -- the intro ------------------------------------------------------------------------------
    def intro(self) -> str:
        c, info = self.comp, self.comp.info
        el, ll = md(c.earlier_label), md(c.label)
        when_e, when_l = _period(self.earlier), _period(self.cb)
        if when_e and when_e == when_l:  # one period for both (a workshop's questionnaires before and after)
            both = f"{el} en {ll} (beide van {when_e})"
        else:
            both = (f"{el} (van {when_e})" if when_e else el) + " en " + (f"{ll} (van {when_l})" if when_l else ll)
        if c.paired:
            text = (f"We vergelijken de antwoorden van dezelfde mensen op twee momenten: {both}. "
                    f"{self._linked()}")
        else:
            text = (f"Deze bevraging herhaalt ‘{md(self.earlier_title)}’. We vergelijken {both}. Het gaat om "
                    f"verschillende groepen respondenten ({_people(int(info['respondents_earlier']))} in {el}, "
                    f"{_people(int(info['respondents_later']))} in {ll}): een verschil zegt hoe de twee groepen "
                    "verschillen, niet hoe dezelfde mensen van mening veranderden.")
        m = c.family()
        tests = fmt.count(m, "toets", "toetsen")
        text += (f" Per vraag tonen we het aandeel per antwoord met het 95%-betrouwbaarheidsinterval (open "
                 f"bolletje: {el}; gevuld bolletje: {ll}); cijfers die we verbergen om respondenten te "
                 "beschermen, tekenen we niet. Een verschil berekenen we op de niet-afgeronde aandelen: het kan "
                 "0,1 procentpunt afwijken van het verschil tussen de afgeronde cijfers.")
        if m > 1:
            text += (f" Een verandering noemen we alleen als ze standhoudt na correctie voor meerdere toetsen "
                     f"(methode van Holm, {tests}, p\u00a0<\u00a0{ALPHA}).")
        elif m == 1:
            text += f" Een verandering noemen we alleen als de toets ze bevestigt (p\u00a0<\u00a0{ALPHA})."
        return text

    def _linked(self) -> str:
        info, c = self.comp.info, self.comp
        linked = int(info.get("linked") or 0)
        ue, ul = int(info.get("unlinked_earlier") or 0), int(info.get("unlinked_later") or 0)
        text = f"Met hun persoonlijke code konden we {_people(linked)} aan elkaar koppelen."
        only = []
        if ue:
            only.append(f"{_people(ue)} {fmt.verb(ue, 'antwoordde', 'antwoordden')} alleen de eerste keer "
                        f"({md(c.earlier_label)})")
        if ul:
            only.append(f"{_people(ul)} {fmt.verb(ul, 'antwoordde', 'antwoordden')} alleen de tweede keer "
                        f"({md(c.label)})")
        if only:
            text += " " + (", ".join(only) if len(only) > 1 else only[0])[:1].upper() + (
                ", ".join(only) if len(only) > 1 else only[0])[1:] + "."
        else:
            text += " Iedereen vulde de vragenlijst beide keren in."
        text += (" De aandelen per antwoord zijn die van elke bevraging apart, met alle respondenten; de toets "
                 "op verandering vergelijkt de antwoorden van dezelfde mensen: de gekoppelde respondenten die "
                 "de vraag beide keren beantwoordden.")
        return text

    # -- one question ---------------------------------------------------------------------------
    def _corrected(self, p_holm: float) -> str:
        """'p = 0,006 na correctie voor 3 toetsen met de methode van Holm' (one test: 'p = 0,006')."""
        m = self.comp.family()
        value = fmt.p_value(p_holm)
        p = f"p {value}" if value.startswith("<") else f"p = {value}"  # 'p < 0,001', never 'p = < 0,001'
        if m <= 1:
            return p
        return f"{p} na correctie voor {fmt.count(m, 'toets', 'toetsen')} met de methode van Holm"

    def _pairs(self, t: pd.Series) -> str:
        """' over 45 respondenten die beide keren antwoordden' (the same people; '' otherwise)."""
        pairs = pd.to_numeric(t.get("pairs"), errors="coerce") if "pairs" in t else float("nan")
        if not self.comp.paired or pd.isna(pairs):
            return ""
        n = int(pairs)
        return f" over {_people(n)} die beide keren {fmt.verb(n, 'antwoordde', 'antwoordden')}"

    def _holding(self) -> str:
        """'verandering die na correctie voor meerdere toetsen standhoudt' (one test: no correction)."""
        return ("verandering die na correctie voor meerdere toetsen standhoudt" if self.comp.family() > 1
                else "verandering die standhoudt")

    def _withheld(self, reason: object, who: str) -> str:
        return f"Voor {who} doen we geen toets op verandering: {waves.withheld_why(reason)}."

    def sentences(self, table: str) -> str:
        """What the test of one question says, in words (see the module's docstring)."""
        c = self.comp
        rows, tests = c.rows(table), c.tests_of(table)
        label = md(self.label(table) if table in self.cb.by_name else str(rows["label"].iloc[0]))
        multiple = (rows["kind"] == "multiple").all()
        if tests.empty:
            return f"Voor ‘{label}’ is er geen toets op verandering."
        if not multiple:
            t = tests.iloc[0]
            if t["status"] != "ok":
                return self._withheld(t["reason"], f"‘{label}’")
            if not t["holds"]:
                return f"‘{label}’: geen {self._holding()}."
            said = (f"De antwoorden op ‘{label}’ veranderden ({waves.test_name(t['test'])}{self._pairs(t)}, "
                    f"{self._corrected(t['p_holm'])}).")
            top = waves.biggest_change(rows)
            if top is None:
                return said + (" De verschillen per antwoord tonen we niet: ze zouden verborgen cijfers kunnen "
                               "prijsgeven.")
            return said + " " + self._change(top, "antwoordde", most=len(rows) > 2)
        # multiple choice: a test per option
        out = []
        held = tests[tests["holds"]]
        for _, t in held.iterrows():
            row = rows[rows["category"] == t["category"]]
            p = self._corrected(t["p_holm"])
            if self.comp.paired:
                p = f"{waves.test_name(t['test'])}{self._pairs(t)}, {p}"
            if row.empty or not waves.diff_shown(row.iloc[0]):
                out.append(f"Het aandeel dat ‘{md(t['category'])}’ aanduidde bij ‘{label}’, veranderde ({p}).")
            else:
                out.append(self._change(row.iloc[0], "aanduidde", p=p))
        ran = tests[tests["status"] == "ok"]
        if not held.empty and len(held) < len(ran):
            out.append(f"Bij de andere antwoorden geen {self._holding()}.")
        elif held.empty and not ran.empty:
            out.append(f"‘{label}’: bij geen enkel antwoord een {self._holding()}.")
        withheld = tests[tests["status"] != "ok"]
        groups = list(withheld.groupby(withheld["reason"].fillna(""), sort=False))
        if len(groups) == 1 and len(withheld) == len(tests):  # one reason for every answer: said once
            out.append(self._withheld(groups[0][0], f"‘{label}’"))
        elif groups:
            if len(withheld) == len(tests):
                out.append(f"Voor ‘{label}’ doen we geen toets op verandering.")
                lines = [f"Bij {_quoted(list(g['category']))}: {waves.withheld_why(r)}." for r, g in groups]
            else:
                lines = [self._withheld(r, _quoted(list(g["category"]))) for r, g in groups]
            out.extend(x[:1].upper() + x[1:] for x in lines if x)
        return " ".join(x for x in out if x)

    def _change(self, row: pd.Series, verb: str, most: bool = False, p: str = "") -> str:
        """'Het aandeel dat ‘Akkoord’ antwoordde steeg van 40,3 % (2022) naar 55,1 % (2026), +14,8 procentpunt
        (95%-interval +4,9 tot +24,7 procentpunt).'"""
        c = self.comp
        d = float(row["difference"])
        lo, hi = (pd.to_numeric(row[k], errors="coerce") for k in ("diff_ci_low", "diff_ci_high"))
        # the same people: no interval of the difference (docs/waves.md), the question's test says whether it holds
        said = ([f"95%-interval {fmt.points(lo, unit=False)} tot {fmt.points(hi)}"] if pd.notna(lo) and pd.notna(hi)
                else []) + ([p] if p else [])  # p: a multiple-choice option's own test
        text = (f"Het aandeel dat ‘{md(row['category'])}’ {verb} {waves.went(d)} van "
                f"{fmt.pct(row['estimate_earlier'])} ({md(c.earlier_label)}) naar {fmt.pct(row['estimate_later'])} "
                f"({md(c.label)}), {fmt.points(d)}" + (f" ({'; '.join(said)})" if said else ""))
        if most:
            text += ", de grootste verandering bij deze vraag"
        text += "."
        flagged = "flagged" in (row["status_earlier"], row["status_later"])
        if flagged:
            text += (f" Dit cijfer is onzeker: het berust op minder dan {self.cb.flag_base_pct} antwoorden.")
        return text

    # -- the rest ---------------------------------------------------------------------------------
    def others(self) -> str:
        """The questions asked in one wave only, and those not compared ('' when none)."""
        info, c = self.comp.info, self.comp
        parts = []
        only_e = [self.label(n, self.earlier) for n in info.get("only_earlier", [])]
        only_l = [self.label(n, self.cb) for n in info.get("only_later", [])]
        # 'de eerste bevraging (2022)', 'de tweede bevraging (na de workshop)': read well with a year or words
        if only_e:
            parts.append(f"Alleen in de eerste bevraging ({md(c.earlier_label)}) gesteld: {_quoted(only_e)}.")
        if only_l:
            parts.append(f"Alleen in de tweede bevraging ({md(c.label)}) gesteld: {_quoted(only_l)}.")
        merged = info.get("merged") or {}
        if merged:
            rows = [f"{_quoted([str(a) for a in m.get('answers', [])])} als ‘{md(str(m.get('label', '')))}’ bij "
                    f"‘{md(self.label(str(name)))}’" for name, ms in merged.items() for m in ms]
            parts.append("Sommige antwoorden vergelijken we samen, zoals het rapport van de eerste bevraging "
                         f"({md(c.earlier_label)}) ze samennam; apart zouden ze een cijfer prijsgeven dat dat rapport "
                         "verborg: " + "; ".join(rows) + ".")
        hidden = [d for d in info.get("not_compared", []) if d.get("why") == "hidden"]
        one_row = [d for d in info.get("not_compared", []) if d.get("why") == "merged"]
        nc = [d for d in info.get("not_compared", []) if d.get("why") not in ("hidden", "merged")]
        if hidden:
            parts.append("Niet vergeleken omdat het rapport van een van beide bevragingen ze niet toont: "
                         + _quoted([self.label(str(d.get("question"))) for d in hidden]) + ".")
        if one_row:
            parts.append("Niet vergeleken omdat de twee bevragingen de antwoorden zo verschillend samennemen dat er "
                         "maar één rij overblijft: " + _quoted([self.label(str(d.get("question"))) for d in one_row])
                         + ".")
        if nc:
            items = []
            for d in nc:
                why = waves.not_compared_why(d.get("why"))
                items.append(f"‘{md(self.label(str(d.get('question'))))}’" + (f" ({why})" if why else ""))
            joined = items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]
            parts.append(f"Niet vergeleken: {joined}; we vergelijken alleen vragen met vaste antwoorden.")
        if not parts:
            return ""
        return "Niet elke vraag kunnen we vergelijken. " + " ".join(parts)

    # -- everything, in order -------------------------------------------------------------------
    def chart_parts(self, table: str) -> tuple[str, str, str, str]:
        """(title, subtitle, source, alt text) of a question's chart, the same in report and gallery."""
        return waves.chart_parts(self.comp, self.cb, self.earlier, table)

    def drawable(self, table: str) -> bool:
        return waves.any_shown(self.comp.rows(table))

    def draw(self, table: str):
        return waves.chart(self.comp, self.cb, self.earlier, table).draw

    def build(self) -> list[Block]:
        """The section as blocks (figure captions are numbered here, in the order shown)."""
        out = [Block("markdown", self.intro())]
        c = self.comp
        quiet = []  # the sentences of questions without a chart, in one paragraph
        for table in c.tables():
            if not self.drawable(table):
                quiet.append(self.sentences(table))
                continue
            rows = c.rows(table)
            qlabel = self.label(table) if table in self.cb.by_name else str(rows["label"].iloc[0])
            key = f"figuur:verandering:{table}"
            caption = figure_caption(f"{md(qlabel)}: {md(c.earlier_label)} en {md(c.label)}", key=key)
            out.append(Block("markdown", caption))
            out.append(Block("figure", self.chart_parts(table)[3], self.draw(table), key))
            out.append(Block("markdown", self.sentences(table)))
        if any(quiet):
            out.append(Block("markdown", " ".join(q for q in quiet if q)))
        rest = self.others()
        if rest:
            out.append(Block("markdown", rest))
        return out


def section(cb: Codebook, earlier: Codebook | None, processed) -> Changes:
    return Changes(cb, waves.Comparison.load(processed), earlier)
