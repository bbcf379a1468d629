"""The keyword cues, as the importers use them: re-exported from
:mod:`militancydb.codebook.keywords` (the cue lists are vocabulary, below every layer that
reads texts: importers, extraction and the claims reader)."""

from militancydb.codebook.keywords import (
    TACTIC_PRECEDENCE,
    Cues,
    cues,
    keywords_version,
    tactics_in,
    targets_in,
)

__all__ = ["TACTIC_PRECEDENCE", "Cues", "cues", "keywords_version", "tactics_in", "targets_in"]
