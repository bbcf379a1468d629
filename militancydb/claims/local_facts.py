"""Check the institutions and titles a statement names against the reference of local facts.

The reference (``knowledge/data/local_facts/*.yaml``, loaded into the ``local_facts`` table
and extendable by users) lists the real institutions and officials' titles with the dates
they existed under those names. A ministry, division, court or minister that matches no
entry valid on the claim's date is a finding, quoted, with the closest real name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.claims.statement import Mention, canonical
from militancydb.db.tables import LocalFact
from militancydb.domain.dates import in_span
from militancydb.knowledge.gazetteer import Gazetteer
from militancydb.knowledge.place_tree import DISTRICT_KINDS, PROVINCE_KINDS
from militancydb.services.claimant_record import RecordBooks

#: Province names, dropped when comparing ministries and ministers (a "Balochistan Home
#: Minister" is the Home Minister of a province).
PROVINCE_WORDS = {
    "balochistan",
    "baluchistan",
    "punjab",
    "sindh",
    "sind",
    "khyber",
    "pakhtunkhwa",
    "kp",
    "kpk",
    "gilgit",
    "baltistan",
    "azad",
    "jammu",
    "kashmir",
    "ajk",
    "islamabad",
    "fata",
    "provincial",
}
HEADS = {"ministry": "ministry", "minister": "minister", "division": "division", "court": "court"}


@dataclass(frozen=True)
class FactEntry:
    """One real institution or title."""

    key: str
    category: str
    kind: str
    name: str
    aliases: tuple[str, ...]
    level: str | None
    places: tuple[str, ...]
    valid_from: str | None
    valid_to: str | None
    periods: tuple[tuple[str | None, str | None], ...]
    only_in: tuple[str, ...] = ()

    def valid_on(self, day: dt.date) -> bool:
        """Whether it existed under this name on ``day`` (unknown bounds are open)."""
        if self.periods:
            return any(in_span(day, a, b) for a, b in self.periods)
        return in_span(day, self.valid_from, self.valid_to)

    def span(self) -> str:
        """When it existed, for messages."""
        spans = self.periods or ((self.valid_from, self.valid_to),)
        return "; ".join(f"{a or '…'} to {b or 'now'}" for a, b in spans)


@dataclass(frozen=True)
class Finding:
    """The outcome of checking one mention."""

    mention: Mention
    ok: bool
    message: str
    entry: FactEntry | None = None
    suggestion: str | None = None


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def match_form(kind: str, text: str) -> str:
    """The form mentions and entries are compared in."""
    form = canonical(kind, text)
    words = [_singular(w) for w in form.split()]
    if kind in ("ministry", "minister", "division"):
        words = [w for w in words if w not in PROVINCE_WORDS]
        if kind == "minister" and words[:1] == ["minister"]:
            words[0] = "ministry"  # a minister of X implies a ministry of X
    return " ".join(words)


def _entry_kind(e: FactEntry, text: str) -> str | None:
    low = text.lower()
    for word, kind in HEADS.items():
        if word in low.split() or word + "s" in low.split():
            return kind
    if e.kind == "court":
        return "court"
    return None


def _region_words(text: str, day: dt.date, gaz: Gazetteer | None) -> set[str]:
    """Words of the province names of the places a phrase names."""
    if gaz is None:
        return set()
    out: set[str] = set()
    for word in text.split():
        if not word[:1].isupper() or len(word) < 4:
            continue
        r = gaz.resolve(word, country="PK", on=day)
        if r.key is None:
            continue
        admin = gaz.admin_of(r.key, day)
        province = gaz.get(admin.province) if admin.province else None
        if province is not None:
            out |= set(match_form("court", province.name).split())
    return out


class FactBook:
    """The reference of local facts for one country, indexed for checking."""

    def __init__(self, entries: list[FactEntry]) -> None:
        self.entries = entries
        self.index: dict[tuple[str, str], list[FactEntry]] = {}
        for e in entries:
            for text in (e.name, *e.aliases):
                kind = _entry_kind(e, text)
                if kind is None:
                    continue
                forms = {match_form(kind, text)}
                if kind == "minister":
                    forms.add(match_form("ministry", text.lower().replace("minister", "ministry")))
                if kind == "ministry":
                    kind_keys = ("ministry",)
                else:
                    kind_keys = (kind,)
                for k in kind_keys:
                    for f in forms:
                        self.index.setdefault((k, f), []).append(e)

    @classmethod
    def from_session(cls, session: Session, country: str = "PK") -> FactBook:
        """The reference as the database holds it."""
        rows = session.scalars(
            select(LocalFact).where(LocalFact.country == country, LocalFact.deleted.is_(False))
        )
        return cls(
            [
                FactEntry(
                    key=r.key,
                    category=r.category,
                    kind=r.kind,
                    name=r.name,
                    aliases=tuple(r.aliases or ()),
                    level=r.level,
                    places=tuple(r.places or ()),
                    valid_from=r.valid_from,
                    valid_to=r.valid_to,
                    periods=tuple((p.get("from"), p.get("to")) for p in (r.periods or [])),
                )
                for r in rows
            ]
        )

    def _lookup(self, kind: str, form: str) -> list[FactEntry]:
        hits = list(self.index.get((kind, form), []))
        if kind == "minister":
            hits += self.index.get(("ministry", form), [])
        return hits

    def _closest(
        self, kind: str, form: str, day: dt.date, region: set[str] | None = None
    ) -> FactEntry | None:
        kinds = ("ministry", "minister") if kind in ("ministry", "minister") else (kind,)
        content = set(form.split()) - {"ministry", "of", "and", "court", "division"}
        best: tuple[float, FactEntry] | None = None
        for (k, f), entries in self.index.items():
            if k not in kinds:
                continue
            score = fuzz.token_set_ratio(form, f)
            if content and content <= set(f.split()):
                score += 20  # every word of the mention is in this name
            if region and region & set(f.split()):
                score += 25  # names the province the mention's place lies in
            for e in entries:
                if e.valid_on(day) and (best is None or score > best[0]):
                    best = (score, e)
        return best[1] if best and best[0] >= 60 else None

    def check(self, m: Mention, day: dt.date, gaz: Gazetteer | None = None) -> Finding:
        """Check a ministry, division, court or minister mention. With the gazetteer, a
        place named in the mention ("Quetta High Court") steers the suggestion towards the
        institution of its province (the Balochistan High Court)."""
        kind = m.kind
        form = match_form(kind, m.text)
        hits = self._lookup(kind, form)
        if hits:
            valid = [e for e in hits if e.valid_on(day)]
            if valid:
                return Finding(m, True, f"{m.text!r} is the {valid[0].name}", valid[0])
            e = hits[0]
            return Finding(
                m,
                False,
                f"{m.text!r} names the {e.name}, which did not go by that name on {day} "
                f"(it did {e.span()})",
                e,
            )
        closest = self._closest(kind, form, day, _region_words(m.text, day, gaz))
        what = {
            "ministry": "ministry",
            "minister": "minister's post",
            "division": "division",
            "court": "court",
        }[kind]
        message = f"{m.text!r}: no such {what} existed in Pakistan on {day}"
        if closest is not None:
            message += f"; the nearest real name is the {closest.name}"
        return Finding(m, False, message, None, closest.name if closest else None)

    def check_title_place(self, m: Mention, day: dt.date, gaz: Gazetteer) -> Finding | None:
        """Check that a title tied to a place ("Governor of X") fits that place."""
        title = (m.value or "").lower()
        entry = next(
            (
                e
                for e in self.entries
                if e.category == "titles"
                and title in {e.name.lower(), *(a.lower() for a in e.aliases)}
            ),
            None,
        )
        if entry is None or not m.place:
            return None
        r = gaz.resolve(m.place, country="PK", on=day)
        if r.key is None:
            return None
        place = gaz.places[r.key]
        if not entry.valid_on(day):
            return Finding(
                m,
                False,
                f"{m.text!r}: the post of {entry.name} did not exist on "
                f"{day} (it did {entry.span()})",
                entry,
            )
        level = entry.level or ""
        if level == "provincial" and place.kind not in PROVINCE_KINDS:
            return Finding(
                m,
                False,
                f"{m.text!r}: {entry.name} is a provincial post, but "
                f"{place.name} is a {place.kind.replace('_', ' ')}, not a province",
                entry,
            )
        if (
            level == "district"
            and place.kind not in DISTRICT_KINDS
            and place.kind not in ("town", "locality")
        ):
            return Finding(
                m,
                False,
                f"{m.text!r}: {entry.name} is a district post, but "
                f"{place.name} is a {place.kind.replace('_', ' ')}",
                entry,
            )
        # `applies_to` lists where sources showed a post; only `only_in` is exclusive
        if entry.only_in and not any(gaz.within(place.key, p) for p in entry.only_in):
            return Finding(
                m,
                False,
                f"{m.text!r}: the post of {entry.name} existed only in "
                f"{', '.join(entry.only_in)}, not in {place.name}",
                entry,
            )
        return Finding(m, True, f"{m.text!r} fits: {entry.name} of {place.name}", entry)


class FactBooks:
    """Each country's reference read once, for assessing many claims in one session (a
    report's claims, a calibration): reading it per claim cost about a quarter of a second
    at 100,000 incidents, for the same rows each time. The groups' records (``records``,
    :class:`~militancydb.services.claimant_record.RecordBooks`) are shared the same way."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._books: dict[str, FactBook] = {}
        self.records = RecordBooks(session)

    def get(self, country: str) -> FactBook:
        """The reference of ``country`` (read on first use)."""
        if country not in self._books:
            self._books[country] = FactBook.from_session(self.session, country)
        return self._books[country]
