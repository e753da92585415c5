"""A database outage pauses the projector; it retries, skips nothing, and catches up."""

from __future__ import annotations

import logging
import time

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from projections.dump import dump_json
from projections.replay import replay
from tests.integration.test_projector_support import (
    positions,
    projector_thread,
    publish,
    wait_caught_up,
)
from tests.unit.test_projection_support import city_events

EVENTS, TRUTH = city_events(60, seed=13)


def test_the_projector_waits_out_a_database_outage(unique_topics, postgres_url, sqlite_url, caplog):
    caplog.set_level(logging.WARNING, logger="projections.batch")
    name = make_url(postgres_url).database
    admin = create_engine(
        make_url(postgres_url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    half = len(EVENTS) // 2
    publish(unique_topics, EVENTS[:half])
    try:
        with projector_thread(unique_topics, postgres_url, batch_size=50):
            wait_caught_up(postgres_url, unique_topics)
            with admin.connect() as conn:
                conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": name},
                )
            publish(unique_topics, EVENTS[half:])
            time.sleep(3)  # the projector meets the outage and keeps retrying
            with admin.connect() as conn:
                conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
            wait_caught_up(postgres_url, unique_topics, timeout_s=120)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()
    assert "database unavailable" in caplog.text
    assert sum(positions(postgres_url, unique_topics).values()) == len(EVENTS)
    replay(unique_topics, sqlite_url, show_progress=False)
    assert dump_json(postgres_url) == dump_json(sqlite_url)
