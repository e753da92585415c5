"""The change feed: every committed read-model change, keyed by entity, without personal data.

Changes are written to the ``projection_outbox`` table in the batch's own transaction and
sent after the commit, then deleted. A crash between sending and deleting sends them again
on restart: the feed is **at-least-once** (consumers treat a change as an idempotent upsert).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from kafka import KafkaProducer
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from projections import metrics, stats
from projections.declared import ENTITIES
from projections.models import OutboxEntry
from projections.wiring import tables_of
from projections.workspace import Row, Workspace, primary_key

log = logging.getLogger(__name__)

TABLES = {entity: table for table, entity in ENTITIES.items()}
PRIVATE = {"text", "title", "phone_masked", "address", "channel_ref", "result", "lat", "lon"}
PRIVATE |= {"note", "payload", "refusal"}
"""Columns never sent: free text written by citizens or handlers may name people."""


def outbox(session: Session, ws: Workspace) -> None:
    """Queue the batch's changes in its transaction."""
    entries = [
        {"key": key, "value": value}
        for table in tables_of(ws.projections)
        for key, value in (change_of(table, row) for row in ws.dirty_rows(table))
    ]
    if entries:
        session.execute(OutboxEntry.__table__.insert(), entries)  # type: ignore[attr-defined]


def change_of(table: str, row: Row) -> tuple[str, str]:
    entity = ENTITIES[table]
    ident = "|".join(str(row[name]) for name in primary_key(table))
    data = {k: _plain(v) for k, v in sorted(row.items()) if k not in PRIVATE}
    op = "delete" if table == "daily_stats" and stats.is_empty(row) else "upsert"
    body = {"entity": entity, "id": ident, "op": op, "data": data}
    return f"{entity}:{ident}", json.dumps(body, ensure_ascii=False, sort_keys=True)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return moment.isoformat()
    return value


def drain(sessions: sessionmaker[Session], producer: KafkaProducer, topic: str) -> int:
    """Send every queued change (acks=all), then delete what was sent; return how many."""
    with sessions() as session:
        query = select(OutboxEntry.id, OutboxEntry.key, OutboxEntry.value).order_by(OutboxEntry.id)
        entries = session.execute(query).all()
        if not entries:
            return 0
        futures = [producer.send(topic, key=k.encode(), value=v.encode()) for _, k, v in entries]
        producer.flush()
        for future in futures:
            future.get(timeout=30)
        session.execute(delete(OutboxEntry).where(OutboxEntry.id <= entries[-1][0]))
        session.commit()
        for entity, rows in Counter(k.split(":", 1)[0] for _, k, _ in entries).items():
            metrics.ROWS.labels(TABLES.get(entity, "other")).inc(rows)
        return len(entries)


def queued(sessions: sessionmaker[Session]) -> int:
    """Changes committed but not sent yet (the broker did not take them)."""
    with sessions() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxEntry)) or 0)
