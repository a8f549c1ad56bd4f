"""Charts for the campaign report. Each function draws on a given Axes and sets no style:
the project's style sheet, figure size and export belong to the caller.

The map decodes TopoJSON itself (quantised, delta-encoded arcs), so no geopandas is needed.
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.path import Path as MplPath

from pipeline import fmt
from pipeline.campaign.growth import reaches_target

FLEMISH_REGION_NIS = "02000"


def plot_partner_growth(ax: Axes, growth_df: pd.DataFrame, target_pct: float) -> Axes:
    """Horizontal bars: each partner municipality's growth %, sorted, with the target line.

    Partners without a growth % (baseline 0) are listed at the bottom with "geen beginstand".
    """
    partners = growth_df[growth_df["partner"].astype(bool)]
    pct = partners["growth_pct"].astype("Float64")
    known = partners[pct.notna()].assign(_g=pct[pct.notna()].astype(float)).sort_values("_g")
    missing = partners[pct.isna()]
    labels = list(missing["municipality"]) + list(known["municipality"])
    values = [0.0] * len(missing) + list(known["_g"])
    y = np.arange(len(labels))
    # the same exact comparison as the count of partners reaching the target (5 → 6 is 20 %, not 19.99…)
    reached = np.array([False] * len(missing)
                       + [reaches_target(b, f, target_pct) for b, f in zip(known["baseline"], known["final"], strict=True)])
    colors = np.where(reached, "C0", "C1")
    ax.barh(y, values, color=colors)
    for i in range(len(missing)):
        ax.text(0, y[i], " geen beginstand", va="center", ha="left", fontsize="small")
    ax.axvline(target_pct, color="black", linestyle="--", linewidth=1)
    ax.annotate(
        f"doel {fmt.pct_points(target_pct, 0)}",
        xy=(target_pct, 1.0),
        xycoords=("data", "axes fraction"),
        ha="left",
        va="bottom",
        fontsize="small",
    )
    ax.set_yticks(y, labels)
    ax.set_xlabel("stijging geregistreerde kiezers (%)")
    ax.set_ylim(-0.6, len(labels) - 0.4)
    return ax


# --------------------------------------------------------------------------------------------
# TopoJSON


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """Absolute coordinates of every arc: undo the delta encoding, then the quantisation."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = np.asarray(arc, dtype=float)[:, :2]
        if transform:
            points = np.cumsum(points, axis=0) * transform["scale"] + transform["translate"]
        arcs.append(points)
    return arcs


def _ring(indices: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    """Join arcs into a ring; index ~i means arc i reversed; shared end points are dropped."""
    parts = []
    for k, index in enumerate(indices):
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        parts.append(points if k == 0 else points[1:])
    return np.concatenate(parts)


def geometry_path(geometry: dict, arcs: list[np.ndarray]) -> MplPath | None:
    """A matplotlib Path (holes included) for a Polygon or MultiPolygon geometry."""
    if geometry.get("type") == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry.get("type") == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return None
    rings = [_ring(ring, arcs) for polygon in polygons for ring in polygon]
    return MplPath.make_compound_path(*(MplPath(r, closed=True) for r in rings))


def municipality_shapes(topojson_path: str | Path) -> pd.DataFrame:
    """One row per municipality: nis, name_nl, reg_nis and its Path."""
    topology = json.loads(Path(topojson_path).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    rows = []
    for geometry in topology["objects"]["municipalities"]["geometries"]:
        path = geometry_path(geometry, arcs)
        if path is not None:
            props = geometry.get("properties", {})
            rows.append({"nis": str(props.get("nis")), "name_nl": props.get("name_nl"),
                         "reg_nis": str(props.get("reg_nis")), "path": path})
    return pd.DataFrame(rows)


def plot_map(
    ax: Axes,
    growth_df: pd.DataFrame,
    topojson_path: str | Path,
    *,
    cmap: str = "viridis",
    show_outside_flanders: bool = True,
    flemish: set[str] | None = None,
) -> PathCollection:
    """Choropleth of every municipality's growth %, partner municipalities outlined in black.

    Flemish municipalities without a growth % (baseline 0) are drawn hatched, those missing from
    ``growth_df`` white with a grey outline; Brussels and Wallonia are light grey (or not drawn). Returns the coloured collection, for ``fig.colorbar(collection, ax=ax)``.
    """
    shapes = municipality_shapes(topojson_path)
    growth = growth_df.assign(nis_code=growth_df["nis_code"].astype(str)).set_index("nis_code")
    flemish_codes = set(growth.index)
    in_flanders = (shapes["nis"].isin(flemish_codes) | shapes["nis"].isin(flemish or set())
                   | (shapes["reg_nis"] == FLEMISH_REGION_NIS))
    flanders, outside = shapes[in_flanders], shapes[~in_flanders]

    if show_outside_flanders and len(outside):
        ax.add_collection(PathCollection(list(outside["path"]), facecolors="0.9", edgecolors="white", linewidths=0.2))

    pct = flanders["nis"].map(growth["growth_pct"].astype("Float64")).astype(float).to_numpy()
    has_value = np.isfinite(pct)
    values = pct[has_value]
    norm = mpl.colors.Normalize(vmin=float(values.min()) if len(values) else 0.0,
                                vmax=float(values.max()) if len(values) else 1.0)
    coloured = PathCollection(
        [p for p, ok in zip(flanders["path"], has_value) if ok],
        array=values, cmap=cmap, norm=norm, edgecolors="white", linewidths=0.2,
    )
    ax.add_collection(coloured)
    # no growth % although the municipality has figures (baseline 0): hatched; no figures at all: white, outlined
    listed = flanders["nis"].isin(flemish_codes).to_numpy()
    for which, look in ((~has_value & listed, dict(facecolors="0.75", edgecolors="white", linewidths=0.2, hatch="////")),
                         (~has_value & ~listed, dict(facecolors="white", edgecolors="0.45", linewidths=0.5))):
        if which.any():
            ax.add_collection(PathCollection([p for p, ok in zip(flanders["path"], which) if ok], **look))

    partners = set(growth.index[growth["partner"].astype(bool)])
    outline = flanders[flanders["nis"].isin(partners)]
    ax.add_collection(PathCollection(list(outline["path"]), facecolors="none", edgecolors="black", linewidths=1.0))

    # the view is Flanders (Brussels lies inside it; Wallonia shows at the edge only)
    vertices = np.concatenate([p.vertices for p in flanders["path"]]) if len(flanders) else np.zeros((1, 2))
    ax.set_xlim(vertices[:, 0].min(), vertices[:, 0].max())
    ax.set_ylim(vertices[:, 1].min(), vertices[:, 1].max())
    ax.set_aspect(1 / np.cos(np.deg2rad(vertices[:, 1].mean())))  # degrees: shrink longitude
    ax.set_axis_off()
    return coloured
