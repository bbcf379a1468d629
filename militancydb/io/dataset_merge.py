"""A dataset row that describes an event already held (from another dataset, or entered by
hand), found by the de-duplication matcher (:mod:`militancydb.matching`) while importing.

- A **confident** match (``merge`` in ``matching/rules.yaml``) stores no second incident:
  the held incident gains the dataset's id (with the row's hash, so a re-import finds it as
  unchanged) and its citations, in one change-log entry attributed to the import run. The
  held figures, date, place and type are not overwritten; where the dataset says something
  else, the change's reason and the import's warnings say what (e.g. ``killed 12 (held
  10)``).
- An **uncertain** match (``review``) stores the row as a new incident linked to the held
  one by an ``incident_links`` row of relation ``possible_duplicate``, the score and reasons
  in its note; the import report lists them for an analyst to decide.
- Otherwise the row is a new incident, as without the matcher.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session

from militancydb.domain.incident import IncidentCreate
from militancydb.errors import StaleEdit
from militancydb.matching import Decision, MatchCandidate, MatchRules, shipped_rules
from militancydb.services.history import Editor
from militancydb.services.incident_rows import PreparedIncident
from militancydb.services.incident_store import add_dataset_record
from militancydb.services.locations import ResolvedLocation
from militancydb.services.matching import candidate_from_create, find_matches, held_candidate

RELATION = "possible_duplicate"


class Outcome(StrEnum):
    """What the matcher made of a row."""

    MERGED = "merged"
    LINKED = "linked"


@dataclass(frozen=True)
class RowMatch:
    """A row found to be (or perhaps be) an event already held."""

    row: int
    external_id: str
    incident_id: int
    score: int
    reasons: str
    #: What the dataset says differently from the held incident (merges only).
    differs: str = ""

    def describe(self, system: str) -> str:
        """One line for the import report."""
        head = f"{system} id {self.external_id} ~ incident {self.incident_id}: {self.reasons}"
        return head + (f"; the dataset differs: {self.differs}" if self.differs else "")


def differences(new: MatchCandidate, held: MatchCandidate) -> str:
    """What the new row says differently from the held incident (not applied)."""
    out: list[str] = []
    if new.killed_best != held.killed_best and new.killed_best is not None:
        out.append(f"killed {new.killed_best} (held {_shown(held.killed_best)})")
    if (new.date_start, new.date_end) != (held.date_start, held.date_end):
        out.append(f"date {new.date_start} (held {held.date_start})")
    if new.event_type != held.event_type:
        out.append(f"event type {new.event_type} (held {held.event_type})")
    if new.suicide is not None and new.suicide != held.suicide:
        out.append(f"suicide {new.suicide} (held {held.suicide})")
    return ", ".join(out)


def _shown(value: int | None) -> str:
    return "not recorded" if value is None else str(value)


class RowMatcher:
    """Matches the new rows of one import against the held incidents."""

    def __init__(self, system: str, rules: MatchRules | None = None) -> None:
        self.system = system
        self.rules = rules or shipped_rules()

    def check(
        self,
        session: Session,
        row: int,
        external_id: str,
        data: IncidentCreate,
        location: ResolvedLocation,
        prepared: PreparedIncident,
        editor: Editor,
    ) -> tuple[Outcome, RowMatch] | None:
        """Merge the row into a held incident (``MERGED``: store nothing more), or add a
        ``possible_duplicate`` link to ``prepared`` (``LINKED``: store it), or None."""
        candidate = candidate_from_create(data, location)
        matches = find_matches(session, candidate, self.rules, limit=1)
        if not matches:
            return None
        best = matches[0]
        s = best.score
        if s.decision is Decision.MERGE:
            held = held_candidate(session, best.incident_id)
            differs = differences(candidate, held)
            found = RowMatch(row, external_id, best.incident_id, s.score, s.explain(), differs)
            reason = (
                f"{editor.reason or 'import'}: merged {self.system} id {external_id} "
                f"(match score {s.score})"
                + (f"; the dataset's differing figures not applied: {differs}" if differs else "")
            )
            try:
                add_dataset_record(
                    session,
                    best.incident_id,
                    self.system,
                    external_id,
                    prepared.content_hash,
                    prepared.citations,
                    Editor(editor.user, reason, editor.import_run_id),
                )
            except StaleEdit:  # changed by someone else meanwhile: store it, linked
                pass
            else:
                return Outcome.MERGED, found
        elif s.decision is not Decision.REVIEW:
            return None
        found = RowMatch(row, external_id, best.incident_id, s.score, s.explain())
        prepared.related.append(
            {
                "incident_id": best.incident_id,
                "relation": RELATION,
                "note": f"matcher score {s.explain()}",
            }
        )
        return Outcome.LINKED, found
