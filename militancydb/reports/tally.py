"""Counting incident rows into figures: incidents, killed and injured, with "not recorded"
kept apart from 0, and the footnote of the incidents behind each figure."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from militancydb.analysis.data import Row
from militancydb.reports.model import Figure, Notes, Table, TableRow

FAMILY_LABELS: dict[str, str] = {
    "religious": "Religiously motivated militants",
    "nationalist": "Nationalist insurgents",
    "sectarian": "Sectarian groups",
    "tribal": "Tribal armed groups and militias",
    "communal": "Ethnic and communal groups",
    "political": "Armed wings of political parties",
    "other": "Other armed groups",
    "state": "State forces",
    "foreign_state": "Foreign states and their forces",
}
UNATTRIBUTED = "Unattributed (no perpetrator attributed or confirmed)"

#: Casualty categories in report order; the first eight are always shown.
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("civilians", "Civilians"),
    ("police", "Police"),
    ("frontier_corps", "Frontier Corps"),
    ("army", "Army"),
    ("rangers", "Rangers"),
    ("levies", "Levies"),
    ("security_forces", "Security forces (unspecified)"),
    ("militants", "Militants"),
    ("khasadar", "Khasadar"),
    ("frontier_constabulary", "Frontier Constabulary"),
    ("foreign_forces", "Foreign forces"),
    ("unknown", "Category not known"),
)
ALWAYS_SHOWN = 8


def total(rows: list[Row], get: Callable[[Row], int | None]) -> tuple[int | None, int, list[int]]:
    """Sum of a per-incident value over the incidents that record it: (sum or None when
    none records it, how many record it, ids of incidents with a value above 0)."""
    values = [(r.id, v) for r in rows if (v := get(r)) is not None]
    if not values and rows:
        return None, 0, []
    return sum(v for _, v in values), len(values), [i for i, v in values if v > 0]


@dataclass(frozen=True)
class Tally:
    """Incidents, killed and injured of a set of rows."""

    incidents: Figure
    killed: Figure
    injured: Figure
    ids: tuple[int, ...]


def tally(rows: list[Row], notes: Notes, label: str) -> Tally:
    """Count rows; each figure carries the footnote of the incidents behind it."""
    ids = [r.id for r in rows]
    n = len(rows)
    k, k_rec, k_ids = total(rows, lambda r: r.killed)
    i, i_rec, i_ids = total(rows, lambda r: r.injured)
    return Tally(
        Figure(n, notes.cite(f"{label}: incidents", ids)),
        Figure(k, notes.cite(f"{label}: killed", k_ids), k_rec, n),
        Figure(i, notes.cite(f"{label}: injured", i_ids), i_rec, n),
        tuple(ids),
    )


def breakdown(
    title: str,
    rows: list[Row],
    group: Callable[[Row], Iterable[str]],
    notes: Notes,
    *,
    first_column: str,
    counted: str = "Incidents",
    caption: str | None = None,
    order: list[str] | None = None,
) -> Table:
    """A table of incidents, killed and injured per group (an incident in several groups
    counts in each), largest first, with the incidents behind each row."""
    groups: dict[str, list[Row]] = {}
    for r in rows:
        for g in dict.fromkeys(group(r)):
            groups.setdefault(g, []).append(r)
    keys = order or sorted(groups, key=lambda g: (-len(groups[g]), g))
    table = Table(title, (first_column, counted, "Killed", "Injured"), caption=caption)
    for g in keys:
        rs = groups.get(g, [])
        if not rs and order is None:
            continue
        t = tally(rs, notes, f"{title} — {g}")
        table.rows.append(TableRow(g, (t.incidents, t.killed, t.injured), t.incidents.note))
    return table


def category_table(rows: list[Row], notes: Notes, title: str) -> Table:
    """Killed and injured by casualty category, from the incidents' casualty figures; a
    category no incident records is "not recorded", not 0."""
    table = Table(
        title,
        ("Category", "Killed", "Injured"),
        caption="From the incidents' casualty figures by category; a category is 'not "
        "recorded' when no incident of the period gives a figure for it.",
    )
    for n, (code, name) in enumerate(CATEGORIES):
        cells = []
        ids: list[int] = []
        for outcome in ("killed", "injured"):
            vals = [(r.id, v) for r in rows if (v := r.figures.get((code, outcome))) is not None]
            value = sum(v for _, v in vals) if vals or not rows else None
            pos = [i for i, v in vals if v > 0]
            ids += pos
            cells.append(Figure(value, notes.cite(f"{name} {outcome}", pos), len(vals), len(rows)))
        if n >= ALWAYS_SHOWN and all(c.value is None or c.recorded == 0 for c in cells):
            continue
        table.rows.append(TableRow(name, tuple(cells), notes.cite(f"{name} casualties", ids)))
    return table


def perpetrator_families(r: Row, families: dict[str, str]) -> list[str]:
    """The families of an incident's perpetrators (by the actor registry), or unattributed."""
    out = []
    for a in r.perpetration():
        fam = families.get(a.key or "")
        out.append(FAMILY_LABELS.get(fam, fam) if fam else "Actor not in the registry")
    return sorted(set(out)) or [UNATTRIBUTED]
