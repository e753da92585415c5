"""Records the database refuses are parked with the reason, and the projector carries on.

Before, a NUL in a petition's text (accepted by Kafka) made PostgreSQL raise ``DataError``
on the same batch forever. The NUL is now caught as the record is decoded, on every
database alike; anything else a database refuses (here a category longer than its column)
sends the batch through one record at a time, the refused record to the dead-letter topic.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, text

from jiesu.bus.reading import read_partition_until_caught_up
from jiesu.domain import events as ev
from jiesu.domain.ids import derived_id, petition_id_for
from jiesu.settings import Settings
from tests.integration.test_projector_support import projector_thread, publish, wait_caught_up

T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def received(ref: str, text_: str, minutes: int) -> ev.PetitionReceived:
    pid = petition_id_for("HOTLINE", ref)
    at = T0 + timedelta(minutes=minutes)
    return ev.PetitionReceived(
        event_id=derived_id("refusal-test", ref),
        petition_id=pid,
        event_time=at,
        recorded_time=at,
        actor="channel:hotline",
        correlation_id=pid,
        channel=ev.Channel.HOTLINE,
        channel_ref=ref,
        text=text_,
    )


def classified(petition: ev.PetitionReceived, category: str) -> ev.PetitionClassified:
    at = petition.event_time + timedelta(minutes=1)
    return ev.PetitionClassified(
        event_id=derived_id("refusal-test", petition.petition_id, "classified"),
        petition_id=petition.petition_id,
        event_time=at,
        recorded_time=at,
        actor="processor:test",
        correlation_id=petition.petition_id,
        category=category,
        sla_tier=ev.SlaTier.ORDINARY,
    )


def dead_letters(settings: Settings) -> list[tuple[str, bytes]]:
    topic = settings.dead_letter_topic
    return [
        (dict(r.headers)["reason"].decode(), r.value)
        for batch in read_partition_until_caught_up(settings, topic, 0)
        for r in batch
    ]


def test_a_nul_and_a_too_long_value_are_dead_lettered_and_projection_goes_on_postgresql(
    unique_topics: Settings, postgres_url: str
) -> None:
    nul = received("NUL-1", "楼道灯坏了\x00三天", 0)
    long_category = received("LONG-1", "路灯不亮", 1)
    after = received("AFTER-1", "垃圾没人清运", 2)
    events = [nul, long_category, classified(long_category, "x" * 60), after]
    publish(unique_topics, events)
    with projector_thread(unique_topics, postgres_url, batch_size=50):
        wait_caught_up(postgres_url, unique_topics, timeout_s=90)
    nul_reason, long_reason = sorted(
        (reason for reason, _ in dead_letters(unique_topics)), key=lambda r: "NUL" not in r
    )
    assert nul_reason == "refused by the database: text holds a NUL character"
    assert long_reason.startswith("refused by the database: StringDataRightTruncation")
    assert "character varying(40)" in long_reason
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            query = text("SELECT petition_id, status FROM petitions")
            rows: dict[str, str] = {str(r[0]): str(r[1]) for r in conn.execute(query)}
    finally:
        engine.dispose()
    assert rows == {long_category.petition_id: "RECEIVED", after.petition_id: "RECEIVED"}


def test_a_nul_is_refused_on_sqlite_too_so_both_databases_agree(
    unique_topics: Settings, sqlite_url: str
) -> None:
    nul, after = received("NUL-2", "噪音\x00扰民", 0), received("AFTER-2", "占道经营", 1)
    publish(unique_topics, [nul, after])
    with projector_thread(unique_topics, sqlite_url, batch_size=50):
        wait_caught_up(sqlite_url, unique_topics, timeout_s=90)
    assert [r for r, _ in dead_letters(unique_topics)] == [
        "refused by the database: text holds a NUL character"
    ]
    engine = create_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            ids = {r[0] for r in conn.execute(text("SELECT petition_id FROM petitions"))}
    finally:
        engine.dispose()
    assert ids == {after.petition_id}
