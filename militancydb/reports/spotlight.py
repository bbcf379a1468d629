"""The group spotlight of a periodic report: the most active group of the period, as the
registry (:func:`militancydb.services.actors.actor_state`) and the analysis core
(:mod:`militancydb.analysis.actor_questions`) describe it."""

from __future__ import annotations

from collections import Counter

from sqlalchemy.orm import Session

from militancydb.analysis.actor_questions import leadership_answer
from militancydb.analysis.data import Row
from militancydb.analysis.losses import losses
from militancydb.analysis.periods import Period
from militancydb.analysis.sources import sources_by_key
from militancydb.codebook import label
from militancydb.domain.claim import ClaimPublic
from militancydb.knowledge.loader import Knowledge
from militancydb.reports.model import Figure, Notes, SourceBook
from militancydb.reports.periodic_model import Spotlight
from militancydb.reports.tally import FAMILY_LABELS, tally
from militancydb.reports.words import figure_words, plural
from militancydb.services.actors import actor_state

SPOTLIGHT_RULE = (
    "The armed group (not a state force) named as perpetrator of the most attacks in the "
    "period on the basis of attribution by datasets or officials, or confirmation (claims "
    "alone do not count); ties go to the group whose attacks killed more, then by name."
)
STATE_FAMILIES = ("state", "foreign_state")


def most_active(kb: Knowledge, attacks: list[Row]) -> tuple[str, list[Row]] | None:
    """The key of the most active group and its attacks (None: no attributed attack)."""
    reg = kb.registry
    by_key: dict[str, list[Row]] = {}
    for r in attacks:
        for key in sorted({a.key for a in r.perpetration() if a.key}):
            actor = reg.actors.get(key)
            if actor is not None and actor.family not in STATE_FAMILIES:
                by_key.setdefault(key, []).append(r)
    if not by_key:
        return None
    key = min(
        by_key,
        key=lambda k: (-len(by_key[k]), -sum(r.killed or 0 for r in by_key[k]), reg.actors[k].name),
    )
    return key, by_key[key]


def spotlight(
    session: Session,
    kb: Knowledge,
    period: Period,
    attacks: list[Row],
    claims: list[ClaimPublic],
    notes: Notes,
    book: SourceBook,
    words: str,
) -> Spotlight | None:
    """The spotlight, or None when no attack of the period is attributed to a group."""
    found = most_active(kb, attacks)
    if found is None:
        return None
    key, rows = found
    reg = kb.registry
    st = actor_state(reg, key, period.end)
    name = st.actor.name
    lead = leadership_answer(kb, key, period.end)
    lost = losses(session, kb, key, period.start, period.end)
    t = tally(rows, notes, f"attacks attributed to {name}")
    bases = Counter(label(a.basis) for r in rows for a in r.perpetration() if a.key == key)
    family = reg.family(key)
    n_claims = sum(1 for c in claims if c.claimant_key in family and c.kind == "claim")
    killed = Figure(
        lost.militants_killed,
        notes.cite(f"{name} militants killed", lost.militants_killed_incidents),
    )
    arrested = Figure(
        lost.militants_arrested, notes.cite(f"{name} militants arrested", lost.arrested_incidents)
    )
    relations = [
        f"{rv.relation.type} {'towards' if rv.direction == 'outgoing' else 'from'} "
        f"{rv.other_name} (since {rv.relation.start or 'a date not recorded'})"
        for rv in st.relations
        if rv.active
    ]
    fam_label = FAMILY_LABELS.get(st.actor.family, st.actor.family)
    text = [
        f"{name} ({fam_label.lower()}) is the attributed perpetrator of "
        f"{plural(len(rows), 'attack')} "
        f"in {words} ({figure_words(t.killed, 'killed')}). Basis of the "
        f"attributions: " + ", ".join(f"{b.lower()} {n}" for b, n in bases.most_common()) + ".",
        lead.sentence + ".",
        f"In operations, drone strikes and clashes of {words} in which it was a target or "
        f"party, militants killed: "
        f"{'not recorded' if lost.militants_killed is None else f'{lost.militants_killed:,}'}; "
        f"arrests: "
        f"{'not recorded' if lost.militants_arrested is None else f'{lost.militants_arrested:,}'}"
        f" ({lost.caveats[0]}).",
    ]
    if n_claims:
        text.append(
            f"It (or a chapter) made {plural(n_claims, 'claim')} of responsibility in the period."
        )
    if st.parent:
        text.append(f"It is a chapter of {st.parent.name}.")
    book.known.update(sources_by_key(session, st.actor.sources))
    return Spotlight(
        key=key,
        name=name,
        family=fam_label,
        why=SPOTLIGHT_RULE,
        parent=st.parent.name if st.parent else None,
        chapters=[c.name for c in st.chapters],
        leadership=lead.sentence,
        attacks=t.incidents,
        killed=t.killed,
        militants_killed=killed,
        militants_arrested=arrested,
        bases=dict(bases),
        provinces=sorted({r.province_name for r in rows if r.province_name}),
        relations=relations,
        claims=n_claims,
        text=text,
        sources=book.cite(st.actor.sources),
    )
