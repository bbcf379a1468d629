"""Tables of claims of responsibility, their assessments and the reference of local facts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from militancydb.db.base import Base, JSONType, utcnow

# --- claims --------------------------------------------------------------------------------


class Claim(Base):
    """A statement by an actor that it carried out (or did not carry out) an attack."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))

    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    claimant_key: Mapped[str | None] = mapped_column(String(100), index=True)
    claimant_name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10))
    channel: Mapped[str] = mapped_column(String(40))
    channel_name: Mapped[str | None] = mapped_column(String(200))
    claimed_at: Mapped[str | None] = mapped_column(String(25))
    languages: Mapped[list[Any] | None] = mapped_column(JSONType)
    statement_text: Mapped[str | None] = mapped_column(Text)
    statement_language: Mapped[str | None] = mapped_column(String(10))
    translation: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    asserted: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(String(20), default="asserted")
    confidence: Mapped[str] = mapped_column(String(10), default="medium")
    note: Mapped[str | None] = mapped_column(Text)
    ref: Mapped[str | None] = mapped_column(String(200), unique=True)


class ClaimAssessment(Base):
    """A credibility assessment of a claim, computed or set by an analyst (an override)."""

    __tablename__ = "claim_assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    user: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(40))
    grade: Mapped[str] = mapped_column(String(20))
    score: Mapped[float | None] = mapped_column(Float)
    factors: Mapped[list[Any] | None] = mapped_column(JSONType)
    is_override: Mapped[bool] = mapped_column(Boolean, default=False)
    computed_grade: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)


class LocalFact(Base):
    """A reference fact claim statements are checked against (an institution, a title)."""

    __tablename__ = "local_facts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    country: Mapped[str] = mapped_column(String(2))
    category: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    aliases: Mapped[list[Any] | None] = mapped_column(JSONType)
    level: Mapped[str | None] = mapped_column(String(20))
    places: Mapped[list[Any] | None] = mapped_column(JSONType)
    valid_from: Mapped[str | None] = mapped_column(String(10))
    valid_to: Mapped[str | None] = mapped_column(String(10))
    periods: Mapped[list[Any] | None] = mapped_column(JSONType)
    only_in: Mapped[list[Any] | None] = mapped_column(JSONType)
    part_of: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(30), default="user")
    version: Mapped[int] = mapped_column(Integer, default=1)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
