"""Coverage of the claims corpus over the bundled UCDP events (issue 12).

Counts the events of the bundled UCDP file dated 2007-2021 with at least ``--min-killed``
killed (best estimate), and sorts them into: events with a claim record in the corpus (a
claim, denial, dispute or retraction in ``seeds/claims/*.yaml`` or an incident of
``seeds/*.yaml`` with a ``ucdp_id``); events checked with no claim recorded (the list below,
each with what the reporting said and the sources read, ids from
``knowledge/data/sources/claims_*.yaml``); and events not checked, split by whether UCDP
gives a source headline. Prints the figures ``docs/claims.md`` states, so they are recounted,
not typed.

Usage: .venv/bin/python bench/claims_coverage.py [--min-killed 20] [--list-unchecked]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from event_kinds import KIND, NO_REPORT  # noqa: E402

# UCDP sometimes codes one attack twice (two dyads); the second id counts with the first.
SAME_ATTACK = {
    "53143": "53392",  # Jamrud mosque, 19 Aug 2011
    # Akkakhel (Tirah) mosque / Orakzai cattle market, 18 Feb 2010: officials said the two
    # reported blasts were one, at sites on the Khyber-Orakzai border
    # [zeenews-pti-2010-02-18-tirah-mosque, assamtribune-dpa-2010-02-19-akkakhel]
    "53149": "57978",
}

# Checked, no claim recorded. "none reported": a source read says no group claimed it.
# "none found": the reports read do not mention a claim either way (weaker).
# "unresolved": a claim was reported under a name the actor registry does not hold.
# "not an attack": typed an attack by militants, but the reports read describe a security
# operation (air strikes, raids, bodies found after an offensive): no claim is expected.
CHECKED_NO_CLAIM: dict[str, tuple[str, str]] = {
    "63948": ("none reported", "Abbas Town, Karachi, 3 Mar 2013 (PTI)"),
    "57487": ("none reported", "Pearl Continental, Peshawar, 9 Jun 2009 (AP)"),
    "57344": ("unresolved", "Chakwal imambargah, 5 Apr 2009: an unnamed little-known group (AP)"),
    "65073": ("unresolved", "Parachinar market, 26 Jul 2013: 'Ansarul Mujahideen' (Dawn)"),
    "56209": (
        "none reported",
        "Darra Adam Khel jirga, 2 Mar 2008 [rediff-pti-2008-03-02-darra-jirga]",
    ),
    "57961": (
        "none reported",
        "Shah Hasan Khel, 1 Jan 2010 [pakaffairs-dailytimes-2010-01-lakki-marwat-volleyball]",
    ),
    "58825": (
        "none reported",
        "Lower Dir funeral, 15 Sep 2011 [paknadra-2011-09-lower-dir-funeral]",
    ),
    "63678": ("none reported", "Hangu mosques, 1 Feb 2013 [rediff-pti-2013-02-01-hangu-mosque]"),
    "64759": ("none reported", "Shergarh funeral, 18 Jun 2013 [dawn-2013-06-19-mardan-toll-34]"),
    "65890": (
        "unresolved",
        "Mir Ali checkpost, 18 Dec 2013: 'Ansarul Mujahideen' / 'Ansar al Aseer Khorasan' "
        "[pakistantoday-2013-12-18-mir-ali-ansarul-mujahideen, lwj-2013-12-mir-ali-ansar-al-aseer]",
    ),
    "56774": ("none found", "Orakzai jirga, 10 Oct 2008 (AFP, Reuters, dpa reports read)"),
    "57919": ("none found", "Dera Ghazi Khan market, 15 Dec 2009 (AP, PTI reports read)"),
    "52834": ("none found", "Timergara ANP meeting, 5 Apr 2010 (AFP report read)"),
    "196441": ("none found", "Datta Khel, 8 Jun 2015 (Long War Journal report read)"),
    "56203": (
        "none reported",
        "Mingora police funeral, 29 Feb 2008 "
        "[ap-2008-03-02-mingora-funeral, rediff-2008-02-29-mingora-funeral]",
    ),
    "60045": (
        "none reported",
        "Gul Bela bus of government employees, Peshawar, 8 Jun 2012 "
        "[ap-2012-06-08-peshawar-bus-bomb, pakistantoday-2012-06-08-gul-bela-bus]",
    ),
    "57978": (
        "none reported",
        "Akkakhel (Tirah) mosque and the Orakzai cattle market next to it, 18 Feb 2010 "
        "[zeenews-pti-2010-02-18-tirah-mosque, assamtribune-dpa-2010-02-19-akkakhel]",
    ),
    "58164": (
        "none found",
        "Merian police station, Bannu, 12 Jan 2011: one copy of a BBC report read "
        "[powradhwani-bbc-2011-01-12-bannu-merian]",
    ),
    "58528": (
        "none reported",
        "Marubi checkpost near Makeen, South Waziristan, 9 Jun 2011: 'no one has yet claimed' "
        "[pri-2011-06-09-makeen-checkpoint, pakistantoday-2011-06-09-makeen-checkpost]",
    ),
    "58136": (
        "not an attack",
        "Mohmand, 25 Dec 2010: 40 militants killed in military raids (its UCDP sources also "
        "report the Khar food-centre bombing of the same day) [thenews-2010-12-26-khar-mohmand]",
    ),
    "65066": (
        "not an attack",
        "Akkakhel, Khyber, 20-25 Jul 2013: bodies of militants found after an army search "
        "operation with gunships [aajtv-2013-07-bara-bodies-found]",
    ),
    "154242": (
        "not an attack",
        "North Waziristan and Khyber, 19 Aug 2014: air strikes the military said killed 48 "
        "militants [peninsula-afp-2014-08-20-raids-kill-48]",
    ),
    "55949": (
        "none found",
        "Mingora FC truck, 25 Oct 2007 "
        "[indianexpress-2007-10-25-mingora-truck, lwj-2007-10-mingora-fc-convoy]",
    ),
    "56225": ("none found", "Lahore FIA office, 11 Mar 2008 [chinadaily-2008-03-12-lahore-fia]"),
    "57871": (
        "none found",
        "Peshawar judicial complex, 19 Nov 2009 "
        "[lwj-2009-11-19-peshawar-courthouse, midday-2009-11-19-peshawar-judicial-complex]",
    ),
    "60253": (
        "none found",
        "Qissa Khwani JI rally, Peshawar, 19 Apr 2010: only a weak rewritten copy says nobody "
        "claimed "
        "[uktrends-nyt-2010-04-19-qissa-khwani, dawn-2010-04-20-qissa-khwani]",
    ),
}


def _ucdp_rows(min_killed: int) -> list[dict[str, str]]:
    path = resources.files("militancydb.datasets").joinpath("ucdp-ged-pakistan-1989-2021.csv")
    with path.open("r", encoding="utf-8") as fh:
        return [
            r
            for r in csv.DictReader(fh)
            if 2007 <= int(r["year"]) <= 2021 and int(r["best"]) >= min_killed
        ]


def _claimed_ids() -> set[str]:
    root = resources.files("militancydb").joinpath("seeds")
    ids: set[str] = set()
    for folder in (root, root.joinpath("claims")):
        for f in folder.iterdir():
            if not f.name.endswith(".yaml"):
                continue
            doc: dict[str, Any] = yaml.safe_load(f.read_text("utf-8")) or {}
            refs = {
                i.get("ref"): str(i["ucdp_id"])
                for i in doc.get("incidents") or []
                if i.get("ucdp_id")
            }
            for c in doc.get("claims") or []:
                inc = str(c.get("incident", ""))
                if inc.startswith("ucdp:"):
                    ids.add(inc[5:])
                elif inc in refs:
                    ids.add(refs[inc])
    return ids


#: the corpus's scope is the attacks by militants; the other kinds are events for which no
#: claim is expected
ATTACK = "attack by militants"


def _typer() -> Callable[[int, dict[str, str]], tuple[str, str, str]]:
    """The event type, rule and confidence the UCDP importer gives a row (issue 14), read
    with the shipped registries, as ``militancydb init`` reads them."""
    from militancydb.io.engine import ImportContext, Reject
    from militancydb.io.ucdp import UCDPImporter
    from militancydb.knowledge.loader import knowledge_from_files

    ctx = ImportContext(kb=knowledge_from_files(), source_id=0)
    importer = UCDPImporter()

    def typed(row: int, raw: dict[str, str]) -> tuple[str, str, str]:
        out = importer.convert(row, dict(raw), ctx)
        if isinstance(out, Reject):
            return "not loadable", out.reason, ""
        d = out.data
        return str(d.event_type.value), str(d.event_type_rule), str(d.event_type_confidence)

    return typed


def coverage(min_killed: int = 20) -> dict[str, Any]:
    """The events, their status in the corpus and their kind by event type."""
    rows = _ucdp_rows(min_killed)
    claimed = _claimed_ids()
    typed = _typer()
    out: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    unchecked: list[dict[str, str]] = []
    for i, r in enumerate(rows, start=1):
        uid = SAME_ATTACK.get(r["id"], r["id"])
        etype, rule, conf = typed(i, r)
        kind = KIND.get(etype, etype)
        if uid in claimed:
            status = "claim record"
        elif uid in CHECKED_NO_CLAIM:
            status = f"checked: {CHECKED_NO_CLAIM[uid][0]}"
        else:
            status = (
                "not checked, with headline" if r["source_headline"] else "not checked, no headline"
            )
            unchecked.append(
                {**r, "event_type": etype, "rule": rule, "confidence": conf, "kind": kind}
            )
        out[status] += 1
        by_kind[(kind, status.split(",")[0])] += 1
    return {
        "events": len(rows),
        "counts": dict(out),
        "by_kind": dict(by_kind),
        "unchecked": unchecked,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-killed", type=int, default=20)
    ap.add_argument("--list-unchecked", action="store_true")
    ap.add_argument(
        "--attacks-only", action="store_true", help="list only unchecked attacks by militants"
    )
    args = ap.parse_args()
    res = coverage(args.min_killed)
    print(f"UCDP events 2007-2021 with >= {args.min_killed} killed: {res['events']}")
    for k in sorted(res["counts"]):
        print(f"  {k}: {res['counts'][k]}")
    kinds = sorted({k for k, _ in res["by_kind"]}, key=lambda k: (k != ATTACK, k))
    statuses = sorted({s for _, s in res["by_kind"]})
    attacks = [r for r in res["unchecked"] if r["kind"] == ATTACK]
    blind = sum(1 for r in attacks if r["rule"].startswith(NO_REPORT))
    print(
        f"\nattacks by militants not checked: {len(attacks)} ({len(attacks) - blind} typed from "
        f"a report's words, {blind} from the sides and the split of deaths only)"
    )
    print("\nby kind of event (the importer's event type):")
    for kind in kinds:
        total = sum(n for (k, _), n in res["by_kind"].items() if k == kind)
        parts = ", ".join(
            f"{s} {res['by_kind'][(kind, s)]}" for s in statuses if (kind, s) in res["by_kind"]
        )
        print(f"  {kind}: {total} ({parts})")
    if args.list_unchecked:
        rows = res["unchecked"]
        if args.attacks_only:
            rows = [r for r in rows if r["kind"] == ATTACK]
        for r in sorted(rows, key=lambda r: (r["kind"] != ATTACK, -int(r["best"]))):
            print(
                r["id"],
                r["date_start"][:10],
                r["best"],
                r["event_type"],
                r["rule"],
                r["confidence"],
                "|",
                r["side_a"],
                "|",
                r["side_b"],
                "|",
                r["where_coordinates"],
                "|",
                r["source_headline"][:70],
            )


if __name__ == "__main__":
    main()
