"""A record no agent can read is parked in the dead-letter topic, and processing goes on."""

from __future__ import annotations

from pathlib import Path

from kafka import KafkaProducer

from jiesu.bus.partitioning import partition_for
from jiesu.domain.events import PetitionClassified
from jiesu.settings import Settings
from tests.integration.test_streams_scenario import petition
from tests.integration.test_streams_support import LogReader, WorkerProcess, publish

POISON = b"\x00\x00\x00\x27\x0fnot an event at all"


def send_raw(settings: Settings, topic: str, partition: int, value: bytes) -> None:
    producer = KafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers, acks="all")
    try:
        producer.send(topic, value=value, key=b"poison", partition=partition).get(timeout=10)
    finally:
        producer.close()


def test_a_poison_record_goes_to_the_dead_letter_topic_and_the_next_petition_is_decided(
    unique_topics: Settings, tmp_path: Path
) -> None:
    settings = unique_topics
    before, after = petition(1, "poison"), petition(2, "poison")
    partition = partition_for(after.petition_id, settings.petition_partitions)
    publish(settings, [before])
    send_raw(settings, settings.petition_events_topic, partition, POISON)
    publish(settings, [after])
    worker = WorkerProcess(settings, tmp_path / "worker.log")
    dead_letters = LogReader(settings, settings.dead_letter_topic, 1)
    log = LogReader(settings, settings.petition_events_topic, settings.petition_partitions)
    try:
        dead = dead_letters.wait_for(1, timeout_s=45)
        records = log.settle(quiet_s=3)
    finally:
        worker.stop()
        dead_letters.close()
        log.close()
    assert len(dead) == 1, worker.log_text()[-3000:]
    headers = dead[0].headers
    assert dead[0].value == POISON
    assert headers["topic"] == settings.petition_events_topic.encode()
    assert headers["partition"] == str(partition).encode()
    poison_offset = next(r.offset for r in records if r.partition == partition and r.event is None)
    assert headers["offset"] == str(poison_offset).encode()
    assert headers["reason"].startswith(b"undecodable: unknown schema id")
    classified = {r.event.petition_id for r in records if isinstance(r.event, PetitionClassified)}
    assert classified == {before.petition_id, after.petition_id}
