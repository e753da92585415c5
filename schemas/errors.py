"""What goes wrong at the byte boundary; re-exported by :mod:`schemas.codec`."""

from __future__ import annotations


class DecodeError(Exception):
    """Bytes that are no event of ours: bad header, unknown schema id, corrupt body."""

    def __init__(self, reason: str, *, topic: str = "", partition: int = -1, offset: int = -1):
        super().__init__(f"cannot decode {topic or '?'}[{partition}]@{offset}: {reason}")
        self.reason, self.topic, self.partition, self.offset = reason, topic, partition, offset


class EncodeError(ValueError):
    """An event the schema cannot hold (naive datetime, non-UUID event id, wrong type)."""
