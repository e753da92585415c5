"""Errors of the Kafka edge that callers turn into answers (HTTP 503, a CLI message)."""

from __future__ import annotations


class BrokerUnavailable(Exception):
    """The broker did not acknowledge in time: nothing was acknowledged to the caller.

    Callers answer "try again later" (HTTP 503 with Retry-After); retrying is safe because
    event ids are deterministic.
    """


class EventTooLarge(ValueError):
    """An event whose encoded form is over ``JIESU_MAX_EVENT_BYTES``: refused before anything
    is sent (the caller answers 413), so it cannot fail the events sent with it."""

    def __init__(self, event_id: str, size: int, limit: int) -> None:
        super().__init__(f"event {event_id} is {size} bytes encoded, over the {limit} allowed")
        self.size = size
        self.limit = limit
