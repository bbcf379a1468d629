"""Calibration of the claim credibility grades against established responsibility.

A fresh SQLite database is built as ``militancydb init`` builds it (schema, knowledge, the
bundled UCDP data, the claims corpus with its established findings), unless ``--db`` names
one. The established cases (findings of medium or high confidence, one case per incident)
are split at random with a fixed seed into a development half and a held-out half; the
split is kept in ``militancydb/claims/calibration_split.json`` and never redrawn (cases
added later are appended). Every claim on a case's incident is graded as of its own date
(claims made later hidden) and counted right or wrong against the finding. Figures per
grade with Wilson 95% intervals, the share of claims graded likely/plausible that were
right, and the share of claims shown false that were graded doubtful/unlikely, for both
halves; a line for all findings including those of low confidence is given for
information only. Written to ``militancydb/claims/calibration.json`` (read by ``claims
assess``) and into ``docs/benchmarks.md`` under "## Claims calibration".

Usage: .venv/bin/python bench/claims_calibration.py [--db URL] [--split-only] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from militancydb.bootstrap import initialise
from militancydb.claims.calibration import (
    CALIBRATION_FILE,
    SPLIT_FILE,
    established_cases,
    incident_label,
    load_or_make_split,
    outcomes,
    summarise,
    summary_dict,
)
from militancydb.claims.credibility import METHOD, SCALE
from militancydb.db.engine import make_engine, session_scope
from militancydb.knowledge.loader import load_knowledge

sys.path.insert(0, str(Path(__file__).resolve().parent))

from doc_section import DOC, write_section  # noqa: E402

TARGET_BELIEVED = 0.85
TARGET_DOUBTED = 0.70


def _pct(r: dict[str, Any]) -> str:
    if not r["n"]:
        return "n/a (0 claims)"
    lo, hi = r["wilson95"]
    return f"{r['k']}/{r['n']} = {100 * r['rate']:.0f}% (95% CI {100 * lo:.0f}-{100 * hi:.0f}%)"


def _verdict(what: str, r: dict[str, Any], target: float) -> str:
    """Whether the held-out figure shows the target met, missed, or cannot tell: met only
    when the lower end of the 95% interval reaches the target, missed when the upper end
    is below it."""
    if not r["n"]:
        return f"{what}: no held-out claims, so the target cannot be measured."
    lo, hi = r["wilson95"]
    if lo >= target:
        return f"{what}: target met (interval lower end {100 * lo:.0f}%)."
    if hi < target:
        return f"{what}: target missed (interval upper end {100 * hi:.0f}%)."
    return (
        f"{what}: {100 * r['rate']:.0f}% on {r['n']} claim(s), but the 95% interval "
        f"({100 * lo:.0f}-{100 * hi:.0f}%) is too wide to say whether the target is met."
    )


def run(url: str, split_only: bool) -> dict[str, Any]:
    engine = make_engine(url)
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        cases = established_cases(s, min_confidence="medium")
        split = load_or_make_split([c.key for c in cases])
        if split_only:
            return {"split": split}
        halves: dict[str, Any] = {}
        detail: list[dict[str, Any]] = []
        for half in ("development", "held_out"):
            mine = [c for c in cases if c.key in split[half]]
            rows = outcomes(s, kb, mine)
            halves[half] = summary_dict(summarise(rows, len(mine)))
            for r in rows:
                case = next(c for c in mine if c.key == r.case)
                detail.append(
                    {
                        "half": half,
                        "case": r.case,
                        "incident": incident_label(s, case.incident_id),
                        "claim_id": r.claim_id,
                        "claimant": r.claimant,
                        "claimed_at": r.claimed_at,
                        "grade": r.grade,
                        "score": r.score,
                        "right": r.right,
                    }
                )
        everything = established_cases(s, min_confidence="low")
        rows_all = outcomes(s, kb, everything, min_confidence="low")
        low_info = summary_dict(summarise(rows_all, len(everything)))
        for r in rows_all:
            if not any(d["claim_id"] == r.claim_id for d in detail):
                case = next(c for c in everything if c.key == r.case)
                detail.append(
                    {
                        "half": "low-confidence finding (not in the split)",
                        "case": r.case,
                        "incident": incident_label(s, case.incident_id),
                        "claim_id": r.claim_id,
                        "claimant": r.claimant,
                        "claimed_at": r.claimed_at,
                        "grade": r.grade,
                        "score": r.score,
                        "right": r.right,
                    }
                )
    return {
        "method": METHOD,
        "scale": [list(g) for g in SCALE],
        "measured": dt.date.today().isoformat(),
        "split_seed": split["seed"],
        "development": halves["development"],
        "held_out": halves["held_out"],
        "all_findings_including_low": low_info,
        "claims": detail,
    }


def section(res: dict[str, Any]) -> str:
    dev, held, low = res["development"], res["held_out"], res["all_findings_including_low"]
    lines = [
        "## Claims calibration",
        "",
        f"`bench/claims_calibration.py` (grading method `{res['method']}`, weights unchanged; "
        f"split seed {res['split_seed']}, committed in "
        "`militancydb/claims/calibration_split.json` before any measurement). Cases: "
        "incidents with responsibility established at medium or high confidence "
        "(`established:` in `militancydb/seeds/claims/*.yaml`). Every claim on such an "
        "incident is graded as of its own date (later claims hidden) and counted right when "
        "the finding names the claimant's organisation.",
        "",
        "| half | cases | claims | likely | plausible | doubtful | unlikely | "
        "graded likely/plausible and right | shown false and graded doubtful/unlikely |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, h in (("development", dev), ("held-out", held), ("all incl. low (info)", low)):
        g = h["per_grade"]
        cells = [f"{g[x]['right']} right / {g[x]['wrong']} wrong" for x, _ in SCALE]
        lines.append(
            f"| {name} | {h['n_cases']} | {h['n_claims']} | "
            + " | ".join(cells)
            + f" | {_pct(h['believed_right'])} | {_pct(h['false_doubted'])} |"
        )
    lines += [
        "",
        f"Targets on the held-out half: at least {TARGET_BELIEVED:.0%} of claims graded "
        f"likely/plausible right; at least {TARGET_DOUBTED:.0%} of claims shown false graded "
        "doubtful/unlikely. "
        + _verdict("likely/plausible right", held["believed_right"], TARGET_BELIEVED)
        + " "
        + _verdict("shown false and doubted", held["false_doubted"], TARGET_DOUBTED),
        "",
        "| half | case | incident | claim | claimant | claimed | grade | score | right |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for d in res["claims"]:
        lines.append(
            f"| {d['half']} | {d['case']} | {d['incident']} | {d['claim_id']} | {d['claimant']} "
            f"| {d['claimed_at'] or ''} | {d['grade']} | {d['score']} | "
            f"{'yes' if d['right'] else 'no'} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="database URL (default: a fresh SQLite built like init)")
    ap.add_argument("--split-only", action="store_true", help="write the split and stop")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db
        if not url:
            url = f"sqlite:///{tmp}/calibration.db"
            initialise(make_engine(url), user="bench")
        res = run(url, args.split_only)
    if args.split_only:
        print(json.dumps(res["split"], indent=2))
        print(f"split written to {SPLIT_FILE}")
        return
    text = section(res)
    print(text)
    if not args.no_write:
        CALIBRATION_FILE.write_text(json.dumps(res, indent=2) + "\n", "utf-8")
        write_section(text, "Claims calibration")
        print(f"written: {CALIBRATION_FILE} and {DOC}")


if __name__ == "__main__":
    main()
