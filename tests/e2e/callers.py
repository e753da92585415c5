"""Callers of the intake for the burst drill: 12345 work orders posted open loop (each at its
scheduled moment, whatever the answers), by a call-centre system that gives up on an answer
after :data:`TIMEOUT_S` and sends the same order (same call id) again later."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bench.load import Answer, open_loop

TIMEOUT_S = 2.0
"""How long a caller's system waits for an answer."""


def offer(url: str, key: str, bodies: Sequence[dict[str, Any]], rate: float) -> list[Answer]:
    """Post body i at ``i / rate`` seconds from now; return every answer, in the bodies' order."""
    return open_loop(url, key, bodies, rate, timeout_s=TIMEOUT_S)
