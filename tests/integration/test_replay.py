"""`jiesu replay`: a rebuild from offset 0 equals the live read models; `--as-of` cuts time;
`--projection` rebuilds one projection; bad input is refused with a message."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from projections.dump import dump, dump_json
from projections.memory import fold_events
from projections.store import engine_for
from tests.factories import T0
from tests.integration.test_projector_support import (
    jiesu,
    projector_thread,
    publish,
    wait_caught_up,
)
from tests.unit.test_projection_support import city_events

EVENTS, TRUTH = city_events(60, seed=9)


def replay(settings, url: str, *args: str) -> None:
    """`jiesu replay` as a real process; it must exit 0 once caught up."""
    process = jiesu(settings, url, "replay", "--db", url, "--no-progress", *args)
    assert process.wait(timeout=180) == 0


def test_a_replay_equals_the_live_read_models(unique_topics, database_url, sqlite_url):
    publish(unique_topics, EVENTS, tick_hours=6)
    with projector_thread(unique_topics, sqlite_url, batch_size=97):
        wait_caught_up(sqlite_url, unique_topics)
    replay(unique_topics, database_url)
    assert dump_json(database_url) == dump_json(sqlite_url)
    assert len(dump(database_url)["petitions"]) == len(TRUTH)


def test_replaying_twice_into_the_same_database_rebuilds_it(unique_topics, sqlite_url):
    publish(unique_topics, EVENTS)
    replay(unique_topics, sqlite_url)
    first = dump_json(sqlite_url)
    replay(unique_topics, sqlite_url)
    assert dump_json(sqlite_url) == first


def test_as_of_keeps_only_events_up_to_that_moment(unique_topics, sqlite_url):
    publish(unique_topics, EVENTS)
    cut = T0 + timedelta(hours=20)
    replay(unique_topics, sqlite_url, "--as-of", cut.isoformat())
    expected = fold_events([e for e in EVENTS if e.event_time <= cut])
    got = dump(sqlite_url)
    assert len(got["petitions"]) == len(expected.rows("petitions")) < len(TRUTH)
    statuses = {r["petition_id"]: r["status"] for r in got["petitions"]}
    assert statuses == {r["petition_id"]: r["status"] for r in expected.rows("petitions")}
    assert len(got["petition_timeline"]) == len(expected.rows("petition_timeline"))


def test_one_projection_is_rebuilt_without_touching_the_others(unique_topics, sqlite_url):
    publish(unique_topics, EVENTS)
    replay(unique_topics, sqlite_url)
    before = dump(sqlite_url)
    with engine_for(sqlite_url).begin() as conn:
        conn.execute(text("DELETE FROM whistle_departments"))
        conn.execute(text("UPDATE unit_scorecards SET assigned = 999"))
    replay(unique_topics, sqlite_url, "--projection", "whistles")
    after = dump(sqlite_url)
    assert after["whistle_departments"] == before["whistle_departments"]
    assert {r["assigned"] for r in after["unit_scorecards"]} == {999}


def test_an_unknown_projection_or_time_is_refused(unique_topics, sqlite_url, tmp_path):
    log = tmp_path / "replay.log"
    bad = jiesu(
        unique_topics, sqlite_url, "replay", "--db", sqlite_url, "--projection", "nope", log=log
    )
    assert bad.wait(timeout=60) == 2
    bad = jiesu(
        unique_topics, sqlite_url, "replay", "--db", sqlite_url, "--as-of", "yesterday", log=log
    )
    assert bad.wait(timeout=60) == 2
    output = log.read_text()
    assert "unknown projection ['nope']" in output
    assert "--as-of" in output
