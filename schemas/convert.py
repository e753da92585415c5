"""Events as JSON for projections, timelines and dashboards, with and without personal data.

Which fields are personal data is read from the schemas (``"pii": true``), not from a list
kept here, so a new personal field is redacted as soon as its schema says so. A pii field
with ``"mask": "phone"`` is masked (138****1234) instead of removed: handlers need to call.
Free text (:data:`jiesu.domain.redaction.FREE_TEXT`) has phones, ID-card numbers, e-mails
and the petitioner's own name masked. :func:`redact_event` is the one step doing both;
every reader of events (timelines, exports, the dashboard) goes through it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cache
from typing import Any

from jiesu.domain.events import EVENTS_BY_NAME, Event
from jiesu.domain.privacy import ERASED, mask_phone
from jiesu.domain.redaction import FREE_TEXT, redact_text
from schemas.catalog import Schema, current_schema
from schemas.plain import from_plain, to_plain, utc

MASKS: dict[str, Callable[[str | None], str | None]] = {"phone": mask_phone}

PiiField = tuple[tuple[str, ...], str | None]


def to_json(event: Event) -> dict[str, Any]:
    """The event's fields as JSON values: ISO-8601 UTC datetimes, enum values, lists."""
    return dict(to_plain(event, _iso))


def redacted_json(event: Event) -> dict[str, Any]:
    """:func:`to_json` without personal data: pii fields removed, phones masked."""
    data = to_json(event)
    redact_event(data, type(event).__name__, names_of(event))
    return data


def redact_event(data: dict[str, Any], name: str, names: tuple[str, ...] = ()) -> None:
    """Redact the JSON form ``data`` of an event of type ``name`` in place: its pii fields
    removed (or masked), its free text without phones, numbers, e-mails or ``names``."""
    for path, mask in pii_fields(name):
        redact(data, path, mask)
    for path in free_text_fields(name):
        _mask_text(data, path, names)


def names_of(event: Event) -> tuple[str, ...]:
    """The petitioner's own name, where the event carries it (to take out of free text)."""
    who = getattr(event, "petitioner", None)
    name = getattr(who, "name", None)
    return (name,) if isinstance(name, str) and name and name != ERASED else ()


def _mask_text(data: dict[str, Any], path: tuple[str, ...], names: tuple[str, ...]) -> None:
    *parents, leaf = path
    holder: Any = data
    for key in parents:
        holder = holder.get(key) if isinstance(holder, dict) else None
    if isinstance(holder, dict) and isinstance(holder.get(leaf), str):
        holder[leaf] = redact_text(holder[leaf], names)


def redact(data: dict[str, Any], path: tuple[str, ...], mask: str | None) -> None:
    """Remove the field at ``path`` of ``data`` (mask it, with a known ``mask``), if there."""
    *parents, leaf = path
    holder: Any = data
    for key in parents:
        holder = holder.get(key) if isinstance(holder, dict) else None
    if not isinstance(holder, dict) or leaf not in holder:
        return
    if mask in MASKS:
        holder[leaf] = MASKS[mask](holder[leaf])
    else:
        del holder[leaf]


def from_json(name: str, data: dict[str, Any]) -> Event:
    """The event of type ``name`` from its :func:`to_json` form."""
    if name not in EVENTS_BY_NAME:
        raise ValueError(f"unknown event type {name!r}")
    return from_plain(EVENTS_BY_NAME[name], data, _parse_iso)


@cache
def pii_fields(name: str) -> tuple[PiiField, ...]:
    """Paths of the fields the schema of ``name`` marks ``"pii": true``, with their mask."""
    return tuple(
        (path, field.get("mask"))
        for path, field in _walk(current_schema(name), (), {})
        if field.get("pii") is True
    )


@cache
def free_text_fields(name: str) -> tuple[tuple[str, ...], ...]:
    """Paths of the schema's text fields people type (:data:`FREE_TEXT`), not personal data
    themselves but where personal data is typed."""
    return tuple(
        path
        for path, field in _walk(current_schema(name), (), {})
        if field["name"] in FREE_TEXT and not field.get("pii")
    )


def _walk(
    record: Schema, prefix: tuple[str, ...], named: dict[str, Schema]
) -> Iterator[tuple[tuple[str, ...], Schema]]:
    for field in record["fields"]:
        path = (*prefix, field["name"])
        yield path, field
        for branch in _branches(field["type"]):
            if isinstance(branch, dict) and branch.get("type") == "record":
                named[f"{branch.get('namespace', '')}.{branch['name']}"] = branch
                yield from _walk(branch, path, named)
            elif isinstance(branch, str) and branch in named:
                yield from _walk(named[branch], path, named)


def _branches(avro_type: Any) -> list[Any]:
    return avro_type if isinstance(avro_type, list) else [avro_type]


def _iso(moment: datetime) -> str:
    return utc(moment).isoformat()


def _parse_iso(value: Any) -> datetime:
    return utc(value if isinstance(value, datetime) else datetime.fromisoformat(str(value)))
