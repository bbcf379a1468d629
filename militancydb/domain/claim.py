"""Input and output schemas of claims of responsibility and their assessments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from militancydb.codebook import ClaimChannel, ClaimKind, ClaimStatus, Confidence
from militancydb.domain.dates import earliest, parse_partial
from militancydb.domain.incident import SourceIn
from militancydb.domain.limits import ACTOR_NAME, Count, RecordId, clip

LANG = r"^[a-z]{2,3}$"


class Asserted(BaseModel):
    """What a statement asserts, as far as it says (None: not said)."""

    model_config = ConfigDict(extra="allow")

    targets: str | None = None
    place: str | None = None
    killed: Count | None = None
    injured: Count | None = None
    date: str | None = None
    method: str | None = None


class ClaimCreate(BaseModel):
    """A claim (or denial) as it appeared."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    claimant: str = Field(min_length=1, max_length=ACTOR_NAME, description="Actor key or name.")
    claimant_unregistered: bool = Field(
        default=False,
        description="The claimant is a group the actor registry does not hold: the claim "
        "keeps it by the name as written (no actor is made). Refused for a name that is a "
        "registry actor's.",
    )
    kind: ClaimKind = ClaimKind.CLAIM
    channel: ClaimChannel = ClaimChannel.UNKNOWN
    channel_name: str | None = Field(default=None, max_length=300)
    claimed_at: str | None = Field(
        default=None, description="When it was made: YYYY[-MM[-DD]] or YYYY-MM-DDTHH:MM."
    )
    languages: list[str] = Field(default_factory=list)
    statement_text: str | None = Field(default=None, max_length=20_000)
    statement_language: str | None = Field(default=None, pattern=LANG)
    translation: str | None = Field(default=None, max_length=20_000)
    summary: str | None = Field(default=None, max_length=5_000)
    asserted: Asserted = Field(default_factory=Asserted)
    incident_id: RecordId | None = None
    status: ClaimStatus = ClaimStatus.ASSERTED
    confidence: Confidence = Field(
        default=Confidence.MEDIUM,
        description="How sure the record is that the claim was made (low: a single weak "
        "report, no wording or channel).",
    )
    sources: list[SourceIn] = Field(default_factory=list)
    note: str | None = Field(default=None, max_length=5_000)

    @field_validator("claimed_at")
    @classmethod
    def _when(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        text = str(value).strip()
        if "T" in text:
            try:
                stamp = dt.datetime.fromisoformat(text)
            except ValueError as exc:
                raise ValueError(f"{clip(text)} is not a date-time (YYYY-MM-DDTHH:MM)") from exc
            if stamp.date() > dt.date.today():
                raise ValueError(f"{text} is in the future; a claim is dated when it was made")
            return text
        try:
            parsed = parse_partial(text)
        except ValueError:
            raise ValueError(
                f"{clip(text)} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"
            ) from None
        assert parsed is not None
        first = earliest(parsed)
        if first is not None and first > dt.date.today():
            raise ValueError(f"{parsed} is in the future; a claim is dated when it was made")
        return parsed

    @field_validator("languages")
    @classmethod
    def _langs(cls, value: list[str]) -> list[str]:
        for lang in value:
            if not (2 <= len(lang) <= 3 and lang.isalpha() and lang.islower()):
                raise ValueError(f"{clip(lang)} is not a language code (ISO 639: ar, en, ur, ps)")
        return value


class ClaimPublic(BaseModel):
    """A stored claim."""

    id: int
    version: int
    deleted: bool = False
    incident_id: int | None
    claimant_key: str | None
    claimant_name: str
    #: The claimant is a group the registry does not hold, kept by the name as written
    #: (``claimant_key`` is None) until a registry actor takes the claim over.
    unregistered: bool = False
    kind: str
    channel: str
    channel_name: str | None
    claimed_at: str | None
    languages: list[str]
    statement_text: str | None
    statement_language: str | None
    translation: str | None
    summary: str | None
    asserted: dict[str, Any]
    status: str
    confidence: str = "medium"
    note: str | None = None
    sources: list[dict[str, Any]] = Field(default_factory=list)
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str

    def english(self) -> str | None:
        """The English text the checks read: the statement if English, else the translation."""
        if self.statement_language in (None, "en") and self.statement_text:
            return self.statement_text
        return self.translation


class Factor(BaseModel):
    """One factor of a credibility assessment."""

    name: str
    label: str
    points: float
    max_points: float
    verdict: str
    evidence: list[str] = Field(default_factory=list)
    incidents: list[int] = Field(default_factory=list)


class Assessment(BaseModel):
    """A credibility assessment: a grade on the published scale, a score and every reason."""

    claim_id: int
    grade: str
    score: float
    method: str
    factors: list[Factor]
    flags: list[str] = Field(default_factory=list)
    is_override: bool = False
    reason: str | None = None
    computed_grade: str | None = None
    at: dt.datetime | None = None
    user: str | None = None
