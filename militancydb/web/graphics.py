"""Server-drawn SVG for the pages: the map of incidents over the shipped province
boundaries, and the monthly timeline. No JavaScript library and no tiles: the drawing is
plain SVG that a browser shows and a test can read (every incident marker carries its id)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from militancydb.services.actor_activity import TIE_LABELS, TIES, ActivityYear
from militancydb.services.dashboard import MapPoint, Tally

# Pakistan and Afghanistan with a margin.
WEST, EAST, SOUTH, NORTH = 60.0, 78.5, 23.2, 38.8
WIDTH = 640


@dataclass(frozen=True)
class Projection:
    """Longitude/latitude to SVG coordinates (equirectangular, scaled at the mid latitude)."""

    width: float = WIDTH

    @property
    def kx(self) -> float:
        return self.width / (EAST - WEST)

    @property
    def ky(self) -> float:
        return self.kx / math.cos(math.radians((NORTH + SOUTH) / 2))

    @property
    def height(self) -> float:
        return (NORTH - SOUTH) * self.ky

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - WEST) * self.kx, (NORTH - lat) * self.ky


def _rings(geom: Any) -> list[Any]:
    if geom.geom_type == "Polygon":
        return [geom.exterior, *geom.interiors]
    return [r for g in geom.geoms for r in (g.exterior, *g.interiors)]


@lru_cache(maxsize=1)
def province_paths() -> tuple[tuple[str, str], ...]:
    """(place key, SVG path) of every shipped province boundary."""
    from militancydb.knowledge.geometry import simplified

    p = Projection()
    out = []
    for key, geom in sorted(simplified(0.03).items()):
        parts = []
        for ring in _rings(geom):
            pts = [p.xy(x, y) for x, y in ring.coords]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
        out.append((key, "".join(parts)))
    return tuple(out)


LABELS = (
    ("Islamabad", 73.05, 33.69),
    ("Kabul", 69.17, 34.53),
    ("Karachi", 67.01, 24.86),
    ("Quetta", 67.0, 30.18),
    ("Peshawar", 71.58, 34.01),
    ("Lahore", 74.34, 31.55),
)


def map_svg(points: list[MapPoint]) -> Markup:
    """The map: provinces, city labels and one circle per incident (area ~ killed)."""
    p = Projection()
    out = [
        f'<svg class="map" viewBox="0 0 {p.width:.0f} {p.height:.0f}" role="img" '
        f'aria-label="Map of incidents" xmlns="http://www.w3.org/2000/svg">'
    ]
    for key, path in province_paths():
        country = "af" if key.startswith("AF") else "pk"
        out.append(f'<path class="prov {country}" data-place="{escape(key)}" d="{path}"/>')
    for i in sorted(points, key=lambda m: -(m.killed or 0)):
        x, y = p.xy(i.longitude, i.latitude)
        r = 2.0 + math.sqrt(max(i.killed or 0, 0)) * 0.9
        killed = "not recorded" if i.killed is None else str(i.killed)
        label = f"{i.date} {i.place or ''}: {i.event_type}, killed {killed}"
        out.append(
            f'<a href="/incidents/{i.id}"><circle class="incident" data-incident-id="{i.id}" '
            f'cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"><title>{escape(label)}</title></circle></a>'
        )
    for name, lon, lat in LABELS:
        x, y = p.xy(lon, lat)
        out.append(f'<text class="city" x="{x + 4:.1f}" y="{y - 3:.1f}">{name}</text>')
    out.append("</svg>")
    return Markup("".join(out))


@dataclass(frozen=True)
class _Frame:
    """A bar chart's frame: the scale of whole-number ticks, bar width, and the SVG so far."""

    width: int
    height: int
    bars: int
    top: int
    left: int = 36
    bottom: int = 22

    @property
    def step(self) -> int:
        return max(1, math.ceil(self.top / 4))

    @property
    def scale_top(self) -> int:
        return max(1, self.step * math.ceil(self.top / self.step))

    @property
    def bar(self) -> float:
        return min((self.width - self.left) / self.bars, 48.0)

    @property
    def usable(self) -> float:
        return float(self.height - self.bottom - 8)

    def start(self, css: str, label: str) -> list[str]:
        """The opening tag and the grid lines with their ticks."""
        out = [
            f'<svg class="{css}" viewBox="0 0 {self.width} {self.height}" role="img" '
            f'aria-label="{label}" xmlns="http://www.w3.org/2000/svg">'
        ]
        for tick in range(0, self.scale_top + 1, self.step):
            y = self.height - self.bottom - self.usable * tick / self.scale_top
            out.append(
                f'<line class="grid" x1="{self.left}" x2="{self.width}" y1="{y:.1f}" '
                f'y2="{y:.1f}"/><text class="tick" x="{self.left - 4}" y="{y + 3:.1f}">{tick}'
                "</text>"
            )
        return out

    def labels(self, names: list[str], most: int) -> list[str]:
        """Labels under every n-th bar, at most ``most`` of them."""
        every = max(1, math.ceil(len(names) / most))
        return [
            f'<text class="month" x="{self.left + n * self.bar:.1f}" y="{self.height - 6}">'
            f"{names[n]}</text>"
            for n in range(0, len(names), every)
        ]


def timeline_svg(months: list[Tally], width: int = 640, height: int = 160) -> Markup:
    """Incidents per month as bars, with whole-number ticks."""
    if not months:
        return Markup('<p class="empty">No incidents in this selection.</p>')
    f = _Frame(width, height, len(months), max(m.incidents for m in months))
    out = f.start("timeline", "Incidents per month")
    for n, m in enumerate(months):
        h = f.usable * m.incidents / f.scale_top
        x = f.left + n * f.bar
        killed = "not recorded" if m.killed is None else str(m.killed)
        out.append(
            f'<rect class="bar" data-month="{m.key}" x="{x + 0.5:.1f}" '
            f'y="{height - f.bottom - h:.1f}" width="{max(f.bar - 1, 0.5):.1f}" '
            f'height="{h:.1f}"><title>{m.key}: {m.incidents} incident(s), {killed} killed'
            "</title></rect>"
        )
    out += f.labels([m.key for m in months], 8)
    out.append("</svg>")
    return Markup("".join(out))


def activity_svg(years: list[ActivityYear], width: int = 640, height: int = 180) -> Markup:
    """A group's incidents per year as stacked bars, one shade per tie (perpetrator, claimed
    only, other role), each segment titled with its count and killed."""
    if not years:
        return Markup('<p class="empty">No incidents linked to it.</p>')
    f = _Frame(width, height, len(years), max(sum(y.incidents.values()) for y in years))
    out = f.start("timeline activity", "Incidents per year by tie")
    for n, yr in enumerate(years):
        x = f.left + n * f.bar
        base = float(height - f.bottom)
        for tie in TIES:
            count = yr.count(tie)
            if not count:
                continue
            h = f.usable * count / f.scale_top
            base -= h
            killed = yr.killed.get(tie)
            dead = "no killed recorded" if killed is None else f"{killed:,} killed"
            out.append(
                f'<rect class="bar tie-{tie}" data-year="{yr.year}" data-tie="{tie}" '
                f'data-count="{count}" x="{x + 0.5:.1f}" y="{base:.1f}" '
                f'width="{max(f.bar - 1, 0.5):.1f}" height="{h:.1f}"><title>{yr.year}: '
                f"{count} incident(s) {escape(TIE_LABELS[tie])}, {dead}</title></rect>"
            )
    out += f.labels([str(y.year) for y in years], 10)
    out.append("</svg>")
    legend = "".join(
        f'<span class="key"><i class="tie-{t}"></i>{escape(TIE_LABELS[t])}</span>' for t in TIES
    )
    return Markup("".join(out) + f'<p class="legend">{legend}</p>')
