"""Charts drawn with matplotlib (Agg backend, chosen in the package's ``__init__``; no
display, no network) and embedded in the report as data URIs (SVG by default, PNG on
request)."""

from __future__ import annotations

import base64
import io
from contextlib import AbstractContextManager
from typing import Any, cast

import matplotlib.pyplot as plt

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


def _short(text: str, n: int = 34) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _hbar(ax: Any, spec: ChartSpec) -> None:
    values = spec.series[0].values
    labels = [_short(x) for x in spec.labels]
    y = list(range(len(labels)))[::-1]
    ax.barh(y, values, color=PALETTE[0], height=0.6)
    ax.set_yticks(y, labels)
    ax.set_xlabel(spec.series[0].name)
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
    ax.set_xticks(list(xs), [_short(x, 18) for x in spec.labels], rotation=30, ha="right")
    if n > 1:
        ax.legend(frameon=False)


def _trend(ax: Any, spec: ChartSpec) -> None:
    bars, line = spec.series[0], spec.series[1]
    xs = list(range(len(spec.labels)))
    ax.bar(xs, bars.values, color=PALETTE[0], alpha=0.85, label=bars.name)
    ax.set_ylabel(bars.name)
    ax2 = ax.twinx()
    ax2.plot(xs, line.values, color=PALETTE[1], marker="o", linewidth=1.5, label=line.name)
    ax2.set_ylabel(line.name)
    ax2.spines["top"].set_visible(False)
    ax2.set_ylim(bottom=0)
    ax.set_xticks(xs, list(spec.labels), rotation=45, ha="right")
    handles = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    ax.legend(
        handles,
        [bars.name, line.name],
        frameon=False,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=2,
    )


def draw(spec: ChartSpec, fmt: str = "svg") -> Chart:
    """Draw one chart."""
    with styled():
        height = 0.28 * len(spec.labels) + 0.9 if spec.kind == "hbar" else 2.8
        fig, ax = plt.subplots(figsize=(6.4, max(height, 1.6)))
        {"hbar": _hbar, "bars": _bars, "trend": _trend}[spec.kind](ax, spec)
        ax.set_title(spec.title, loc="left", pad=18 if spec.kind == "trend" else 6)
        uri = data_uri(fig, fmt)
    alt = f"{spec.title}: " + "; ".join(
        f"{lab} " + ", ".join(f"{s.name} {s.values[i]:,.0f}" for s in spec.series)
        for i, lab in enumerate(spec.labels)
    )
    return Chart(spec.title, uri, alt, spec.caption)
