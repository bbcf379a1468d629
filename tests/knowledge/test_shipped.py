"""The shipped knowledge in the database (knowledge.shipped, loader, store, check).

Loading it again changes nothing; the shipped files are consistent; a record a user edited
is reported as a conflict on reload and kept as the user left it.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from militancydb.db.tables import Actor, ChangeLog, Place
from militancydb.knowledge.check import check_shipped
from militancydb.knowledge.loader import load_gazetteer, load_registry, load_shipped
from militancydb.knowledge.shipped import read_shipped


def _changes(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ChangeLog)) or 0


def test_loading_again_changes_nothing(session: Session) -> None:
    """The database already holds the shipped knowledge (loaded once when it was built)."""
    before = _changes(session)
    for _ in range(2):
        report = load_shipped(session)
        assert report.changed == 0
        for entity, c in report.counts.items():
            assert (c.created, c.updated, c.conflicts) == (0, 0, []), entity
            assert c.unchanged > 0, entity
    assert _changes(session) == before
    k = read_shipped()
    assert report.counts["place"].unchanged == len(k.places)
    assert report.counts["actor"].unchanged == len(k.actors)
    assert report.counts["relation"].unchanged == len(k.relations)
    assert report.counts["person"].unchanged == len(k.persons)
    assert report.counts["territory"].unchanged == len(k.territory)


def test_the_database_gives_back_what_was_shipped(session: Session) -> None:
    k = read_shipped()
    gaz, reg = load_gazetteer(session), load_registry(session)
    assert set(gaz.places) == set(k.places)
    assert set(reg.actors) == set(k.actors)
    for key in ("PK-TA-khyber-agency", "PK-KP-dera-ismail-khan", "PK-KP-south-waziristan"):
        db, shipped = gaz.places[key], k.places[key]
        assert (db.name, db.kind, db.parent, db.valid_from, db.valid_to, db.successors) == (
            shipped.name,
            shipped.kind,
            shipped.parent,
            shipped.valid_from,
            shipped.valid_to,
            shipped.successors,
        )
        assert db.aliases == shipped.aliases
        assert db.sources == shipped.sources
    iskp_db, iskp = reg.actors["is-khorasan"], k.actors["is-khorasan"]
    assert iskp_db.aliases == iskp.aliases and iskp_db.sources == iskp.sources


def test_the_shipped_files_have_no_problems() -> None:
    assert check_shipped() == []


def test_a_user_edit_is_a_conflict_not_overwritten(session: Session) -> None:
    place = session.scalar(select(Place).where(Place.key == "PK-KP-kohat"))
    actor = session.scalar(select(Actor).where(Actor.key == "lej"))
    assert place is not None and actor is not None
    place.origin, place.hq = "edited", "Kohat Cantonment"
    actor.origin, actor.note = "edited", "a note written by a user"
    session.flush()
    before = _changes(session)

    report = load_shipped(session)

    assert report.counts["place"].conflicts == ["PK-KP-kohat"]
    assert report.counts["actor"].conflicts == ["lej"]
    assert report.changed == 0
    session.expire_all()
    place = session.scalar(select(Place).where(Place.key == "PK-KP-kohat"))
    actor = session.scalar(select(Actor).where(Actor.key == "lej"))
    assert place is not None and actor is not None
    assert (place.hq, place.origin) == ("Kohat Cantonment", "edited")
    assert (actor.note, actor.origin) == ("a note written by a user", "edited")
    assert _changes(session) == before
    # every other record is still as shipped
    assert report.counts["place"].unchanged == len(read_shipped().places) - 1
