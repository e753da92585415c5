"""Deterministic identifiers: the same cause always yields the same id, so re-processing a
message (at-least-once delivery) never creates a second fact."""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("6f1c2b1e-7d4a-5c2e-9a51-3e2f0c7b8d10")


def derived_id(*parts: str) -> str:
    """A UUID (version 5) named by the parts, e.g. the cause's event id and the decision."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def petition_id_for(channel: str, channel_ref: str) -> str:
    """The petition id of a channel's own reference: retries of one report share it."""
    return derived_id("petition", channel, channel_ref)


def new_id() -> str:
    """A fresh random UUID, for facts that have no cause to be named after."""
    return str(uuid.uuid4())
