"""Every figure true (issue 14), on the database the README's first command builds: the
right answer is recomputed here with plain SQL and compared with the CLI's and the core's.

- aggregate records (a date known only to a year or a range longer than a month, or no
  place) are never "largest incidents" and are stated apart;
- ``ask network --on D`` lists only chapters founded by D (as known then);
- losses print "not recorded" and "not covered" rather than 0;
- answers name the datasets behind them (coverage).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner, Result

from militancydb.analysis.actor_questions import network
from militancydb.analysis.coverage import coverage
from militancydb.analysis.losses import losses
from militancydb.analysis.periods import parse_period
from militancydb.analysis.summary import database_summary
from militancydb.analysis.trend import trend
from militancydb.cli.main import app
from militancydb.db.engine import make_engine, session_scope
from militancydb.domain.counting import is_aggregate
from militancydb.domain.knowledge_date import AsOf
from militancydb.knowledge.loader import load_knowledge
from militancydb.services.incident_query import IncidentFilter

runner = CliRunner()
D = dt.date(2016, 9, 30)


@pytest.fixture
def engine(shared_ucdp_db_url: str) -> Iterator[Engine]:
    eng = make_engine(shared_ucdp_db_url)
    yield eng
    eng.dispose()


def run(url: str, *args: str) -> str:
    result: Result = runner.invoke(
        app, list(args), env={"MILITANCYDB_DATABASE_URL": url, "COLUMNS": "400"}
    )
    assert result.exit_code == 0, result.output
    return result.output


def _aggregates_by_sql(engine: Engine) -> dict[int, int]:
    """Aggregate records by the documented rule, read with SQL: id -> killed."""
    out: dict[int, int] = {}
    with engine.connect() as c:
        for iid, prec, start, end, geo, killed in c.execute(
            text(
                "SELECT id, date_precision, date_start, date_end, geo_precision, killed_best "
                "FROM incidents WHERE deleted = :f"
            ),
            {"f": False},
        ):
            start = start if isinstance(start, dt.date) else dt.date.fromisoformat(str(start))
            end = (
                None
                if end is None
                else end
                if isinstance(end, dt.date)
                else dt.date.fromisoformat(str(end))
            )
            span = (end - start).days + 1 if end else 1
            if prec == "year" or span > 31 or geo in ("country", "none"):
                out[iid] = killed or 0
    return out


def test_is_aggregate_rule() -> None:
    day = dt.date(2009, 1, 1)
    assert is_aggregate("year", day, None, "exact")
    assert is_aggregate("day", day, None, "country")
    assert is_aggregate("days", day, dt.date(2009, 3, 1), "district")
    assert not is_aggregate("days", day, dt.date(2009, 1, 20), "district")
    assert not is_aggregate("month", day, None, "district")
    assert not is_aggregate("year", day, None, "exact", flag=False)  # a stored flag decides


def test_summary_never_lists_an_aggregate_as_largest_incident(engine: Engine) -> None:
    aggregates = _aggregates_by_sql(engine)
    assert aggregates, "the bundled UCDP data hold yearly aggregate events"
    with engine.connect() as c:
        rows = c.execute(
            text(
                "SELECT id FROM incidents WHERE deleted = :f AND killed_best IS NOT NULL "
                "ORDER BY killed_best DESC, date_start, id"
            ),
            {"f": False},
        ).all()
    expected = [r[0] for r in rows if r[0] not in aggregates][:5]
    with session_scope(engine) as s:
        summary = database_summary(s)
    assert [x.id for x in summary.largest] == expected
    assert summary.aggregates == len(aggregates)
    assert summary.aggregate_killed == sum(aggregates.values())
    # the 2009 yearly record (1,428 killed, place unknown) is stated apart, not ranked
    assert max(aggregates.values()) > summary.largest[0].killed


def test_summary_keeps_claimants_apart_and_provinces_by_country(engine: Engine) -> None:
    with session_scope(engine) as s:
        summary = database_summary(s)
    with engine.connect() as c:
        claims = c.execute(
            text(
                "SELECT incident_id, claimant_name FROM claims WHERE kind = 'claim' "
                "AND deleted = :f AND incident_id IS NOT NULL"
            ),
            {"f": False},
        ).all()
        totals = dict(
            c.execute(
                text("SELECT country, COUNT(*) FROM incidents WHERE deleted = :f GROUP BY country"),
                {"f": False},
            ).all()
        )
    claimed: dict[int, set[str]] = {}
    for iid, name in claims:
        claimed.setdefault(iid, set()).add(name)
    assert any(x.claimants for x in summary.largest), "the seeded corpus claims a largest one"
    for x in summary.largest:
        assert set(filter(None, x.claimants.split(", "))) == claimed.get(x.id, set())
    by_country: dict[str, int] = {}
    for p in summary.by_province:
        by_country[p.country] = by_country.get(p.country, 0) + p.incidents
    assert by_country == totals
    assert [p.killed for p in summary.by_province] == sorted(
        (p.killed for p in summary.by_province), reverse=True
    )


def test_summary_command_states_aggregates_apart(engine: Engine, shared_ucdp_db_url: str) -> None:
    aggregates = _aggregates_by_sql(engine)
    out = run(shared_ucdp_db_url, "summary")
    largest = out.split("Largest incidents")[1].split("plus")[0]
    assert not any(f"│ {i} " in largest for i in aggregates)
    assert f"plus {len(aggregates):,} aggregate record(s), {sum(aggregates.values()):,} killed" in (
        " ".join(out.split())
    )


def test_network_as_known_on_a_day_leaves_out_later_chapters(
    engine: Engine, shared_ucdp_db_url: str
) -> None:
    with engine.connect() as c:
        later = {
            name
            for name, founded in c.execute(
                text("SELECT name, founded FROM actors WHERE parent_key = 'islamic-state'")
            )
            if founded and founded[:4] > str(D.year)
        }
    assert later, "the registry holds chapters proclaimed after 2016 (Hind, Pakistan)"
    out = run(shared_ucdp_db_url, "ask", "network", "--actor", "Islamic State", "--on", str(D))
    for name in later:
        assert name not in out, name
    assert "--with-later lists them apart" in out
    out = run(
        shared_ucdp_db_url,
        "ask",
        "network",
        "--actor",
        "Islamic State",
        "--on",
        str(D),
        "--with-later",
    )
    known, _, after = out.partition("LATER KNOWLEDGE")
    assert all(name not in known and name in after for name in later)
    with session_scope(engine) as s:
        a = network(load_knowledge(s), "Islamic State", AsOf(D), session=s)
    assert not set(a.chapters) & later
    assert all(e.end is None or e.end <= str(D) for e in a.entries)


def test_losses_where_the_database_holds_nothing_are_not_covered(
    engine: Engine, shared_ucdp_db_url: str
) -> None:
    with engine.connect() as c:
        # the claims corpus holds some Afghan attacks, none in this window
        af = c.execute(
            text(
                "SELECT count(*) FROM incidents WHERE country = 'AF' "
                "AND date_start BETWEEN :a AND :b"
            ),
            {"a": dt.date(2016, 7, 31), "b": D},
        ).scalar_one()
        arrests = c.execute(
            text("SELECT count(*) FROM casualty_figures WHERE outcome = 'arrested'")
        ).scalar_one()
    assert af == 0 and arrests == 0
    with session_scope(engine) as s:
        a = losses(s, load_knowledge(s), "ISKP", dt.date(2016, 7, 31), D)
    assert a.militants_arrested is None
    assert a.not_covered == ["Afghanistan"]
    out = run(
        shared_ucdp_db_url,
        "ask",
        "losses",
        "--actor",
        "ISKP",
        "--from",
        "2016-07-31",
        "--to",
        str(D),
    )
    flat = " ".join(out.split())
    assert "militants arrested: not recorded" in flat
    assert "not covered: no incident data for Afghanistan" in flat
    assert "militants arrested: 0" not in flat


def test_coverage_names_the_datasets_of_the_period(engine: Engine) -> None:
    start, end = dt.date(2016, 8, 1), dt.date(2016, 8, 31)
    with engine.connect() as c:
        ucdp = c.execute(
            text(
                "SELECT count(DISTINCT i.id) FROM incidents i JOIN external_ids e "
                "ON e.incident_id = i.id WHERE e.system = 'ucdp' AND i.country = 'PK' "
                "AND i.deleted = :f AND i.date_start BETWEEN :a AND :b"
            ),
            {"f": False, "a": start, "b": end},
        ).scalar_one()
    with session_scope(engine) as s:
        cov = coverage(s, start, end, "PK", "Pakistan")
        none = coverage(s, dt.date(2023, 1, 1), dt.date(2023, 12, 31), "PK", "Pakistan")
        af = coverage(s, start, end, "AF", "Afghanistan")
    share = next(d for d in cov.datasets if d.scope.system == "ucdp")
    assert share.incidents == ucdp > 0
    text_ = cov.sentence()
    assert "UCDP Georeferenced Event Dataset" in text_ and f"({ucdp} incident(s) here" in text_
    assert "omits injuries, arrests, attacks that killed no one" in text_
    assert not share.scope.arrests and not share.scope.injuries
    assert not none.held and not none.covered and none.sentence().startswith("Not covered")
    assert af.sentence().startswith("Not covered: the database holds no incident")
    assert "Afghanistan" in af.sentence()


def test_leadership_as_known_on_a_day_leaves_out_posts_sourced_later(
    engine: Engine, shared_ucdp_db_url: str
) -> None:
    """Abdul Haseeb Logari's post as emir (from 2016) is known only from reports of
    November 2016 onwards: as of 2016-09-30 the answer does not name him."""
    with engine.connect() as c:
        rows = c.execute(
            text(
                "SELECT m.key, p.name, s.published FROM memberships m "
                "JOIN persons p ON p.key = m.person_key "
                "JOIN citations c ON c.entity_type = 'membership' AND c.entity_id = m.key "
                "JOIN sources s ON s.id = c.source_id WHERE m.actor_key = 'is-khorasan' "
                "AND m.role = 'emir' AND (m.start IS NULL OR m.start <= :d)"
            ),
            {"d": str(D)},
        ).all()
    by_post: dict[str, tuple[str, list[str | None]]] = {}
    for key, name, published in rows:
        by_post.setdefault(key, (name, []))[1].append(published)
    later = {
        name
        for name, dates in by_post.values()
        if not any(d is not None and len(d) == 10 and d <= str(D) for d in dates)
        and any(d is not None and d > str(D) for d in dates)
    }
    assert "Abdul Haseeb Logari" in later
    out = " ".join(
        run(shared_ucdp_db_url, "ask", "leadership", "--actor", "ISKP", "--on", str(D)).split()
    )
    for name in later:
        assert name not in out, name
    assert "no successor is recorded as in post by 2016-09-30" in out
    out = run(
        shared_ucdp_db_url, "ask", "leadership", "--actor", "ISKP", "--on", str(D), "--with-later"
    )
    assert all(name in out.split("LATER KNOWLEDGE")[1] for name in later)


def test_trend_keeps_aggregates_apart_and_judges_only_one_kind(engine: Engine) -> None:
    """2016 in Pakistan: the year's aggregate records are stated apart, not tallied by
    district; a sum of unlike kinds gets no "situation improved"."""
    aggregates = _aggregates_by_sql(engine)
    with engine.connect() as c:
        year = {
            r[0]
            for r in c.execute(
                text(
                    "SELECT id FROM incidents WHERE country = 'PK' AND deleted = :f "
                    "AND date_start BETWEEN :a AND :b"
                ),
                {"f": False, "a": dt.date(2016, 1, 1), "b": dt.date(2016, 12, 31)},
            )
        }
    apart = year & set(aggregates)
    assert apart
    period, grain = parse_period("2016")
    with session_scope(engine) as s:
        a = trend(s, IncidentFilter(country="PK"), period, grain, "district")
        b = trend(
            s, IncidentFilter(country="PK"), period, grain, "district", include_aggregates=True
        )
    assert set(a.aggregates) == apart
    assert set(a.total.now.ids) == year - apart
    assert set(b.total.now.ids) == year and not b.aggregates
    assert f"plus {len(apart)} aggregate record(s)" in a.sentence
    assert "the situation" not in a.sentence and "no judgement" in a.sentence
