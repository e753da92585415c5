"""A timeline entry's payload: the event as redacted JSON, built for the fold's hot path.

The text is exactly ``json.dumps(redacted_json(event), ensure_ascii=False, sort_keys=True)``
(a unit test holds the two equal for every event type), but it starts from the event's own
attribute dict and converts only the values JSON cannot take as they are. Strings (string
enums included: JSON writes a ``StrEnum`` as its value), numbers, booleans, None and tuples
of strings are already what :func:`schemas.plain.to_plain` would give; datetimes, nested
records and anything else go through the same conversions as :func:`redacted_json`. It was
a third of the fold's CPU time when every field took the generic walk.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from jiesu.domain.events import Event
from schemas.convert import names_of, redact_event
from schemas.plain import to_plain, utc

_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_AS_IS = frozenset({str, int, float, bool, type(None)})


def timeline_payload(event: Event) -> str:
    """The redacted JSON text of ``event`` stored in ``petition_timeline.payload``."""
    data = dict(vars(event))
    for name, value in data.items():
        kind = type(value)
        if kind in _AS_IS:
            continue
        if kind is datetime:
            data[name] = utc(value).isoformat()
        elif not _json_ready(value):
            data[name] = to_plain(value, _iso)
    redact_event(data, type(event).__name__, names_of(event))
    return _encode(data)


def _json_ready(value: Any) -> bool:
    """Values JSON writes exactly as their plain form: string enums, tuples of strings."""
    if isinstance(value, str):
        return True
    return type(value) is tuple and all(type(item) is str for item in value)


def _iso(moment: datetime) -> str:
    return utc(moment).isoformat()
