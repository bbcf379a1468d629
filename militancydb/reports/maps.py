"""The incident map, drawn offline with matplotlib from the shipped province boundaries
(:func:`militancydb.knowledge.geometry.simplified`, Natural Earth): no tiles, no network."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import matplotlib.pyplot as plt

from militancydb.knowledge.geometry import simplified
from militancydb.reports.charts import data_uri, styled
from militancydb.reports.model import Chart, MapPoint, MapSpec

KINDS: dict[str, tuple[str, str]] = {
    "attack": ("#b91c1c", "Attack by militants"),
    "operation": ("#1d4ed8", "Security-force operation"),
    "drone": ("#7c3aed", "Drone or air strike"),
    "cross_border": ("#b45309", "Cross-border fire"),
    "inter_group": ("#0f766e", "Inter-group or communal clash"),
    "other": ("#4b5563", "Other fighting"),
}
#: Names of the countries around Pakistan and Afghanistan, placed where their territory
#: lies beyond the drawn boundaries (no polygons for them are shipped).
NEIGHBOURS: tuple[tuple[str, float, float], ...] = (
    ("IRAN", 61.1, 26.6),
    ("INDIA", 74.6, 27.2),
    ("CHINA", 77.0, 36.9),
    ("TURKMENISTAN", 61.5, 37.6),
    ("TAJIKISTAN", 70.5, 38.6),
    ("Arabian Sea", 64.5, 23.6),
)
#: Points closer than this (degrees) are drawn as one marker with their count.
GROUP = 0.1


def grouped(points: tuple[MapPoint, ...]) -> list[tuple[str, float, float, int, int | None]]:
    """Points of one kind at (nearly) the same place as one marker: (kind, lat, lon, count,
    killed or None when no toll of the group is recorded)."""
    groups: dict[tuple[str, int, int], list[MapPoint]] = {}
    for p in points:
        groups.setdefault((p.kind, round(p.lat / GROUP), round(p.lon / GROUP)), []).append(p)
    out = []
    for (kind, _, _), pts in groups.items():
        known = [p.killed for p in pts if p.killed is not None]
        out.append(
            (
                kind,
                sum(p.lat for p in pts) / len(pts),
                sum(p.lon for p in pts) / len(pts),
                len(pts),
                sum(known) if known else None,
            )
        )
    return sorted(out, key=lambda g: -(g[4] or 0))


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
            p = geom.representative_point()
            if name and geom.area >= 1.5:
                ax.text(p.x, p.y, name, fontsize=5.5, color="#374151", ha="center", zorder=2)
            elif name:
                # a small unit (Islamabad, Azad Kashmir): label beside it with a leader line
                ax.annotate(
                    name,
                    (p.x, p.y),
                    xytext=(p.x + 1.9, p.y - 1.6 if geom.area < 0.5 else p.y + 0.2),
                    fontsize=5.2,
                    color="#374151",
                    arrowprops={"arrowstyle": "-", "color": "#6b7280", "linewidth": 0.4},
                    zorder=5,
                )
    return (box[0], box[1], box[2], box[3]) if box else None


def _draw_neighbours(ax: Any, spec: MapSpec, box: tuple[float, float, float, float] | None) -> None:
    names = {"AF": ("AFGHANISTAN", 65.5, 33.8), "PK": ("PAKISTAN", 69.0, 27.0)}
    for code, (name, lon, lat) in names.items():
        if code not in spec.countries:
            ax.text(lon, lat, name, fontsize=7, color="#9ca3af", ha="center", zorder=2)
    for name, lon, lat in NEIGHBOURS:
        if box is not None and not (
            box[0] - 0.3 <= lon <= box[2] + 0.3 and box[1] - 0.3 <= lat <= box[3] + 0.2
        ):
            continue  # outside the drawn area: a cut label helps no one
        ax.text(
            lon,
            lat,
            name,
            fontsize=6.5,
            color="#9ca3af",
            ha="center",
            zorder=2,
            style="italic" if name.islower() or " " in name else "normal",
            clip_on=True,
        )


def draw_map(spec: MapSpec, fmt: str = "svg") -> Chart:
    """Draw the map."""
    with styled():
        fig, ax = plt.subplots(figsize=(6.4, 6.0))
        ax.set_facecolor("#eef4f8")
        box = _draw_provinces(ax, spec)
        _draw_neighbours(ax, spec, box)
        counts: dict[str, int] = {}
        groups = grouped(spec.points)
        for kind, (colour, name) in KINDS.items():
            gs = [g for g in groups if g[0] == kind]
            if not gs:
                continue
            counts[kind] = sum(g[3] for g in gs)
            ax.scatter(
                [g[2] for g in gs],
                [g[1] for g in gs],
                s=[14 + 10 * math.sqrt(g[4] or 0) + 6 * (g[3] - 1) for g in gs],
                facecolors=[colour if g[4] is not None else "none" for g in gs],
                edgecolors=colour,
                alpha=0.7,
                linewidths=0.8,
                label=f"{name} ({counts[kind]})",
                zorder=3,
            )
            for g in gs:
                if g[3] > 1:
                    ax.text(
                        g[2],
                        g[1],
                        str(g[3]),
                        fontsize=5.5,
                        fontweight="bold",
                        color="white" if g[4] else colour,
                        ha="center",
                        va="center",
                        zorder=4,
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
