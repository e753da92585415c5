"""The topic map (declared in :mod:`jiesu.bus.topology`), created idempotently at start-up.

Topics are always created explicitly: auto-created topics get the broker's default partition
count, and our partitioning (key = petition id) must not change under our feet.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from jiesu.bus.errors import BrokerUnavailable
from jiesu.bus.topology import TOPOLOGY
from jiesu.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TopicSpec:
    """One topic: its name, partition count and configs, and why it exists."""

    name: str
    partitions: int
    configs: dict[str, str]
    purpose: str


def durable(settings: Settings, configs: Mapping[str, str]) -> dict[str, str]:
    """``configs`` plus ``min.insync.replicas``: with acks=all, an acknowledged record is
    on that many replicas (production: replication factor 3, two in sync)."""
    return {**configs, "min.insync.replicas": str(settings.min_insync_replicas)}


def topic_map(settings: Settings) -> list[TopicSpec]:
    """Every topic of the system, as :data:`jiesu.bus.topology.TOPOLOGY` declares it."""
    return [
        TopicSpec(
            topic.name(settings),
            topic.partitions(settings),
            durable(settings, topic.configs),
            topic.purpose,
        )
        for topic in TOPOLOGY
    ]


def ensure_topics(settings: Settings, extra: list[TopicSpec] | None = None) -> list[str]:
    """Create every missing topic; return the names created (existing ones are left alone)."""
    specs = topic_map(settings) + (extra or [])
    admin = admin_client(settings)
    created: list[str] = []
    try:
        existing = set(admin.list_topics())
        for spec in specs:
            if spec.name not in existing and _create(admin, spec, settings.replication_factor):
                created.append(spec.name)
    finally:
        admin.close()
    return created


def _create(admin: KafkaAdminClient, spec: TopicSpec, replication_factor: int) -> bool:
    topic = NewTopic(spec.name, spec.partitions, replication_factor, topic_configs=spec.configs)
    try:
        admin.create_topics([topic])
    except TopicAlreadyExistsError:
        return False
    except KafkaError as exc:  # e.g. a replication factor above the number of brokers
        raise BrokerUnavailable(
            f"cannot create topic {spec.name} (replication factor {replication_factor}, "
            f"{spec.configs.get('min.insync.replicas', '1')} in sync): {exc}"
        ) from exc
    log.info(
        "created topic %s (%d partitions, replication factor %d)",
        spec.name,
        spec.partitions,
        replication_factor,
    )
    return True


def admin_client(settings: Settings) -> KafkaAdminClient:
    try:
        return KafkaAdminClient(
            bootstrap_servers=bootstrap_of(settings),
            request_timeout_ms=int(settings.publish_timeout_s * 1000) + 5000,
            client_id="jiesu-admin",
        )
    except KafkaError as exc:
        raise BrokerUnavailable(f"cannot reach Kafka at {bootstrap_of(settings)}: {exc}") from exc


def bootstrap_of(settings: Settings) -> str:
    """The bootstrap servers; an unset value is a programming error at this layer."""
    if not settings.kafka_bootstrap_servers:
        raise BrokerUnavailable(
            "KAFKA_BOOTSTRAP_SERVERS is not set (start `jiesu broker` or use `jiesu demo`)"
        )
    return settings.kafka_bootstrap_servers
