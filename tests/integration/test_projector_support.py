"""Helpers of the projector tests: publishing generated stories, running the projector (a
thread or a real process), and waiting until it has folded the whole log."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select

from jiesu.bus.partitioning import partition_for
from jiesu.bus.publisher import Publisher
from jiesu.bus.reading import high_watermark
from jiesu.domain.events import Event
from jiesu.settings import Settings
from projections.live import run_projector
from projections.models import Position
from projections.store import session_factory
from schemas.codec import default_codec
from tests.conftest import PROJECTOR_TIMING, TOPIC_STEMS
from tests.unit.test_projection_support import ticks

REPO = Path(__file__).resolve().parents[2]


def publish(settings: Settings, events: list[Event], tick_hours: int = 0) -> None:
    """Each event to its petition's partition, in order; ticks fanned out to every one."""
    n = settings.petition_partitions
    per: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        per[partition_for(event.petition_id, n)].append(event)
    for tick in ticks(tick_hours):
        for partition in range(n):
            per[partition].append(tick)
    publisher = Publisher(settings, default_codec(settings))
    try:
        for partition, batch in sorted(per.items()):
            batch.sort(key=lambda e: e.event_time)
            for start in range(0, len(batch), 500):
                chunk = batch[start : start + 500]
                publisher.publish_many(chunk, settings.petition_events_topic, partition)
    finally:
        publisher.close()


def log_end(settings: Settings) -> dict[int, int]:
    topic = settings.petition_events_topic
    return {p: high_watermark(settings, topic, p) for p in range(settings.petition_partitions)}


def positions(url: str, settings: Settings) -> dict[int, int]:
    with session_factory(url)() as session:
        rows = session.scalars(
            select(Position).where(
                Position.projection == "petitions",
                Position.topic == settings.petition_events_topic,
            )
        ).all()
        return {row.partition: row.next_offset for row in rows}


def wait_caught_up(url: str, settings: Settings, timeout_s: float = 120.0) -> None:
    end = {p: o for p, o in log_end(settings).items() if o}
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if all(positions(url, settings).get(p, 0) >= o for p, o in end.items()):
                return
        except Exception:
            pass  # the tables may not exist yet
        time.sleep(0.3)
    raise TimeoutError(f"projector did not reach {end}; at {positions(url, settings)}")


@contextmanager
def projector_thread(settings: Settings, url: str, batch_size: int = 500) -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=run_projector, args=(settings, url, batch_size, stop))
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)


def env_for(settings: Settings, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIESU_")}
    env["KAFKA_BOOTSTRAP_SERVERS"] = str(settings.kafka_bootstrap_servers)
    env["DATABASE_URL"] = url
    for name in TOPIC_STEMS:  # every topic a test names afresh, commands' included
        env[f"JIESU_{name.upper()}"] = str(getattr(settings, name))
    env["JIESU_PETITION_PARTITIONS"] = str(settings.petition_partitions)
    env["JIESU_DATA_DIR"] = str(settings.data_dir)
    return env


def jiesu(settings: Settings, url: str, *args: str, log: Path | None = None) -> subprocess.Popen:
    """``jiesu ARGS`` as a real process with the test's settings."""
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    return subprocess.Popen(
        [sys.executable, "-m", "jiesu.cli", *args],
        cwd=REPO,
        env=env_for(settings, url) | (PROJECTOR_TIMING if args[:1] == ("project",) else {}),
        stdout=out,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
    )
