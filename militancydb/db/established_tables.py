"""Responsibility established independently of the claims (a verdict, an inquiry's findings,
a capture and confession, a group's later admission or denial). Kept apart from the
attributions that datasets and officials make (``incident_actors``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from militancydb.db.base import Base, utcnow


class EstablishedResponsibility(Base):
    """What was later established about who carried out an incident, by whom and when."""

    __tablename__ = "established_responsibility"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(200), unique=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    actor_key: Mapped[str] = mapped_column(String(100), index=True)
    finding: Mapped[str] = mapped_column(String(20))  # responsible | not_responsible
    basis: Mapped[str] = mapped_column(String(30))
    established_by: Mapped[str] = mapped_column(String(300))
    established_on: Mapped[str | None] = mapped_column(String(10))
    summary: Mapped[str] = mapped_column(Text)
    confidence: Mapped[str] = mapped_column(String(10), default="medium")
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
