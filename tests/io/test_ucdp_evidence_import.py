"""The bundled UCDP data as `militancydb init` builds it: every incident keeps the rule that
typed it and its confidence; aggregates are flagged; the 2016 cases of issue 14, checked
against the rows' own text read by the test."""

from __future__ import annotations

import csv
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from militancydb.bootstrap import bundled_ucdp
from militancydb.db.engine import make_engine, session_scope
from militancydb.db.tables import ExternalId, Incident
from militancydb.knowledge.loader import load_knowledge
from militancydb.services.history import Editor
from militancydb.services.incidents import get_incident, update_incident


def rows() -> list[dict[str, str]]:
    with bundled_ucdp().open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def typed(session: Session) -> dict[str, Incident]:
    q = select(ExternalId.external_id, Incident).join(
        Incident, Incident.id == ExternalId.incident_id
    )
    return {row[0]: row[1] for row in session.execute(q.where(ExternalId.system == "ucdp"))}


def test_rules_confidence_and_aggregates_after_init(ucdp_db_url: str) -> None:
    engine = make_engine(ucdp_db_url)
    with session_scope(engine) as s:
        held = typed(s)
        data = rows()
        assert len(held) == len(data)
        assert all(
            i.event_type_rule and i.event_type_rule.startswith("ucdp:") for i in held.values()
        )
        assert {i.event_type_confidence for i in held.values()} <= {"high", "medium", "low"}
        # aggregates by UCDP's own codes: dated to a year (date_prec 5) or placed in the
        # country only (where_prec 6, 7)
        expected = {r["id"] for r in data if r["date_prec"] == "5" or r["where_prec"] in ("6", "7")}
        assert expected and {e for e, i in held.items() if i.aggregate} == expected
        # 2016: the US-coded events whose reports say Pakistani police acted are not drones
        police = [
            r
            for r in data
            if r["year"] == "2016"
            and "United States" in r["side_a"]
            and re.search(r"\bpolice\b", r["source_headline"], re.I)
        ]
        assert len(police) >= 3
        for r in police:
            assert held[r["id"]].event_type != "drone_strike", r["source_headline"]
            assert held[r["id"]].event_type == "security_operation"
        # the strike of 21 May 2016 near Nushki is a drone strike (its reports say "drone")
        mansour = [r for r in data if r["date_start"].startswith("2016-05-21")]
        drone = [
            r for r in mansour if "drone" in (r["source_headline"] + r["source_article"]).lower()
        ]
        assert len(drone) == 1
        assert held[drone[0]["id"]].event_type == "drone_strike"
        # no drone strike without a drone, missile or strike named in its row
        for e, i in held.items():
            if i.event_type == "drone_strike":
                r = next(x for x in data if x["id"] == e)
                text = " ".join((r["source_headline"], r["source_article"], r["where_description"]))
                assert re.search(
                    r"drone|missile|unmanned|predator|strike|air ?raid|plane|jet|aircraft|"
                    r"gunship|cia",
                    text,
                    re.I,
                ), e
    engine.dispose()


def test_a_person_choosing_the_type_replaces_the_rule(ucdp_db_url: str) -> None:
    engine = make_engine(ucdp_db_url)
    with session_scope(engine) as s:
        kb = load_knowledge(s)
        incident = next(i for i in typed(s).values() if i.event_type_rule == "ucdp:sb-unknown")
        before = get_incident(s, incident.id)
        assert before.event_type == "state_based_fighting"
        assert before.event_type_confidence == "low"
        after = update_incident(
            s,
            incident.id,
            {"event_type": "armed_clash"},
            kb=kb,
            editor=Editor(user="analyst", reason="read the report"),
            expected_version=before.version,
        )
        assert after.event_type == "armed_clash"
        assert after.event_type_rule is None and after.event_type_confidence is None
        assert after.aggregate == before.aggregate
    engine.dispose()
