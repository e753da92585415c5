"""The unit tier's :class:`tests.fakes.FakePublisher` agrees with the real publisher on what
the intake's route tests rely on: partitions and offsets of acknowledgments, and an oversized
event refused before anything of its batch is sent."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jiesu.bus.errors import EventTooLarge
from jiesu.bus.publisher import Publisher
from jiesu.domain.events import ClockTicked, Event
from jiesu.settings import Settings
from schemas.codec import default_codec
from tests.factories import one_of_each, received
from tests.fakes import FakePublisher
from tests.integration.test_intake_support import published


def petitions(n: int) -> list[Event]:
    """Events of ``n`` petitions, spread over the partitions."""
    return [received(f"p-{i}", 0) for i in range(n)]


def test_the_fake_acknowledges_like_the_broker(unique_topics: Settings) -> None:
    real = Publisher(unique_topics, default_codec(unique_topics))
    fake = FakePublisher(unique_topics)
    events = petitions(12) + [e for e in one_of_each() if not isinstance(e, ClockTicked)]
    try:
        assert fake.publish_many(events) == real.publish_many(events)
        assert fake.publish(events[0]) == real.publish(events[0])
        tick = next(e for e in one_of_each() if isinstance(e, ClockTicked))
        assert fake.publish(tick) == real.publish(tick)
    finally:
        real.close()
    in_log_order = sorted(fake.sent, key=lambda s: (s.partition, s.offset))
    on_the_topic = [s.event for s in in_log_order if s.topic == unique_topics.petition_events_topic]
    assert on_the_topic == published(unique_topics, opened=False)


def test_both_refuse_an_oversized_event_and_send_nothing_of_its_batch(
    unique_topics: Settings,
) -> None:
    small = unique_topics.model_copy(update={"max_event_bytes": 2048})
    big = replace(received("p-big"), text="长" * 2000)
    real = Publisher(small, default_codec(small))
    fake = FakePublisher(small)
    try:
        for publisher in (real, fake):
            with pytest.raises(EventTooLarge):
                publisher.publish_many([received("p-small"), big])
    finally:
        real.close()
    assert fake.events() == [] == published(small, opened=False)
