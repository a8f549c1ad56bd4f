"""Notebook blocks for paired correspondence tests (praktijktesten): tables, chart, notes.

Reads only what the analyse stage wrote (``estimates.csv`` rows of kind ``correspondence`` and the
McNemar rows of ``tests.csv``) and shows only what their ``status`` allows, with the marks of
:mod:`pipeline.publish` (× not shown, – no percentage, * uncertain). Net discrimination is a
difference of two percentages, so it is written in *procentpunt*.

    from pipeline.analyses.correspondence.report import Correspondence
    c = Correspondence("praktijktesten")
    c.intro(); c.paired_table(); c.table(); c.table(by="city"); c.chart()

:func:`read_estimates` and :func:`show_published` show a table of *another* consultation (e.g. the
newcomers' survey in a shared housing chapter) through :func:`pipeline.publish.published`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display
from matplotlib.ticker import FuncFormatter

from pipeline import fmt
from pipeline.analyses.correspondence.tables import KIND, NDR, NET, categories, table_name
from pipeline.charts import style
from pipeline.charts.figures import SIZES, TEXT, clean_alt, frame, wrap
from pipeline.charts.files import Chart
from pipeline.codebook import Codebook, codebook_for
from pipeline.io import read_json
from pipeline.publish import (FLAG, HIDDEN_WHY_PAIRS, NO_PCT, SUPPRESSED, Published, failure_reasons, markdown,
                              pipe_table, published)
from pipeline.report.captions import figure_caption, table_caption
from pipeline.report.text import md
from pipeline.report.blocks import show_figure

HIDDEN = ("suppressed", "base_too_small")
ADJUST = {"holm": "Holm", "bh": "Benjamini–Hochberg", "bonferroni": "Bonferroni", "none": "geen"}


def read_estimates(consultation: str) -> pd.DataFrame:
    cb = codebook_for(consultation)
    return pd.read_csv(cb.processed_dir / "estimates.csv", keep_default_na=False, na_values=[""])


def mark(status: str) -> str:
    return {"suppressed": SUPPRESSED, "base_too_small": NO_PCT}.get(status, "")


def p_phrase(p_text: str) -> str:
    """'p = 0,008' or 'p < 0,001' (fmt.p_value writes '< 0,001')."""
    return f"p {p_text}" if p_text.startswith("<") else f"p = {p_text}"


def points(x: float, decimals: int = 1) -> str:
    """A difference of shares in procentpunt: 0.1858 → '18,6'."""
    return fmt.DASH if x is None or (isinstance(x, float) and math.isnan(x)) else fmt.number(x * 100, decimals)


def points_ci(low: float, high: float, decimals: int = 1) -> str:
    """'12,5 tot 24,4' (a dash between two numbers that may be negative would be ambiguous)."""
    return f"{points(low, decimals)} tot {points(high, decimals)}"


@dataclass
class Scope:
    """All published numbers of one scope (all pairs, or one level of a subgroup question)."""

    by: str
    group: str
    rows: pd.DataFrame  # estimates rows, indexed by category
    test: pd.Series | None

    @property
    def pairs(self) -> int:
        return int(self.rows["base"].iloc[0])

    def status(self, category: str) -> str:
        return str(self.rows.loc[category, "status"])

    def value(self, category: str, column: str = "estimate") -> float:
        """The number when it may be shown, else NaN."""
        if self.status(category) in HIDDEN:
            return math.nan
        return float(self.rows.loc[category, column])

    def why(self, category: str) -> str:
        """Why a number is not shown, in words for the reader ('' when it is shown)."""
        st = self.status(category)
        if st == "base_too_small":
            return "geen percentage: te weinig paren voor een betrouwbaar percentage"
        if st != "suppressed":
            return ""
        return HIDDEN_WHY_PAIRS  # the same words for every hidden number (pipeline.publish.HIDDEN_WHY)

    @property
    def tested(self) -> bool:
        return self.test is not None and pd.notna(self.test.get("p_value"))


NET_SUBTITLE = "Netto discriminatie (b − c)/n met 95%-interval (Newcombe), alle paren en per subgroep"


class Correspondence:
    """The published correspondence-test numbers of one consultation, for its report notebook."""

    def __init__(self, consultation: str) -> None:
        self.cb: Codebook = codebook_for(consultation)
        if self.cb.correspondence is None:
            raise ValueError(f"'{consultation}' heeft geen correspondence-blok in het codeboek")
        self.spec = self.cb.correspondence
        d = self.cb.processed_dir
        est = pd.read_csv(d / "estimates.csv", keep_default_na=False, na_values=[""])
        self.estimates = est[est["kind"] == KIND].copy()
        for col in ("by", "group"):
            self.estimates[col] = self.estimates[col].fillna("").astype(str)
        tests = pd.read_csv(d / "tests.csv") if (d / "tests.csv").stat().st_size > 1 else pd.DataFrame()
        if not tests.empty and "test" in tests.columns:
            tests = tests[tests["test"] == "mcnemar_exact"].copy()
            for col in ("by", "group"):
                tests[col] = tests[col].fillna("").astype(str)
        else:
            tests = pd.DataFrame(columns=["table", "by", "group", "p_value", "p_adjusted"])
        self.tests = tests
        self.accounting = read_json(d / "accounting.json")
        self.cat = categories(self.cb)

    # -- numbers --------------------------------------------------------------------------------
    def scope(self, by: str = "", group: str = "") -> Scope:
        rows = self.estimates[(self.estimates["table"] == table_name(by)) & (self.estimates["group"] == group)]
        if rows.empty:
            raise KeyError(f"geen praktijktesten voor '{by or 'alle paren'}' / '{group}'")
        t = self.tests[(self.tests["table"] == table_name(by)) & (self.tests["group"] == group)]
        return Scope(by, group, rows.set_index("category"), t.iloc[0] if len(t) else None)

    def scopes(self, by: str) -> list[Scope]:
        groups = self.estimates.loc[self.estimates["table"] == table_name(by), "group"]
        return [self.scope(by, g) for g in dict.fromkeys(groups)]

    def by_label(self, by: str) -> str:
        q = self.cb.by_name.get(by)
        if q is not None:
            return q.label
        return next((q.label for q in self.cb.questions if q.bins and q.bins.name == by), by)

    @property
    def pairs(self) -> int:
        return self.scope().pairs

    @property
    def excluded(self) -> int:
        t = self.scope().test
        return int(t["excluded"]) if t is not None and "excluded" in t and pd.notna(t["excluded"]) else 0

    def source(self, pairs: int | None = None) -> str:
        synthetic = " (synthetische voorbeelddata)" if self.cb.synthetic else ""
        n = self.pairs if pairs is None else pairs
        return f"Bron: {self.cb.source_line}{synthetic}, n = {fmt.number(n)} paren"

    def adjust_name(self) -> str:
        return ADJUST.get(self.spec.adjust, self.spec.adjust)

    def net_text(self, by: str = "", group: str = "") -> str:
        """'18,6 procentpunt (95%-interval 12,5 tot 24,4)', or why it is not shown."""
        s = self.scope(by, group)
        if s.status(NET) in HIDDEN:
            return f"(niet getoond: {s.why(NET)})"
        flag = " (onzeker: weinig paren)" if s.status(NET) == "flagged" else ""
        return (f"{points(s.value(NET))} procentpunt (95%-interval {points_ci(s.value(NET, 'ci_low'), s.value(NET, 'ci_high'))})"
                f"{flag}")

    def rate_text(self, which: str, by: str = "", group: str = "") -> str:
        """'65,9 % (95%-interval 60,3–71,0 %)' for which = 'majority' or 'minority'."""
        s = self.scope(by, group)
        cat = self.cat[f"rate_{which}"]
        if s.status(cat) in HIDDEN:
            return f"(niet getoond: {s.why(cat)})"
        return f"{fmt.pct(s.value(cat))} (95%-interval {fmt.ci(s.value(cat, 'ci_low'), s.value(cat, 'ci_high'))})"

    def p_text(self, by: str = "", group: str = "", adjusted: bool = False) -> str:
        s = self.scope(by, group)
        if not s.tested:
            return fmt.DASH
        p = s.test["p_adjusted"] if adjusted else s.test["p_value"]
        return fmt.p_value(p) if pd.notna(p) else fmt.DASH

    # -- frames (also used by the tests) --------------------------------------------------------
    def summary_frame(self, by: list[str] | str | None = None, overall: bool = True) -> pd.DataFrame:
        """One row per scope: pairs, both response rates, net discrimination with interval, NDR, p."""
        bys = [by] if isinstance(by, str) else list(self.spec.by if by is None else by)
        # one dimension: its name heads the first column instead of starting every row ("Gent", not
        # "Stad: Gent"), which left the column too narrow in the PDF (4 lines per group)
        one = len(bys) == 1
        scopes = ([("Alle paren", self.scope())] if overall else []) + [
            (s.group if one else f"{self.by_label(b)}: {s.group}", s) for b in bys for s in self.scopes(b)]
        first = self.by_label(bys[0]) if one else "Groep"
        maj, mino = self.cat["rate_majority"], self.cat["rate_minority"]
        rows = []
        for name, s in scopes:
            def pct(cat: str, s: Scope = s) -> str:
                st = s.status(cat)
                if st in HIDDEN:
                    return mark(st)
                return fmt.pct(s.value(cat)) + (FLAG if st == "flagged" else "")

            st = s.status(NET)
            net = mark(st) if st in HIDDEN else (points(s.value(NET)) + (FLAG if st == "flagged" else ""))
            ci = mark(st) if st in HIDDEN else points_ci(s.value(NET, "ci_low"), s.value(NET, "ci_high"))
            rows.append({
                first: name,
                "Paren": SUPPRESSED if s.status(maj) == "suppressed" else fmt.number(s.pairs),
                maj: pct(maj),
                mino: pct(mino),
                "Netto discriminatie (procentpunt)": net,
                "95%-interval (procentpunt)": ci,
                "NDR": pct(NDR),
                "p (McNemar)": self.p_text(s.by, s.group),
                f"p na correctie ({self.adjust_name()})": (self.p_text(s.by, s.group, adjusted=True)
                                                            if s.by else "n.v.t."),
            })
        return pd.DataFrame(rows)

    def paired_frame(self, by: str = "", group: str = "") -> pd.DataFrame:
        """The paired 2×2 table: rows = majority profile, columns = minority profile."""
        s = self.scope(by, group)
        pos = self.cat["rate_majority"].split(":")[0]
        neg = f"Niet {pos[:1].lower() + pos[1:]}"

        def cell(key: str) -> str:
            cat = self.cat[key]
            st = s.status(cat)
            if st == "suppressed":
                return SUPPRESSED
            return f"{key} = {fmt.number(s.rows.loc[cat, 'n'])} ({fmt.pct(s.rows.loc[cat, 'estimate'])})"

        maj, mino = self.spec.majority_label, self.spec.minority_label
        return pd.DataFrame({
            f"{maj[:1].upper() + maj[1:]} ↓ / {mino} →": [pos, neg],
            f"{mino[:1].upper() + mino[1:]}: {pos.lower()}": [cell("a"), cell("c")],
            f"{mino[:1].upper() + mino[1:]}: {neg.lower()}": [cell("b"), cell("d")],
        })

    # -- blocks ---------------------------------------------------------------------------------
    def counts(self) -> list[tuple[str, int]]:
        """The number of tests at each step, each concept once: received (rows in the file), set aside,
        usable, left out of the analysis (an application not sent), analysed."""
        acc = self.accounting
        return [
            ("Ontvangen testen (rijen in het bestand)", int(acc["rows_read"])),
            ("Apart gezet wegens ongeldige of onbekende waarden", int(acc["rows_quarantined"])),
            ("Verwijderd als herhaalde rij", int(acc["duplicates_removed"])),
            ("Bruikbare testen", int(acc["rows_kept"])),
            ("Niet geanalyseerd: een van beide kandidaturen werd niet verstuurd", self.excluded),
            ("Geanalyseerde testen (een uitkomst voor beide profielen)", self.pairs),
        ]

    def intro(self) -> None:
        cb, acc = self.cb, self.accounting
        met = self.pairs >= cb.target_respondents  # the pairs every result is about, not the usable rows
        dropped = int(acc["rows_quarantined"]) + int(acc["duplicates_removed"])
        usable = (f"{fmt.number(acc['rows_kept'])} bruikbaar"
                  + (f" ({fmt.number(dropped)} ongeldig of dubbel)" if dropped else ""))
        left_out = (f"; bij {fmt.number(self.excluded)} {'test' if self.excluded == 1 else 'testen'} werd een van "
                    "beide kandidaturen niet verstuurd, zodat er niets te vergelijken valt" if self.excluded else "")
        lines = [
            f"**Wat?** {fmt.number(acc['rows_read'])} praktijktesten (paren) ontvangen, {usable}, "
            f"{fmt.number(self.pairs)} geanalyseerd ({'doel bereikt' if met else 'doel niet bereikt'}: "
            f"{md(cb.target_description or cb.target_respondents)}){left_out}. Alle cijfers over de praktijktesten in dit rapport "
            f"gaan over de {fmt.number(self.pairs)} geanalyseerde paren (zie de verantwoording in de bijlage).",
            f"**Wanneer?** Van {fmt.date(cb.period.start)} tot {fmt.date(cb.period.end)}.",
            f"**Hoe?** {md(cb.method.strip())}",
        ]
        if cb.synthetic:
            lines.insert(0, "> **Let op:** dit rapport is gemaakt met *synthetische voorbeelddata*. "
                            "De cijfers beschrijven geen echte verhuurders of kandidaat-huurders.")
        display(Markdown("\n\n".join(lines)))

    def accounting_table(self) -> None:
        """Every test from the file to the analysis, with the check that the steps add up."""
        rows = self.counts()
        table = "| Testen (paren) | Aantal |\n|:---|---:|\n" + "\n".join(
            f"| {md(a)} | {fmt.number(b)} |" for a, b in rows)
        read, bad, dup, kept, out, done = (v for _, v in rows)
        check = kept + bad + dup == read and done + out == kept
        display(Markdown(
            f"{table_caption('Verantwoording van alle testen', key='accounting')}\n\n{table}\n\n"
            f"Controle: {fmt.number(kept)} + {fmt.number(bad)} + {fmt.number(dup)} = {fmt.number(read)} en "
            f"{fmt.number(done)} + {fmt.number(out)} = {fmt.number(kept)} {'✓' if check else '✗ klopt niet'}."
            + self._reasons()))

    def _reasons(self) -> str:
        """The reasons rows were set aside (validation_failures.csv), or ''."""
        path = self.cb.processed_dir / "validation_failures.csv"
        if not path.exists() or path.stat().st_size == 0:
            return ""
        failures = pd.read_csv(path, dtype=str, keep_default_na=False)
        if failures.empty or "problem" not in failures.columns:
            return ""
        reasons = failure_reasons(failures, {q.name: q.label for q in self.cb.questions})
        return "\n\nRedenen van de afgekeurde waarden:\n\n" + "\n".join(f"- {md(reason)}" for reason in reasons)

    def key_finding(self) -> None:
        maj, mino = md(self.spec.majority_label), md(self.spec.minority_label)
        pos = md(self.cat["rate_majority"].split(":")[0].lower())
        s = self.scope()
        net = s.value(NET)
        direction = "minder" if not math.isnan(net) and net >= 0 else "meer"
        text = (f"Over alle {fmt.number(self.pairs)} paren werd het {maj} in {self.rate_text('majority')} van de "
                f"testen {pos}, het {mino} in {self.rate_text('minority')}. Het {mino} kreeg dus "
                f"{points(abs(net)) if not math.isnan(net) else fmt.DASH} procentpunt {direction} vaak een positieve "
                f"reactie: de netto discriminatie is {self.net_text()}. De exacte toets van McNemar geeft "
                f"{p_phrase(self.p_text())}.")
        display(Markdown(text))

    def paired_table(self, by: str = "", group: str = "") -> None:
        s = self.scope(by, group)
        where = "alle paren" if not by else md(f"{self.by_label(by).lower()}: {group}")
        df = self.paired_frame(by, group)
        caption = table_caption(f"Uitkomst per paar ({where})", "Aantal paren en aandeel van alle paren.")
        note = ""
        if any(SUPPRESSED == v for v in df.iloc[:, 1:].to_numpy().ravel()):
            note = f" {SUPPRESSED} niet getoond: {s.why(self.cat['a'])}."
        display(Markdown(f"{caption}\n\n{pipe_table(df)}\n\n*{md(self.source(s.pairs))}.*{note}"))

    def table(self, by: list[str] | str | None = None, overall: bool = True, title: str | None = None,
              definitions: bool = True) -> None:
        """Rates, net discrimination with interval, NDR, McNemar p raw and adjusted, per subgroup.

        ``definitions=False`` leaves out the definitions of the measures (give them once per report).
        """
        bys = [by] if isinstance(by, str) else list(self.spec.by if by is None else by)
        df = self.summary_frame(bys, overall=overall)
        if title is None:
            title = "Uitnodigingen en netto discriminatie" + (
                f", naar {', '.join(self.by_label(b).lower() for b in bys)}" if bys else "")
        family = len(self.tests[(self.tests["by"] != "") & self.tests["p_value"].notna()])
        notes = []
        if definitions:
            notes += [
                f"Netto discriminatie = aandeel paren waarin alleen het {md(self.spec.majority_label)} een positieve "
                f"reactie kreeg (b) min het aandeel waarin alleen het {md(self.spec.minority_label)} er een kreeg (c), "
                "in procentpunt, met het 95%-interval van Newcombe. NDR = netto discriminatieratio "
                "(b − c)/(a + b + c).",
                "p (McNemar): exacte toets van McNemar (tweezijdig).",
            ]
        if bys:
            notes.append(f"p na correctie: gecorrigeerd met de methode van {self.adjust_name()} over alle "
                         f"{family} getoetste subgroepen samen.")
        cells = [str(v) for v in df.iloc[:, 1:].to_numpy().ravel()]
        marks = []  # only the marks this table uses (every table explained all three, used or not)
        if SUPPRESSED in cells:
            marks.append(f"{SUPPRESSED} niet getoond: minder dan {self._min_cell()} paren, of verborgen omdat die "
                         "subgroep anders uit alle paren min de andere subgroepen volgt")
        if NO_PCT in cells:
            marks.append(f"{NO_PCT} geen percentage (minder dan {self.cb.min_base_pct} paren)")
        if any(c.endswith(FLAG) for c in cells):
            marks.append(f"{FLAG} onzeker ({self.cb.min_base_pct} tot {self.cb.flag_base_pct - 1} paren)")
        if marks:
            notes.append("; ".join(marks) + ".")
        display(Markdown(f"{table_caption(md(title))}\n\n{pipe_table(df)}\n\n*{md(self.source())}.* " + " ".join(notes)))

    def chart(self, by: list[str] | str | None = None, title: str | None = None) -> None:
        """The net-discrimination chart with a numbered caption (text refers to it as ``ref("netto")``
        for all pairs, ``ref("netto:<by>")`` per subgroup)."""
        fig, alt = self.figure(by, title)
        bys = [by] if isinstance(by, str) else list(self.spec.by if by is None else by)
        what = ("Netto discriminatie" + (f", naar {', '.join(self.by_label(b).lower() for b in bys)}" if bys else ""))
        display(Markdown(figure_caption(md(what), key="netto" + "".join(f":{b}" for b in bys))))
        show_figure(fig, alt)

    def net_title(self) -> str:
        overall = self.scope().value(NET)
        return (f"Het {self.spec.minority_label} kreeg {points(abs(overall))} procentpunt "
                f"{'minder' if overall >= 0 else 'meer'} vaak een uitnodiging"
                if not math.isnan(overall) else "Netto discriminatie in de praktijktesten")

    def net_chart(self, by: list[str] | str | None = None, title: str | None = None) -> Chart:
        """The net-discrimination chart as the gallery exports it (report, square and wide sizes):
        the same :meth:`figure` that :meth:`chart` shows in the report."""
        import matplotlib.pyplot as plt

        title = title or self.net_title()
        fig, alt = self.figure(by, title)
        plt.close(fig)
        return Chart("netto_discriminatie", lambda shape: self.figure(by, title, shape)[0], title, NET_SUBTITLE,
                     self.source(), alt)

    def figure(self, by: list[str] | str | None = None, title: str | None = None, shape: str = "report"):
        """Net discrimination with its 95 % interval: all pairs, then every subgroup level."""
        style.use()
        bys = [by] if isinstance(by, str) else list(self.spec.by if by is None else by)
        items: list[tuple[str, Scope | None]] = [("Alle paren", self.scope())]
        for b in bys:
            items.append((self.by_label(b), None))  # a heading line
            items += [(f"  {s.group}", s) for s in self.scopes(b)]
        n = len(items)
        fig, ax = plt.subplots(figsize=(7.0, max(3.2, 0.34 * n + 1.6)) if shape == "report" else SIZES[shape])
        fig.set_layout_engine("constrained", rect=(0, 0.07, 1, 0.93))
        y = np.arange(n)[::-1]
        labels, alt_parts, highs = [], [], [0.0]
        for yi, (name, s) in zip(y, items, strict=True):
            labels.append(name)
            if s is None:
                continue
            est, lo, hi = s.value(NET), s.value(NET, "ci_low"), s.value(NET, "ci_high")
            shown = not math.isnan(est)
            if shown:
                colour = style.ACCENT if s.by == "" else style.MAIN
                ax.errorbar([est], [yi], xerr=[[est - lo], [hi - est]], fmt="D" if s.by == "" else "o",
                            color=colour, ecolor=colour, elinewidth=1.4, capsize=3, markersize=6)
                ax.text(hi + 0.008, yi, points(est) + (FLAG if s.status(NET) == "flagged" else ""),
                        va="center", fontsize=9)
                highs.append(hi)
                alt_parts.append(f"{name.strip()}: {self.net_text(s.by, s.group)}")
            else:
                label = "niet getoond" if s.status(NET) == "suppressed" else s.why(NET)  # why: in the legend, alt text
                ax.text(0.005, yi, mark(s.status(NET)) + " " + label, va="center", fontsize=9, color=style.GREY)
                alt_parts.append(f"{name.strip()}: niet getoond ({s.why(NET)})")
        ax.set_yticks(y, labels, **TEXT)  # group names from the data: text, never math
        for tick, (_name, s) in zip(ax.get_yticklabels(), items, strict=True):
            if s is None:
                tick.set_fontweight("bold")
        ax.axvline(0, color="#333333", linewidth=0.8)
        lows = [s.value(NET, "ci_low") for _n, s in items if s is not None]
        left = min([0.0] + [v for v in lows if not math.isnan(v)])
        ax.set_xlim(left - 0.03, max(highs) + 0.08)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: fmt.number(x * 100)))
        ax.set_xlabel(wrap(f"procentpunt (meer dan 0 = nadeel voor het {self.spec.minority_label})", shape), **TEXT)
        title = title or self.net_title()
        subtitle = NET_SUBTITLE
        source = self.source()
        frame(fig, title, subtitle, source, shape)
        alt = clean_alt(f"Puntdiagram met intervallen. {title}. {subtitle}. " + "; ".join(alt_parts)
                        + f". Basis: {fmt.count(self.pairs, 'paar', 'paren')}. {source}.")
        return fig, alt

    def frequency(self, name: str, title: str | None = None) -> None:
        """A one-way table of a question about the pairs (e.g. which profile was sent first)."""
        p = published(pd.read_csv(self.cb.processed_dir / "estimates.csv", keep_default_na=False, na_values=[""]),
                      name, min_base=self.cb.min_base_pct)
        base = f" Basis: {fmt.count(p.base, 'paar', 'paren')}." if p.base is not None else ""
        display(Markdown(f"{table_caption(md(title or p.title), base, key=name)}\n\n{markdown(p)}\n\n*{md(self.source(p.base))}.*"))

    def protection_note(self) -> None:
        display(Markdown(
            f"We tonen geen cijfers over minder dan {self._min_cell()} paren, en geen percentages over minder dan "
            f"{self.cb.min_base_pct} paren; {self.cb.min_base_pct} tot {self.cb.flag_base_pct - 1} paren krijgen het "
            f"teken {FLAG} (onzeker). Een testpaar is geen respondent: het zijn twee fictieve kandidaturen bij "
            "één verhuurder, en een kleine cel a, b, c of d zegt niets over een persoon. Wat wel iemand kan "
            f"aanwijzen is een subgroep van minder dan {self._min_cell()} paren (een handvol verhuurders): die tonen "
            "we niet, en dan ook een tweede subgroep, zodat de eerste niet uit alle paren min de andere volgt. "
            "Binnen een subgroep delen de percentages, hun verschil (de netto discriminatie) en de cellen altijd "
            "hetzelfde teken: er staan nooit twee getallen die samen een verborgen getal geven. Advertentielinks en opmerkingen over "
            "verhuurders worden bij het inlezen verwijderd; ze komen niet in de verwerkte data."))

    def _min_cell(self) -> int:
        return max(self.cb.threshold(self.spec.majority), self.cb.threshold(self.spec.minority))


def show_published(consultation: str, p: Published, title: str | None = None) -> None:
    """Show a table of another consultation, as returned by :func:`pipeline.publish.published`.

    ``p = published(read_estimates("nieuwkomers_wonen"), "discrimination")`` then
    ``show_published("nieuwkomers_wonen", p)``: the caption, the table with its marks and the source line
    of that consultation (n = its base).
    """
    cb = codebook_for(consultation)
    q = cb.by_name.get(p.name)
    question = f" Vraag: *{md(fmt.sentence(q.asked))}*" if q is not None and q.asked else ""
    base = f" Basis: {fmt.count(p.base, 'respondent', 'respondenten')}." if p.base is not None else ""
    synthetic = " (synthetische voorbeelddata)" if cb.synthetic else ""
    source = f"Bron: {cb.source_line}{synthetic}, n = {fmt.number(p.base)}"
    display(Markdown(f"{table_caption(md(title or p.title), f'{question}{base}')}\n\n{markdown(p)}\n\n*{md(source)}.*"))


