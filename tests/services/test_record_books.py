"""``RecordBooks`` reads a group's attributed attacks in a province once and counts them in
Python for each question; its counts must equal the question asked of the database directly
(the query it replaced), on the bundled data, for groups with and without chapters, several
provinces, days and tactics."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.orm import Session

from militancydb.codebook import ATTACK_EVENT_TYPES
from militancydb.db.engine import make_engine
from militancydb.knowledge.loader import load_knowledge
from militancydb.services.claimant_record import RecordBooks

DAYS = [dt.date(2008, 1, 1), dt.date(2011, 6, 15), dt.date(2014, 12, 16), dt.date(2016, 8, 8)]
TACTICS: list[set[str]] = [set(), {"suicide_bombing"}, {"ied", "bombing"}, {"armed_assault"}]
PROVINCES = ["PK-KP", "PK-BA", "PK-TA", "PK-SD"]


def by_sql(
    s: Session, actors: frozenset[str], province: str, before: dt.date, tactics: set[str]
) -> int:
    """The count as one SQL question (what each call used to ask)."""
    since = before - dt.timedelta(days=365 * 5)
    names = {f"a{i}": a for i, a in enumerate(sorted(actors))}
    kinds = {f"k{i}": t.value for i, t in enumerate(ATTACK_EVENT_TYPES)}
    tacs = {f"t{i}": t for i, t in enumerate(sorted(tactics))}
    tactic_join = (
        "JOIN incident_tactics t ON t.incident_id = i.id AND t.tactic IN "
        f"({', '.join(':' + k for k in tacs)})"
        if tactics
        else ""
    )
    sql = f"""
        SELECT COUNT(DISTINCT i.id) FROM incidents i
        JOIN incident_actors a ON a.incident_id = i.id
        {tactic_join}
        WHERE NOT i.deleted AND i.date_start < :before AND i.date_start >= :since
          AND (i.admin1_key = :p OR i.admin1_now_key = :p)
          AND i.event_type IN ({", ".join(":" + k for k in kinds)})
          AND a.actor_key IN ({", ".join(":" + k for k in names)})
          AND a.role = 'perpetrator' AND a.basis != 'claimed'
    """
    params = {"before": before, "since": since, "p": province, **names, **kinds, **tacs}
    return int(s.execute(text(sql), params).scalar_one())


def test_counts_equal_the_direct_question(ucdp_db_url: str) -> None:
    engine = make_engine(ucdp_db_url)
    with Session(engine) as s:
        kb = load_knowledge(s)
        families = [
            frozenset(kb.registry.family(key)) for key in ("ttp", "islamic-state", "lej", "bla")
        ]
        assert any(len(f) > 1 for f in families)  # chapters are part of the question
        attacks = RecordBooks(s)
        nonzero = 0
        for family in families:
            for province in PROVINCES:
                for day in DAYS:
                    for tactics in TACTICS:
                        got = attacks.similar(
                            family, province=province, before=day, tactics=tactics
                        )
                        assert got == by_sql(s, family, province, day, tactics), (
                            sorted(family),
                            province,
                            day,
                            tactics,
                        )
                        nonzero += got > 0
        assert nonzero >= 10  # the comparison is not between zeros
    engine.dispose()


def attributed_by_sql(
    s: Session, actors: frozenset[str], before: dt.date, province: str | None
) -> int:
    """Distinct attacks in Pakistan others attributed to the actors before a day (in a
    province then or now, when one is given)."""
    names = {f"a{i}": a for i, a in enumerate(sorted(actors))}
    kinds = {f"k{i}": t.value for i, t in enumerate(ATTACK_EVENT_TYPES)}
    where_province = "AND (i.admin1_key = :p OR i.admin1_now_key = :p)" if province else ""
    sql = f"""
        SELECT COUNT(DISTINCT i.id) FROM incidents i
        JOIN incident_actors a ON a.incident_id = i.id
        WHERE NOT i.deleted AND i.country = 'PK' AND i.date_start < :before {where_province}
          AND i.event_type IN ({", ".join(":" + k for k in kinds)})
          AND a.actor_key IN ({", ".join(":" + k for k in names)})
          AND a.role = 'perpetrator' AND a.basis != 'claimed'
    """
    params = {"before": before, "p": province, **names, **kinds}
    return int(s.execute(text(sql), params).scalar_one())


def test_records_read_once_answer_each_day(ucdp_db_url: str) -> None:
    """One book answers records on many days and provinces, each equal to the question asked
    of the database for that day (the book reads every date once and cuts by day)."""
    engine = make_engine(ucdp_db_url)
    with Session(engine) as s:
        kb = load_knowledge(s)
        books = RecordBooks(s)
        for key in ("ttp", "lej", "bla"):
            family = frozenset(kb.registry.family(key))
            for day in DAYS:
                for province in (None, *PROVINCES):
                    rec = books.record(family, country="PK", before=day, province=province)
                    level = "province" if province else "country"
                    assert rec.count("attributed", level) == attributed_by_sql(
                        s, family, day, province
                    ), (key, day, province)
                    assert all(i.date < day for i in rec.attributed + rec.claims)
        # a record's own incident is left out when asked
        rec = books.record(family, country="PK", before=dt.date(2016, 1, 1))
        some = rec.attributed[0].incident_id
        without = books.record(
            family, country="PK", before=dt.date(2016, 1, 1), exclude_incident=some
        )
        assert some not in {i.incident_id for i in without.attributed}
        assert len(without.attributed) < len(rec.attributed)
    engine.dispose()


def test_unregistered_claims_are_nobodys_record(ucdp_db_url: str) -> None:
    """A claim whose claimant the registry does not hold (no key) belongs to no group's
    record, not even the record asked for an unregistered claimant (the family of no key,
    ``{""}``), while it still counts among the claims made in the country."""
    engine = make_engine(ucdp_db_url)
    with Session(engine) as s:
        before = dt.date(2030, 1, 1)
        counted = RecordBooks(s).record(frozenset({""}), country="PK", before=before)
        s.execute(text("UPDATE claims SET claimant_key = NULL WHERE id % 3 = 0"))
        books = RecordBooks(s)
        nobody = books.record(frozenset({""}), country="PK", before=before)
        assert nobody.claims == []
        assert nobody.claims_by_anyone_in_country == counted.claims_by_anyone_in_country > 0
        s.rollback()
    engine.dispose()
