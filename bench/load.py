"""HTTP load on the intake: hotline work orders, closed loop (as fast as possible) or open
loop (a steady offered rate, each request fired at its scheduled time whatever the answers).

Open loop is what a city does to the service: callers do not wait for each other, so a slow
intake shows up as latency and a shortfall, not as a politely lower rate.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp

from bench.log import petitions
from jiesu.domain.events import Channel
from producers.simulator.intake_payloads import petition_request

PATH = "/hotline/work-orders"


@dataclass(frozen=True)
class Answer:
    """One request: when it was sent and answered (monotonic), its status (0: no answer in
    time, or the connection failed), its petition id and whether it was a duplicate."""

    sent: float
    answered: float
    status: int
    petition_id: str | None
    duplicate: bool = False

    @property
    def acknowledged(self) -> bool:
        return bool(self.petition_id) and 200 <= self.status < 300


def work_orders(count: int, seed: int, pii_key: str) -> list[dict[str, Any]]:
    """``count`` simulated petitions as 12345 work orders (unique call ids per seed)."""
    events = petitions(count, seed, pii_key)
    hotline = [dataclasses.replace(e, channel=Channel.HOTLINE) for e in events]
    return [petition_request(e).json or {} for e in hotline]


async def _post(client: aiohttp.ClientSession, body: dict[str, Any]) -> Answer:
    """Post one order stamped with the wall clock, as a live call centre would: the stream
    processors' event-time clock then follows real time (no SLA expires mid-benchmark)."""
    sent = time.monotonic()
    try:
        async with client.post(PATH, json=body | {"call_time": _now()}) as answer:
            status = answer.status
            payload = await answer.json() if 200 <= status < 300 else {}
    except (aiohttp.ClientError, TimeoutError):
        return Answer(sent, time.monotonic(), 0, None)
    petition_id, duplicate = payload.get("petition_id"), bool(payload.get("duplicate"))
    return Answer(sent, time.monotonic(), status, petition_id, duplicate)


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _client(url: str, key: str, concurrency: int, timeout_s: float = 30.0) -> aiohttp.ClientSession:
    """aiohttp rather than httpx: the load generator shares the machine with the pipeline,
    and httpx's pool costs more CPU per request the more connections it holds."""
    return aiohttp.ClientSession(
        base_url=url,
        headers={"Authorization": f"Bearer {key}"},
        connector=aiohttp.TCPConnector(limit=concurrency),
        timeout=aiohttp.ClientTimeout(total=timeout_s),
    )


async def _closed(
    url: str, key: str, bodies: Sequence[dict[str, Any]], workers: int
) -> list[Answer]:
    queue = list(reversed(bodies))
    answers: list[Answer] = []

    async def worker(client: aiohttp.ClientSession) -> None:
        while queue:
            answers.append(await _post(client, queue.pop()))

    async with _client(url, key, workers) as client:
        await asyncio.gather(*(worker(client) for _ in range(workers)))
    return answers


async def _open(
    url: str, key: str, bodies: Sequence[dict[str, Any]], rate: float, timeout_s: float
) -> list[Answer]:
    async with _client(url, key, 1024, timeout_s) as client:
        start = time.monotonic()
        tasks = []
        for index, body in enumerate(bodies):
            delay = start + index / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(_post(client, body)))
        return list(await asyncio.gather(*tasks))


def closed_loop(url: str, key: str, bodies: Sequence[dict[str, Any]], workers: int) -> list[Answer]:
    """Send every body with ``workers`` requests in flight at all times."""
    return asyncio.run(_closed(url, key, bodies, workers))


def open_loop(
    url: str, key: str, bodies: Sequence[dict[str, Any]], rate: float, timeout_s: float = 30.0
) -> list[Answer]:
    """Fire body i at ``i / rate`` seconds from now; return when every answer is in (or
    ``timeout_s`` passed for it), in the bodies' order."""
    return asyncio.run(_open(url, key, bodies, rate, timeout_s))
