"""The topic map, created idempotently at start-up with explicit configs.

Topics are always created explicitly: auto-created topics get the broker's default partition
count, and our partitioning (key = petition id) must not change under our feet.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from jiesu.bus.errors import BrokerUnavailable
from jiesu.settings import Settings

log = logging.getLogger(__name__)

FOREVER = "-1"
WEEK_MS = str(7 * 24 * 3600 * 1000)


@dataclass(frozen=True)
class TopicSpec:
    """One topic: its name, partition count and configs, and why it exists."""

    name: str
    partitions: int
    configs: dict[str, str]
    purpose: str


def durable(settings: Settings, configs: dict[str, str]) -> dict[str, str]:
    """``configs`` plus ``min.insync.replicas``: with acks=all, an acknowledged record is
    on that many replicas (production: replication factor 3, two in sync)."""
    return {**configs, "min.insync.replicas": str(settings.min_insync_replicas)}


def topic_map(settings: Settings) -> list[TopicSpec]:
    """Every topic of the system (documented in the README's topic map)."""
    return [
        TopicSpec(spec.name, spec.partitions, durable(settings, spec.configs), spec.purpose)
        for spec in _topics(settings)
    ]


def _topics(settings: Settings) -> list[TopicSpec]:
    return [
        TopicSpec(
            settings.petition_events_topic,
            settings.petition_partitions,
            {"retention.ms": FOREVER, "retention.bytes": FOREVER, "cleanup.policy": "delete"},
            "every petition lifecycle event, key = petition id; the system of record",
        ),
        TopicSpec(
            settings.clock_topic,
            1,
            {"retention.ms": WEEK_MS, "cleanup.policy": "delete"},
            "ClockTicked events: time is an event",
        ),
        TopicSpec(
            settings.dead_letter_topic,
            1,
            {"retention.ms": FOREVER, "cleanup.policy": "delete"},
            "messages no consumer could process, with reason/topic/partition/offset headers",
        ),
        TopicSpec(
            settings.changes_topic,
            settings.petition_partitions,
            {"retention.ms": WEEK_MS, "cleanup.policy": "compact,delete"},
            "committed read-model changes, key = entity, for big screens and other systems",
        ),
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
