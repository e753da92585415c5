"""Callers of the intake for the burst drill: 12345 work orders posted open loop (each at its
scheduled moment, whatever the answers), by a call-centre system that gives up on an answer
after :data:`TIMEOUT_S` and sends the same order (same call id) again later.

(bench/load.py posts the same way but waits 30 s for an answer and does not say whether it
was a duplicate.)"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp

from bench.load import PATH

TIMEOUT_S = 2.0
"""How long a caller's system waits for an answer."""


@dataclass(frozen=True)
class Reply:
    """One request: when it was sent and answered (monotonic), and the answer."""

    sent: float
    answered: float
    status: int
    """0: no answer within :data:`TIMEOUT_S` (or the connection failed)."""
    petition_id: str | None = None
    duplicate: bool = False

    @property
    def acknowledged(self) -> bool:
        return bool(self.petition_id) and 200 <= self.status < 300


async def _post(client: aiohttp.ClientSession, body: dict[str, Any]) -> Reply:
    """Post one order stamped with the wall clock, as a live call centre would."""
    sent = time.monotonic()
    stamped = body | {"call_time": datetime.now(UTC).isoformat()}
    try:
        async with client.post(PATH, json=stamped) as answer:
            payload = await answer.json() if 200 <= answer.status < 300 else {}
            status = answer.status
    except (aiohttp.ClientError, TimeoutError):
        return Reply(sent, time.monotonic(), 0)
    return Reply(
        sent, time.monotonic(), status, payload.get("petition_id"), bool(payload.get("duplicate"))
    )


async def _open(url: str, key: str, bodies: Sequence[dict[str, Any]], rate: float) -> list[Reply]:
    async with aiohttp.ClientSession(
        base_url=url,
        headers={"Authorization": f"Bearer {key}"},
        connector=aiohttp.TCPConnector(limit=1024),
        timeout=aiohttp.ClientTimeout(total=TIMEOUT_S),
    ) as client:
        start = time.monotonic()
        tasks = []
        for index, body in enumerate(bodies):
            delay = start + index / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(_post(client, body)))
        return list(await asyncio.gather(*tasks))


def offer(url: str, key: str, bodies: Sequence[dict[str, Any]], rate: float) -> list[Reply]:
    """Post body i at ``i / rate`` seconds from now; return every reply, in the bodies' order."""
    return asyncio.run(_open(url, key, bodies, rate))
