"""Notes a dataset holds that our incident has no field for (GTD's approximate dates, ACLED's
tags), kept as ``[DATASET key: value]`` lines at the end of the summary so that an export in
the dataset's shape can give them back; and the reading of a row's coordinates, shared by
the dataset importers."""

from __future__ import annotations

import re


def with_trailer(dataset: str, summary: str | None, notes: dict[str, str]) -> str | None:
    """The summary with the dataset's extra notes as trailer lines."""
    lines = [f"[{dataset} {k}: {v}]" for k, v in notes.items()]
    if not lines:
        return summary
    return "\n".join([summary, *lines] if summary else lines)


def split_trailer(dataset: str, summary: str | None) -> tuple[str | None, dict[str, str]]:
    """The summary without the dataset's trailer lines, and the notes they held."""
    if not summary:
        return summary, {}
    pattern = re.compile(rf"^\[{re.escape(dataset)} (\w+): (.*)\]$")
    lines = summary.split("\n")
    notes: dict[str, str] = {}
    while lines and (m := pattern.match(lines[-1])):
        notes[m[1]] = m[2]
        lines.pop()
    return "\n".join(lines) or None, dict(reversed(list(notes.items())))


def read_point(lat: str | None, lon: str | None, warnings: list[str]) -> tuple[float, float] | None:
    """Coordinates from two cells, or None with a warning when they are not on the globe."""
    if lat is None or lon is None:
        return None
    try:
        point = (float(lat), float(lon))
    except ValueError:
        warnings.append(f"latitude/longitude {lat!r}/{lon!r} are not coordinates; left out")
        return None
    if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        warnings.append(f"latitude/longitude {lat}/{lon} are off the globe; left out")
        return None
    return point
