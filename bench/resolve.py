"""Name resolution over the real name strings of ``../shared/data`` (issue 4's must-show).

For each column of place or actor names, the DISTINCT non-empty strings are resolved once and
counted as resolved, ambiguous, unresolved or rejected:

- place strings with the gazetteer, ``country="PK"`` (every file is about Pakistan) and the
  date of the string's first row in the file (so that "South Waziristan" on 2010-05-01 is the
  agency, not today's district);
- actor strings with the actor registry: UCDP's side_a/side_b with ``dataset="ucdp"``, RAND's
  Perpetrator with ``country="PK"`` and the date. Empty, "Unknown" and "Other" perpetrators
  are counted as *unnamed*, not as failures.

Then the hand-checked sample: ``bench/data/resolve_checked.csv`` holds resolved strings drawn
with a fixed seed (``--draw-sample`` writes a fresh, unjudged draw) and a person's verdict on
each (correct / wrong / unsure, with the reason). The bench prints the error rate
(wrong / checked) and flags any checked string whose key the resolver no longer gives.

The knowledge comes from a temporary SQLite database built as ``militancydb init --no-data``
builds it (``--knowledge files`` reads the shipped files directly instead; both give the same
answers, which ``--knowledge both`` checks).

Usage: .venv/bin/python bench/resolve.py [--knowledge db|files|both] [--top 40]
       .venv/bin/python bench/resolve.py --draw-sample bench/data/resolve_sample.csv
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from militancydb.db.engine import make_engine, session_scope
from militancydb.knowledge.actors import ActorRegistry
from militancydb.knowledge.gazetteer import Gazetteer
from militancydb.knowledge.loader import Knowledge, load_knowledge
from militancydb.services.setup import bundled_ucdp, initialise

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
CHECKED = ROOT / "bench" / "data" / "resolve_checked.csv"
SEED = 4
PLACE_SAMPLE = 150
ACTOR_SAMPLE = 100
STATUSES = ("resolved", "ambiguous", "unresolved", "rejected")
UNNAMED = {"", "unknown", "other"}

# --- dates of the files ------------------------------------------------------------------------

_FORMATS = ("%Y-%m-%d", "%B %d %Y", "%A, %B %d, %Y", "%d/%m/%Y", "%d/%m/%y")


def parse_day(text: str) -> dt.date | None:
    """A row's date in any of the files' formats (None when it cannot be read)."""
    text = (text or "").strip()
    text = re.sub(r" 00:00:00(\.0+)?$", "", text)  # UCDP: 2016-08-08 00:00:00.000
    m = re.match(r"^[A-Za-z]+-([A-Za-z]+) (\d+)-(\d{4})$", text)  # Sunday-November 19-1995
    if m:
        text = f"{m[1]} {m[2]} {m[3]}"
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


# --- the name columns --------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of names in one file."""

    label: str
    path: Path
    column: str
    date_column: str
    kind: str = "place"  # place | actor
    dataset: str | None = None


def _shared(name: str) -> Path:
    return SHARED / name


UCDP = bundled_ucdp()
RAND = _shared("rand-rdwti-pakistan.csv")
SUICIDE = _shared("pakistan-suicide-attacks-raw.csv")
DRONE = _shared("pakistan-drone-attacks.csv")
TBIJ = _shared("tbij-pakistan-drone-strikes-2004-2013.csv")

PLACE_COLUMNS = (
    Column("ucdp adm_1", UCDP, "adm_1", "date_start"),
    Column("ucdp adm_2", UCDP, "adm_2", "date_start"),
    Column("ucdp where_coordinates", UCDP, "where_coordinates", "date_start"),
    Column("rand City", RAND, "City", "Date"),
    Column("suicide City", SUICIDE, "City", "Date"),
    Column("suicide Province", SUICIDE, "Province", "Date"),
    Column("suicide Location", SUICIDE, "Location", "Date"),
    Column("drone City", DRONE, "City", "Date"),
    Column("drone Province", DRONE, "Province", "Date"),
    Column("drone Location", DRONE, "Location", "Date"),
    Column("tbij Tribal Agency", TBIJ, "Tribal Agency", "Date"),
    Column("tbij Location", TBIJ, "Location", "Date"),
)
ACTOR_COLUMNS = (
    Column("ucdp side_a", UCDP, "side_a", "date_start", "actor", "ucdp"),
    Column("ucdp side_b", UCDP, "side_b", "date_start", "actor", "ucdp"),
    Column("rand Perpetrator", RAND, "Perpetrator", "Date", "actor"),
)
# Columns whose strings are free-text descriptions of the site more than place names, and the
# one the gazetteer was built from (UCDP localities come from where_coordinates): reported, and
# also left out of the "place-name columns" total so that the headline is not flattered or
# dragged by them.
FREE_TEXT = {"suicide Location", "drone Location"}
BUILT_FROM = {"ucdp where_coordinates"}


def rows(path: Path) -> Iterator[dict[str, str]]:
    """The rows of a CSV file (UTF-8, with or without BOM)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        yield from csv.DictReader(f)


@dataclass
class Outcome:
    """How one distinct string resolved."""

    text: str
    rows: int
    day: dt.date | None
    status: str
    key: str | None
    rule: str | None
    alternatives: tuple[str, ...] = ()
    reason: str = ""


@dataclass
class ColumnResult:
    """The distinct strings of one column and how each resolved."""

    column: Column
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    empty_rows: int = 0
    unnamed: Counter[str] = field(default_factory=Counter)

    def counts(self) -> Counter[str]:
        """Distinct strings by status."""
        return Counter(o.status for o in self.outcomes.values())


Seen = dict[str, tuple[int, dt.date | None]]


def distinct_strings(col: Column) -> tuple[Seen, int, Counter[str]]:
    """Distinct non-empty strings with their row count and first date; empty rows; unnamed."""
    seen: Seen = {}
    empty = 0
    unnamed: Counter[str] = Counter()
    for row in rows(col.path):
        text = (row.get(col.column) or "").strip()
        if col.kind == "actor" and text.casefold() in UNNAMED:
            unnamed[text] += 1
            continue
        if not text:
            empty += 1
            continue
        day = parse_day(row.get(col.date_column, ""))
        n, first = seen.get(text, (0, None))
        if first is None or (day is not None and day < first):
            first = day
        seen[text] = (n + 1, first)
    return seen, empty, unnamed


def resolve_column(col: Column, kb: Knowledge) -> ColumnResult:
    """Resolve every distinct string of a column."""
    strings, empty, unnamed = distinct_strings(col)
    result = ColumnResult(col, empty_rows=empty, unnamed=unnamed)
    for text, (n, day) in strings.items():
        if col.kind == "place":
            r = kb.gazetteer.resolve(text, country="PK", on=day)
            status, key, reasons = r.status, r.key, r.reasons
            rule = r.match.rule if r.match else None
            alts = tuple(m.key for m in r.alternatives)
        else:
            a = kb.registry.resolve(
                text, on=day, dataset=col.dataset, country=None if col.dataset else "PK"
            )
            status, key, reasons = a.status, a.key, a.reasons
            rule = a.match.rule if a.match else None
            alts = tuple(m.key for m in a.alternatives)
        result.outcomes[text] = Outcome(text, n, day, status, key, rule, alts, "; ".join(reasons))
    return result


# --- knowledge ---------------------------------------------------------------------------------


def knowledge_from_db() -> Knowledge:
    """The registries of a fresh SQLite database built like ``militancydb init --no-data``."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        initialise(engine, user="bench/resolve.py", with_data=False)
        with session_scope(engine) as s:
            kb = load_knowledge(s)
        engine.dispose()
    return kb


def knowledge_from_files() -> Knowledge:
    """The registries built straight from the shipped files (no database)."""
    from militancydb.knowledge.shipped import read_shipped

    k = read_shipped()
    gaz = Gazetteer(places=dict(k.places), stoplist=k.stoplist)
    reg = ActorRegistry(
        actors=dict(k.actors),
        relations=list(k.relations),
        proclaimed=list(k.proclaimed),
        persons=dict(k.persons),
        memberships=list(k.memberships),
        events=list(k.events),
        territory=list(k.territory),
    )
    return Knowledge(gaz, reg)


# --- reporting ---------------------------------------------------------------------------------


def pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}%" if d else "    –"


def print_table(title: str, results: list[ColumnResult], totals: dict[str, list[str]]) -> None:
    print(f"\n{title}")
    head = f"{'column':<26}{'distinct':>9}{'resolved':>10}{'ambiguous':>10}"
    print(head + f"{'unresolved':>11}{'rejected':>10}{'rows':>7}{'rows resolved':>15}")
    for r in results:
        c, n = r.counts(), len(r.outcomes)
        nrows = sum(o.rows for o in r.outcomes.values())
        rrows = sum(o.rows for o in r.outcomes.values() if o.status == "resolved")
        print(
            f"{r.column.label:<26}{n:>9}{pct(c['resolved'], n):>10}{pct(c['ambiguous'], n):>10}"
            f"{pct(c['unresolved'], n):>11}{pct(c['rejected'], n):>10}{nrows:>7}"
            f"{pct(rrows, nrows):>15}"
        )
    by_label = {r.column.label: r for r in results}
    for name, labels in totals.items():
        c = Counter[str]()
        nrows = rrows = 0
        for label in labels:
            c.update(by_label[label].counts())
            outcomes = by_label[label].outcomes.values()
            nrows += sum(o.rows for o in outcomes)
            rrows += sum(o.rows for o in outcomes if o.status == "resolved")
        n = sum(c.values())
        print(
            f"{name:<26}{n:>9}{pct(c['resolved'], n):>10}{pct(c['ambiguous'], n):>10}"
            f"{pct(c['unresolved'], n):>11}{pct(c['rejected'], n):>10}{nrows:>7}"
            f"{pct(rrows, nrows):>15}"
        )


def union_counts(results: list[ColumnResult]) -> Counter[str]:
    """Status of each string counted once across columns (its best outcome)."""
    best: dict[str, str] = {}
    for r in results:
        for o in r.outcomes.values():
            if o.text not in best or STATUSES.index(o.status) < STATUSES.index(best[o.text]):
                best[o.text] = o.status
    return Counter(best.values())


def print_failures(results: list[ColumnResult], top: int, title: str) -> None:
    failed: dict[tuple[str, str], int] = defaultdict(int)
    detail: dict[tuple[str, str], Outcome] = {}
    for r in results:
        for o in r.outcomes.values():
            if o.status != "resolved":
                failed[(o.text, r.column.label)] += o.rows
                detail[(o.text, r.column.label)] = o
    if not failed:
        return
    print(f"\n{title} (top {top} of {len(failed)} by rows)")
    ordered = sorted(failed.items(), key=lambda kv: (-kv[1], kv[0]))
    for (text, label), n in ordered[:top]:
        o = detail[(text, label)]
        alts = f" [{', '.join(o.alternatives[:4])}]" if o.alternatives else ""
        shown = text.replace("\n", " ")
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        print(f"  {n:>5}  {o.status:<10} {label:<24} {shown!r}{alts}")


# --- the hand-checked sample -------------------------------------------------------------------


def allocate(sizes: dict[str, int], total: int) -> dict[str, int]:
    """Split ``total`` draws over strata as evenly as their sizes allow."""
    quota = dict.fromkeys(sizes, 0)
    left = min(total, sum(sizes.values()))
    while left:
        open_ = sorted(k for k in sizes if quota[k] < sizes[k])
        share = max(1, left // len(open_))
        for k in open_:
            take = min(share, sizes[k] - quota[k], left)
            quota[k] += take
            left -= take
            if not left:
                break
    return quota


def draw_sample(places: list[ColumnResult], actors: list[ColumnResult], kb: Knowledge,
                out: Path) -> None:
    """Write a seeded draw of resolved strings, with the facts a checker needs, unjudged.

    Places: ``PLACE_SAMPLE`` strings spread evenly over the columns (a column with fewer
    resolved strings than its share gives all of them), so that the small files are not
    drowned by UCDP's 1,100 localities. Actors: every distinct resolved string when there are
    at most ``ACTOR_SAMPLE`` of them, else a draw of that many.
    """
    rng = random.Random(SEED)
    strata = {
        r.column.label: sorted((o.text, o.key) for o in r.outcomes.values() if o.key)
        for r in places
    }
    quota = allocate({k: len(v) for k, v in strata.items()}, PLACE_SAMPLE)
    picked = [
        ("place", label, text, key)
        for label, pool in strata.items()
        for text, key in rng.sample(pool, quota[label])
    ]
    pool_a = sorted(
        (r.column.label, o.text, o.key)
        for r in actors for o in r.outcomes.values() if o.key
    )
    distinct_a = sorted({(t, k): (lab, t, k) for lab, t, k in pool_a}.values())
    chosen_a = distinct_a if len(distinct_a) <= ACTOR_SAMPLE else rng.sample(
        distinct_a, ACTOR_SAMPLE)
    picked += [("actor", *x) for x in chosen_a]
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["kind", "source", "string", "key", "resolved_to", "verdict", "reason"])
        for kind, label, text, key in picked:
            w.writerow([kind, label, text, key, describe(kb, kind, key), "", ""])
    print(f"wrote {len(picked)} strings to {out}")


def describe(kb: Knowledge, kind: str, key: str) -> str:
    if kind == "place":
        p = kb.gazetteer.places[key]
        admin = kb.gazetteer.admin_of(key, None)
        return f"{p.name} ({kb.gazetteer.describe(key)}; today {admin.province}/{admin.district})"
    a = kb.registry.actors[key]
    return f"{a.name} ({a.kind})"


def hand_check(places: list[ColumnResult], actors: list[ColumnResult]) -> None:
    if not CHECKED.is_file():
        print(f"\nno hand-checked sample at {CHECKED}")
        return
    now = {(r.column.label, o.text): o.key for r in [*places, *actors]
           for o in r.outcomes.values()}
    verdicts: dict[str, Counter[str]] = defaultdict(Counter)
    stale = []
    for row in rows(CHECKED):
        verdicts[row["kind"]][row["verdict"]] += 1
        if now.get((row["source"], row["string"])) != row["key"]:
            stale.append((row["source"], row["string"], row["key"],
                          now.get((row["source"], row["string"]))))
    print(f"\nHand-checked sample ({CHECKED.relative_to(ROOT)})")
    total: Counter[str] = Counter()
    for kind in ("place", "actor"):
        v = verdicts[kind]
        total.update(v)
        n = sum(v.values())
        print(
            f"  {kind:<6} checked {n:>4}: correct {v['correct']}, wrong {v['wrong']}, unsure "
            f"{v['unsure']}; error rate {pct(v['wrong'], n).strip()} (counting unsure as wrong: "
            f"{pct(v['wrong'] + v['unsure'], n).strip()})"
        )
    n = sum(total.values())
    print(f"  all    checked {n:>4}: error rate {pct(total['wrong'], n).strip()} "
          f"(target < 2%; counting unsure as wrong: "
          f"{pct(total['wrong'] + total['unsure'], n).strip()})")
    for src, text, was, is_now in stale:
        print(f"  ! checked {text!r} ({src}) as {was}, the resolver now gives {is_now}")


# --- main --------------------------------------------------------------------------------------


def compare(a: Knowledge, b: Knowledge, columns: tuple[Column, ...]) -> int:
    """Strings that resolve differently with the two knowledge sources."""
    diff = 0
    for col in columns:
        ra, rb = resolve_column(col, a), resolve_column(col, b)
        for text, o in ra.outcomes.items():
            p = rb.outcomes[text]
            if (o.status, o.key) != (p.status, p.key):
                diff += 1
                print(f"  differs: {col.label} {text!r}: {o.status} {o.key} / {p.status} {p.key}")
    return diff


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--knowledge", choices=("db", "files", "both"), default="db")
    ap.add_argument("--top", type=int, default=40, help="unresolved strings to list")
    ap.add_argument("--draw-sample", type=Path, help="write a fresh seeded draw and stop")
    args = ap.parse_args(argv)
    missing = [str(c.path) for c in PLACE_COLUMNS + ACTOR_COLUMNS if not c.path.is_file()]
    if missing:
        print(f"missing data files: {', '.join(sorted(set(missing)))}", file=sys.stderr)
        return 2
    loader: Callable[[], Knowledge] = (
        knowledge_from_files if args.knowledge == "files" else knowledge_from_db
    )
    kb = loader()
    if args.knowledge == "both":
        n = compare(kb, knowledge_from_files(), PLACE_COLUMNS + ACTOR_COLUMNS)
        print(f"database vs shipped files: {n} strings resolve differently")
    places = [resolve_column(c, kb) for c in PLACE_COLUMNS]
    actors = [resolve_column(c, kb) for c in ACTOR_COLUMNS]
    if args.draw_sample:
        draw_sample(places, actors, kb, args.draw_sample)
        return 0
    labels = [c.label for c in PLACE_COLUMNS]
    print_table(
        "Place strings (distinct per column; country PK, date of first row)",
        places,
        {
            "ALL columns": labels,
            "place-name columns": [x for x in labels if x not in FREE_TEXT | BUILT_FROM],
        },
    )
    u = union_counts(places)
    n = sum(u.values())
    print(f"{'distinct across columns':<26}{n:>9}{pct(u['resolved'], n):>10}"
          f"{pct(u['ambiguous'], n):>10}{pct(u['unresolved'], n):>11}{pct(u['rejected'], n):>10}")
    print("  (target: >= 98% of distinct place strings resolved)")
    print_table(
        "Actor strings (distinct named strings per column)",
        actors,
        {"ALL named perpetrators": [c.label for c in ACTOR_COLUMNS]},
    )
    u = union_counts(actors)
    n = sum(u.values())
    print(f"{'distinct across columns':<26}{n:>9}{pct(u['resolved'], n):>10}"
          f"{pct(u['ambiguous'], n):>10}{pct(u['unresolved'], n):>11}{pct(u['rejected'], n):>10}")
    for r in actors:
        if r.unnamed:
            detail = ", ".join(f"{k or '(empty)'!r} {v}" for k, v in r.unnamed.most_common())
            print(f"  {r.column.label}: unnamed, not counted: {len(r.unnamed)} distinct, "
                  f"{sum(r.unnamed.values())} rows ({detail})")
    print("  (target: >= 95% of distinct named-perpetrator strings resolved)")
    for r in places:
        if r.empty_rows:
            print(f"  {r.column.label}: {r.empty_rows} rows with no name, not counted")
    print_failures(places, args.top, "Place strings not resolved")
    print_failures(actors, args.top, "Actor strings not resolved")
    hand_check(places, actors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
