"""The project's one de-duplication matcher (documented in ``docs/matching.md``).

Pure scoring lives here (:func:`score_pair`, :func:`rank`); the database look-up that finds
the held incidents to compare with is :func:`militancydb.services.matching.find_matches`.
"""

from militancydb.matching.score import has_place, haversine_km, rank, score_pair, within_window
from militancydb.matching.settings import MatchRules, configured_rules, load_rules, shipped_rules
from militancydb.matching.types import Decision, Match, MatchCandidate, MatchReason, MatchScore

__all__ = [
    "Decision",
    "Match",
    "MatchCandidate",
    "MatchReason",
    "MatchRules",
    "MatchScore",
    "has_place",
    "haversine_km",
    "configured_rules",
    "load_rules",
    "rank",
    "score_pair",
    "shipped_rules",
    "within_window",
]
