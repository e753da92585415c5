"""Events/s through the stream processors: a real `jiesu streams` worker on fresh topics.

The worker is started and warmed up first (one petition through to its routing decision),
so the figure is the live path's rate, not faust's start-up; the start-up is shown apart.
The finished log (petitions plus every decision) becomes the log the ceiling and the replay
read, which is the shape of a real log.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from bench.context import BenchContext
from bench.follow import Follower
from bench.log import Record, encode_all, petitions, produce
from jiesu.bus.partitioning import partition_for
from jiesu.domain.events import PetitionReceived
from jiesu.runtime.processes import Child
from jiesu.settings import Settings
from schemas.codec import default_codec

MILESTONE = b"PetitionRouted"
"""Every petition's last automatic decision: classified, then routed to a unit."""


def _routed(key: bytes, value: bytes, headers: dict[str, bytes]) -> tuple[str, ...]:
    return ("routed",) if headers.get("event_type") == MILESTONE else ()


def measure_streams(ctx: BenchContext, records: Sequence[Record]) -> dict[str, Any]:
    """Publish the scale's petitions to a warmed-up worker; time until all are routed."""
    settings = ctx.fresh("streams")
    topic = settings.petition_events_topic
    follower = Follower(settings, topic, settings.petition_partitions, _routed).start()
    started = time.monotonic()
    worker = ctx.child("streams", ["streams", "--no-ticker", "--loglevel", "warning"], settings)
    try:
        warm = _warm_up(settings, follower, worker)
        startup = time.monotonic() - started
        cpu, sent = ctx.sampler.cpu_seconds("streams"), time.monotonic()
        produce(settings, records)
        _wait(follower, warm + len(records), 60.0 + len(records) / 20, worker)
        last = max(follower.snapshot("routed").values())
        cpu = ctx.sampler.cpu_seconds("streams") - cpu
    finally:
        follower.stop()
        ctx.stop_child(worker, timeout_s=5.0)
    ctx.log = settings
    return {
        "streams_eps": round(len(records) / (last - sent)),
        "streams_startup_s": round(startup, 1),
        "streams_cpu_ms_per_event": round(cpu * 1000 / len(records), 2),
    }


def _warm_up(settings: Settings, follower: Follower, worker: Child) -> int:
    """Route one petition per partition; return how many."""
    warmup = _one_per_partition(settings.petition_partitions, settings.pii_key)
    produce(settings, encode_all(default_codec(settings), warmup))
    _wait(follower, len(warmup), 120.0, worker)
    return len(warmup)


def _one_per_partition(partitions: int, pii_key: str) -> list[PetitionReceived]:
    """Warm-up petitions, one in each partition: the worker rebuilds a partition's state the
    first time it sees it, and that must happen before the clock starts."""
    chosen: dict[int, PetitionReceived] = {}
    for event in petitions(20 * partitions, 999_999, pii_key):
        chosen.setdefault(partition_for(event.petition_id, partitions), event)
    return list(chosen.values())


def _wait(follower: Follower, count: int, timeout_s: float, worker: Child) -> None:
    deadline = time.monotonic() + timeout_s
    while not follower.wait_for("routed", count, 1.0):
        worker.check_alive()
        if time.monotonic() > deadline:
            got = follower.count("routed")
            raise TimeoutError(f"streams routed {got} of {count} petitions in {timeout_s:.0f}s")
