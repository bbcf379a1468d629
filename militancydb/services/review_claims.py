"""The claim sentences of a review candidate as Claim records of the incident a person
accepted it as, or merged it into: through the claims service's one write path
(:func:`~militancydb.services.claims.add_claim`), as every claim is recorded."""

from __future__ import annotations

from sqlalchemy.orm import Session

from militancydb.db.document_tables import Document, ReviewCandidate
from militancydb.knowledge.loader import Knowledge
from militancydb.services.claims import add_claim
from militancydb.services.history import Editor
from militancydb.services.review_proposal import source_of


def record_claims(
    session: Session,
    cand: ReviewCandidate,
    doc: Document,
    incident_id: int,
    kb: Knowledge,
    editor: Editor,
) -> list[int]:
    """The claim sentences of a candidate as Claim records of the incident (claimant,
    kind, channel; the article's sentence as summary and the document as source). A
    claimant the registry does not know is recorded unregistered, by the name the report
    gives (no actor is made; the incident keeps it by that name as a perpetrator with basis
    ``claimed``); a registry actor can take the claim over later
    (:func:`~militancydb.services.claims_unregistered.take_over_claims`). Returns the new
    claim ids."""
    ids = []
    for c in cand.data.get("claims", []):
        claimant = c.get("claimant") or c.get("claimant_name")
        if not claimant:
            continue
        # the extraction keeps a name unregistered when the registry does not decide it;
        # the claim is recorded by the name unless the registry resolves it as it stands
        unregistered = not c.get("claimant") and kb.registry.resolve(claimant).key is None
        created = add_claim(
            session,
            {
                "claimant": claimant,
                "claimant_unregistered": unregistered,
                "kind": c["kind"],
                "channel": c["channel"],
                "channel_name": c.get("channel_name"),
                "summary": c["statement_text"][:5000],
                "incident_id": incident_id,
                "confidence": "low",
                "note": f"reported in document {doc.id} (review candidate {cand.id})",
                "sources": [source_of(doc, {"sentences": [{"text": c["statement_text"]}]})],
            },
            kb,
            editor,
        )
        ids.append(created.id)
    return ids
