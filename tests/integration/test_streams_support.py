"""Helpers of the stream-processor tests: real worker processes and a reader of the log."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer, TopicPartition

from jiesu.bus.publisher import Publisher
from jiesu.bus.reading import assigned_consumer
from jiesu.domain.events import ClockTicked, Event, PetitionClassified, PetitionReceived
from jiesu.settings import Settings
from schemas.codec import DecodeError, default_codec
from tests.conftest import GROUP_TIMING, TOPIC_STEMS

REPO = Path(__file__).resolve().parents[2]


def worker_env(settings: Settings) -> dict[str, str]:
    """The environment that gives a worker process the test's settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIESU_")}
    env["KAFKA_BOOTSTRAP_SERVERS"] = str(settings.kafka_bootstrap_servers)
    for name in TOPIC_STEMS:
        env[f"JIESU_{name.upper()}"] = str(getattr(settings, name))
    env["JIESU_PETITION_PARTITIONS"] = str(settings.petition_partitions)
    env["JIESU_DATA_DIR"] = str(settings.data_dir)
    env |= GROUP_TIMING
    if settings.holidays_file is not None:
        env["JIESU_HOLIDAYS_FILE"] = str(settings.holidays_file)
    env["JIESU_STREAMS_METRICS_PORT"] = "0"  # workers of a test share a host: none serves
    return env


class WorkerProcess:
    """`jiesu streams --no-ticker` as a real subprocess, logging to a file."""

    def __init__(
        self, settings: Settings, log_path: Path, *args: str, env: dict[str, str] | None = None
    ) -> None:
        self.log_path = log_path
        self._log = log_path.open("wb")
        command = [sys.executable, "-m", "jiesu.cli", "streams", "--no-ticker", *args]
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env=worker_env(settings) | (env or {}),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        """SIGKILL: no goodbye to the group, no flush, nothing."""
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, text: str, timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while text not in self.log_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise TimeoutError(f"worker never logged {text!r}:\n{self.log_text()[-2000:]}")
            time.sleep(0.2)


def publish(settings: Settings, events: Iterable[Event], topic: str | None = None) -> None:
    publisher = Publisher(settings, default_codec(settings))
    try:
        for event in events:
            publisher.publish(event, topic)
    finally:
        publisher.close()


@dataclass(frozen=True)
class Record:
    partition: int
    offset: int
    value: bytes
    headers: dict[str, bytes]
    event: Event | None


class LogReader:
    """Reads every partition of a topic from the start and keeps up with it."""

    def __init__(self, settings: Settings, topic: str, partitions: int) -> None:
        self.codec = default_codec(settings)
        self.topic = topic
        self.consumer: KafkaConsumer = assigned_consumer(settings)
        self.tps = [TopicPartition(topic, p) for p in range(partitions)]
        self.consumer.assign(self.tps)
        for tp in self.tps:
            self.consumer.seek(tp, 0)
        self.records: list[Record] = []

    def poll(self) -> int:
        """Read what is there now; return how many records came in."""
        came = 0
        for tp, batch in self.consumer.poll(timeout_ms=300).items():
            for r in batch:
                self.records.append(
                    Record(tp.partition, r.offset, r.value, dict(r.headers), self._decode(r, tp))
                )
                came += 1
        return came

    def _decode(self, r: Any, tp: TopicPartition) -> Event | None:
        try:
            return self.codec.decode(
                r.value,
                topic=tp.topic,
                partition=tp.partition,
                offset=r.offset,
            )
        except DecodeError:
            return None

    def caught_up(self) -> bool:
        return all(
            self.consumer.highwater(tp) is not None
            and self.consumer.position(tp) >= self.consumer.highwater(tp)
            for tp in self.tps
        )

    def settle(self, quiet_s: float = 4.0, timeout_s: float = 60.0) -> list[Record]:
        """Read until nothing new arrived for ``quiet_s`` seconds; return every record."""
        deadline = time.monotonic() + timeout_s
        last_change = time.monotonic()
        while time.monotonic() < deadline:
            if self.poll() or not self.caught_up():
                last_change = time.monotonic()
            elif time.monotonic() - last_change >= quiet_s:
                return list(self.records)
        raise TimeoutError(f"{self.topic} did not settle in {timeout_s}s")

    def wait_until(self, done: Callable[[list[Record]], bool], timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not done(self.records):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.topic}: condition not met in {timeout_s}s")
            self.poll()

    def wait_for(self, count: int, timeout_s: float = 60.0) -> list[Record]:
        deadline = time.monotonic() + timeout_s
        while len(self.records) < count and time.monotonic() < deadline:
            self.poll()
        return list(self.records)

    def close(self) -> None:
        self.consumer.close()


def decided(petitions: int, ticks: int = 0, partitions: int = 6) -> Callable[[list[Record]], bool]:
    """A condition: every petition classified, every tick copied into every partition."""

    def done(records: list[Record]) -> bool:
        received = {r.event.petition_id for r in records if isinstance(r.event, PetitionReceived)}
        classified = {
            r.event.petition_id for r in records if isinstance(r.event, PetitionClassified)
        }
        copies = sum(1 for r in records if isinstance(r.event, ClockTicked))
        return len(received) == petitions == len(classified) and copies >= ticks * partitions

    return done


def derived(records: list[Record], input_ids: set[str]) -> dict[str, bytes]:
    """What the processors appended: every decodable record the test did not write, by id."""
    return {
        r.event.event_id: r.value
        for r in records
        if r.event is not None and r.event.event_id not in input_ids
    }


def duplicates(records: list[Record]) -> list[str]:
    counts = Counter(r.event.event_id for r in records if r.event is not None)
    return sorted(event_id for event_id, n in counts.items() if n > 1)
