"""Deployables starting together on a new PostgreSQL database each create the tables they
lack: none of them may fail because another created a table between its check and its
``CREATE`` (the intake and the demo once did, on ``intake_accepted``)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import Column, Engine, Integer, MetaData, Table, create_engine, inspect

from jiesu.tables import create_tables

RACERS = 6


def schema() -> MetaData:
    metadata = MetaData()
    for n in range(8):
        Table(f"raced_{n}", metadata, Column("id", Integer, primary_key=True))
    return metadata


def race(create: Callable[[MetaData, Engine], None], url: str) -> list[Exception]:
    """``RACERS`` threads, each with its own engine, creating the same tables at once."""
    engines = [create_engine(url) for _ in range(RACERS)]
    start, failures = threading.Barrier(RACERS), list[Exception]()

    def one(engine: Engine) -> None:
        start.wait()
        try:
            create(schema(), engine)
        except Exception as exc:
            failures.append(exc)

    threads = [threading.Thread(target=one, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for engine in engines:
        engine.dispose()
    return failures


def test_processes_creating_the_same_tables_at_once_all_succeed(postgres_url: str) -> None:
    assert race(create_tables, postgres_url) == []
    engine = create_engine(postgres_url)
    try:
        assert {f"raced_{n}" for n in range(8)} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
