"""The demo's closing figures: counted from the event log and the read models.

Events are counted once per event id (an event the broker received twice, after a retry, is
one fact), so the same seed gives the same figures even when a retry doubled a record. The
rates come from the read models' daily statistics, defined in ``projections.stats``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url

from jiesu.bus.reading import assigned_consumer, read_partition_until_caught_up
from jiesu.settings import Settings
from projections.models import Position
from projections.models_side import DailyStats
from projections.stats import COUNTERS, rates
from schemas.codec import Codec, DecodeError

_EVENT_FIGURES = {
    "received": "PetitionReceived",
    "classified": "PetitionClassified",
    "routed": "PetitionRouted",
    "accepted": "PetitionAccepted",
    "resolved": "PetitionResolved",
    "closed": "PetitionClosed",
    "reopened": "PetitionReopened",
    "sla_breaches": "SlaBreached",
    "escalations": "PetitionEscalated",
    "whistles": "WhistleBlown",
    "departments_reported": "DepartmentReported",
    "links": "PetitionsLinked",
}


def count_log(settings: Settings, codec: Codec) -> Counter[str]:
    """Unique events by type on petition-events."""
    seen: set[str] = set()
    by_type: Counter[str] = Counter()
    topic, consumer = settings.petition_events_topic, assigned_consumer(settings)
    for partition in range(settings.petition_partitions):
        for batch in read_partition_until_caught_up(settings, topic, partition, consumer=consumer):
            for record in batch:
                try:
                    event = codec.decode(record.value, topic=topic, partition=partition)
                except DecodeError:
                    continue
                if event.event_id not in seen:
                    seen.add(event.event_id)
                    by_type[type(event).__name__] += 1
    consumer.close()
    return by_type


def count_dead_letters(settings: Settings) -> int:
    return sum(
        len(batch)
        for batch in read_partition_until_caught_up(settings, settings.dead_letter_topic, 0)
    )


def read_model_rates(database_url: str) -> dict[str, float | None]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            sums = conn.execute(select(*(func.sum(getattr(DailyStats, c)) for c in COUNTERS))).one()
    finally:
        engine.dispose()
    totals = {name: int(value or 0) for name, value in zip(COUNTERS, sums, strict=True)}
    return {name: None if v is None else round(v, 6) for name, v in rates(totals).items()}


def projected_offsets(database_url: str, topic: str) -> dict[int, int]:
    """The smallest next offset any projection holds per partition of ``topic``."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(Position.partition, func.min(Position.next_offset))
                .where(Position.topic == topic)
                .group_by(Position.partition)
            ).all()
    finally:
        engine.dispose()
    return {int(p): int(o) for p, o in rows}


def build_summary(
    by_type: Counter[str], extra: dict[str, Any], database_url: str
) -> dict[str, Any]:
    """The one JSON object `jiesu demo --json` prints last."""
    summary: dict[str, Any] = {name: by_type[kind] for name, kind in _EVENT_FIGURES.items()}
    summary.update(extra)
    summary.update(read_model_rates(database_url))
    summary["events"] = sum(by_type.values())
    summary["db"] = make_url(database_url).render_as_string(hide_password=True)
    return summary
