"""What a log record becomes before the fold: its event (or tick) and its place in the log.

Decoding is apart from applying so that a replay can decode in another process
(:mod:`projections.reader`) while this one folds. A poison record is dead-lettered here,
as it is decoded, so it is parked before any transaction moving past it can commit. So is
an event no read-model database can store (a NUL in its text: PostgreSQL refuses it), on
every database alike, so that SQLite and PostgreSQL read models stay equal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from jiesu.domain.events import Event
from projections.fold import Where
from projections.payload import timeline_payload
from schemas.codec import DecodeError


class Decoder(Protocol):
    def decode(
        self, data: bytes, *, topic: str = "", partition: int = -1, offset: int = -1
    ) -> Event: ...

    def tick_time(
        self, data: bytes, *, topic: str = "", partition: int = -1, offset: int = -1
    ) -> datetime | None: ...


class LogRecord(Protocol):
    """What is read of a Kafka record (kafka-python's ConsumerRecord has it)."""

    topic: str
    partition: int
    offset: int
    value: bytes | None


DeadLetter = Callable[[LogRecord, str], None]


@dataclass(frozen=True)
class Tick:
    """A ``ClockTicked`` record: projections only take its time (the partition's "now")."""

    event_time: datetime


Decoded = tuple[Event | Tick, Where, str | None]
"""The event (or tick), its place, and its timeline payload when worked out already."""


@dataclass(frozen=True)
class Piece:
    """Consecutive records of the log, decoded: ``items`` in log order within each
    partition (poison records left out), ``ends`` the offset after the last record of each
    partition, ``records`` how many records it covers. ``seen``, when known, holds the
    event ids that may have come earlier in the log (any other id is new)."""

    items: list[Decoded]
    ends: dict[int, int]
    records: int
    seen: frozenset[str] | None = None


def piece_of(records: Sequence[LogRecord], codec: Decoder, dead_letter: DeadLetter) -> Piece:
    """Decode ``records``; the undecodable ones are dead-lettered and left out."""
    items = [item for record in records if (item := decode(record, codec, dead_letter))]
    ends: dict[int, int] = {}
    for record in records:
        ends[record.partition] = max(ends.get(record.partition, 0), record.offset + 1)
    return Piece(items, ends, len(records))


def decode(record: LogRecord, codec: Decoder, dead_letter: DeadLetter) -> Decoded | None:
    """The event (or tick) and its place; a poison record is dead-lettered (None)."""
    topic, partition, offset = record.topic, record.partition, record.offset
    where: Where = (topic, partition, offset)
    value = record.value or b""
    try:
        moment = codec.tick_time(value, topic=topic, partition=partition, offset=offset)
        if moment is not None:
            return Tick(moment), where, None
        event = codec.decode(value, topic=topic, partition=partition, offset=offset)
    except DecodeError as exc:
        dead_letter(record, f"undecodable: {exc.reason}")
        return None
    problem = unstorable(event)
    if problem is not None:
        dead_letter(record, f"refused by the database: {problem}")
        return None
    return event, where, None


def unstorable(event: Event) -> str | None:
    """Why a database would refuse the text of ``event`` (a NUL character), or None.

    A flat walk over the event's fields and those of its records (``location``,
    ``petitioner``): it runs for every record of a replay, so whether a type is a record
    is asked once per type (most fields are times, numbers and enums)."""
    for name, value in vars(event).items():
        kind = type(value)
        if kind is str:
            if _NUL in value:
                return f"{name} holds a NUL character"
        elif kind is tuple or kind is dict:
            if any(_NUL in str(item) for item in _texts(value)):
                return f"{name} holds a NUL character"
        elif _is_record(kind):
            for inner, text in vars(value).items():
                if type(text) is str and _NUL in text:
                    return f"{name}.{inner} holds a NUL character"
    return None


_NUL = "\x00"
_RECORDS: dict[type, bool] = {}


def _is_record(kind: type) -> bool:
    """Whether values of ``kind`` are dataclass instances (records with fields of their own)."""
    known = _RECORDS.get(kind)
    if known is None:
        known = _RECORDS[kind] = hasattr(kind, "__dataclass_fields__")
    return known


def _texts(value: tuple[object, ...] | dict[object, object]) -> list[object]:
    if isinstance(value, dict):
        return [*value, *(v for values in value.values() for v in _as_tuple(values))]
    return list(value)


def _as_tuple(value: object) -> tuple[object, ...]:
    return value if isinstance(value, tuple) else (value,)


def with_payload(item: Decoded) -> Decoded:
    """``item`` with its timeline payload worked out (a tick has none)."""
    event, where, payload = item
    if payload is not None or isinstance(event, Tick):
        return item
    return event, where, timeline_payload(event)
