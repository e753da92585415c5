"""A timeline entry's payload: the event as redacted JSON, built for the fold's hot path.

The text is exactly ``json_text(redacted_json(event))`` (a unit test holds the two equal for
every event type), but it starts from the event's own attribute dict and converts only the
fields whose declared type JSON cannot take as it is.
Strings (string enums included: JSON writes a ``StrEnum`` as its value), numbers, booleans
and None are already what :func:`schemas.plain.to_plain` would give, so an event type's
fields of those types are never looked at; datetimes, tuples, nested records and anything
else go through the same conversions as :func:`redacted_json`. The payload was a third of
the fold's CPU time when every field took the generic walk.

:func:`json_text` is every payload's spelling (the timeline's, an erasure's, an export's):
compact, keys sorted, Chinese as it is. msgspec writes it in 2.1 µs per event where the
standard library's C encoder took 6.1 (the benchmark's events; the payload is made for every
event a replay folds). Payloads written before 2026-12 have spaces after ``,`` and ``:``;
readers parse them, so both spellings read the same.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Hashable
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any, Union, cast, get_args, get_origin, get_type_hints

import msgspec

from jiesu.domain.events import Event
from schemas.convert import names_of, redact_event
from schemas.plain import to_plain, utc

_AS_IS = frozenset({str, int, float, bool, type(None)})


_ENCODE = msgspec.json.Encoder(order="sorted").encode


def json_text(data: Any) -> str:
    """A payload's JSON text: compact, keys sorted, non-ASCII text as it is."""
    return _ENCODE(data).decode()


def timeline_payload(event: Event) -> str:
    """The redacted JSON text of ``event`` stored in ``petition_timeline.payload``."""
    data = dict(vars(event))
    moment, text = None, ""  # an event's times are often equal: each distinct one once
    for name in _converted_fields(cast(Hashable, type(event))):
        value = data[name]
        kind = type(value)
        if kind in _AS_IS:
            continue
        if kind is datetime:
            if value != moment:  # equal instants have equal UTC text
                moment, text = value, utc(value).isoformat()
            data[name] = text
        elif not _json_ready(value):
            data[name] = to_plain(value, _iso)
    redact_event(data, type(event).__name__, names_of(event))
    return json_text(data)


@cache
def _converted_fields(cls: Any) -> tuple[str, ...]:
    """The fields of ``cls`` whose values may need converting: all but those declared as
    strings, string enums, numbers or booleans (optional or not)."""
    hints = get_type_hints(cls)
    return tuple(f.name for f in dataclasses.fields(cls) if not _plain(hints[f.name]))


def _plain(hint: Any) -> bool:
    if get_origin(hint) in (Union, types.UnionType):
        return all(_plain(arg) for arg in get_args(hint))
    if hint in _AS_IS:
        return True
    return isinstance(hint, type) and issubclass(hint, str) and issubclass(hint, Enum)


def _json_ready(value: Any) -> bool:
    """Values JSON writes exactly as their plain form: string enums, tuples of strings."""
    if isinstance(value, str):
        return True
    return type(value) is tuple and all(type(item) is str for item in value)


def _iso(moment: datetime) -> str:
    return utc(moment).isoformat()
