"""The incident a review candidate would create, and the matcher's view of it: pure
functions from an extracted incident (:meth:`militancydb.nlp.model.Extracted.as_dict`) and
its stored document to the fields of :class:`~militancydb.domain.incident.IncidentCreate`.

Casualties: ``total`` killed counts victims and attackers (as GTD's ``nkill``), with the
attackers also as ``militants`` killed; ``total`` injured as extracted. Perpetrators become
actors with their basis (a group only named by the report is ``suspected``); a group the
registry does not know is kept by the name the report gives, unregistered. The document
is the source (title, publisher, URL, date, the incident's sentences as excerpt).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from militancydb.db.document_tables import Document
from militancydb.matching import MatchCandidate

BASIS = {
    "claimed": "claimed",
    "attributed_by_officials": "attributed_by_officials",
    "suspected": "suspected",
    "reported": "suspected",
}


def _best(fig: dict[str, Any] | None) -> int | None:
    if not fig:
        return None
    return fig["best"] if fig.get("best") is not None else fig.get("low")


#: The note on a perpetrator stored by the name the report gives (no registry actor).
UNREGISTERED_NOTE = "unregistered: the group as the report names it (no registry actor)"


def _actor(p: dict[str, Any]) -> dict[str, Any]:
    """A perpetrator as an actor link: a registry key, or for a group the registry does not
    know (or a name it cannot decide), the name as the report gives it, stored as the
    importers store a dataset's unresolved name (``actor_key`` empty, ``actor_name`` the
    name) -- never a new actor."""
    link = {"role": "perpetrator", "basis": BASIS[p["basis"]]}
    if p.get("key"):
        return {"actor": p["key"], **link}
    return {"actor": p["name"], **link, "note": UNREGISTERED_NOTE}


def source_of(doc: Document, inc: dict[str, Any]) -> dict[str, Any]:
    excerpt = " ".join(s["text"] for s in inc.get("sentences", []))[:4900]
    return {
        "publisher": doc.publisher,
        "title": (doc.title or doc.source_path or f"document {doc.id}")[:2000],
        "url": doc.url,
        "published": doc.published,
        "language": doc.language,
        "excerpt": excerpt or None,
        "locator": f"document {doc.id}" + (f", {doc.item}" if doc.item else ""),
    }


def proposal(doc: Document, inc: dict[str, Any]) -> dict[str, Any] | None:
    """The incident an extracted one would create (None without a date: an incident needs
    one, and the candidate then waits for a person to give it)."""
    date = inc.get("date")
    if not date:
        return None
    loc = inc.get("location") or {}
    casualties = []
    victims, attackers = _best(inc.get("killed")), _best(inc.get("attackers_killed"))
    killed = inc.get("killed")
    if victims is not None or attackers is not None:
        total = (victims or 0) + (attackers or 0)
        low = (killed["low"] if killed and killed.get("low") is not None else victims) or 0
        high = killed.get("high") if killed else None
        exact = victims is not None and killed and killed.get("best") is not None
        best = total if exact else None
        casualties.append(
            {
                "category": "total",
                "outcome": "killed",
                "low": low + (attackers or 0) if low is not None else None,
                "best": best,
                "high": high + (attackers or 0) if high is not None else None,
            }
        )
    if attackers is not None:
        casualties.append({"category": "militants", "outcome": "killed", "best": attackers})
    injured = inc.get("injured")
    if injured:
        casualties.append(
            {
                "category": "total",
                "outcome": "injured",
                "low": injured.get("low"),
                "best": injured.get("best"),
                "high": injured.get("high"),
            }
        )
    actors = [_actor(p) for p in inc.get("perpetrators", [])]
    return {
        "date_start": date["date"],
        "date_precision": "day" if date["precision"] == "day" else "days",
        "country": loc.get("country") or "PK",
        "province": loc.get("province"),
        "district": loc.get("district"),
        "place": loc.get("place"),
        "place_detail": loc.get("place_detail"),
        "latitude": loc.get("latitude"),
        "longitude": loc.get("longitude"),
        "geo_precision": loc.get("precision") or "unknown",
        "event_type": inc["event_type"]["value"],
        "event_type_rule": "extraction",
        "tactics": [t["value"] for t in inc.get("tactics", [])],
        "suicide": True if inc.get("suicide") else None,
        "targets": [{"type": t["value"]} for t in inc.get("targets", [])],
        "casualties": casualties,
        "actors": actors,
        "summary": (inc.get("sentences") or [{"text": ""}])[0]["text"][:10_000] or None,
        "review_status": "draft",
        "sources": [source_of(doc, inc)],
    }


def match_candidate(prop: dict[str, Any]) -> MatchCandidate:
    """The matcher's view of a proposal."""
    killed = next(
        (c for c in prop["casualties"] if c["category"] == "total" and c["outcome"] == "killed"),
        None,
    )
    return MatchCandidate(
        date_start=dt.date.fromisoformat(prop["date_start"]),
        date_precision=prop["date_precision"],
        country=prop["country"],
        admin1_key=prop.get("province"),
        admin2_key=prop.get("district"),
        place_key=prop.get("place"),
        latitude=prop.get("latitude"),
        longitude=prop.get("longitude"),
        geo_precision=prop.get("geo_precision") or "unknown",
        event_type=prop["event_type"],
        tactics=frozenset(prop["tactics"]),
        suicide=prop.get("suicide"),
        killed_low=killed.get("low") if killed else None,
        killed_best=killed.get("best") if killed else None,
        killed_high=killed.get("high") if killed else None,
        source_urls=frozenset(s["url"] for s in prop["sources"] if s.get("url")),
    )
