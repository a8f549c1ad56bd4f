"""What a report notebook calls to show findings: tables, charts, the data-quality summary and the
appendix. Everything shown goes through :mod:`pipeline.publish` (small cells suppressed)."""

from __future__ import annotations

import base64
from functools import cached_property

import pandas as pd
from IPython.display import Markdown, display

from pipeline import fmt
from pipeline.charts import figures
from pipeline.codebook import codebook_for
from pipeline.io import read_json
from pipeline.publish import (HIDDEN_WHY, NO_PCT, SUPPRESSED, dash_groups, hidden_note, legend, markdown,
                              marks_note, published, without_hidden_numbers, failure_reasons)
from pipeline.report import sentences
from pipeline.report.captions import alias, figure_caption, ref, table_caption
from pipeline.analyses.themes.report import not_coded_sentence
from pipeline.report.findings import Findings
from pipeline.report.text import code, md
from pipeline.vocabulary import ID_WORD, REPEATED_ID


def show_figure(fig, alt: str, dpi: int = 200) -> None:
    """Display a chart as PNG with its alt text (kept in the notebook and used by the renderer)."""
    import matplotlib.pyplot as plt

    from pipeline.charts import png

    figures.settle_layout(fig)
    data = png.figure_png(fig, dpi)
    plt.close(fig)
    display({"image/png": base64.b64encode(data).decode(), "text/plain": alt}, raw=True)


class Report:
    """The published numbers of one consultation, for its report notebook."""

    def __init__(self, consultation: str) -> None:
        self.cb = codebook_for(consultation)
        d = self.cb.processed_dir
        # hidden cells without their numbers: a notebook's own r.estimates[...] cannot print them
        self.estimates = without_hidden_numbers(pd.read_csv(d / "estimates.csv", keep_default_na=False, na_values=[""]))
        self.tests = pd.read_csv(d / "tests.csv") if (d / "tests.csv").stat().st_size > 1 else pd.DataFrame()
        self.accounting = read_json(d / "accounting.json")
        self.ingest = read_json(d / "ingest.json")
        self.quarantine = pd.read_csv(d / "quarantine.csv", dtype=str, keep_default_na=False)
        self.failures = pd.read_csv(d / "validation_failures.csv", dtype=str, keep_default_na=False)
        prov = d / "provenance.json"
        self.provenance = read_json(prov) if prov.exists() else {}
        self.shown: list[str] = []  # the tables and charts shown so far: the suppression note counts these
        self.withheld: list[str] = []  # tables left out because every share in them is hidden
        heads = d / "headlines.csv"  # the codebook's headline shares (analyse stage), disclosure-checked
        self.headlines = (pd.read_csv(heads, keep_default_na=False, na_values=[""]) if heads.exists()
                          else pd.DataFrame(columns=["table", "variable", "category", "status"]))
        self.details: dict[str, str | None] = {}  # tables for the appendix (appendix_tables): name → by_label

    @cached_property
    def findings(self) -> Findings:
        """Sentences about the published numbers (pipeline/report/findings.py)."""
        return Findings(self.cb, self.estimates, self.tests, getattr(self, "headlines", None))

    def _appendix(self) -> dict[str, str | None]:
        return self.__dict__.setdefault("details", {})

    # -- numbers for the text -------------------------------------------------------------------
    @property
    def n(self) -> int:
        return int(self.accounting["rows_kept"])

    def share(self, table: str, category: str) -> str:
        """The published share of one answer, e.g. ``r.share('discrimination', 'Ja, vaak')``."""
        t = self.estimates[(self.estimates["table"] == table) & (self.estimates["category"] == category)]
        if t.empty:
            raise KeyError(f"geen antwoord '{category}' in tabel '{table}'")
        row = t.iloc[0]
        self.shown.append(table)
        if row["status"] == "suppressed":
            return f"(niet getoond: {HIDDEN_WHY})"  # the same for every ×
        if row["status"] == "base_too_small":
            return "(niet getoond: te weinig respondenten beantwoordden de vraag)"
        return f"{fmt.pct(row['estimate'])} (95%-interval {fmt.ci(row['ci_low'], row['ci_high'])})"

    def source(self, table: str | None = None, base: int | list[int] | None = None) -> str:
        """The source line; n is the table's base (for a cross-tab: the respondents in its columns), or
        the bases of a battery's statements ('n = 36–37')."""
        if base is None:
            base = self.n if table is None else self.estimates.loc[self.estimates["table"] == table, "base"].max()
        # a base hidden with its routed question (analyses/frequencies/routing.py) is no n at all
        bases = [int(b) for b in (base if isinstance(base, list) else [base]) if b is not None and not pd.isna(b)]
        synthetic = " (synthetische voorbeelddata)" if self.cb.synthetic else ""
        return f"Bron: {self.cb.source_line}{synthetic}" + (f", n = {fmt.bases(bases)}" if bases else "")

    # -- blocks ---------------------------------------------------------------------------------
    def intro(self) -> None:
        cb, acc = self.cb, self.accounting
        met = self.n >= cb.target_respondents
        repeated = self._repeated_ids()
        lines = [
            f"**Wie?** {sentences.participants(self.n)} "
            f"({'doel bereikt' if met else 'doel niet bereikt'}: {md(cb.target_description or cb.target_respondents)}).",
            f"**Wanneer?** Van {fmt.date(cb.period.start)} tot {fmt.date(cb.period.end)}.",
            f"**Hoe?** {md(cb.method.strip())}"
            + (f" Vragenlijst via {md(cb.tool)}." if cb.tool and str(cb.tool) not in cb.method else ""),  # said once
            "**Datakwaliteit.** " + sentences.data_quality(int(acc["rows_read"]), int(acc["rows_quarantined"]),
                                                           int(acc["duplicates_removed"]), repeated,
                                                           ID_WORD[cb.respondent.personal_code] if repeated else ""),
        ]
        if cb.synthetic:
            lines.insert(0, "> **Let op:** dit rapport is gemaakt met *synthetische voorbeelddata*. "
                            "De cijfers beschrijven geen echte personen.")
        display(Markdown("\n\n".join(lines)))

    def table(self, name: str, title: str | None = None, by_label: str | None = None, see: str | None = None
              ) -> None:
        """A numbered table; ``see``: the figure it details, named in the caption ('figuur 3')."""
        p = published(self.estimates, name, by_label=by_label, min_base=self.cb.min_base_pct)
        self.shown.append(name)
        q = self.cb.by_name.get(name)
        asked = q.asked if q is not None else None
        question = f" Vraag: *{md(fmt.sentence(asked))}*" if asked else ""  # a statement gets its full stop
        sizes = p.numbers[p.numbers.iloc[:, 0] == "Aantal respondenten (basis)"]
        hidden_group = bool(len(sizes)) and sizes.iloc[0, 1:].isna().any()  # a group hidden with its size
        base = (f" {sentences.base(int(p.base), 'shown_groups' if hidden_group else '')}"
                if p.base is not None else "")
        also = f" Bij {see}." if see else ""
        nums = p.numbers[p.numbers.iloc[:, 0] != "Aantal respondenten (basis)"].drop(columns=["Teken"], errors="ignore")
        if len(nums) and nums.iloc[:, 1:].apply(pd.to_numeric, errors="coerce").isna().all().all():
            # every share hidden: no table of marks, but why (issue 12: tables that were entirely ×); no number
            # either: "Tabel 8" with no table in it read as a table gone missing, and the base said "in de
            # getoonde groepen" beside no group at all
            self.shown.remove(name)
            self.withheld.append(name)
            hidden_base = self.estimates.loc[self.estimates["table"] == name, "base"].isna().all()
            why_not = sentences.NOT_SHOWN_WITH_BASE if hidden_base else sentences.NOTHING_SHOWN
            # the source without n: ondernemers' left-out cross-tab said "n = 35" (its shown groups' base, none shown)
            # below a table of 45, with nothing to explain the difference
            display(Markdown(f"**{md(fmt.sentence(title or p.title))}**{question} Deze tabel tonen we niet: {why_not}. "
                             f"*{md(self.source(name, []))}.*"))
            return
        caption = table_caption(md(title or p.title), f"{question}{base}{also}", key=name)
        test = self._test_line(name)
        merged = "".join(f" {md(m.note)}" for m in (q.merge if q is not None else []) if m.note)  # codebook merges
        why = hidden_note(self.estimates, name, self.cb.min_base_pct)  # the reason for every × of this table
        display(Markdown(f"{caption}\n\n{markdown(p)}\n\n*{md(self.source(name, p.base))}.*{test}{merged}"
                         + (f" {md(why)}" if why else "")))

    def _test_line(self, name: str) -> str:
        if self.tests.empty or name not in set(self.tests["table"]):
            return ""
        t = self.tests.set_index("table").loc[name]
        parts = []
        if pd.notna(t["p_value"]):
            parts.append(f"toets op samenhang (Pearson χ²): p = {fmt.p_value(t['p_value'])}")
        if pd.notna(t["fisher_p"]):
            parts.append(f"exacte toets van Fisher: p = {fmt.p_value(t['fisher_p'])}")
        return (" " + "; ".join(parts).capitalize() + ".") if parts else ""

    def figure(self, name: str, title: str | None = None, detail: bool = True) -> None:
        """A numbered chart of one question, titled with its headline; its table goes to the appendix
        (``detail=False``: no table there). A statement of a Likert battery (figures.likert_batteries)
        is drawn as the battery's one diverging chart, once, however many of its statements ask for it."""
        self._known("r.figure", name, numbers=False)
        battery = next((b for b in figures.likert_batteries(self.cb)
                        if name in b and set(b) <= set(self.estimates["table"])), None)
        if battery is not None:
            if not set(battery) & getattr(self, "_likert_drawn", set()):
                self.likert_figure(battery, title, detail=detail)
            return
        t = self.estimates[self.estimates["table"] == name]
        waiting = not_coded_sentence(self, name)
        if waiting:  # a coded open question whose answers carry no theme yet: no chart of zeros
            display(Markdown(f"*Geen grafiek: {waiting[0].lower()}{waiting[1:]}.*"))
            self.__dict__.setdefault("_not_coded_said", set()).add(name)  # r.say of it adds nothing
            return
        if figures.nothing_shown(t):  # a chart of "×" and "–" bars only: say why there is none
            self.withheld.append(name)
            display(Markdown(f"*Geen grafiek van ‘{md(t['label'].iloc[0])}’: {sentences.NOTHING_SHOWN}.*"))
            return
        self.shown.append(name)
        q = self.cb.by_name.get(name)
        subtitle = q.asked if q is not None and q.asked else str(t["label"].iloc[0])
        title = title or figures.finding(t, self.findings.headline_row(name))
        source = self.source(name)
        fig = figures.bars(t, title, subtitle, source)
        # the marks on the chart explained beside it (the legend of the appendix is pages away)
        marks = " ".join(x for x in (hidden_note(self.estimates, name, self.cb.min_base_pct),
                                     marks_note([t], self.cb.min_base_pct, self.cb.flag_base_pct, hidden=False),
                                     self._rounding_note([name])) if x)
        display(Markdown(figure_caption(md(str(t["label"].iloc[0])), md(marks), key=f"figuur:{name}")))
        show_figure(fig, figures.alt_text(t, title, subtitle, source))
        if detail:
            self._appendix().setdefault(name, None)

    def _rounding_note(self, names: list[str]) -> str:
        """'Door afronding is 62 % niet precies de som van de afgeronde delen in de grafiek (41 % en 22 %).' for a
        chart whose headline share (the title, or the text beside it) sums answers whose rounded labels add up to
        another number (41 % + 22 % beside 62 %)."""
        from pipeline.report.sums import differs_when_rounded

        notes = []
        for name in names:
            row, q = self.findings.headline_row(name), self.cb.by_name.get(name)
            if row is None or q is None or row["status"] not in ("ok", "flagged"):
                continue
            t = self.estimates[(self.estimates["table"] == name) & (self.estimates["by"].fillna("") == "")]
            parts = t[t["category"].isin(q.headline_categories)]
            if len(parts) < 2 or not parts["status"].isin(["ok", "flagged"]).all():
                continue
            shares = [float(x) for x in parts["estimate"]]
            if differs_when_rounded(shares):
                printed = [fmt.pct(x, 0) for x in shares]
                which = f" (‘{md(q.label)}’)" if len(names) > 1 else ""  # a battery: which statement
                notes.append(f"Door afronding is {fmt.pct(sum(shares), 0)}{which} niet precies de som van de afgeronde "
                             f"delen in de grafiek ({', '.join(printed[:-1])} en {printed[-1]}).")
        return " ".join(notes)

    def _known(self, helper: str, names, numbers: bool = True) -> None:
        """Stop with one Dutch message when a name is no table of this consultation (a typo printed nothing, or
        an IndexError), or a table a helper cannot show (a number as bars)."""
        import difflib

        from pipeline.errors import ConfigError

        if isinstance(names, str):
            names = [names]
        tables = list(dict.fromkeys(self.estimates["table"]))
        for name in names:
            if not isinstance(name, str) or name not in tables:
                close = difflib.get_close_matches(str(name), tables, n=1)
                raise ConfigError(
                    f"{helper}: {name!r} is geen vraag of tabel van '{self.cb.id}'"
                    + (f"; bedoelt u '{close[0]}'?" if close else ""),
                    file=f"surveys/{self.cb.id}/report.py",
                    fix="gebruik de naam (name) uit het codeboek; bestaande: " + ", ".join(tables[:40])
                        + (" …" if len(tables) > 40 else ""))
            kind = str(self.estimates.loc[self.estimates["table"] == name, "kind"].iloc[0])
            if not numbers and kind == "number":  # its mean was drawn as a bar of 3.866,7 %
                raise ConfigError(
                    f"{helper}: '{name}' is een getal (gemiddelde en mediaan); daarvan maakt {helper} geen "
                    "staafdiagram of zin",
                    file=f"surveys/{self.cb.id}/report.py",
                    fix=f"toon het met r.table('{name}')")

    def say(self, *names: str) -> None:
        """The finding of each question in a sentence (its headline, or a neutral sentence about the
        largest answer), pointing to its figure when one was shown."""
        self._known("r.say", list(names), numbers=False)
        refs = {}
        for name in names:
            self.shown.append(name)
            try:
                refs[name] = f"zie {ref(f'figuur:{name}')}"
            except KeyError:  # no figure of this question (yet)
                pass
        said = self.__dict__.get("_not_coded_said", set())
        waiting = {n: not_coded_sentence(self, n) for n in names}  # '' for every table but an uncoded theme table
        coded = [n for n in names if not waiting[n]]
        text = self.findings.paragraph(coded, refs) if coded else ""
        waiting = [w for n, w in waiting.items() if w and n not in said]  # r.figure of it said it already
        paragraph = " ".join([*(f"{w}." for w in waiting), text]).strip()
        if paragraph:
            display(Markdown(paragraph))

    def differences(self) -> None:
        """Subgroup differences that hold after Holm's correction over the report's tests, in words
        (the family: the cross-tabs of the codebook); a sentence that none held when none did."""
        lines = self.findings.differences()
        if lines:
            display(Markdown(" ".join(lines)))

    def changes(self) -> None:
        """The body of "Wat is veranderd?" (a consultation with ``waves:`` in its codebook): which waves
        are compared and who answered, a chart and a sentence per compared question, the questions
        asked in one wave only (pipeline/analyses/waves/report.py, from the compare stage's files)."""
        from pipeline.errors import ConfigError, DataError
        from pipeline.analyses.waves.report import section

        w = self.cb.waves
        if w is None:
            raise ConfigError("r.changes(): dit codeboek vergelijkt met geen vorige bevraging", file=self.cb.path,
                              column="waves", fix="voeg `waves:` toe aan het codeboek, of haal r.changes() uit "
                                                  "het rapport")
        processed = self.cb.processed_dir
        if not (processed / "changes.csv").exists() or not (processed / "waves.json").exists():
            raise DataError(f"r.changes(): processed/{self.cb.id}/changes.csv ontbreekt",
                            fix=f"voer eerst `python -m pipeline compare {self.cb.id}` uit (of `make all`)")
        try:
            earlier = codebook_for(w.earlier)
        except ConfigError:  # the earlier wave's folder is gone: its labels and dates from waves.json
            earlier = None
        for block in section(self.cb, earlier, processed).build():
            if block.kind == "figure":
                show_figure(block.draw("report"), block.text)
            else:
                display(Markdown(block.text))

    def key_messages(self, items: list[str] | None = None) -> None:
        """The "Kernboodschappen" box opening a report: 3–5 sentences from the headlines, or the
        researchers' own ``items`` (question names or sentences)."""
        import re

        # an item with no space is a question's name, not the researchers' sentence: "finanzing" was printed as
        # a key message
        self._known("r.key_messages", [i for i in items or [] if isinstance(i, str) and re.fullmatch(r"[a-z][a-z0-9_]*", i)])
        lines = self.findings.key_messages(items)
        if not lines:  # nothing published to say (no answers yet): no empty box
            return
        body = "\n".join(f"> - {line}" for line in lines)
        display(Markdown(f"::: {{.key-messages}}\n> **Kernboodschappen**\n>\n{body}\n>\n"
                         "> *Tussen haakjes: het 95%-betrouwbaarheidsinterval.*\n:::"))

    def detail(self, name: str, by_label: str | None = None) -> None:
        """A detail table for the appendix (printed by :meth:`appendix_tables`), not here."""
        self._appendix().setdefault(name, by_label)

    def appendix_tables(self) -> None:
        """The detail tables of the charts and of :meth:`detail`, numbered, in the order they came."""
        for name, by_label in list(self._appendix().items()):
            try:
                see = ref(f"figuur:{name}")
            except KeyError:  # a table without a figure
                see = None
            self.table(name, by_label=by_label, see=see)

    def likert_figure(self, names: list[str], title: str | None = None, detail: bool = True) -> None:
        """A battery of Likert statements (one answer scale) as one diverging stacked bar chart, with
        one numbered caption that every statement refers to; the statements' tables go to the appendix
        (``detail=False``: not). The gallery draws the same chart (figures.likert_parts)."""
        self._known("r.likert_figure", list(names))
        items, labels, auto_title, subtitle = figures.likert_parts(self.cb, self.estimates, names)
        if figures.nothing_shown(*items):
            self.withheld.extend(names)
            self._likert_drawn = getattr(self, "_likert_drawn", set()) | set(names)
            statements = "; ".join(f"‘{md(x)}’" for x in labels)
            display(Markdown(f"*Geen grafiek van de stellingen {statements}: {sentences.NOTHING_SHOWN}.*"))
            return
        title = title or auto_title
        self.shown.extend(names)
        self._likert_drawn = getattr(self, "_likert_drawn", set()) | set(names)
        source = self.source(base=[t["base"].max() for t in items])  # one n per statement: 36 of 37
        fig = figures.likert(items, labels, title, subtitle, source, top_box=self.cb.by_name[names[0]].top_box)
        statements = "; ".join(md(label) for label in labels)
        marks = " ".join(x for x in (marks_note(items, self.cb.min_base_pct, self.cb.flag_base_pct),  # × is on the chart
                                     self._rounding_note(list(names))) if x)
        display(Markdown(figure_caption(f"Stellingen: {statements}", md(marks), key=f"figuur:{names[0]}")))
        alias(f"figuur:{names[0]}", *(f"figuur:{n}" for n in names[1:]))
        show_figure(fig, figures.likert_alt(items, labels, title, subtitle, source))
        if detail:
            for n in names:
                self._appendix().setdefault(n, None)

    def all_findings(self) -> None:
        """A chart and a table for every analysed question, in codebook order (a first draft).

        A question nobody answered (or only with missing values) and an empty cross-tab get a
        note instead of a table, never an error."""
        est = self.estimates
        if est.empty:
            display(Markdown("*Er zijn geen vragen met antwoorden om te tonen. Controleer in het codeboek of de "
                             "vragen de juiste bronkolommen en types hebben (open vragen worden niet geteld).*"))
            return
        tables = list(dict.fromkeys(est.loc[est["by"].isna() | (est["by"] == ""), "table"]))
        for name in tables:
            t = est[est["table"] == name]
            if t["status"].eq("suppressed").all() and t["base"].isna().all():  # hidden with its base (routing.py)
                self.table(name)  # "Deze tabel tonen we niet …", not "nobody answered"
                continue
            if not (pd.to_numeric(t["base"], errors="coerce").fillna(0) > 0).any():
                self.empty_note(name)
                continue
            kind = t["kind"].iloc[0]
            if kind in ("frequency", "multiple"):
                self.figure(name, detail=False)  # its table follows right here (a battery: one chart)
            self.table(name)
        for c in self.cb.crosstabs:
            if f"{c.rows}__by__{c.by}" not in set(est["table"]):
                self.empty_note(c.rows, by=c.by)

    def empty_note(self, name: str, by: str | None = None) -> None:
        """The note shown where a table would be, when there is nothing to count."""
        label = md(self.cb.by_name[name].label if name in self.cb.by_name else name)  # a label is text, not Markdown
        if by is not None:
            by_label = md(self.cb.by_name[by].label if by in self.cb.by_name else by)
            text = (f"*Kruistabel ‘{label}’ naar ‘{by_label}’: leeg, want geen enkele respondent beantwoordde beide "
                    "vragen. Controleer de vraagroute (ask_if) en de ontbrekende waarden in het codeboek.*")
        else:
            text = (f"*Vraag ‘{label}’: geen antwoorden om te tonen (niemand beantwoordde deze vraag, of alle "
                    "antwoorden waren ontbrekend). Controleer in het codeboek de bronkolom en de ontbrekende "
                    "waarden.*")
        display(Markdown(text))

    def suppression_note(self) -> None:
        """The protection rules, and how many numbers this report hides (counted over the
        tables, charts and sentences shown before this note; every table when none was)."""
        est = self.estimates
        if self.shown:
            est = est[est["table"].isin(self.shown)]
        # a table left out (every share hidden) prints no ×, though a sentence named it: the note says it apart
        # (verkiezingsateliers_na said 6 cells hidden beside 3 ×, the other 3 in its left-out age table)
        est = est[~est["table"].isin(getattr(self, "withheld", []))]
        # as the tables print them: a cross-tab column with too few respondents shows "–" in every cell
        crosstabs = est[est["kind"] == "crosstab"]
        dashed = {(name, g) for name, t in crosstabs.groupby("table", sort=False)
                  for g in dash_groups(t, self.cb.min_base_pct)}
        dash = pd.Series([(name, g) in dashed for name, g in zip(est["table"], est["group"], strict=True)],
                         index=est.index) & (est["kind"] == "crosstab")
        hidden = est[(est["status"] == "suppressed") & ~dash]
        # a group hidden as a whole in a cross-tab also hides its size (one more ×)
        sizes = hidden[(hidden["kind"] == "crosstab") & hidden["base"].isna()].drop_duplicates(["table", "group"])
        n_hidden = len(hidden) + len(sizes)
        n_base = int(((est["status"] == "base_too_small") | (dash & (est["status"] == "suppressed"))).sum())
        n_flag = int((est["status"] == "flagged").sum())
        cb = self.cb
        text = (
            f"Om respondenten te beschermen tonen we geen aantallen of percentages van minder dan {cb.small_cell} "
            f"personen (bij gevoelige vragen, zoals ervaringen met discriminatie, minder dan {cb.small_cell_sensitive}). "
            f"Waar nodig verbergen we ook andere cellen, zo weinig en zo klein mogelijk, zodat een verborgen aantal "
            f"niet uit de getoonde aantallen en totalen (ook van andere tabellen in dit rapport"
            f"{self._earlier_report()}) kan worden "
            f"teruggerekend of nauwer dan {cb.small_cell} personen kan worden ingeschat. "
            f"Een percentage dat op minder dan {cb.min_base_pct} antwoorden berust, tonen we niet. "
            + sentences.hidden_cells(n_hidden).replace("(×)", f"({SUPPRESSED})") + " "
            + sentences.hidden_shares(n_base, n_flag, NO_PCT)
            + (" " + sentences.withheld_tables(len(set(self.withheld))) if getattr(self, "withheld", []) else "")
        )
        # the marks this report prints, each explained once (voor/na explained × and – beside tables that had none)
        used = [n_hidden > 0, n_base > 0, n_flag > 0]
        lines = [line for line, on in zip(legend(cb.small_cell, cb.small_cell_sensitive, cb.min_base_pct,
                                                 cb.flag_base_pct), used, strict=True) if on]
        if lines:
            text += "\n\n" + "\n".join(f"- {md(line)}" for line in lines)
        display(Markdown(text))

    def _earlier_report(self) -> str:
        """', en in het rapport van de eerste bevraging van dezelfde deelnemers' for a paired later wave: its tables
        are protected together with the earlier wave's (pipeline/analyses/waves/linked.py)."""
        w = getattr(self.cb, "waves", None)
        return ", en in het rapport over dezelfde deelnemers bij de vorige bevraging" if (
            w is not None and w.design == "paired") else ""

    def _repeated_ids(self) -> int:
        """The rows set apart because their respondent id (or personal code) came earlier in the export."""
        f = getattr(self, "failures", None)
        if f is None or f.empty:
            return 0
        return int(f.loc[(f["variable"] == "respondent") & f["problem"].isin(REPEATED_ID.values()), "row"].nunique())

    def quality(self) -> None:
        acc = self.accounting
        reasons = failure_reasons(self.failures, {q.name: q.label for q in self.cb.questions})
        from pipeline.vocabulary import NO_ANSWER, TOOL_TEST

        problems = set(self.failures["problem"].astype(str)) if len(self.failures) else set()
        others = problems - {NO_ANSWER, TOOL_TEST, *REPEATED_ID.values()}  # a duplicate id is no wrong value
        whys = (["ongeldige waarden"] if others or not problems else []) \
            + (["lege rijen"] if NO_ANSWER in problems else []) \
            + (["testantwoorden van de enquêtetool"] if TOOL_TEST in problems else []) \
            + ([f"een dubbele {ID_WORD[self.cb.respondent.personal_code]}"] if self._repeated_ids() else [])
        why = ", ".join(whys[:-1]) + " of " + whys[-1] if len(whys) > 1 else whys[0]
        rows = [
            ("Ontvangen antwoorden (rijen in de export)", acc["rows_read"]),
            (f"Apart gehouden wegens {why}", acc["rows_quarantined"]),
            ("Verwijderd als herhaalde inzending", acc["duplicates_removed"]),
            ("Behouden voor de analyse", acc["rows_kept"]),
        ]
        table = "| Rijen | Aantal |\n|:---|---:|\n" + "\n".join(f"| {a} | {fmt.number(b)} |" for a, b in rows)
        check = acc["rows_kept"] + acc["rows_quarantined"] + acc["duplicates_removed"] == acc["rows_read"]
        text = [f"{table_caption('Verantwoording van alle rijen', key='accounting')}\n\n{table}",
                f"Controle: {acc['rows_kept']} + {acc['rows_quarantined']} + {acc['duplicates_removed']} = "
                f"{acc['rows_read']} {'✓' if check else '✗ klopt niet'}."]
        if reasons:
            text.append("Redenen van de afgekeurde waarden:\n\n" + "\n".join(f"- {md(reason)}" for reason in reasons))
        unfinished = int(self.ingest.get("unfinished", 0))
        if unfinished:
            text.append(sentences.unfinished(unfinished))
        unreadable = int(self.ingest.get("dates_unreadable", 0))
        if unreadable:
            text.append(sentences.unreadable_dates(unreadable))
        routing = acc.get("answers_removed_by_routing") or {}
        if routing:
            text.append("Antwoorden op vragen die volgens de vraagroute niet gesteld werden, zijn niet meegeteld: "
                        + ", ".join(f"{md(self.cb.by_name[k].label)} ({v})" for k, v in routing.items()) + ".")
        display(Markdown("\n\n".join(text)))

    def provenance_note(self) -> None:
        p = self.provenance
        if not p:
            return
        files = "\n".join(f"| {md(f['path'])} | `{f['sha256'][:16]}…` |" for f in p.get("raw_files", []))
        # package names are names, not Dutch words: shown as code, like the file names and hashes
        libs = ", ".join(f"{code(k)} {md(v)}" for k, v in p.get("libraries", {}).items())
        text = (
            f"**Herkomst.** Dit rapport is gemaakt door de pijplijn van LEVL, codeversie {code(p.get('code_version'))}, "
            f"weergegeven met {md(p.get('renderer'))}. Codeboek: {code(p.get('codebook', {}).get('path'))} "
            f"(SHA-256 `{p.get('codebook', {}).get('sha256', '')[:16]}…`). Bibliotheken: {libs}.\n\n"
            f"| Ruw bestand | SHA-256 |\n|:---|:---|\n{files}"
        )
        # on one page with its paragraph (the PDF put a lone table row on the last page); a long list may break
        short = len(p.get("raw_files", [])) <= 10
        display(Markdown(f"::: {{.keep-together}}\n{text}\n:::" if short else text))

