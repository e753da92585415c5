"""The replay's three processes (reader, fold, writer): the same read models as one process,
poison records parked by the reader, and a finished database like any other."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from jiesu.settings import Settings
from projections.dump import dump_json
from projections.memory import fold_events
from projections.models_side import Base
from projections.replay import replay
from tests.integration.test_projector import _partition_of, _read_all, _send_raw
from tests.integration.test_projector_support import publish
from tests.unit.test_projection_support import city_events

EVENTS, TRUTH = city_events(70, seed=21)


def test_three_processes_build_what_one_process_builds(unique_topics: Settings, tmp_path):
    publish(unique_topics, EVENTS, tick_hours=8)
    alone, shared = (f"sqlite:///{tmp_path / name}.db" for name in ("alone", "shared"))
    assert replay(unique_topics, alone, show_progress=False, fork=False) > len(EVENTS)
    assert replay(unique_topics, shared, show_progress=False) > len(EVENTS)
    assert dump_json(shared) == dump_json(alone)


def test_the_reader_parks_a_poison_record_and_the_rest_is_replayed(
    unique_topics: Settings, sqlite_url: str
) -> None:
    publish(unique_topics, EVENTS[:30])
    partition = _partition_of(unique_topics, EVENTS[0].petition_id)
    offset = _send_raw(unique_topics, partition, b"\x00\x00\x00\x03\xe7garbage")
    publish(unique_topics, EVENTS[30:])
    replay(unique_topics, sqlite_url, show_progress=False)
    petitions = {row["petition_id"] for row in fold_events(EVENTS).rows("petitions")}
    assert _petition_ids(sqlite_url) == petitions
    letters = _read_all(unique_topics, unique_topics.dead_letter_topic, 1)
    assert [(int(dict(r.headers)["offset"]), r.value) for r in letters] == [
        (offset, b"\x00\x00\x00\x03\xe7garbage")
    ]


def test_a_new_sqlite_file_ends_with_every_index_and_its_write_ahead_log(
    unique_topics: Settings, sqlite_url: str
) -> None:
    publish(unique_topics, EVENTS[:40])
    replay(unique_topics, sqlite_url, show_progress=False)
    engine = create_engine(sqlite_url)
    try:
        found = inspect(engine)
        for table in Base.metadata.sorted_tables:
            names = {index["name"] for index in found.get_indexes(table.name)}
            assert names == {index.name for index in table.indexes}, table.name
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        engine.dispose()


def _petition_ids(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return set(conn.execute(text("SELECT petition_id FROM petitions")).scalars())
    finally:
        engine.dispose()
