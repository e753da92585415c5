"""What an export may hold: the dashboard's redaction, and CSV cells no spreadsheet runs.

Read-model rows go out as the dashboard shows them: free text through the one redaction
rule (:func:`jiesu.domain.redaction.redact_text`), timeline payloads through the events'
(:func:`schemas.convert.redact_event`, which also drops what older rows kept, such as the
petitioner's keyed hash), and the channel's own reference left out (for the mini-program it
holds a keyed hash of the reporter). In CSV, a text cell starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is a formula to Excel or LibreOffice: it gets a leading
``'`` so it is shown as text (OWASP's advice).
"""

from __future__ import annotations

import json
from typing import Any

from jiesu.domain.redaction import FREE_TEXT, redact_text
from projections.payload import json_text
from schemas.convert import redact_event

DROPPED = frozenset({"channel_ref"})
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def redacted_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_redacted(row) for row in rows]


def _redacted(row: dict[str, Any]) -> dict[str, Any]:
    made: dict[str, Any] = {}
    for name, value in row.items():
        if name in DROPPED:
            continue
        if name in FREE_TEXT and isinstance(value, str):
            value = redact_text(value)
        elif name == "payload" and isinstance(value, str):
            value = _payload(value, str(row.get("event_type") or ""))
        made[name] = value
    return made


def _payload(text: str, event_type: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        return redact_text(text) or ""
    if isinstance(data, dict) and event_type:
        redact_event(data, event_type)
    return json_text(data)


def neutralised(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows whose text cells cannot start a spreadsheet formula."""
    return [{k: _cell(v) for k, v in row.items()} for row in rows]


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
