"""A seeded random sample of the claims corpus, to check against its sources.

Draws, per year file of ``militancydb/seeds/claims/``, ``--per-year`` claim records (claims,
denials, disputes, retractions) and, from the established-responsibility findings,
``--established`` records spread over the years (at most one a year while years remain).
Each record is printed with what it says -- claimant, kind, channel, time, wording, what it
asserts, its incident's date, place and toll, its confidence -- and its sources (publisher,
date, address), so that a person can read the sources and judge it. The verdicts of the
sample of 2026-12-05 are in docs/claims.md, "Verification".

The sample depends on the files: a record added to a year can change that year's draw. The
records checked on 2026-12-05 are listed by their keys (as they read after that day's fixes)
in bench/claims_sample_2026-12-05.txt; `--keys` prints those records instead of a draw, so
the checked sample can be read again after the corpus grows.

Usage: .venv/bin/python bench/claims_sample.py [--seed 1205] [--per-year 2] [--established 12]
       .venv/bin/python bench/claims_sample.py --keys bench/claims_sample_2026-12-05.txt
       .venv/bin/python bench/claims_sample.py --seed 1207 --per-year 0 --established 12 \
           --exclude bench/claims_sample_2026-12-05.txt   (findings not yet read)
"""

from __future__ import annotations

import argparse
import csv
import random
from importlib import resources
from typing import Any

from militancydb.knowledge.shipped import SourceRecord, read_sources
from militancydb.services.claims_corpus import SeedFile, claim_key, seed_files


def ucdp_rows() -> dict[str, dict[str, str]]:
    """The bundled UCDP events, keyed by id."""
    path = resources.files("militancydb.datasets").joinpath("ucdp-ged-pakistan-1989-2021.csv")
    with path.open("r", encoding="utf-8") as fh:
        return {row["id"]: row for row in csv.DictReader(fh)}


def incident_line(ref: str, seeded: dict[str, dict[str, Any]], ucdp: dict[str, Any]) -> str:
    """The incident a record belongs to: date, place, toll, as the corpus or UCDP has it."""
    if ref.startswith("ucdp:"):
        row = ucdp.get(ref[5:])
        if row is None:
            return f"{ref}: not in the bundled data"
        return (
            f"{ref}: {row['date_start'][:10]} {row['where_coordinates']} ({row['adm_1']}); "
            f"killed best {row['best']} (low {row['low']}, high {row['high']}); {row['side_a']}"
        )
    inc = seeded.get(ref)
    if inc is None:
        return f"{ref}: unknown"
    tolls = [
        f"{c.get('outcome')} {c.get('low')}/{c.get('best')}/{c.get('high')}"
        for c in inc.get("casualties") or []
    ]
    place = inc.get("place_detail") or inc.get("province")
    return f"{ref}: {inc.get('date')} {place}; {', '.join(tolls) or 'no toll'}"


def claim_text(raw: dict[str, Any]) -> list[str]:
    lines = [
        f"claimant {raw['claimant']} (as named: {raw.get('claimant_as_named') or '-'})",
        f"kind {raw.get('kind', 'claim')}, channel {raw.get('channel', 'unknown')}"
        f" ({raw.get('channel_name') or '-'}), at {raw.get('claimed_at') or '-'}",
    ]
    if raw.get("statement_text"):
        lines.append(f"words: {raw['statement_text']!r} [{raw.get('statement_language')}]")
    if raw.get("asserted"):
        lines.append(f"asserts: {raw['asserted']}")
    lines.append(f"confidence {raw.get('confidence', 'medium')}, status {raw.get('status', '-')}")
    return lines


def established_text(raw: dict[str, Any]) -> list[str]:
    return [
        f"actor {raw.get('actor')} {raw.get('finding', 'responsible')}, basis {raw.get('basis')}",
        f"by {raw.get('by')}, on {raw.get('established_on')}",
        f"confidence {raw.get('confidence', 'medium')}",
    ]


def source_line(key: str, sources: dict[str, SourceRecord]) -> str:
    src = sources.get(key)
    if src is None:
        return f"- {key}: UNKNOWN SOURCE"
    return f"- {key}: {src.publisher}, {src.published or 'no date'}, {src.url}"


def draw(
    files: list[SeedFile],
    seed: int,
    per_year: int,
    established: int,
    exclude: frozenset[str] = frozenset(),
) -> tuple[list[tuple[str, str, dict[str, Any]]], list[tuple[str, str, dict[str, Any]]]]:
    """(file, key, record) of the sampled claims and established findings, leaving out the
    records whose keys are in `exclude` (a sample already read). One generator, files in
    name order, records in file order: the same files and seed give the same draw."""
    rng = random.Random(seed)
    claims: list[tuple[str, str, dict[str, Any]]] = []
    by_year: list[list[tuple[str, str, dict[str, Any]]]] = []
    for f in files:
        recs = [r for r in f.doc.get("claims") or [] if claim_key(r) not in exclude]
        chosen = rng.sample(range(len(recs)), min(per_year, len(recs)))
        claims += [(f.name, claim_key(recs[i]), recs[i]) for i in sorted(chosen)]
        keyed = [
            (f.name, str(r.get("id") or f"{r['incident']}:{r['actor']}"), r)
            for r in f.doc.get("established") or []
        ]
        by_year.append([t for t in keyed if t[1] not in exclude])
    found: list[tuple[str, str, dict[str, Any]]] = []
    # one a year from as many years as the count allows, then further rounds if needed
    while len(found) < established and any(by_year):
        years = [y for y in by_year if y]
        for y in rng.sample(years, min(len(years), established - len(found))):
            found.append(y.pop(rng.randrange(len(y))))
    found.sort(key=lambda t: t[0])
    return claims, found


def named(
    files: list[SeedFile], keys: list[str]
) -> tuple[list[tuple[str, str, dict[str, Any]]], list[str]]:
    """(file, key, record) of the records with these keys, in the keys' order, and the keys
    that name no record (changed by a later fix, or removed)."""
    index: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for f in files:
        for r in f.doc.get("claims") or []:
            index[claim_key(r)] = (f.name, claim_key(r), r)
        for r in f.doc.get("established") or []:
            key = str(r.get("id") or f"{r['incident']}:{r['actor']}")
            index[key] = (f.name, key, r)
    return [index[k] for k in keys if k in index], [k for k in keys if k not in index]


def read_keys(path: str) -> list[str]:
    """The keys of a list file: one a line; blank lines and `#` comments skipped."""
    with open(path, encoding="utf-8") as fh:
        lines = (line.split("#", 1)[0].strip() for line in fh)
        return [line for line in lines if line]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1205)
    ap.add_argument("--per-year", type=int, default=2)
    ap.add_argument("--established", type=int, default=12)
    ap.add_argument("--keys", help="print the records of this list of keys instead of a draw")
    ap.add_argument("--exclude", help="leave the records of this list of keys out of the draw")
    args = ap.parse_args()
    files = [f for f in seed_files() if f.name.startswith("claims/")]
    seeded = {str(i["ref"]): i for f in files for i in f.doc.get("incidents") or []}
    ucdp = ucdp_rows()
    sources = read_sources()
    n_claims = sum(len(f.doc.get("claims") or []) for f in files)
    n_est = sum(len(f.doc.get("established") or []) for f in files)
    head = f"{n_claims} claim records and {n_est} established findings in {len(files)} files"
    if args.keys:
        chosen, missing = named(files, read_keys(args.keys))
        print(f"{head}; {len(chosen)} records named in {args.keys}")
        for k in missing:
            print(f"not in the corpus (changed or removed): {k}")
    else:
        skip = frozenset(read_keys(args.exclude)) if args.exclude else frozenset()
        claims, found = draw(files, args.seed, args.per_year, args.established, skip)
        chosen = claims + found
        print(f"{head}; sample of {len(claims)} + {len(found)} (seed {args.seed})")
    for i, (name, key, raw) in enumerate(chosen, 1):
        kind = "claim" if "claimant" in raw else "established"
        print(f"{i:2}. [{name}] {kind} {key}")
        lines = claim_text(raw) if kind == "claim" else established_text(raw)
        lines.append("incident " + incident_line(str(raw["incident"]), seeded, ucdp))
        for line in lines:
            print(f"    {line}")
        keys = list(raw.get("sources") or [])
        if raw.get("statement_source") and raw["statement_source"] not in keys:
            keys.insert(0, raw["statement_source"])
        for k in keys:
            print(f"    {source_line(str(k), sources)}")


if __name__ == "__main__":
    main()
