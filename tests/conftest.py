"""Shared fixtures: one real broker per session, unique topics and databases per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from kafka.errors import KafkaError
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from jiesu.bus.errors import BrokerUnavailable
from jiesu.bus.topics import admin_client, ensure_topics, topic_map
from jiesu.demo.stack import PROJECTOR
from jiesu.settings import Settings
from tests.hypothesis_budget import PROFILE
from tests.services import kafka_service, postgres_service


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """A running Kafka-protocol broker's bootstrap address for the whole session."""
    with kafka_service() as bootstrap:
        yield bootstrap


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str | None]:
    with postgres_service() as url:
        yield url


def unique_suffix() -> str:
    return uuid.uuid4().hex[:10]


TOPIC_STEMS = {
    "petition_events_topic": "petition-events",
    "clock_topic": "clock",
    "dead_letter_topic": "dead-letter",
    "changes_topic": "changes",
    "petition_commands_topic": "commands",
    "command_outcomes_topic": "outcomes",
}


PROJECTOR_TIMING = PROJECTOR
"""Projector processes' fetch wait, the demo's (50 ms): a test waits for a projector by
reading its database every few hundred milliseconds, so the longer fetch costs it nothing,
and the suite's two cores lose less to idle polling (at 20 ms, and at the drills' 8 ms, a
waiting projector took a tenth of a core and as much of the broker's again)."""

GROUP_TIMING = {"JIESU_SESSION_TIMEOUT_MS": "3000", "JIESU_HEARTBEAT_INTERVAL_MS": "1000"}
"""Child processes' consumer-group timing: the broker's join waits about half the session
timeout and a killed member is given up on after it, so tests keep it short (the
deployables' default is 6 s, see ../shared/BROKER.md)."""


def unique_topic_names() -> dict[str, str]:
    """Fresh names for the topics a test writes, so no two tests share a log."""
    suffix = unique_suffix()
    return {field: f"{stem}-{suffix}" for field, stem in TOPIC_STEMS.items()}


def topics_in(kafka_bootstrap: str, directory: Path) -> Settings:
    """Settings whose topics are fresh (created) and whose database is a new SQLite file."""
    settings = Settings(
        kafka_bootstrap_servers=kafka_bootstrap,
        database_url=f"sqlite:///{directory / 'jiesu.db'}",
        **unique_topic_names(),  # type: ignore[arg-type]
        data_dir=directory / "data",
        publish_timeout_s=5.0,
    )
    ensure_topics(settings)
    return settings


@contextmanager
def fresh_postgres(server: str | None) -> Iterator[str]:
    """A new PostgreSQL database on ``server``, dropped afterwards."""
    if server is None:
        pytest.skip("no PostgreSQL: set DATABASE_URL, run a Docker engine or one on :5432")
    name = f"jiesu_test_{unique_suffix()}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def unique_topics(kafka_bootstrap: str, tmp_path: Path) -> Iterator[Settings]:
    """Settings whose topics are fresh (created) and whose database is a new SQLite file;
    the topics are deleted after the test."""
    settings = topics_in(kafka_bootstrap, tmp_path)
    yield settings
    drop_topics(settings)


def drop_topics(settings: Settings) -> None:
    """Delete a test's topics (best effort). The session's broker answers every fetch more
    slowly for each topic it holds: an idle stream worker's fetches cost it 0.11 of a core
    beside no other topics and 0.16 beside 1,000, and the suite creates well over that."""
    names = {spec.name for spec in topic_map(settings)}
    with suppress(KafkaError, BrokerUnavailable):
        admin = admin_client(settings)
        try:
            admin.delete_topics(sorted(names & set(admin.list_topics())))
        finally:
            admin.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / f'read-{unique_suffix()}.db'}"


@pytest.fixture
def postgres_url(postgres_server: str | None) -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    with fresh_postgres(postgres_server) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Run the test once on SQLite and once on PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def module_database_url(
    request: pytest.FixtureRequest,
    postgres_server: str | None,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """:func:`database_url` shared by a module's tests, for those that only read what one
    setup wrote (a read model built once, asked many questions)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('read') / 'read.db'}"
        return
    with fresh_postgres(postgres_server) as url:
        yield url


# Properties without their own count: Hypothesis's 100, or 300 in the thorough profile
# (those with a count scale it through tests.hypothesis_budget.examples).
hypothesis_settings.register_profile("thorough", max_examples=300)
hypothesis_settings.load_profile(PROFILE)


LONGEST = (
    "tests/e2e/test_demo.py",
    "tests/e2e/test_fault_drills.py",
    "tests/e2e/test_demo_scenarios.py",
    "tests/integration/test_streams_failover.py",
    "tests/e2e/test_calendar_simulation.py",
    "tests/e2e/test_demo_services.py",
    "tests/integration/test_streams_replay.py",
)
"""The files that take longest, longest first (minutes of real processes each)."""
TIERS = ("e2e", "integration", "security", "golden", "unit")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest work first: `make test` hands whole files to its workers in this order
    (``--dist loadfile --no-loadscope-reorder``), so a file of minutes never starts last
    while the other core idles; then the tiers, slow to fast, each in its own order."""

    def rank(item: pytest.Item) -> tuple[int, int]:
        path = item.nodeid.split("::")[0]
        tier = path.split("/")[1] if path.count("/") > 1 else ""
        first = LONGEST.index(path) if path in LONGEST else len(LONGEST)
        return first, TIERS.index(tier) if tier in TIERS else len(TIERS)

    items.sort(key=rank)
