"""The incident form: from a stored incident to form values, and from posted values to the
document the incident services take (only the fields the analyst changed)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from starlette.datastructures import FormData

from militancydb.domain.incident import IncidentPublic

LOCATION = ("province", "district", "place")
KNOWN_FIELDS = {
    "date_start",
    "event_type",
    "province",
    "district",
    "place",
    "place_detail",
    "summary",
    "_",
}
EMPTY_CASUALTY_ROWS = 2


@dataclass
class CasualtyRow:
    """One casualty line of the form (strings, as typed)."""

    category: str = ""
    outcome: str = "killed"
    low: str = ""
    best: str = ""
    high: str = ""


@dataclass
class IncidentForm:
    """The values of the incident form, as strings."""

    expected_version: str = ""
    date_start: str = ""
    event_type: str = "militant_attack"
    tactics: str = ""
    province: str = ""
    district: str = ""
    place: str = ""
    place_detail: str = ""
    summary: str = ""
    casualties: list[CasualtyRow] = field(default_factory=list)
    source_url: str = ""
    source_publisher: str = ""
    reason: str = ""

    def padded(self) -> IncidentForm:
        """The form with empty casualty lines to fill in."""
        self.casualties = [c for c in self.casualties if c.category] + [
            CasualtyRow() for _ in range(EMPTY_CASUALTY_ROWS)
        ]
        return self


def _s(value: object) -> str:
    return "" if value is None else str(value)


def form_of(i: IncidentPublic) -> IncidentForm:
    """The form showing a stored incident."""
    loc = i.location
    return IncidentForm(
        expected_version=str(i.version),
        date_start=i.date_start.isoformat(),
        event_type=i.event_type,
        tactics=", ".join(i.tactics),
        province=_s(loc.province_name or loc.province),
        district=_s(loc.district_name or loc.district),
        place=_s(loc.place_name or loc.place),
        place_detail=_s(loc.place_detail),
        summary=_s(i.summary),
        casualties=[
            CasualtyRow(c.category, c.outcome, _s(c.low), _s(c.best), _s(c.high))
            for c in i.casualties
        ],
    )


def posted_form(data: FormData) -> IncidentForm:
    """The form as posted."""

    def one(name: str) -> str:
        v = data.get(name)
        # browsers send a textarea's line breaks as CRLF; stored text uses LF
        return v.replace("\r\n", "\n").strip() if isinstance(v, str) else ""

    def many(name: str) -> list[str]:
        return [v.strip() if isinstance(v, str) else "" for v in data.getlist(name)]

    rows = zip(
        many("cas_category"),
        many("cas_outcome"),
        many("cas_low"),
        many("cas_best"),
        many("cas_high"),
        strict=False,
    )
    return IncidentForm(
        expected_version=one("expected_version"),
        date_start=one("date_start"),
        event_type=one("event_type"),
        tactics=one("tactics"),
        province=one("province"),
        district=one("district"),
        place=one("place"),
        place_detail=one("place_detail"),
        summary=one("summary"),
        casualties=[CasualtyRow(*r) for r in rows if r[0]],
        source_url=one("source_url"),
        source_publisher=one("source_publisher"),
        reason=one("reason"),
    )


def _count(value: str) -> int | str | None:
    if not value:
        return None
    return int(value) if value.isdigit() else value  # a non-number is left for validation


def _casualties(form: IncidentForm) -> list[dict[str, Any]]:
    return [
        {
            "category": c.category,
            "outcome": c.outcome or "killed",
            "low": _count(c.low),
            "best": _count(c.best),
            "high": _count(c.high),
        }
        for c in form.casualties
    ]


def document(form: IncidentForm) -> dict[str, Any]:
    """A new incident's document from the form."""
    doc: dict[str, Any] = {
        "date_start": form.date_start or None,
        "event_type": form.event_type,
        "tactics": [t.strip() for t in form.tactics.split(",") if t.strip()],
        "province": form.province or None,
        "district": form.district or None,
        "place": form.place or None,
        "place_detail": form.place_detail or None,
        "summary": form.summary or None,
        "casualties": _casualties(form),
    }
    if form.source_url or form.source_publisher:
        doc["sources"] = [
            {"url": form.source_url or None, "publisher": form.source_publisher or None}
        ]
    return {k: v for k, v in doc.items() if v is not None}


def changes(form: IncidentForm, current: IncidentPublic) -> dict[str, Any]:
    """The fields of the form that differ from the stored incident, as an update document."""
    before = form_of(current)
    out: dict[str, Any] = {}
    for name in ("date_start", "event_type", "place_detail", "summary"):
        if getattr(form, name) != getattr(before, name):
            out[name] = getattr(form, name) or None
    if any(getattr(form, n) != getattr(before, n) for n in LOCATION):
        for n in LOCATION:
            out[n] = getattr(form, n) or None
    if form.tactics != before.tactics:
        out["tactics"] = [t.strip() for t in form.tactics.split(",") if t.strip()]
    mine = [asdict(c) for c in form.casualties]
    if mine != [asdict(c) for c in before.casualties]:
        out["casualties"] = _casualties(form)
    if form.source_url or form.source_publisher:
        out["sources"] = [{"id": s.source_id} for s in current.sources] + [
            {"url": form.source_url or None, "publisher": form.source_publisher or None}
        ]
    return out


def shown(form: IncidentForm) -> dict[str, str]:
    """The form's values as label → text, for the side-by-side view of a conflict."""
    return {
        "date": form.date_start,
        "event type": form.event_type,
        "tactics": form.tactics,
        "place": ", ".join(p for p in (form.place, form.district, form.province) if p),
        "place detail": form.place_detail,
        "casualties": "; ".join(
            f"{c.category} {c.outcome} {c.best or '?'}" for c in form.casualties if c.category
        ),
        "summary": form.summary,
    }
