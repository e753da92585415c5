"""The demo's running system: broker, processors, projector, intake, dashboard.

Every deployable runs as its own child process (as in production), started here in
dependency order and stopped in reverse. With ``KAFKA_BOOTSTRAP_SERVERS`` / ``DATABASE_URL``
set the demo uses those; otherwise it embeds the broker and a fresh SQLite file, since the
embedded broker starts empty and an old database would disagree with the new log.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from jiesu.bus.embedded import EmbeddedBroker
from jiesu.runtime.processes import Child, stop_all
from jiesu.settings import Settings

LATENCY = {
    "fetch_max_wait_ms": 8,
    "batch_within_ms": 5,
    "session_timeout_ms": 3000,
    "heartbeat_interval_ms": 1000,
}
"""The demo waits on every hop of the processors' chain after each stretch of simulated
time, so its consumers fetch and its agents batch for less than the defaults (which weigh
throughput): a 300-petition day took 46 s with the defaults, 39 s with these. Some brokers
let a worker join its group only after about half the session timeout (../shared/BROKER.md):
the demo's worker joined in 2.0 s with these, 3.0 s with the deployables' default."""


PROJECTOR = {"JIESU_FETCH_MAX_WAIT_MS": "50"}
"""The projector is off the chain the demo waits on (it is waited for once, at the end), so
it fetches at the pace of a person watching the dashboard: a sixth of the polls it made at
8 ms took the default demo's projector from 9.3 to 7.3 CPU-s and the broker from 9.1 to 7.9."""


@dataclass(frozen=True)
class StackOptions:
    web: bool = True
    intake_port: int = 8080
    dashboard_port: int = 8000
    commit_interval_s: float = 0.01


@dataclass
class Stack:
    settings: Settings
    broker: EmbeddedBroker | None = None
    children: list[Child] = field(default_factory=list)

    @property
    def dashboard_url(self) -> str | None:
        return next(
            (
                c.ready_url.removesuffix("healthz")
                for c in self.children
                if c.name == "dashboard" and c.ready_url
            ),
            None,
        )

    def wait_ready(self, timeout_s: float = 90) -> None:
        for child in self.children:
            child.wait_ready(timeout_s=timeout_s)

    def check_alive(self) -> None:
        for child in self.children:
            child.check_alive()

    def stop(self) -> None:
        stop_all(self.children)
        self.children = []
        if self.broker is not None:
            self.broker.stop()
            self.broker = None


def prepare_settings(base: Settings, run_dir: Path) -> tuple[Settings, EmbeddedBroker | None]:
    """Settings of this run: the external services when configured, else embedded ones."""
    if run_dir.exists():
        shutil.rmtree(run_dir)
    run_dir.mkdir(parents=True)
    broker = None
    updates: dict[str, object] = {"data_dir": run_dir}
    if not configured(base, "kafka_bootstrap_servers"):
        broker = EmbeddedBroker()
        updates["kafka_bootstrap_servers"] = broker.start()
    if not configured(base, "database_url"):
        updates["database_url"] = f"sqlite:///{run_dir / 'jiesu.db'}"
    for name, value in LATENCY.items():
        if not configured(base, name):
            updates[name] = value
    return base.model_copy(update=updates), broker


def configured(settings: Settings, name: str) -> bool:
    """Whether the environment (or the caller) set ``name``: ``model_fields_set`` holds field
    names (``database_url``), never their environment aliases (``DATABASE_URL``)."""
    return name in settings.model_fields_set and bool(getattr(settings, name))


def stale_state(settings: Settings) -> str | None:
    """Why this run's broker or database already holds a run (None: both are fresh).

    The demo counts the whole log and the same seed gives the same petitions, which the
    intake's ledger of an earlier run would refuse as duplicates: it needs both empty."""
    from sqlalchemy import create_engine, inspect, select

    from jiesu.bus.reading import high_watermarks
    from producers.store import accepted
    from projections.store import ensure_database

    topic = settings.petition_events_topic
    if any(high_watermarks(settings, topic, range(settings.petition_partitions)).values()):
        return f"topic {topic} already holds events (set JIESU_PETITION_EVENTS_TOPIC)"
    ensure_database(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        if inspect(engine).has_table(accepted.name):
            with engine.connect() as conn:
                if conn.execute(select(accepted.c.channel_ref).limit(1)).first():
                    return "the database already holds a run's petitions (use an empty one)"
    finally:
        engine.dispose()
    return None


def child_env(settings: Settings, options: StackOptions) -> dict[str, str]:
    """The environment that makes a child read the same settings as the demo."""
    return {
        "KAFKA_BOOTSTRAP_SERVERS": str(settings.kafka_bootstrap_servers),
        "DATABASE_URL": settings.database_url,
        "JIESU_DATA_DIR": str(settings.data_dir),
        "JIESU_PETITION_PARTITIONS": str(settings.petition_partitions),
        "JIESU_FETCH_MAX_WAIT_MS": str(settings.fetch_max_wait_ms),
        "JIESU_SESSION_TIMEOUT_MS": str(settings.session_timeout_ms),
        "JIESU_HEARTBEAT_INTERVAL_MS": str(settings.heartbeat_interval_ms),
        "JIESU_BATCH_WITHIN_MS": str(settings.batch_within_ms),
        "JIESU_COMMIT_INTERVAL_S": str(options.commit_interval_s),
        "JIESU_DEVELOPMENT": "1",
    }


def start_children(stack: Stack, options: StackOptions) -> None:
    """Start the deployables; :meth:`Stack.wait_ready` waits until each answers.

    The simulation needs none of the HTTP services (petitions go through the intake's code
    in-process, the pacing waits for the stream worker's group itself), so it starts while
    they boot."""
    env = child_env(stack.settings, options)
    logs = stack.settings.data_dir / "logs"
    specs = [
        Child("streams", ["streams", "--no-ticker"], env, log_dir=logs),
        Child("project", ["project"], env | PROJECTOR, log_dir=logs),
    ]
    port = options.intake_port
    specs.append(
        Child(
            "intake", ["intake", "--port", str(port)], env, f"http://127.0.0.1:{port}/healthz", logs
        )
    )
    if options.web:
        port = options.dashboard_port
        specs.append(
            Child(
                "dashboard",
                ["dashboard", "--port", str(port)],
                env,
                f"http://127.0.0.1:{port}/healthz",
                logs,
            )
        )
    for child in specs:
        child.start()
        stack.children.append(child)
