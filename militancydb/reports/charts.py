"""Charts drawn with matplotlib (Agg backend, chosen in the package's ``__init__``; no
display, no network) and embedded in the report as data URIs (SVG by default, PNG on
request)."""

from __future__ import annotations

import base64
import io
import textwrap
from contextlib import AbstractContextManager
from typing import Any, cast

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from militancydb.reports.model import Chart, ChartSpec

PALETTE = ("#8c2d04", "#2b6a99", "#6a51a3", "#4d7c0f", "#b45309", "#6b7280")
STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "militancydb",
    "svg.fonttype": "path",
}


def styled() -> AbstractContextManager[None]:
    """A context in which figures take the reports' style."""
    ctx: AbstractContextManager[None] = plt.rc_context(cast(Any, STYLE))
    return ctx


def data_uri(fig: Any, fmt: str = "svg") -> str:
    """The figure as a base64 data URI (and the figure closed)."""
    buf = io.BytesIO()
    meta = {"Date": None} if fmt == "svg" else {}
    fig.savefig(buf, format=fmt, dpi=150, bbox_inches="tight", metadata=meta)
    plt.close(fig)
    mime = "image/svg+xml" if fmt == "svg" else "image/png"
    return f"data:{mime};base64,{base64.b64encode(buf.getvalue()).decode('ascii')}"


def wrap(text: str, width: int = 30) -> str:
    """A label on as many lines as it needs (never cut)."""
    return "\n".join(textwrap.wrap(text, width)) or text


def integer_axis(axis: Any) -> None:
    """Counts have whole-number ticks only (no 0.5 incidents)."""
    axis.set_major_locator(MaxNLocator(integer=True))


def _hbar(ax: Any, spec: ChartSpec) -> None:
    values = spec.series[0].values
    labels = [wrap(x) for x in spec.labels]
    y = list(range(len(labels)))[::-1]
    ax.barh(y, values, color=PALETTE[0], height=0.6)
    ax.set_yticks(y, labels)
    ax.set_xlabel(spec.series[0].name)
    integer_axis(ax.xaxis)
    for yy, v in zip(y, values, strict=True):
        ax.text(v, yy, f" {v:,.0f}", va="center", fontsize=7)
    ax.margins(x=0.15)


def _bars(ax: Any, spec: ChartSpec) -> None:
    n = len(spec.series)
    width = 0.8 / max(n, 1)
    xs = range(len(spec.labels))
    for k, s in enumerate(spec.series):
        ax.bar(
            [x + (k - (n - 1) / 2) * width for x in xs],
            s.values,
            width=width,
            label=s.name,
            color=PALETTE[k % len(PALETTE)],
        )
    ax.set_xticks(list(xs), [wrap(x, 16) for x in spec.labels], rotation=30, ha="right")
    integer_axis(ax.yaxis)
    if n > 1:
        ax.legend(frameon=False)


def _trend(ax: Any, spec: ChartSpec) -> None:
    """Bars of every series but the last (stacked), a line of the last on its own axis."""
    stacks, line = spec.series[:-1], spec.series[-1]
    xs = list(range(len(spec.labels)))
    bottom = [0.0] * len(xs)
    for k, s in enumerate(stacks):
        ax.bar(xs, s.values, bottom=bottom, color=PALETTE[k % len(PALETTE)], alpha=0.85)
        bottom = [b + v for b, v in zip(bottom, s.values, strict=True)]
    ax.set_ylabel("Killed")
    ax2 = ax.twinx()
    ax2.plot(xs, line.values, color="#111827", marker="o", linewidth=1.2, markersize=3)
    ax2.set_ylabel(line.name)
    ax2.spines["top"].set_visible(False)
    ax2.set_ylim(bottom=0)
    integer_axis(ax.yaxis)
    integer_axis(ax2.yaxis)
    ax.set_xticks(xs, list(spec.labels), rotation=45, ha="right")
    names = [s.name for s in stacks] + [line.name]
    handles = [
        *[
            Rectangle((0, 0), 1, 1, color=PALETTE[k % len(PALETTE)], alpha=0.85)
            for k in range(len(stacks))
        ],
        Line2D([], [], color="#111827", marker="o", markersize=3),
    ]
    ax.legend(
        handles,
        names,
        frameon=False,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=2,
        fontsize=6.5,
    )


def draw(spec: ChartSpec, fmt: str = "svg") -> Chart:
    """Draw one chart."""
    with styled():
        lines = sum(wrap(x).count("\n") + 1 for x in spec.labels)
        height = 0.22 * lines + 0.1 * len(spec.labels) + 0.9 if spec.kind == "hbar" else 2.8
        fig, ax = plt.subplots(figsize=(6.4, max(height, 1.6)))
        {"hbar": _hbar, "bars": _bars, "trend": _trend}[spec.kind](ax, spec)
        pad = 14 + 10 * ((len(spec.series) + 1) // 2) if spec.kind == "trend" else 6
        ax.set_title(spec.title, loc="left", pad=pad)
        uri = data_uri(fig, fmt)
    alt = f"{spec.title}: " + "; ".join(
        f"{lab} " + ", ".join(f"{s.name} {s.values[i]:,.0f}" for s in spec.series)
        for i, lab in enumerate(spec.labels)
    )
    return Chart(spec.title, uri, alt, spec.caption)
