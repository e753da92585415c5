"""What every stage gets: the broker, fresh topics, a temp dir, children and the sampler.

Every stage asks for its own fresh topic set (``fresh``), so stages never see each other's
events; all of them are deleted at the end, which frees the embedded broker's memory.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kafka.errors import KafkaError
from rich.console import Console

from bench.memory import RssSampler
from jiesu.bus.topics import admin_client, ensure_topics, topic_map
from jiesu.runtime.processes import Child
from jiesu.settings import Settings

TOPIC_FIELDS = tuple(name for name in Settings.model_fields if name.endswith("_topic"))
"""Every topic a stage gets afresh, commands' and outcomes' included."""


@dataclass
class BenchContext:
    """One benchmark run's shared state; stages read it and add figures to ``figures``."""

    base: Settings
    workdir: Path
    console: Console
    sampler: RssSampler
    quick: bool = False
    offered_rps: float = 50.0
    scale: int = 10_000
    log_dir: Path = Path(".jiesu/bench-logs")
    """Children's logs: kept after the run (the temp dir is not), for post-mortems."""
    log: Settings | None = None
    """The topics holding this scale's event log (ceiling and replay read it)."""
    figures: dict[str, Any] = field(default_factory=dict)
    """This scale's figures so far (a later stage may compare with an earlier one)."""
    children: list[Child] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)

    def fresh(self, tag: str) -> Settings:
        """Settings with new, created topics and their own SQLite file and data dir."""
        suffix = f"{tag}-{uuid.uuid4().hex[:8]}"
        names = {
            name: f"bench-{suffix}-{name.removesuffix('_topic').replace('_', '-')}"
            for name in TOPIC_FIELDS
        }
        home = self.workdir / suffix
        settings = self.base.model_copy(
            update=names | {"database_url": f"sqlite:///{home / 'read.db'}", "data_dir": home}
        )
        home.mkdir(parents=True)
        ensure_topics(settings)
        self.topics += [spec.name for spec in topic_map(settings)]
        return settings

    def child(
        self, name: str, args: list[str], settings: Settings, url: str | None = None
    ) -> Child:
        """Start ``jiesu <args>`` configured for ``settings``, watched by the sampler."""
        proc = Child(name, args, env=child_env(settings), ready_url=url, log_dir=self.log_dir)
        proc.start()
        self.children.append(proc)
        assert proc.process is not None
        self.sampler.watch(name, proc.process.pid)
        return proc

    def stop_child(self, child: Child, timeout_s: float = 15.0) -> None:
        """SIGINT, SIGKILL after ``timeout_s``: the measurement is over, only reaping is left."""
        child.stop(timeout_s)
        self.children.remove(child)

    def stop_children(self) -> None:
        while self.children:
            self.children.pop().stop()

    def delete_topics(self) -> None:
        """Drop every topic the run created (best effort: the run's figures are already in)."""
        if not self.topics:
            return
        with contextlib.suppress(KafkaError):
            admin = admin_client(self.base)
            try:
                admin.delete_topics(self.topics)
            finally:
                admin.close()
        self.topics.clear()


def child_env(settings: Settings) -> dict[str, str]:
    """The environment that hands ``settings`` to a `jiesu` child process."""
    env = {f"JIESU_{name.upper()}": str(getattr(settings, name)) for name in TOPIC_FIELDS}
    return env | {
        "KAFKA_BOOTSTRAP_SERVERS": str(settings.kafka_bootstrap_servers),
        "DATABASE_URL": settings.database_url,
        "JIESU_DATA_DIR": str(settings.data_dir),
        "JIESU_PETITION_PARTITIONS": str(settings.petition_partitions),
        "JIESU_FETCH_MAX_WAIT_MS": str(settings.fetch_max_wait_ms),
        "JIESU_SESSION_TIMEOUT_MS": str(settings.session_timeout_ms),
        "JIESU_HEARTBEAT_INTERVAL_MS": str(settings.heartbeat_interval_ms),
        "JIESU_COMMIT_INTERVAL_S": str(settings.commit_interval_s),
        # Development keys, and rate limits far above the offered load: the bench measures
        # the pipeline, not the limiter (which answers 429 long before 100 requests/s a key).
        "JIESU_DEVELOPMENT": "1",
        "JIESU_RATE_LIMIT_KEY": "10000000/minute",
        "JIESU_RATE_LIMIT_ADDRESS": "10000000/minute",
    }
