"""Group commit on the real broker: petitions queued together share one publish, every caller
gets its own answer, and a failed commit fails every caller in it with nothing remembered."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import create_engine

from jiesu.bus.embedded import free_port
from jiesu.bus.errors import BrokerUnavailable
from jiesu.bus.publisher import Publisher
from jiesu.domain.events import Event, PetitionReceived
from jiesu.domain.ids import derived_id, petition_id_for
from jiesu.settings import Settings
from producers.forms import utc_now
from producers.groupcommit import GroupCommit
from producers.intake import Intake
from producers.store import IntakeStore, intake_engine
from schemas.codec import default_codec
from tests.factories import received
from tests.integration.test_intake_support import published


class HeldPublisher(Publisher):
    """A real publisher whose first publish waits until the test lets it go, so that the
    next requests queue up behind it; it remembers each publish's size."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings, default_codec(settings))
        self.entered, self.release = threading.Event(), threading.Event()
        self.sizes: list[int] = []

    def publish_many(
        self, events: Sequence[Event], topic: str | None = None, partition: int | None = None
    ) -> list[tuple[int, int]]:
        if not self.sizes:
            self.entered.set()
            self.release.wait(timeout=30)
        self.sizes.append(len(events))
        return super().publish_many(events, topic, partition)


def petition(call: str) -> PetitionReceived:
    return dataclasses.replace(
        received(petition_id_for("HOTLINE", call)),
        channel_ref=call,
        event_id=derived_id("test", call),
    )


def group_of(settings: Settings, publisher: Publisher) -> GroupCommit:
    store = IntakeStore(create_engine(settings.database_url))
    return GroupCommit(Intake(publisher, store, utc_now))


def wait_queued(group: GroupCommit, count: int) -> None:
    deadline = time.monotonic() + 30
    while group._queue.qsize() < count:
        assert time.monotonic() < deadline, "the requests never queued"
        time.sleep(0.01)


def test_requests_queued_together_share_one_publish(unique_topics: Settings) -> None:
    publisher = HeldPublisher(unique_topics)
    group = group_of(unique_topics, publisher)
    calls = [f"CALL-{n:03d}" for n in range(11)]
    with ThreadPoolExecutor(max_workers=12) as pool:
        first = pool.submit(group.submit, petition(calls[0]))
        assert publisher.entered.wait(30), "the first commit never started"
        rest = [pool.submit(group.submit, petition(call)) for call in calls[1:]]
        rest.append(pool.submit(group.submit, petition(calls[5])))  # the same call twice
        wait_queued(group, 11)
        publisher.release.set()
        outcomes = [first.result(30)] + [f.result(30) for f in rest]
    group.close()
    publisher.close()
    assert publisher.sizes == [1, 10]
    assert [o.petition_id for o in outcomes[:11]] == [petition_id_for("HOTLINE", c) for c in calls]
    assert [o.duplicate for o in outcomes] == [False] * 11 + [True]
    assert outcomes[-1].petition_id == outcomes[5].petition_id
    landed = [e.petition_id for e in published(unique_topics)]
    assert sorted(landed) == sorted(o.petition_id for o in outcomes[:11])


def test_a_failed_commit_fails_every_caller_in_it_and_remembers_nothing(tmp_path) -> None:
    settings = Settings(
        kafka_bootstrap_servers=f"127.0.0.1:{free_port()}",
        database_url=f"sqlite:///{tmp_path / 'intake.db'}",
        data_dir=tmp_path,
        publish_timeout_s=1.0,
    )
    publisher = Publisher(settings, default_codec(settings))
    group = group_of(settings, publisher)
    calls = [f"CALL-{n:03d}" for n in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = [pool.submit(group.submit, petition(call)) for call in calls]
        for answer in answers:
            with pytest.raises(BrokerUnavailable):
                answer.result(30)
    group.close()
    assert group.store.known(("HOTLINE", call) for call in calls) == {}


async def test_async_callers_get_their_own_answers(unique_topics: Settings) -> None:
    publisher = Publisher(unique_topics, default_codec(unique_topics))
    group = group_of(unique_topics, publisher)
    first = await group.submit_async(petition("CALL-A"))
    again = await group.submit_many_async([petition("CALL-B"), petition("CALL-A")])
    group.close()
    publisher.close()
    assert not first.duplicate
    assert [o.duplicate for o in again] == [False, True]
    assert again[1].petition_id == first.petition_id


def test_the_ledger_keeps_the_first_record_of_a_reference(database_url: str) -> None:
    """Two intake processes may both record one reference: the second write changes nothing
    and fails nothing (both dialects' ON CONFLICT DO NOTHING)."""
    store = IntakeStore(intake_engine(database_url))
    first, again = petition("CALL-1"), petition("CALL-1")
    again = dataclasses.replace(again, petition_id="other", event_id=derived_id("again"))
    store.record([(first, (0, 1))], utc_now())
    store.record([(again, (1, 7)), (petition("CALL-2"), (0, 2))], utc_now())
    known = store.known([("HOTLINE", "CALL-1"), ("HOTLINE", "CALL-2"), ("HOTLINE", "CALL-3")])
    assert known == {
        ("HOTLINE", "CALL-1"): first.petition_id,
        ("HOTLINE", "CALL-2"): petition("CALL-2").petition_id,
    }
    store.engine.dispose()
