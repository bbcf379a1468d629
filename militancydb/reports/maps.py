"""The incident map, drawn offline with matplotlib from the shipped province boundaries
(:func:`militancydb.knowledge.geometry.simplified`, Natural Earth): no tiles, no network."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import matplotlib.pyplot as plt

from militancydb.knowledge.geometry import simplified
from militancydb.reports.charts import data_uri, styled
from militancydb.reports.model import Chart, MapSpec

KINDS: dict[str, tuple[str, str]] = {
    "attack": ("#b91c1c", "Attack by militants"),
    "operation": ("#1d4ed8", "Security-force operation"),
    "drone": ("#7c3aed", "Drone strike"),
    "cross_border": ("#b45309", "Cross-border attack"),
    "other": ("#4b5563", "Clash or other incident"),
}


@lru_cache(maxsize=1)
def _shapes() -> dict[str, Any]:
    return simplified(0.02)


def _rings(geom: Any) -> list[Any]:
    parts = getattr(geom, "geoms", [geom])
    return [p.exterior for p in parts if hasattr(p, "exterior")]


def _draw_provinces(ax: Any, spec: MapSpec) -> tuple[float, float, float, float] | None:
    shapes = _shapes()
    box: list[float] | None = None
    for key, geom in sorted(shapes.items()):
        country = key.split("-")[0]
        focus = country in spec.countries
        face = "#fde68a" if key in spec.shaded else "#f3f4f6" if focus else "#fbfbfb"
        edge = "#6b7280" if focus else "#d1d5db"
        for ring in _rings(geom):
            xs, ys = ring.xy
            ax.fill(list(xs), list(ys), facecolor=face, edgecolor=edge, linewidth=0.5, zorder=1)
        if focus:
            b = geom.bounds
            box = (
                list(b)
                if box is None
                else [
                    min(box[0], b[0]),
                    min(box[1], b[1]),
                    max(box[2], b[2]),
                    max(box[3], b[3]),
                ]
            )
            name = spec.labels.get(key)
            if name and geom.area >= 1.5:
                p = geom.representative_point()
                ax.text(p.x, p.y, name, fontsize=5.5, color="#374151", ha="center", zorder=2)
    return (box[0], box[1], box[2], box[3]) if box else None


def draw_map(spec: MapSpec, fmt: str = "svg") -> Chart:
    """Draw the map."""
    with styled():
        fig, ax = plt.subplots(figsize=(6.4, 6.0))
        box = _draw_provinces(ax, spec)
        counts: dict[str, int] = {}
        for kind, (colour, name) in KINDS.items():
            pts = [p for p in spec.points if p.kind == kind]
            if not pts:
                continue
            counts[kind] = len(pts)
            ax.scatter(
                [p.lon for p in pts],
                [p.lat for p in pts],
                s=[14 + 10 * math.sqrt(p.killed or 0) for p in pts],
                facecolors=[colour if p.killed is not None else "none" for p in pts],
                edgecolors=colour,
                alpha=0.7,
                linewidths=0.8,
                label=f"{name} ({len(pts)})",
                zorder=3,
            )
        for pl in spec.places:
            ax.scatter([pl.lon], [pl.lat], marker="^", s=30, color="#065f46", zorder=4)
            ax.text(pl.lon + 0.08, pl.lat + 0.05, pl.label, fontsize=5.5, color="#065f46", zorder=4)
        if box:
            pad = 0.6
            ax.set_xlim(box[0] - pad, box[2] + pad)
            ax.set_ylim(box[1] - pad, box[3] + pad)
            ax.set_aspect(1 / math.cos(math.radians((box[1] + box[3]) / 2)))
        ax.set_xticks([])
        ax.set_yticks([])
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        if counts or spec.places:
            if spec.places:
                ax.scatter([], [], marker="^", s=30, color="#065f46", label="Territory (place)")
            ax.legend(loc="lower right", fontsize=6, frameon=True, framealpha=0.9)
        ax.set_title(spec.title, loc="left")
        uri = data_uri(fig, fmt)
    alt = f"{spec.title}: {len(spec.points)} incident(s) drawn" + "".join(
        f"; {KINDS[k][1]}: {n}" for k, n in counts.items()
    )
    return Chart(spec.title, uri, alt, spec.caption)
