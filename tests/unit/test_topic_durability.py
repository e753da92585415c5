"""Production topics get the replication factor and min.insync.replicas of the settings."""

from __future__ import annotations

from typing import Any

import pytest
from kafka.errors import InvalidReplicationFactorError, TopicAlreadyExistsError

from jiesu.bus.errors import BrokerUnavailable
from jiesu.bus.topics import _create, topic_map
from jiesu.bus.topology import TOPOLOGY
from jiesu.settings import Settings


class RecordingAdmin:
    """Stands in for kafka-python's admin client: records what it is asked to create."""

    def __init__(self, error: Exception | None = None) -> None:
        self.created: list[Any] = []
        self.error = error

    def create_topics(self, topics: list[Any]) -> None:
        if self.error is not None:
            raise self.error
        self.created += topics


def test_every_topic_asks_for_the_configured_in_sync_replicas() -> None:
    settings = Settings(replication_factor=3, min_insync_replicas=2)
    for spec in topic_map(settings):
        assert spec.configs["min.insync.replicas"] == "2", spec.name


def test_topics_are_created_with_the_configured_replication_factor() -> None:
    settings = Settings(replication_factor=3, min_insync_replicas=2)
    admin = RecordingAdmin()
    for spec in topic_map(settings):
        assert _create(admin, spec, settings.replication_factor)
    assert [t.replication_factor for t in admin.created] == [3] * len(TOPOLOGY)
    assert all(t.topic_configs["min.insync.replicas"] == "2" for t in admin.created)


def test_a_cluster_too_small_for_the_replication_factor_is_a_clear_error() -> None:
    spec = topic_map(Settings(replication_factor=3, min_insync_replicas=2))[0]
    admin = RecordingAdmin(InvalidReplicationFactorError())
    with pytest.raises(BrokerUnavailable, match="replication factor 3"):
        _create(admin, spec, 3)


def test_an_existing_topic_is_left_alone() -> None:
    spec = topic_map(Settings())[0]
    assert not _create(RecordingAdmin(TopicAlreadyExistsError()), spec, 1)


def test_more_in_sync_replicas_than_replicas_is_refused_at_start_up() -> None:
    with pytest.raises(ValueError, match="JIESU_MIN_INSYNC_REPLICAS"):
        Settings(replication_factor=1, min_insync_replicas=2)
