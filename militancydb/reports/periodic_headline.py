"""The periodic report's headline: figures per kind of violence in the period, the period
before and a year earlier, each with its own killed and injured and the total only as the
sum of its parts; and the two paragraphs that say what they show."""

from __future__ import annotations

from collections.abc import Callable

from militancydb.analysis.data import SECURITY, Row
from militancydb.analysis.kinds import (
    KINDS,
    Kind,
    compare_words,
    kind_of,
    situation,
    victims_killed,
)
from militancydb.analysis.kinds import change as kind_change
from militancydb.reports.model import Figure, Notes
from militancydb.reports.periodic_model import Headline, HeadlineRow
from militancydb.reports.tally import tally, total
from militancydb.reports.words import plural

Getter = Callable[[Row], int | None]

#: The rows under a kind's incidents, besides its injured: (metric, value of an incident,
#: what the footnote says, with ``{many}`` the kind and ``{w}`` the period).
EXTRA_ROWS: dict[str, tuple[tuple[str, Getter, str], ...]] = {
    "attack": (
        ("killed: civilians and security forces", victims_killed, "victims of {many}, {w}"),
        ("of whom civilians", lambda r: r.figure("civilians"), "civilians killed in {many}, {w}"),
        (
            "of whom security forces",
            lambda r: r.killed_in(SECURITY),
            "security forces killed in {many}, {w}",
        ),
    ),
    "operation": (
        ("militants killed", lambda r: r.figure("militants"), "militants killed in {many}, {w}"),
        (
            "militants arrested",
            lambda r: r.figure("militants", "arrested"),
            "militants arrested in {many}, {w}",
        ),
        (
            "security forces killed",
            lambda r: r.killed_in(SECURITY),
            "security forces killed in {many}, {w}",
        ),
    ),
}


def _toll(killed: Figure, injured: Figure) -> str:
    def partial(f: Figure) -> str:
        return f" (recorded for {f.recorded} of {f.of} incidents)" if f.partial else ""

    k = (
        "killed: not recorded"
        if killed.value is None
        else f"{killed.value:,} killed{partial(killed)}"
    )
    i = (
        "injured: not recorded"
        if injured.value is None
        else f"{injured.value:,} injured{partial(injured)}"
    )
    return f"{k}, {i}"


def _row(metric: str, figs: list[Figure], indent: bool = False) -> HeadlineRow:
    a, b, c = figs
    return HeadlineRow(
        metric,
        a,
        b,
        c,
        kind_change(a.value, b.value),
        kind_change(a.value, c.value),
        indent,
    )


def _sum(rows: list[Row], get: Getter, notes: Notes, what: str) -> Figure:
    value, rec, ids = total(rows, get)
    return Figure(value, notes.cite(what, ids), rec, len(rows))


def _one_kind(k: Kind, parts: list[tuple[list[Row], str]], notes: Notes) -> list[HeadlineRow]:
    """A kind's incidents, its own killed (or its victims, militants ...) and injured."""
    t = [tally(rs, notes, f"{k.many}, {w}") for rs, w in parts]
    out = [_row(k.many[0].upper() + k.many[1:], [x.incidents for x in t])]
    extra = EXTRA_ROWS.get(k.key, ())
    for metric, get, what in extra:
        figs = [_sum(rs, get, notes, what.format(many=k.many, w=w)) for rs, w in parts]
        out.append(_row(metric, figs, True))
    if not extra:
        out.append(_row("killed", [x.killed for x in t], True))
    out.append(_row("injured", [x.injured for x in t], True))
    return out


def by_kind(rows: list[Row]) -> dict[str, list[Row]]:
    """The rows of each kind (in their order), sorted out in one pass."""
    out: dict[str, list[Row]] = {}
    for r in rows:
        out.setdefault(kind_of(r), []).append(r)
    return out


def kind_rows(sets: list[tuple[list[Row], str]], notes: Notes) -> list[HeadlineRow]:
    """Headline rows per kind of violence, each with its own killed and injured; the total
    comes last, labelled as the sum of the parts."""
    out: list[HeadlineRow] = []
    kinds = [by_kind(rs) for rs, _ in sets]
    for k in KINDS:
        parts = [(of.get(k.key, []), w) for of, (_, w) in zip(kinds, sets, strict=True)]
        if k.key not in ("attack", "operation") and not any(p for p, _ in parts):
            continue
        out += _one_kind(k, parts, notes)
    t = [tally(rs, notes, w) for rs, w in sets]
    out.append(_row("All kinds (the sum of the parts above): incidents", [x.incidents for x in t]))
    out.append(_row("killed (all kinds)", [x.killed for x in t], True))
    out.append(_row("injured (all kinds)", [x.injured for x in t], True))
    return out


def _first_paragraph(now: list[Row], notes: Notes, when: str, place: str) -> str:
    if not now:
        return f"The database records no incident in {place} in {when}."
    parts = []
    kinds = by_kind(now)
    for k in KINDS:
        rs = kinds.get(k.key, [])
        if not rs:
            continue
        t = tally(rs, notes, f"{k.many}, {when}")
        extra = ""
        if k.key == "attack":
            v = _sum(rs, victims_killed, notes, f"victims of {k.many}, {when}")
            extra = (
                f"; victims (civilians and security forces) killed: "
                f"{'not recorded' if v.value is None else f'{v.value:,}'}"
            )
        elif k.key == "operation":
            m = _sum(rs, lambda r: r.figure("militants"), notes, "militants killed")
            a = _sum(rs, lambda r: r.figure("militants", "arrested"), notes, "arrested")
            extra = (
                f"; militants killed: {'not recorded' if m.value is None else f'{m.value:,}'}"
                f"; arrests: {'not recorded' if a.value is None else f'{a.value:,}'}"
            )
        parts.append(f"{plural(len(rs), k.one, k.many)} ({_toll(t.killed, t.injured)}{extra})")
    return (
        f"In {when} the database records {plural(len(now), 'incident')} in {place}, "
        f"counted apart by kind: {'; '.join(parts)}."
    )


def headline_figures(
    now: list[Row],
    before: list[Row],
    ago: list[Row],
    notes: Notes,
    words: tuple[str, str, str],
    place: str,
    same: bool,
) -> Headline:
    """The headline of a period against the one before and a year earlier (``same``: the
    two are one period, as in an annual report)."""
    sets = list(zip((now, before, ago), words, strict=True))
    rows = kind_rows(sets, notes)
    first = _first_paragraph(now, notes, words[0], place)
    attacks_of = [by_kind(rs).get("attack", []) for rs, _ in sets]
    victims = [
        _sum(rs, victims_killed, notes, f"victims, {w}").value
        for rs, (_, w) in zip(attacks_of, sets, strict=True)
    ]
    attacks = [len(rs) for rs in attacks_of]
    cmp = [(1, words[1])] if same else [(1, words[1]), (2, words[2])]
    second = " ".join(
        f"Against {w}: {compare_words(attacks[0], attacks[i], 'attacks by militants')}, and "
        f"{compare_words(victims[0], victims[i], 'their victims killed')}."
        for i, w in cmp
    )
    if not (now or before or ago):
        second = (
            f"None is recorded in {words[1]}"
            + ("" if same else f" or {words[2]}")
            + f" either: the database may hold no incident data for {place} in these periods."
        )
    else:
        verdict = situation(victims[0], victims[1], words[1])
        if verdict:
            second += " " + verdict
    return Headline(rows, [first, second])
