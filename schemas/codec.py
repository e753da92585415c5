"""Events ↔ bytes in the Confluent wire format; the only module that imports fastavro.

A record is ``0x00`` + the 4-byte big-endian schema id + the schemaless Avro body. Decoding
reads the body with the writer schema of its id and resolves it to the current schema, so
data written by any released version reads into today's classes. What Avro resolution cannot
express (a renamed field, a value split in two) goes in an upcast: a function registered in
:data:`UPCASTS` under the event name, given the resolved record and the writer schema.
"""

from __future__ import annotations

import io
import struct
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Protocol, TypedDict

from fastavro import parse_schema, schemaless_reader, schemaless_writer

from jiesu.domain.events import EVENTS_BY_NAME, ClockTicked, Event
from schemas.catalog import Schema, current_schema, event_names, subject_for
from schemas.errors import DecodeError, EncodeError
from schemas.plain import from_plain, to_plain, utc
from schemas.registry import ConfluentRegistry, FileRegistry, SchemaRegistry, UnknownSchema

MAGIC = 0
HEADER = struct.Struct(">bI")

_Writer = tuple[str, Any, Schema, Any]
"""Event name, parsed writer schema, writer schema as stored, reader schema to resolve to
(None when it is the writer's own: fastavro then skips comparing the two on every read)."""
_Record = tuple[str, dict[str, Any]]


class _Where(TypedDict):
    topic: str
    partition: int
    offset: int


Upcast = Callable[[dict[str, Any], Schema], dict[str, Any]]
UPCASTS: dict[str, Upcast] = {}
"""Event name → upcast, applied to records after Avro resolution. None needed yet."""


class Codec:
    """Encodes with the current schemas and their ids in ``registry``; decodes any id it has."""

    def __init__(
        self,
        registry: SchemaRegistry,
        upcasts: Mapping[str, Upcast] | None = None,
        schemas: Mapping[str, Schema] | None = None,
    ) -> None:
        """``schemas`` pins event types to other schemas than the current ones, to act as an
        older or newer program would (tests of evolution); production code leaves it out."""
        self.registry = registry
        self.upcasts = dict(UPCASTS if upcasts is None else upcasts)
        self.schemas = {name: current_schema(name) for name in event_names()} | dict(schemas or {})
        self._readers = {name: parse_schema(schema) for name, schema in self.schemas.items()}
        self._ids: dict[str, int] = {}
        self._writers: dict[int, _Writer] = {}
        self._headers: dict[bytes, _Writer] = {}

    def schema_id(self, event_type: type[Event] | str) -> int:
        """The registry id of the current schema of an event type."""
        name = event_type if isinstance(event_type, str) else event_type.__name__
        if name not in self._ids:
            self._ids[name] = self.registry.id_for(subject_for(name), self.schemas[name])
        return self._ids[name]

    def encode(self, event: Event) -> bytes:
        """The event in the wire format; raises :class:`EncodeError` for an unfit event."""
        name = type(event).__name__
        if not _is_uuid(event.event_id):
            raise EncodeError(f"{name}: event_id {event.event_id!r} is no lowercase UUID")
        body = io.BytesIO()
        try:
            schemaless_writer(body, self._readers[name], to_plain(event, utc))
        except Exception as exc:
            # The cause is dropped on purpose: its message may quote personal data.
            raise EncodeError(
                f"{name} {event.event_id}: a field does not fit its schema ({type(exc).__name__})"
            ) from None
        return HEADER.pack(MAGIC, self.schema_id(name)) + body.getvalue()

    def event_name(self, data: bytes) -> str:
        """The event type name of a record, from its schema id, without decoding the body."""
        return self._writer(data, "", -1, -1)[0]

    def decode(
        self, data: bytes, *, topic: str = "", partition: int = -1, offset: int = -1
    ) -> Event:
        """The event in ``data``; raises :class:`DecodeError` for anything else.

        A registry that does not answer raises ``RegistryUnavailable`` instead: the record is
        not at fault, so it must be retried, not dead-lettered."""
        name, record = self._record(data, topic, partition, offset)
        try:
            return from_plain(EVENTS_BY_NAME[name], record, utc)
        except Exception as exc:
            reason = f"corrupt {name} body: {type(exc).__name__}"
            raise DecodeError(reason, topic=topic, partition=partition, offset=offset) from exc

    def tick_time(
        self, data: bytes, *, topic: str = "", partition: int = -1, offset: int = -1
    ) -> datetime | None:
        """The event time of a ``ClockTicked`` record, None for any other event type.

        Ticks are a large share of a log and projections only need their time, so this
        reads the record without building the event; errors are those of :meth:`decode`."""
        if self._writer(data, topic, partition, offset)[0] != ClockTicked.__name__:
            return None
        record = self._record(data, topic, partition, offset)[1]
        try:
            return utc(record["event_time"])
        except Exception as exc:
            reason = f"corrupt ClockTicked body: {type(exc).__name__}"
            raise DecodeError(reason, topic=topic, partition=partition, offset=offset) from exc

    def _record(self, data: bytes, topic: str, partition: int, offset: int) -> _Record:
        """The Avro record in ``data``, resolved to the current schema and upcast."""
        name, writer, writer_schema, reader = self._writer(data, topic, partition, offset)
        body = io.BytesIO(data[HEADER.size :])
        try:
            record = schemaless_reader(body, writer, reader)
            if not isinstance(record, dict) or body.tell() != len(data) - HEADER.size:
                raise ValueError("not one record: trailing bytes or no record")
            return name, self.upcasts.get(name, _unchanged)(record, writer_schema)
        except Exception as exc:
            reason = f"corrupt {name} body: {type(exc).__name__}"
            raise DecodeError(reason, topic=topic, partition=partition, offset=offset) from exc

    def _writer(self, data: bytes, topic: str, partition: int, offset: int) -> _Writer:
        if type(data) is bytes and (known := self._headers.get(data[: HEADER.size])):
            return known
        where = _Where(topic=topic, partition=partition, offset=offset)
        if not isinstance(data, bytes | bytearray | memoryview):
            raise DecodeError(f"not bytes but {type(data).__name__}", **where)
        if len(data) < HEADER.size:
            raise DecodeError(f"truncated: {len(data)} bytes, no 5-byte header", **where)
        magic, schema_id = HEADER.unpack_from(data)
        if magic != MAGIC:
            raise DecodeError(f"bad magic byte {magic}, expected {MAGIC}", **where)
        if schema_id not in self._writers:
            try:
                schema = self.registry.schema_for(schema_id)
            except UnknownSchema:
                raise DecodeError(f"unknown schema id {schema_id}", **where) from None
            self._writers[schema_id] = self._parse_writer(schema_id, schema, where)
        self._headers[HEADER.pack(magic, schema_id)] = self._writers[schema_id]
        return self._writers[schema_id]

    def _parse_writer(self, schema_id: int, schema: Schema, where: _Where) -> _Writer:
        name = str(schema.get("name", "")).rsplit(".", 1)[-1] if isinstance(schema, dict) else ""
        if name not in self._readers:
            raise DecodeError(f"schema id {schema_id} is no event type: {name!r}", **where)
        try:
            parsed = parse_schema(schema)
            return (
                name,
                parsed,
                schema,
                None if parsed == self._readers[name] else self._readers[name],
            )
        except Exception as exc:
            raise DecodeError(f"schema id {schema_id} is no valid Avro", **where) from exc


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except (ValueError, TypeError, AttributeError):
        return False


def _unchanged(record: dict[str, Any], writer_schema: Schema) -> dict[str, Any]:
    return record


class RegistrySetting(Protocol):
    """What the codec needs of a deployment's settings (the settings object satisfies it; the
    codec does not import it, so the schemas adapter stays below the configuration)."""

    @property
    def schema_registry_url(self) -> str | None: ...


def default_codec(settings: RegistrySetting) -> Codec:
    """The codec of a deployment: the Schema Registry when configured, else the file registry."""
    if settings.schema_registry_url:
        return Codec(ConfluentRegistry(settings.schema_registry_url))
    return Codec(FileRegistry())


__all__ = ["Codec", "DecodeError", "EncodeError", "Upcast", "default_codec"]
