"""Tables of ingested documents (news articles, feed items) and of the review queue of the
incidents extracted from them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from militancydb.db.base import Base, JSONType, utcnow


class Document(Base):
    """One ingested text: where it came from, its language, its hash, what became of it.

    ``status``: ``extracted`` (read by the pipeline), ``not_extracted`` (stored, not read:
    not English, or no text), ``error`` (kept with the reason)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source_path: Mapped[str | None] = mapped_column(String(2000))
    item: Mapped[str | None] = mapped_column(String(2000))  # a feed item's id or link
    kind: Mapped[str] = mapped_column(String(20))  # text | html | feed-item
    url: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(String(2000))
    publisher: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[str | None] = mapped_column(String(10))
    language: Mapped[str | None] = mapped_column(String(10))
    language_score: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    incidents_found: Mapped[int | None] = mapped_column(Integer)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    ingested_by: Mapped[str] = mapped_column(String(200))


class ReviewCandidate(Base):
    """An incident extracted from a document, waiting for (or given) a person's decision.

    ``status``: ``pending``, ``accepted`` (a new incident was made), ``merged`` (added to an
    existing incident by a person), ``auto_merged`` (added by the matcher, undoable),
    ``rejected``; an automatic merge taken back returns to ``pending``."""

    __tablename__ = "review_candidates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # which incident of the document
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)  # the extracted incident
    proposal: Mapped[dict[str, Any]] = mapped_column(JSONType)  # incident fields to create
    status: Mapped[str] = mapped_column(String(20), index=True)
    suggested_incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    match_score: Mapped[float | None] = mapped_column(Float)
    match_reasons: Mapped[list[Any] | None] = mapped_column(JSONType)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
