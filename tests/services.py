"""Where the tests' real services come from: the environment, a container, or embedded.

Kafka: KAFKA_BOOTSTRAP_SERVERS if set → testcontainers' Kafka when a Docker engine answers →
the embedded broker. PostgreSQL: DATABASE_URL (a postgresql URL) if set → testcontainers →
127.0.0.1:5432 when it answers → none (the PostgreSQL tests skip with the reason).
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Iterator

POSTGRES_LOCAL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def docker_engine_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=2).ping()
    except Exception:
        return False
    return True


@contextlib.contextmanager
def kafka_service() -> Iterator[str]:
    """Yield a bootstrap address for the whole test session."""
    external = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if external:
        yield external
    elif docker_engine_answers():
        from testcontainers.kafka import KafkaContainer

        with KafkaContainer() as container:
            yield container.get_bootstrap_server()
    else:
        from jiesu.bus.embedded import EmbeddedBroker

        with EmbeddedBroker() as broker:
            yield broker.bootstrap


def _local_postgres_answers() -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", 5432)) == 0


@contextlib.contextmanager
def postgres_service() -> Iterator[str | None]:
    """Yield a server URL whose database may be used to create per-test databases."""
    external = os.environ.get("DATABASE_URL", "")
    if external.startswith("postgresql"):
        yield external
    elif docker_engine_answers():
        from testcontainers.postgres import PostgresContainer

        with PostgresContainer("postgres:16-alpine", driver="psycopg") as container:
            yield container.get_connection_url()
    elif _local_postgres_answers():
        yield POSTGRES_LOCAL
    else:
        yield None
