"""Label values from free text, bounded: a label never carries an id, a name or a number."""

from __future__ import annotations

import re

_NOT_WORD = re.compile(r"[^a-z]+")


def reason_label(reason: str) -> str:
    """The kind of a dead-letter reason: its text before the first colon, as snake case
    (``"undecodable: bad magic byte 7"`` → ``undecodable``); digits are dropped, so no
    offset or id can make a new series."""
    head = reason.split(":", 1)[0].lower()
    return _NOT_WORD.sub("_", head).strip("_")[:40] or "unknown"
