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

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from enum import StrEnum

from sqlalchemy.orm import Session

from militancydb.domain.incident import IncidentCreate
from militancydb.errors import StaleEdit
from militancydb.matching import Decision, MatchCandidate, MatchRules, configured_rules, rank
from militancydb.services.history import Editor
from militancydb.services.incident_rows import PreparedIncident
from militancydb.services.incident_store import add_dataset_record
from militancydb.services.locations import ResolvedLocation
from militancydb.services.matching import candidate_from_create, held_candidates

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
    """Matches the new rows of one import against the held incidents.

    The incidents held when the import starts are read once per country and kept sorted by
    date (a query per row made imports ten times slower); each row is scored against those
    near its date by :func:`militancydb.matching.rank`, which applies the matcher's date
    window exactly as :func:`~militancydb.services.matching.find_matches` does. Incidents
    the import itself creates are not candidates: they are of the same dataset, which the
    matcher never merges (two ids of one dataset)."""

    def __init__(self, system: str, rules: MatchRules | None = None) -> None:
        self.system = system
        self.rules = rules or configured_rules()
        self._held: dict[str | None, tuple[list[dt.date], list[MatchCandidate], int]] = {}

    def _near(self, session: Session, c: MatchCandidate) -> list[MatchCandidate]:
        """Held incidents whose dates may fall in the candidate's window (a superset)."""
        if c.country not in self._held:
            rows = sorted(
                held_candidates(session, dt.date.min, dt.date.max, country=c.country),
                key=lambda h: h.date_start,
            )
            span = max(((h.last_day - h.date_start).days for h in rows), default=0)
            self._held[c.country] = ([h.date_start for h in rows], rows, span)
        starts, rows, span = self._held[c.country]
        slack = 2 * max(self.rules.slack_days.values(), default=0)
        reach = dt.timedelta(days=self.rules.window_days + slack)
        lo = bisect_left(starts, c.date_start - reach - dt.timedelta(days=span))
        hi = bisect_right(starts, c.last_day + reach)
        return rows[lo:hi]

    def _merged(self, incident_id: int, external_id: str) -> None:
        """The held incident now carries this dataset's id (a later row scores -100)."""
        for _, rows, _ in self._held.values():
            for n, h in enumerate(rows):
                if h.incident_id == incident_id:
                    ids = h.external_ids | {(self.system, external_id)}
                    rows[n] = replace(h, external_ids=ids)

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
        ranked = rank(candidate, self._near(session, candidate), self.rules)
        if not ranked:
            return None
        held, s = ranked[0]
        assert held.incident_id is not None
        if s.decision is Decision.MERGE:
            differs = differences(candidate, held)
            found = RowMatch(row, external_id, held.incident_id, s.score, s.explain(), differs)
            reason = (
                f"{editor.reason or 'import'}: merged {self.system} id {external_id} "
                f"(match score {s.score})"
                + (f"; the dataset's differing figures not applied: {differs}" if differs else "")
            )
            try:
                add_dataset_record(
                    session,
                    held.incident_id,
                    self.system,
                    external_id,
                    prepared.content_hash,
                    prepared.citations,
                    Editor(editor.user, reason, editor.import_run_id),
                )
            except StaleEdit:  # changed by someone else meanwhile: store it, linked
                pass
            else:
                self._merged(held.incident_id, external_id)
                return Outcome.MERGED, found
        elif s.decision is not Decision.REVIEW:
            return None
        found = RowMatch(row, external_id, held.incident_id, s.score, s.explain())
        prepared.related.append(
            {
                "incident_id": held.incident_id,
                "relation": RELATION,
                "note": f"matcher score {s.explain()}",
            }
        )
        return Outcome.LINKED, found
