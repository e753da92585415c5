"""Events/s through the stream processors: a real `jiesu streams` worker on fresh topics.

The worker is started and warmed up first (one petition through to its routing decision),
so the figure is the live path's rate, not faust's start-up; the start-up is shown apart.
Then the city log's inputs (receptions, handlers' actions, tick copies) are published and
the clock runs until the worker's group has committed every record of petition-events and
of the linker's input: ``streams_eps`` is inputs per second, the rate of a worker catching
up with a backlog. Its log is not the one the ceiling and the replay read: a backlog puts
every decision after every input, where a worker that keeps up writes each decision next to
its cause, as the offline log has it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from kafka import TopicPartition

from bench.context import BenchContext
from bench.follow import Follower
from bench.log import Record, encode_all, petitions, produce
from bench.quiet import Quiet
from jiesu.bus.partitioning import partition_for
from jiesu.domain.events import PetitionReceived
from jiesu.runtime.processes import Child
from jiesu.settings import Settings
from schemas.codec import default_codec
from streams.topics import app_id, link_topic

MILESTONE = b"PetitionRouted"
"""A warm-up petition's last automatic decision: classified, then routed to a unit."""
COMMIT_INTERVAL_S = 0.1
"""The worker's commit interval here: the stage ends at most this late (plus a look)."""
LOOK_S = 0.1
"""The shortest pause between two looks at the worker's lag."""


def _routed(key: bytes, value: bytes, headers: dict[str, bytes]) -> tuple[str, ...]:
    return ("routed",) if headers.get("event_type") == MILESTONE else ()


def measure_streams(ctx: BenchContext, inputs: Sequence[Record]) -> dict[str, Any]:
    """Publish the inputs to a warmed-up worker; time until it has taken in everything."""
    settings = ctx.fresh("streams").model_copy(update={"commit_interval_s": COMMIT_INTERVAL_S})
    started = time.monotonic()
    worker = ctx.child("streams", ["streams", "--no-ticker", "--loglevel", "warning"], settings)
    quiet = Quiet(settings, app_id(settings), _consumed(settings))
    try:
        _warm_up(settings, worker)
        startup = time.monotonic() - started
        cpu, sent = ctx.sampler.cpu_seconds("streams"), time.monotonic()
        produce(settings, inputs)
        _wait_quiet(quiet, worker, 60.0 + len(inputs) / 20)
        seconds = time.monotonic() - sent
        cpu = ctx.sampler.cpu_seconds("streams") - cpu
    finally:
        quiet.close()
        ctx.stop_child(worker, timeout_s=5.0)
    return {
        "streams_eps": round(len(inputs) / seconds),
        "streams_startup_s": round(startup, 1),
        "streams_cpu_ms_per_event": round(cpu * 1000 / len(inputs), 2),
    }


def _consumed(settings: Settings) -> list[TopicPartition]:
    """What the worker's group reads and the bench waits on: petition-events and the
    linker's input (the linker's decisions land in petition-events after it)."""
    topic = settings.petition_events_topic
    parts = [TopicPartition(topic, p) for p in range(settings.petition_partitions)]
    return [*parts, TopicPartition(link_topic(settings), 0)]


def _wait_quiet(quiet: Quiet, worker: Child, timeout_s: float) -> None:
    """Look at the lag every 1 % of the time so far (each look costs the bench a consumer,
    CPU the worker would miss; the figure is then at most 1 % late), then confirm."""
    started = time.monotonic()
    while quiet.lag() > 0:
        worker.check_alive()
        waited = time.monotonic() - started
        if waited > timeout_s:
            raise TimeoutError(f"the stream worker still lags after {timeout_s:.0f}s")
        time.sleep(max(LOOK_S, waited / 100))
    quiet.wait()


def _warm_up(settings: Settings, worker: Child) -> None:
    """Route one petition per partition: the worker rebuilds a partition's state the first
    time it sees it, and that must happen before the clock starts."""
    warmup = _one_per_partition(settings.petition_partitions, settings.pii_key)
    follower = Follower(
        settings, settings.petition_events_topic, settings.petition_partitions, _routed
    )
    follower.start()
    try:
        produce(settings, encode_all(default_codec(settings), warmup))
        deadline = time.monotonic() + 120.0
        while not follower.wait_for("routed", len(warmup), 1.0):
            worker.check_alive()
            if time.monotonic() > deadline:
                got = follower.count("routed")
                raise TimeoutError(f"streams routed {got} of {len(warmup)} warm-up petitions")
    finally:
        follower.stop()


def _one_per_partition(partitions: int, pii_key: str) -> list[PetitionReceived]:
    chosen: dict[int, PetitionReceived] = {}
    for event in petitions(20 * partitions, 999_999, pii_key):
        chosen.setdefault(partition_for(event.petition_id, partitions), event)
    return list(chosen.values())
