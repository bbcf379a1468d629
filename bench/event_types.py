"""Event-type accuracy of the UCDP rows (issue 14), against two references.

1. **Linked sets.** UCDP events that are the same event as a row of another file of
   ``/work/shared/data``: linked to Pakistan Body Count's suicide attacks, they must be
   attacks by militants (``militant_attack``, ``sectarian_attack``); linked to PBC's drone
   attacks or the Bureau of Investigative Journalism's drone strikes, they must be
   ``drone_strike``. The links are made by the project's matcher (``bench/linking.py``) with
   the factors that read the event type, suicide flag or tactics switched off, so that the
   type being measured plays no part in choosing the pairs; only confident links
   ("merge") count (the review-level links are printed apart).
2. **Hand-checked sample.** ``bench/data/event_types_sample.csv``: 210 state-based and
   one-sided UCDP rows drawn at random (fixed seed), each labelled by a person from its
   headline, article, place and sides before the rules were written, with the reason
   (``bench/data/README.md``). Compared by kind: attacks by militants; security-force
   operations (with air strikes by Pakistan's forces, raids, named campaigns); drone strikes;
   cross-border attacks; initiator unknown (``armed_clash``, ``state_based_fighting``);
   state violence against civilians.

The UCDP types are those the importer stored (``militancydb init``'s database, built by
``bench/linking.py``). Targets: >= 95% on the linked sets, >= 90% on the sample.

Usage: .venv/bin/python bench/event_types.py [--rebuild]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from event_kinds import KIND, NO_REPORT  # noqa: E402
from linking import Held, Link, database, held_by_system, link, type_blind  # noqa: E402

from militancydb.db.engine import make_engine, session_scope  # noqa: E402
from militancydb.matching import Decision, shipped_rules  # noqa: E402

SAMPLE = Path(__file__).resolve().parent / "data" / "event_types_sample.csv"
ATTACKS = {"militant_attack", "sectarian_attack"}
UNKNOWN = {"armed_clash", "state_based_fighting"}
#: rules that say the row's evidence is too thin to type it ("initiator unknown"): no report
#: says what happened, and the sides and the split of deaths decide nothing
THIN = ("ucdp:sb-unknown", "ucdp:sb-foreign-unknown")


def linked_accuracy(
    name: str, links: list[Link], allowed: set[str], rules_of: dict[str, str]
) -> tuple[float, float, int, int]:
    """Agreement on the confident links: over all of them, and over those whose row carries
    evidence (not typed 'initiator unknown' by a rule of :data:`THIN`), with the counts of
    rows with and without evidence."""
    merged = [x for x in links if x.score.decision is Decision.MERGE]
    review = [x for x in links if x.score.decision is Decision.REVIEW]
    out = (0.0, 0.0, 0, 0)
    for label, group in (("merge", merged), ("review", review)):
        wrong = [x for x in group if x.b.candidate.event_type not in allowed]
        n = len(group)
        acc = (n - len(wrong)) / n if n else 0.0
        if label == "merge":
            thin = [x for x in group if rules_of.get(x.b.external_id, "").startswith(THIN)]
            with_ev = [x for x in group if x not in thin]
            ok_ev = sum(1 for x in with_ev if x.b.candidate.event_type in allowed)
            out = (acc, ok_ev / max(len(with_ev), 1), len(with_ev), len(thin))
        print(
            f"{name} [{label}]: {n - len(wrong)}/{n} = {acc:.1%} typed "
            f"{' or '.join(sorted(allowed))}"
        )
        if label == "merge":
            kinds = Counter(x.b.candidate.event_type for x in wrong)
            if kinds:
                print("  wrong types: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
            texted = [
                x for x in group if not rules_of.get(x.b.external_id, "").startswith(NO_REPORT)
            ]
            t_ok = sum(1 for x in texted if x.b.candidate.event_type in allowed)
            unknown = sum(1 for x in wrong if x.b.candidate.event_type in UNKNOWN)
            print(
                f"  on rows with evidence: {out[1]:.1%} of {out[2]}; without evidence (typed "
                f"'initiator unknown' by {', '.join(r[5:] for r in THIN)}): {out[3]}"
            )
            print(
                f"  decided by a report in the row: {t_ok}/{len(texted)} = "
                f"{t_ok / max(len(texted), 1):.1%}; decided by sides and losses only: "
                f"{n - len(texted)}"
            )
            print(
                f"  typed another kind (contradicting the linked file): {len(wrong) - unknown}; "
                f"left 'initiator unknown': {unknown}; not contradicted: "
                f"{(n - len(wrong) + unknown) / max(n, 1):.1%}"
            )
            for x in sorted(wrong, key=lambda x: x.b.candidate.date_start):
                c = x.b.candidate
                print(
                    f"  ucdp {x.b.external_id} {c.date_start} {c.event_type} "
                    f"({rules_of.get(x.b.external_id, '?')}) <- {x.a.system} {x.a.external_id}"
                )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    engine = make_engine(database(args.rebuild))
    with session_scope(engine) as s:
        held = held_by_system(s)
        from sqlalchemy import select

        from militancydb.db.tables import ExternalId, Incident

        rules_of = {
            e: r or ""
            for e, r in s.execute(
                select(ExternalId.external_id, Incident.event_type_rule)
                .join(Incident, Incident.id == ExternalId.incident_id)
                .where(ExternalId.system == "ucdp")
            )
        }
    engine.dispose()
    blind = type_blind(shipped_rules())
    ucdp = held["ucdp"]

    def within(rows: list[Held], ref: list[Held]) -> list[Held]:
        first, last = ref[0].candidate.date_start, ref[-1].candidate.date_start
        return [h for h in rows if first <= h.candidate.date_start <= last]

    print("## Linked sets (matcher, type-blind, one to one)")
    suicide = held["pbc_suicide"]
    acc_s = linked_accuracy(
        "UCDP ~ PBC suicide attacks -> attack by militants",
        link(suicide, within(ucdp, suicide), blind),
        ATTACKS,
        rules_of,
    )
    drone_links: list[Link] = []
    used: set[str] = set()
    for system in ("pbc_drone", "tbij"):
        rows = held[system]
        for x in link(rows, within(ucdp, rows), blind):
            if x.b.external_id not in used:  # a UCDP event linked by both files counts once
                used.add(x.b.external_id)
                drone_links.append(x)
    acc_d = linked_accuracy(
        "UCDP ~ PBC/TBIJ drone strikes -> drone strike", drone_links, {"drone_strike"}, rules_of
    )
    types = {h.external_id: h.candidate.event_type or "" for h in ucdp}
    print("\n## Hand-checked sample (bench/data/event_types_sample.csv)")
    with SAMPLE.open(encoding="utf-8", newline="") as f:
        sample = list(csv.DictReader(f))
    wrong = []
    confusion: Counter[tuple[str, str]] = Counter()
    for r in sample:
        got = types[r["ucdp_id"]]
        want, have = KIND[r["label"]], KIND[got]
        confusion[(want, have)] += 1
        if want != have:
            wrong.append((r, got))
    acc_h = (len(sample) - len(wrong)) / len(sample)
    print(f"agreement by kind: {len(sample) - len(wrong)}/{len(sample)} = {acc_h:.1%}")
    per = Counter(KIND[r["label"]] for r in sample)
    for kind, n in per.most_common():
        ok = confusion[(kind, kind)]
        print(f"  {kind}: {ok}/{n}")
    for r, got in wrong:
        print(
            f"  #{r['n']} ucdp {r['ucdp_id']} {r['date_start']} label {r['label']}, typed {got} "
            f"({rules_of.get(r['ucdp_id'], '?')}): {r['reason']}"
        )
    print("\n## Summary")
    for what, (acc, ev, n_ev, n_thin) in (("suicide attacks", acc_s), ("drone strikes", acc_d)):
        print(
            f"linked, {what + ':':16} {ev:.1%} of {n_ev} rows with evidence (target 95%); "
            f"{n_thin} rows without evidence left 'initiator unknown'; all rows {acc:.1%}"
        )
    print(f"hand-checked sample:     {acc_h:.1%} (target 90%)")


if __name__ == "__main__":
    main()
