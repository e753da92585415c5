"""Per-connection settings (SQLite's PRAGMAs, PostgreSQL's SETs), run as each connection
opens: they do not outlive a connection, and a pool opens new ones at any time."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

WAL = "PRAGMA journal_mode=WAL"
"""Readers never block the writer, nor it them."""
BUSY = "PRAGMA busy_timeout=30000"
"""A writer waits for another's commit instead of failing at once."""


def execute_all(connection: Any, *statements: str) -> None:
    """Run ``statements`` on a DBAPI connection."""
    cursor = connection.cursor()
    for statement in statements:
        cursor.execute(statement)
    cursor.close()


def on_connect(engine: Engine, *statements: str) -> Engine:
    """Run ``statements`` on every connection ``engine`` opens; return the engine."""

    def run(connection: Any, record: Any) -> None:
        execute_all(connection, *statements)

    event.listen(engine, "connect", run)
    return engine
