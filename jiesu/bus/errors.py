"""Errors of the Kafka edge that callers turn into answers (HTTP 503, a CLI message)."""

from __future__ import annotations


class BrokerUnavailable(Exception):
    """The broker did not acknowledge in time: nothing was acknowledged to the caller.

    Callers answer "try again later" (HTTP 503 with Retry-After); retrying is safe because
    event ids are deterministic.
    """
