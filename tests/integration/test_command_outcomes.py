"""The intake's reader of command outcomes, on the real broker: it fetches only while someone
asks, yet a waiting action and a status read after a quiet spell both find their outcome."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from kafka import KafkaProducer

from jiesu.bus.records import event_record
from jiesu.domain import events as ev
from jiesu.settings import Settings
from producers.actions.outcomes import CommandOutcomes
from schemas.codec import default_codec
from tests.factories import envelope


@pytest.fixture
def outcomes(unique_topics: Settings) -> Iterator[CommandOutcomes]:
    reader = CommandOutcomes(unique_topics, default_codec(unique_topics).decode)
    try:
        yield reader
    finally:
        reader.close()


def record_outcome(settings: Settings, command_id: str, n: int) -> ev.Event:
    """Append an outcome as the petitions processor does: keyed by the command id."""
    outcome = ev.ActionRejected(
        **envelope(n),
        action_event_id=command_id,
        action="PetitionAccepted",
        status=ev.Status.CLOSED,
        reason="the petition is closed",
    )
    _, value, headers = event_record(default_codec(settings), outcome)
    producer = KafkaProducer(bootstrap_servers=str(settings.kafka_bootstrap_servers))
    try:
        producer.send(
            settings.command_outcomes_topic,
            value,
            key=command_id.encode(),
            headers=headers,
            partition=0,
        )
        producer.flush()
    finally:
        producer.close()
    return outcome


def test_outcomes_are_found_whether_awaited_or_read_later_and_idle_costs_no_fetch(
    unique_topics: Settings, outcomes: CommandOutcomes
) -> None:
    assert outcomes.get("nobody-sent-this") is None  # a status read of nothing: pending
    first = record_outcome(unique_topics, "cmd-1", 1)
    assert outcomes.wait("cmd-1", timeout_s=10) == first

    polls = settled(outcomes)
    later = record_outcome(unique_topics, "cmd-2", 2)
    time.sleep(0.5)  # nobody asks: the reader is parked and has not read it
    assert outcomes.polls == polls
    assert outcomes.get("cmd-2") == later  # a status read catches up with the log first
    assert outcomes.polls > polls


def settled(outcomes: CommandOutcomes) -> int:
    """The reader's count of polls once it stopped changing: a poll under way when the last
    answer came still ends."""
    deadline = time.monotonic() + 10
    polls = outcomes.polls
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if outcomes.polls == polls:
            return polls
        polls = outcomes.polls
    raise AssertionError("the reader kept polling with nobody asking")
