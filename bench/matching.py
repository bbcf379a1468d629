"""De-duplication matcher on real duplicate pairs: the same events in two files.

Files (``/work/shared/data``, imported into one database by ``bench/linking.py``): Pakistan
Body Count's drone attacks (PBC) and the Bureau of Investigative Journalism's drone strikes
(TBIJ) cover the same US strikes of 2004-2013; PBC's suicide attacks and the bundled UCDP GED
file cover the same bombings. The matcher links them one to one (greedy from the best score;
``bench/linking.py``).

Recall is measured on reference pairs built without the matcher, by a rule a person can
check at a glance: a row of each file on the same date in the same district (tribal agency),
each the only row of its file on that date in that district (for UCDP and the suicide file,
the UCDP row's reports also name a suicide attack). Precision is measured on a checked
sample: pairs drawn at random (fixed seed) from the matcher's links, each read by a person
in both files (date, place, dead, comments or headline) and judged the same event or not,
with the reason, in ``bench/data/matching_checked_pairs.csv``.

Usage: .venv/bin/python bench/matching.py [--rebuild] [--draw N]
  --draw N prints N links at random (seed 11) with both rows, to check by hand.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from linking import DATA, Held, Link, database, held_by_system, link  # noqa: E402

from militancydb.db.engine import make_engine, session_scope  # noqa: E402
from militancydb.matching import Decision  # noqa: E402

CHECKED = Path(__file__).resolve().parent / "data" / "matching_checked_pairs.csv"


def overlap(a: list[Held], b: list[Held]) -> tuple[list[Held], list[Held]]:
    """The rows of each list within the dates both cover."""
    first = max(a[0].candidate.date_start, b[0].candidate.date_start)
    last = min(a[-1].candidate.date_start, b[-1].candidate.date_start)
    keep = [[h for h in xs if first <= h.candidate.date_start <= last] for xs in (a, b)]
    return keep[0], keep[1]


def unique_by_day_and_district(rows: list[Held]) -> dict[tuple[object, str], Held]:
    count = Counter((h.candidate.date_start, h.candidate.admin2_key) for h in rows)
    return {
        (h.candidate.date_start, h.candidate.admin2_key or ""): h
        for h in rows
        if h.candidate.admin2_key and count[(h.candidate.date_start, h.candidate.admin2_key)] == 1
    }


def reference(a: list[Held], b: list[Held]) -> set[tuple[str, str]]:
    ua, ub = unique_by_day_and_district(a), unique_by_day_and_district(b)
    return {(ua[k].external_id, ub[k].external_id) for k in ua.keys() & ub.keys()}


def recall(links: list[Link], ref: set[tuple[str, str]]) -> tuple[float, float]:
    merged = {
        (x.a.external_id, x.b.external_id) for x in links if x.score.decision is Decision.MERGE
    }
    anyl = {(x.a.external_id, x.b.external_id) for x in links}
    n = len(ref) or 1
    return len(ref & merged) / n, len(ref & anyl) / n


def ucdp_texts() -> dict[str, str]:
    with (DATA / "ucdp-ged-pakistan-1989-2021.csv").open(encoding="utf-8-sig") as f:
        return {
            r["id"]: " ".join((r["source_headline"], r["source_article"]))
            for r in csv.DictReader(f)
        }


def describe(system: str, ext: str, raw: dict[str, dict[str, dict[str, str]]]) -> str:
    r = raw[system].get(ext, {})
    if system == "pbc_drone":
        keys = ("Date", "Location", "City", "Total Died Min", "Total Died Mix", "Comments")
    elif system == "tbij":
        keys = (
            "Date",
            "Tribal Agency",
            "Location",
            "Minimum Total Reported Killed",
            "Maximum Total Reported Killed",
        )
    elif system == "pbc_suicide":
        keys = ("Date", "City", "Location", "Killed Min", "Killed Max", "Target Type")
    else:
        keys = (
            "date_start",
            "side_a",
            "side_b",
            "where_description",
            "adm_2",
            "best",
            "source_headline",
        )
    return f"{system} {ext}: " + " | ".join(f"{k}={r.get(k, '')[:160]}" for k in keys)


def raw_rows() -> dict[str, dict[str, dict[str, str]]]:
    spec = {
        "pbc_drone": ("pakistan-drone-attacks.csv", "S#", "utf-8"),
        "tbij": ("tbij-pakistan-drone-strikes-2004-2013.csv", "Strike", "utf-8"),
        "pbc_suicide": ("pakistan-suicide-attacks-raw.csv", "S#", "utf-8"),
        "ucdp": ("ucdp-ged-pakistan-1989-2021.csv", "id", "utf-8-sig"),
    }
    out: dict[str, dict[str, dict[str, str]]] = {}
    for system, (name, key, enc) in spec.items():
        with (DATA / name).open(encoding=enc, newline="") as f:
            out[system] = {r[key].strip(): r for r in csv.DictReader(f)}
    return out


def checked_precision(all_links: list[Link]) -> tuple[dict[str, Counter[str]], int, list[str]]:
    """For the checked pairs the matcher still links: the judgements (yes/no/unsure) by the
    matcher's decision; the number of checked pairs it no longer links; the 'no' pairs."""
    by_key = {(x.a.system, x.a.external_id, x.b.system, x.b.external_id): x for x in all_links}
    tally: dict[str, Counter[str]] = {"merge": Counter(), "review": Counter()}
    gone = 0
    wrong: list[str] = []
    if not CHECKED.exists():
        return tally, gone, wrong
    with CHECKED.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            key = (r["left_system"], r["left_id"], r["right_system"], r["right_id"])
            if key not in by_key:
                gone += 1
                continue
            decision = by_key[key].score.decision.value
            tally[decision][r["same"]] += 1
            if r["same"] == "no":
                wrong.append(f"{decision} {key}: {r['reason']}")
    return tally, gone, wrong


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--draw", type=int, default=0)
    args = ap.parse_args()
    t0 = time.perf_counter()
    url = database(args.rebuild)
    engine = make_engine(url)
    with session_scope(engine) as s:
        held = held_by_system(s)
    built = time.perf_counter() - t0
    t1 = time.perf_counter()
    pbc, tbij = overlap(held["pbc_drone"], held["tbij"])
    drone_links = link(pbc, tbij)
    texts = ucdp_texts()
    suicide = held["pbc_suicide"]
    ucdp = [h for h in held["ucdp"] if h.candidate.date_start >= suicide[0].candidate.date_start]
    suicide_links = link(suicide, ucdp)
    secs = time.perf_counter() - t1
    print(f"database {url} ready in {built:.1f} s; matching took {secs:.1f} s")
    for name, links, a, b, ref in (
        ("PBC drone <-> TBIJ drone", drone_links, pbc, tbij, reference(pbc, tbij)),
        (
            "PBC suicide <-> UCDP",
            suicide_links,
            suicide,
            ucdp,
            {
                (x, y)
                for x, y in reference(suicide, ucdp)
                if re.search(r"suicide", texts.get(y, ""), re.I)
            },
        ),
    ):
        merges = sum(1 for x in links if x.score.decision is Decision.MERGE)
        rm, ra = recall(links, ref)
        print(f"\n## {name}")
        print(
            f"rows: {len(a)} vs {len(b)}; links: {len(links)} ({merges} merge, "
            f"{len(links) - merges} review)"
        )
        print(f"reference pairs (same day, same district, unique in both): {len(ref)}")
        print(f"recall: {rm:.1%} as merge, {ra:.1%} as merge or review")
        missed = [p for p in ref if p not in {(x.a.external_id, x.b.external_id) for x in links}]
        for p in sorted(missed)[:10]:
            print(f"  missed {p}")
    all_links = drone_links + suicide_links
    tally, gone, wrong = checked_precision(all_links)
    print("\n## precision on the checked sample (bench/data/matching_checked_pairs.csv)")
    total: Counter[str] = tally["merge"] + tally["review"]
    for name, t in (("merge", tally["merge"]), ("review", tally["review"]), ("all", total)):
        n = sum(t.values())
        if not n:
            continue
        judged = t["yes"] + t["no"]
        print(
            f"{name}: {n} checked, {t['yes']} same, {t['no']} not, {t['unsure']} unsure; "
            f"precision {t['yes'] / max(judged, 1):.1%} of the judged, "
            f"{t['yes'] / n:.1%} counting unsure as wrong"
        )
    print(f"checked pairs the matcher no longer links: {gone}")
    for w in wrong:
        print(f"  not the same: {w}")
    if args.draw:
        raw = raw_rows()
        rng = random.Random(11)
        half = args.draw // 2
        drawn = rng.sample(drone_links, min(half, len(drone_links))) + rng.sample(
            suicide_links, min(args.draw - half, len(suicide_links))
        )
        print("\n## drawn for checking")
        for x in drawn:
            print(f"- {x.score.explain()}")
            print(f"    {describe(x.a.system, x.a.external_id, raw)}")
            print(f"    {describe(x.b.system, x.b.external_id, raw)}")
    engine.dispose()


if __name__ == "__main__":
    main()
