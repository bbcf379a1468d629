"""``militancydb claims check``: the shipped claims corpus checked as ``init`` loads it.

Two passes. The static pass (:func:`~militancydb.services.claims_corpus.check_corpus`) reads
the files: sources, claimants, incidents, kinds, the claim model. The rehearsal then loads
the corpus the way ``militancydb init`` does -- schema, shipped knowledge, the bundled UCDP
data, every seed file, through the same services -- into a throwaway SQLite database, and
lists every record those services refuse (an incident edit whose place no longer validates,
a claim the model refuses, ...), rather than stopping at the first as ``init`` does. What
passes the check therefore loads in ``init``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from militancydb.bootstrap import bundled_ucdp, initialise
from militancydb.bootstrap.seeds import SEED_USER, incident_problems, load_seeds
from militancydb.db.engine import make_engine, session_scope
from militancydb.io.engine import run_import
from militancydb.io.ucdp import UCDPImporter
from militancydb.knowledge.loader import load_knowledge
from militancydb.knowledge.shipped import read_sources
from militancydb.services.claims_corpus import bundled_ucdp_ids, check_corpus, seed_files


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
