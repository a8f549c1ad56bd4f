"""The campaign's two findings as charts: partner growth (bars) and growth per municipality (map).

One function per finding builds its title, subtitle, source line, alt text and a ``draw(shape)``
function; the report notebook (surveys/<id>/report.py) and the gallery with its social-media sizes
(pipeline/stages/charts.py) both call it, so the same finding is the same figure everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import yaml
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from pipeline import fmt
from pipeline.campaign import charts as campaign_charts
from pipeline.campaign.facts import missing_municipalities, missing_sentence, zero_baseline_sentence
from pipeline.charts import figures, style
from pipeline.charts.files import Chart
from pipeline.errors import ConfigError
from pipeline.io import PACKAGE, ROOT, read_json

SYNTHETIC = fmt.SYNTHETIC
TOPOJSON = PACKAGE / "reference" / "belgium_municipalities_2019_2024.topojson"
MAP_CREDIT = "kaart: bmesuere/belgium-topojson (CC0)"
# sequential map colours from light to the LEVL blue to dark (lightness falls monotonically)
MAP_CMAP = LinearSegmentedColormap.from_list("levl_blauw", ["#eaf2f9", "#56b4e9", style.MAIN, "#0d3b5e"])


def campaign_config(consultation: str) -> tuple[dict, bool]:
    """The campaign's config.yml and whether its data are synthetic."""
    path = ROOT / "surveys" / consultation / "config.yml"
    if not path.exists():
        raise ConfigError(f"geen codebook.yml of config.yml voor '{consultation}'", file=path.parent)
    cfg = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(cfg, dict) or cfg.get("kind") != "campaign":
        raise ConfigError("dit is geen campagneconfiguratie", file=path, column="kind", expected="kind: campaign")
    synthetic = cfg.get("synthetic")
    if synthetic is None:  # the example data say so in raw/<id>/README.md
        readme = ROOT / "raw" / consultation / "README.md"
        synthetic = readme.exists() and "SYNTHETIC EXAMPLE" in readme.read_text(encoding="utf-8")
    return cfg, bool(synthetic)


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@dataclass
class Campaign:
    """What both findings are drawn from."""

    consultation: str
    cfg: dict
    synthetic: bool
    growth: pd.DataFrame
    summary: dict

    @property
    def start(self) -> dt.date:
        return _day(self.cfg["baseline_date"])

    @property
    def end(self) -> dt.date:
        return _day(self.cfg["final_date"])

    @property
    def target(self) -> float:
        return float(self.cfg["targets"]["growth_pct"])

    @property
    def period(self) -> str:
        return f"{fmt.date(self.start)} tot {fmt.date(self.end)}"

    @property
    def source_base(self) -> str:
        line = self.cfg.get("source_line", "LEVL, campagne Ik stem ook 2024")
        return f"Bron: {line}{SYNTHETIC if self.synthetic else ''}"


def load_campaign(consultation: str, processed_dir: Path | None = None) -> Campaign:
    processed = Path(processed_dir) if processed_dir else ROOT / "processed" / consultation
    cfg, synthetic = campaign_config(consultation)
    growth = pd.read_csv(processed / "growth_by_municipality.csv", dtype={"nis_code": str})
    return Campaign(consultation, cfg, synthetic, growth, read_json(processed / "summary.json"))


def _figure(shape: str, report_size: tuple[float, float]) -> tuple[Figure, plt.Axes]:
    style.use()
    size = report_size if shape == "report" else figures.SIZES[shape]
    return plt.subplots(figsize=size, layout="constrained")


def _title_pad(ax: plt.Axes, pad: float) -> None:
    """Move the subtitle (the axes title set by figures.frame) further up."""
    title = ax.get_title(loc="left")
    ax.set_title(title, loc="left", pad=pad, fontsize=9.5, fontweight="normal", color="#444444")


def growth_chart(c: Campaign) -> Chart:
    """Each partner municipality's growth, sorted, with the target line."""
    p, target, growth = c.summary["partners"], c.target, c.growth
    lo, hi = p.get("mean_growth_ci95_pct") or (None, None)
    title = f"{p['reaching_target']} van de {p['n']} partnergemeenten haalden een stijging van minstens {fmt.pct_points(target, 0)}"
    subtitle = (f"Stijging van het aantal geregistreerde niet-Belgische kiezers, {c.period}, per partnergemeente. "
                f"Blauw: doel van {fmt.pct_points(target, 0)} gehaald; oranje: niet gehaald.")
    source = f"{c.source_base}, n = {fmt.number(p['n'])} partnergemeenten"

    def draw(shape: str) -> Figure:
        fig, ax = _figure(shape, (7.0, 6.0))
        campaign_charts.plot_partner_growth(ax, growth, target)
        ax.set_xlabel("")  # the unit is on the ticks, the measure in the subtitle
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: fmt.pct_points(x, 0)))
        ax.tick_params(axis="y", labelsize={"report": 8, "square": 7, "wide": 6.5}[shape])
        figures.frame(fig, title, subtitle, source, shape)
        _title_pad(ax, 14)  # room for the "doel 50 %" label above the axes
        return fig

    partners = growth[growth["partner"].astype(bool)]
    known = partners[partners["growth_pct"].notna()].sort_values("growth_pct", ascending=False)
    no_base = partners[partners["growth_pct"].isna()]
    listed = "; ".join(f"{r.municipality} {fmt.pct_points(r.growth_pct)}" for r in known.itertuples())
    if len(no_base):
        listed += "; " + "; ".join(f"{m}: geen beginstand (0 kiezers op {fmt.date(c.start)})"
                                   for m in no_base["municipality"])
    alt = (f"Staafdiagram. {title}. {subtitle} Gemiddelde stijging van de partnergemeenten: "
           f"{fmt.pct_points(p['mean_growth_pct'])} (95%-interval {fmt.number(lo, 1)}–{fmt.pct_points(hi)}); "
           f"doel: gemiddeld minstens {fmt.pct_points(target, 0)}. Per gemeente, van hoog naar laag: {listed}. {source}.")
    return Chart("groei_partnergemeenten", draw, title, subtitle, source, figures.clean_alt(alt))


def map_chart(c: Campaign) -> Chart:
    """A choropleth of every Flemish municipality's growth, partners outlined."""
    p, other, growth, summary = c.summary["partners"], c.summary["nonpartners"] or {}, c.growth, c.summary
    lo, hi = p.get("mean_growth_ci95_pct") or (None, None)
    title = f"In de partnergemeenten steeg het aantal kiezers gemiddeld met {fmt.pct_points(p['mean_growth_pct'])}"
    title += (f", in de andere gemeenten met {fmt.pct_points(other.get('mean_growth_pct'))}" if other
              else " (de gegevens bevatten geen andere gemeenten)")
    from pipeline.campaign.contract import load_reference

    flemish = load_reference().flemish
    missing = missing_municipalities(growth, flemish)
    subtitle = (f"Stijging van het aantal geregistreerde niet-Belgische kiezers per Vlaamse gemeente, {c.period}. "
                "Zwarte rand: partnergemeente; gearceerd: geen beginstand"
                + ("; wit: geen cijfers." if missing else "."))
    source = f"{c.source_base}, n = {fmt.number(len(growth))} gemeenten; {MAP_CREDIT}"

    def draw(shape: str) -> Figure:
        style.use()
        if shape == "square":  # a wide map in a square: the key numbers fill the space below it
            fig = plt.figure(figsize=figures.SIZES[shape], layout="constrained")
            grid = fig.add_gridspec(2, 1, height_ratios=[3.2, 1])
            ax, ax_key = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
        else:
            fig, ax = _figure(shape, (7.0, 3.8))
            ax_key = None
        coll = campaign_charts.plot_map(ax, growth, TOPOJSON, cmap=MAP_CMAP,
                                        flemish=set(flemish["nis_code"].astype(str)))
        ax.set_anchor("N")
        horizontal = shape == "square"
        bar = fig.colorbar(coll, ax=ax, orientation="horizontal" if horizontal else "vertical",
                           fraction=0.06 if horizontal else 0.03, pad=0.02, shrink=0.7,
                           format=FuncFormatter(lambda x, _pos: fmt.pct_points(x, 0)))
        bar.set_label("stijging", fontsize=9)
        bar.outline.set_visible(False)
        if ax_key is not None:
            ax_key.set_axis_off()
            key = [(fmt.pct_points(p["mean_growth_pct"]), "partnergemeenten\n(gemiddelde)", style.MAIN),
                   (fmt.pct_points(other.get("mean_growth_pct")), "andere gemeenten\n(gemiddelde)", "#444444"),
                   (fmt.pct_points(summary["flanders"]["pooled_growth_pct"]), "heel Vlaanderen\n(alle gemeenten samen)",
                    "#444444")]
            for k, (value, label, colour) in enumerate(key):
                x = (k + 0.5) / len(key)
                ax_key.text(x, 0.62, value, ha="center", va="center", fontsize=17, fontweight="bold", color=colour,
                            transform=ax_key.transAxes)
                ax_key.text(x, 0.22, label, ha="center", va="center", fontsize=8.5, color="#444444",
                            transform=ax_key.transAxes)
        figures.frame(fig, title, subtitle, source, shape)
        return fig

    valued = growth[growth["growth_pct"].notna()].sort_values("growth_pct")
    extremes = ""
    if len(valued):
        low, high = valued.iloc[0], valued.iloc[-1]
        extremes = (f" Hoogste stijging: {high['municipality']} ({fmt.pct_points(high['growth_pct'])}); "
                    f"laagste: {low['municipality']} ({fmt.pct_points(low['growth_pct'])}).")
    zero = zero_baseline_sentence(growth)  # named, as in the report's appendix: one count everywhere
    # two measures: the mean of the municipalities' own increases, and the increase of all their voters
    # added up (a pooled 39,1 % beside group means of 73,6 and 40,3 % read as a mistake when both were "mean")
    alt = (f"Kaart van Vlaanderen. {title}. {subtitle} Gemiddelde stijging per gemeente: partnergemeenten "
           f"{fmt.pct_points(p['mean_growth_pct'])} (95%-interval {fmt.number(lo, 1)}–{fmt.pct_points(hi)}), "
           f"andere gemeenten {fmt.pct_points(other.get('mean_growth_pct'))}. In heel Vlaanderen samen (alle "
           f"gemeenten opgeteld) steeg het aantal kiezers met {fmt.pct_points(summary['flanders']['pooled_growth_pct'])}."
           f"{extremes} {zero} {missing_sentence(missing, len(flemish))} {source}.")
    return Chart("kaart_groei_per_gemeente", draw, title, subtitle, source, figures.clean_alt(alt))
