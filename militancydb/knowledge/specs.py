"""How each kind of knowledge record maps to its shipped YAML, its record and its table.

One :class:`Spec` per entity type holds the record kind's field map: each :class:`Field`
names one fact three ways (``from`` in the YAML, ``source_actor`` on the record, ``from_key``
in the table) and says how its value is read. Reading the YAML
(:mod:`militancydb.knowledge.actor_files`, :func:`Spec.from_yaml`), building table rows
(:meth:`Spec.columns`, which :mod:`militancydb.knowledge.store` and the change log use) and
reading records back (:meth:`Spec.from_row`, :mod:`militancydb.knowledge.loader`) are all
derived from it, so a new field is added in one place here (plus the record's attribute and
the table's column). The same specs drive the loading of shipped data and user edits
(:mod:`militancydb.services.knowledge`), so that a record looks the same in the change log
whichever way it arrived.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal

from militancydb.db.tables import (
    Actor,
    ActorRelation,
    Base,
    LocalFact,
    Membership,
    Person,
    PersonEvent,
    Place,
    ProclaimedTerritory,
    TerritoryControl,
)
from militancydb.knowledge.actor_records import (
    ActorRecord,
    MembershipRecord,
    PersonEventRecord,
    PersonRecord,
    ProclaimedRecord,
    RelationRecord,
    TerritoryRecord,
)
from militancydb.knowledge.place_tree import PlaceRecord
from militancydb.knowledge.shipped_common import read_date, split_keys

#: How a value is read from the YAML and stored: ``text`` as given (a default is made a
#: string), ``date`` a partial date, ``keys`` a list of keys (a JSON list in the table),
#: ``joined`` a list of keys stored as one ``;``-joined text, ``flag`` a boolean,
#: ``number`` a float.
Kind = Literal["text", "date", "keys", "joined", "flag", "number"]


@dataclass(frozen=True)
class Field:
    """One fact of a record kind under its three names.

    ``name``: the record's attribute; ``column``: the table's column (default: ``name``);
    ``yaml``: the key in the shipped YAML and user documents (default: ``name``; None: not
    read from YAML, e.g. a key built from other fields); ``also``: another YAML key accepted
    for it; ``required``: a YAML record without it is incomplete; ``refers``: the entity
    type whose key(s) it holds (checked to exist when a user adds a record).
    """

    name: str
    column: str = ""
    yaml: str | None = ""
    kind: Kind = "text"
    default: Any = None
    required: bool = False
    also: str | None = None
    refers: str | None = None

    @property
    def column_name(self) -> str:
        """The column (the attribute's name unless told)."""
        return self.column or self.name

    @property
    def yaml_name(self) -> str | None:
        """The YAML key (the attribute's name unless told; None: not read from YAML)."""
        return None if self.yaml is None else (self.yaml or self.name)

    def read(self, raw: Mapping[str, Any], where: str) -> Any:
        """The field's value in a YAML record (``where`` names it in errors)."""
        key = self.yaml_name
        assert key is not None
        if self.required:
            value = raw[key]  # KeyError: an incomplete record
        else:
            value = raw.get(key)
            if value in (None, "") and self.also:
                value = raw.get(self.also)
        if self.kind == "date":
            return read_date(value, where)
        if self.kind in ("keys", "joined"):
            return split_keys(value)
        if self.kind == "flag":
            return bool(self.default if value is None else value)
        if self.kind == "number":
            return None if value is None else float(value)
        if value is None:
            return None if self.default is None else str(self.default)
        return str(value) if self.required or self.default is not None else value

    def to_column(self, value: Any) -> Any:
        """The record's value as the table stores it."""
        if self.kind == "keys":
            return list(value)
        if self.kind == "joined":
            return ";".join(value) or None
        return value

    def from_column(self, value: Any) -> Any:
        """A stored value as the record holds it."""
        if self.kind == "keys":
            return tuple(value or ())
        if self.kind == "joined":
            return tuple(s for s in (value or "").split(";") if s)
        return value


@dataclass(frozen=True)
class Spec:
    """One record kind: its entity type, table, record class and field map."""

    entity: str
    table: type[Base]
    record: type | None = None
    fields: tuple[Field, ...] = ()
    aliases: Callable[[Any], list[dict[str, Any]]] | None = None
    #: rows built by hand, for a kind kept as plain dicts (local facts)
    custom_columns: Callable[[Any], dict[str, Any]] | None = None

    def columns(self, record: Any) -> dict[str, Any]:
        """The table row of a record (without ids, version or origin)."""
        if self.custom_columns is not None:
            return self.custom_columns(record)
        return {f.column_name: f.to_column(getattr(record, f.name)) for f in self.fields}

    def from_row(
        self, row: Any, sources: list[str] | tuple[str, ...], aliases: tuple[Any, ...] = ()
    ) -> Any:
        """The record of a stored row, with its cited sources (and aliases)."""
        assert self.record is not None, f"{self.entity} has no record class"
        values = {f.name: f.from_column(getattr(row, f.column_name)) for f in self.fields}
        extra = _extra_attributes(self.record)
        if "origin" in extra:
            values["origin"] = row.origin
        if "aliases" in extra and self.aliases is not None:
            values["aliases"] = tuple(aliases)
        return self.record(**values, sources=tuple(sources))

    def references(self, record: Any) -> list[tuple[str, str | None]]:
        """The (entity type, key) pairs a record names, in field order."""
        out: list[tuple[str, str | None]] = []
        for f in self.fields:
            if f.refers is None:
                continue
            value = getattr(record, f.name)
            keys = value if f.kind in ("keys", "joined") else (value,)
            out.extend((f.refers, k) for k in keys)
        return out

    def from_yaml(self, raw: Mapping[str, Any], where: str, **given: Any) -> Any:
        """The record of a YAML mapping; ``given`` values (keys built from other fields,
        a parent's key, nested aliases) are used as they are."""
        assert self.record is not None, f"{self.entity} has no record class"
        values = {
            f.name: f.read(raw, where)
            for f in self.fields
            if f.name not in given and f.yaml_name is not None
        }
        values.update(given)
        values.setdefault("sources", split_keys(raw.get("sources")))
        return self.record(**values)


def _extra_attributes(record: type) -> set[str]:
    return {f.name for f in fields(record)}


def place_aliases(p: PlaceRecord) -> list[dict[str, Any]]:
    """Alias rows of a place (without ids)."""
    seen: set[str] = set()
    out = []
    for alias, kind in p.aliases:
        if alias not in seen and alias != p.name:
            seen.add(alias)
            out.append({"alias": alias, "kind": kind})
    return out


def actor_aliases(a: ActorRecord) -> list[dict[str, Any]]:
    """Alias rows of an actor (without ids)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for al in a.aliases:
        k = (al.name, al.kind)
        if k not in seen:
            seen.add(k)
            out.append({"alias": al.name, "kind": al.kind, "lang": al.lang, "dataset": al.dataset})
    return out


# --- the field maps ------------------------------------------------------------------------

KEY = Field("key", required=True)
NOTE = Field("note")
START = Field("start", yaml="from", kind="date")
END = Field("end", yaml="to", kind="date")

PLACE_FIELDS = (
    KEY,
    Field("kind", required=True),
    Field("name", required=True),
    Field("country"),
    Field("parent", "parent_key", refers="place"),
    Field("valid_from", kind="date"),
    Field("valid_to", kind="date"),
    Field("successors", yaml="successor", also="successors", kind="joined", refers="place"),
    Field("hq"),
    Field("lat", "latitude", kind="number"),
    Field("lon", "longitude", kind="number"),
    Field("population", yaml=None),
    NOTE,
)
ACTOR_FIELDS = (
    KEY,
    Field("name", required=True),
    Field("kind", default="militant_group"),
    Field("family", default="other"),
    Field("parent", "parent_key", refers="actor"),
    Field("founded", kind="date"),
    Field("dissolved", kind="date"),
    Field("countries", kind="keys"),
    Field("areas", yaml="areas_of_operation", kind="keys", refers="place"),
    Field("unverified", kind="flag", default=False),
    NOTE,
)
RELATION_FIELDS = (
    Field("key", yaml=None),  # type:from:to:start
    Field("type", required=True),
    Field("source_actor", "from_key", yaml="from", required=True, refers="actor"),
    Field("target_actor", "to_key", yaml="to", required=True, refers="actor"),
    Field("start", kind="date"),
    Field("end", kind="date"),
    Field("confidence", default="medium"),
    Field("partial", kind="flag", default=False),
    NOTE,
)
PROCLAIMED_FIELDS = (
    Field("key", yaml=None),  # actor:start:places
    Field("actor", "actor_key", yaml=None),  # the actor it is listed under
    START,
    END,
    Field("places", kind="keys", refers="place"),
    Field("confidence"),  # default: low when unverified, else medium (actor_files)
    NOTE,
)
PERSON_FIELDS = (
    KEY,
    Field("name", required=True),
    Field("aliases", kind="keys"),
    NOTE,
    Field("unverified", kind="flag", default=False),
)
MEMBERSHIP_FIELDS = (
    Field("key", yaml=None),  # person:actor:role:start
    Field("actor", "actor_key", required=True, refers="actor"),
    Field("person", "person_key", yaml=None, refers="person"),  # listed under the person
    Field("role", default="member"),
    START,
    END,
    NOTE,
)
PERSON_EVENT_FIELDS = (
    Field("key", yaml=None),  # person:type:date
    Field("person", "person_key", yaml=None, refers="person"),  # listed under the person
    Field("type", required=True),
    Field("date", kind="date"),
    Field("place", "place_key", refers="place"),
    Field("by", "by_actor_key", refers="actor"),
    Field("actor", "actor_key", refers="actor"),
    Field("how"),
    NOTE,
)
TERRITORY_FIELDS = (
    Field("key", yaml=None),  # actor:place:status:start
    Field("actor", "actor_key", required=True, refers="actor"),
    Field("place", "place_key", required=True, refers="place"),
    Field("status", required=True),
    START,
    END,
    NOTE,
)


def local_fact_columns(f: dict[str, Any]) -> dict[str, Any]:
    """Columns of a local-fact row (from its shipped dict)."""
    places = f.get("applies_to") or ([f["province"]] if f.get("province") else [])
    return {
        "key": local_fact_key(f),
        "country": f.get("country", "PK"),
        "category": f["category"],
        "kind": f.get("kind") or f.get("level") or "title",
        "name": f["name"],
        "aliases": list(f.get("aliases") or []),
        "level": f.get("level"),
        "places": list(places),
        "valid_from": _s(f.get("valid_from")),
        "valid_to": _s(f.get("valid_to")),
        "periods": [
            {
                "from": _s(p.get("from") or p.get("valid_from")),
                "to": _s(p.get("to") or p.get("valid_to")),
            }
            for p in f.get("periods") or []
        ],
        "part_of": f.get("part_of"),
        "only_in": list(f.get("only_in") or []),
        "note": f.get("note"),
    }


def local_fact_key(f: dict[str, Any]) -> str:
    """A stable key for a local fact: country, category, name and place."""
    where = f.get("province") or ""
    return f"{f.get('country', 'PK')}:{f['category']}:{f['name']}:{where}".rstrip(":")


def _s(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


PLACE = Spec("place", Place, PlaceRecord, PLACE_FIELDS, place_aliases)
ACTOR = Spec("actor", Actor, ActorRecord, ACTOR_FIELDS, actor_aliases)
RELATION = Spec("relation", ActorRelation, RelationRecord, RELATION_FIELDS)
PROCLAIMED = Spec("proclaimed", ProclaimedTerritory, ProclaimedRecord, PROCLAIMED_FIELDS)
PERSON = Spec("person", Person, PersonRecord, PERSON_FIELDS)
MEMBERSHIP = Spec("membership", Membership, MembershipRecord, MEMBERSHIP_FIELDS)
PERSON_EVENT = Spec("person_event", PersonEvent, PersonEventRecord, PERSON_EVENT_FIELDS)
TERRITORY = Spec("territory", TerritoryControl, TerritoryRecord, TERRITORY_FIELDS)
LOCAL_FACT = Spec("local_fact", LocalFact, custom_columns=local_fact_columns)

SPECS: dict[str, Spec] = {
    s.entity: s
    for s in (
        PLACE,
        ACTOR,
        RELATION,
        PROCLAIMED,
        PERSON,
        MEMBERSHIP,
        PERSON_EVENT,
        TERRITORY,
        LOCAL_FACT,
    )
}
