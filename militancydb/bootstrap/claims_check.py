"""``militancydb claims check``: the shipped claims corpus checked as ``init`` loads it.

Two passes. The static pass (:func:`~militancydb.services.claims_corpus.check_corpus`) reads
the files: sources, claimants, incidents, kinds, the claim model. The rehearsal then loads
the corpus the way ``militancydb init`` does -- schema, shipped knowledge, the bundled UCDP
data, every seed file, through the same services -- into a throwaway SQLite database, and
lists every record those services refuse (an incident edit whose place no longer validates,
a claim the model refuses, ...), rather than stopping at the first as ``init`` does. What
passes the check therefore loads in ``init``.

Between the two, :func:`record_problems` checks what the audit of a sample against its
sources (docs/claims.md, "Verification") showed can be checked without reading the sources:
a cited source without a publisher, an address that is not one, a source dated after it was
looked up, a claim dated before its incident, and a stated toll far from the incident's
counts with no note saying why.
"""

from __future__ import annotations

import csv
import re
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from militancydb.bootstrap import bundled_ucdp, initialise
from militancydb.bootstrap.seeds import SEED_USER, incident_problems, load_seeds
from militancydb.db.engine import make_engine, session_scope
from militancydb.io.engine import run_import
from militancydb.io.ucdp import UCDPImporter
from militancydb.knowledge.loader import load_knowledge
from militancydb.knowledge.shipped import SourceRecord, read_sources
from militancydb.services.claims_corpus import SeedFile, bundled_ucdp_ids, check_corpus, seed_files

#: A stated toll this many times above the incident's highest count (or below its lowest)
#: needs a `note`: groups inflate, but a factor of three is as often a wrong incident or a
#: misread figure as an exaggeration.
TOLL_FACTOR = 3.0

#: What a source's `url` may be: a web address, or a data file bundled with the project.
_ADDRESS = re.compile(r"^https?://[^/\s]+\.[^/\s]+")
_BUNDLED = "shared/data/"


def check_shipped_corpus(*, rehearse: bool = True, folder: Path | None = None) -> list[str]:
    """Every problem of the shipped corpus: the static pass, then (``rehearse``) the load as
    ``init`` does it, in a scratch SQLite database (in ``folder``, default the system's
    temporary folder) that is deleted afterwards."""
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'rehearsal.db'}")
        try:
            initialise(engine, user=SEED_USER, with_data=False)
            with session_scope(engine) as s:
                kb = load_knowledge(s)
                problems = check_corpus(
                    seed_files(),
                    kb.registry,
                    read_sources(),
                    bundled_ucdp_ids(),
                    lambda raw: incident_problems(raw, kb),
                )
            problems += record_problems(seed_files(), read_sources(), bundled_ucdp_events())
            if rehearse:
                with session_scope(engine) as s:
                    run_import(s, UCDPImporter(), bundled_ucdp(), load_knowledge(s), SEED_USER)
                refused: list[str] = []
                with session_scope(engine) as s:
                    load_seeds(s, load_knowledge(s), problems=refused)
                problems += [f"when loaded as `init` loads it: {p}" for p in refused]
        finally:
            engine.dispose()
    return problems


def bundled_ucdp_events() -> dict[str, tuple[str, int, int]]:
    """The bundled UCDP events: id -> (first day, lowest and highest count of the killed)."""
    path = resources.files("militancydb.datasets").joinpath("ucdp-ged-pakistan-1989-2021.csv")
    with path.open("r", encoding="utf-8") as fh:
        return {
            row["id"]: (row["date_start"][:10], int(row["low"]), int(row["high"]))
            for row in csv.DictReader(fh)
        }


def _cited(files: list[SeedFile]) -> Iterator[tuple[str, str]]:
    """(where, source id) for every source a record of the corpus files cites."""
    for f in files:
        for section in ("incidents", "claims", "established"):
            for n, raw in enumerate(f.doc.get(section) or []):
                if not isinstance(raw, dict):
                    continue
                where = f"{f.name} {section.rstrip('s')} {raw.get('ref') or n + 1}"
                for key in [raw.get("statement_source"), *(raw.get("sources") or [])]:
                    if key:
                        yield where, str(key)


def source_problems(files: list[SeedFile], sources: dict[str, SourceRecord]) -> list[str]:
    """A cited source without a publisher, with an address that is not one, or dated after
    the day it was looked up (each source reported once, with the first record citing it)."""
    out: list[str] = []
    seen: set[str] = set()
    for where, key in _cited(files):
        src = sources.get(key)
        if src is None or key in seen:
            continue  # an unknown id is reported by the static pass
        seen.add(key)
        if not (src.publisher or "").strip():
            out.append(f"{where}: source {key!r} has no publisher")
        url = (src.url or "").strip()
        if not (_ADDRESS.match(url) or url.startswith(_BUNDLED)):
            out.append(
                f"{where}: source {key!r} has url {url!r}, which is neither an address "
                f"(http(s)://host/...) nor a bundled file ({_BUNDLED}...)"
            )
        if src.published and src.accessed and src.published > src.accessed:
            out.append(
                f"{where}: source {key!r} is dated {src.published}, after it was looked up "
                f"({src.accessed})"
            )
    return out


def _incident_facts(
    ref: str, seeded: dict[str, dict[str, Any]], ucdp: dict[str, tuple[str, int, int]]
) -> tuple[str, int, int] | None:
    """(date, lowest and highest killed) of a claim's incident, None if unknown or untolled."""
    if ref.startswith("ucdp:"):
        return ucdp.get(ref[5:])
    inc = seeded.get(ref)
    if inc is None:
        return None
    counts = [
        int(v)
        for c in inc.get("casualties") or []
        if c.get("outcome") == "killed" and c.get("category", "total") == "total"
        for v in (c.get("low"), c.get("best"), c.get("high"))
        if isinstance(v, int)
    ]
    return (str(inc.get("date") or ""), min(counts, default=0), max(counts, default=0))


def claim_problems(files: list[SeedFile], ucdp: dict[str, tuple[str, int, int]]) -> list[str]:
    """A claim dated before its incident (at the precision it is dated to), or asserting a
    number killed `TOLL_FACTOR` times off the incident's counts, without a `note`."""
    seeded = {str(i["ref"]): i for f in files for i in f.doc.get("incidents") or [] if "ref" in i}
    out: list[str] = []
    for f in files:
        for n, raw in enumerate(f.doc.get("claims") or []):
            if not isinstance(raw, dict) or raw.get("note") or "incident" not in raw:
                continue
            facts = _incident_facts(str(raw["incident"]), seeded, ucdp)
            if facts is None:
                continue  # an unknown incident is reported by the static pass
            day, low, high = facts
            where = f"{f.name} claim {n + 1}"
            said = str(raw.get("claimed_at") or "")
            if said and day and said < day[: len(said)]:
                out.append(
                    f"{where}: claimed_at {said} is before its incident ({day}); "
                    "correct the date or the incident, or say why in `note`"
                )
            killed = (raw.get("asserted") or {}).get("killed")
            if not isinstance(killed, int) or isinstance(killed, bool) or high <= 0:
                continue
            factor = max(killed / high, low / killed if killed else float("inf"))
            if factor >= TOLL_FACTOR:
                out.append(
                    f"{where}: asserts {killed} killed, {factor:.1f} times off the incident's "
                    f"count ({low}-{high}); check the incident and the figure, and say why in "
                    "`note`"
                )
    return out


def record_problems(
    files: list[SeedFile],
    sources: dict[str, SourceRecord],
    ucdp: dict[str, tuple[str, int, int]],
) -> list[str]:
    """The checks of :func:`source_problems` and :func:`claim_problems` over the corpus
    files (``claims/*.yaml``)."""
    corpus = [f for f in files if f.name.startswith("claims/")]
    return source_problems(corpus, sources) + claim_problems(corpus, ucdp)
