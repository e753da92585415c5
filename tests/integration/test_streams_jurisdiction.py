"""Jurisdiction routing, a hand-blown whistle, a reclassification and a group case, through a
real stream worker (processes and broker): the log holds the decisions the pure policy makes
in the unit tier, and a group's lead resolution reaches every member's partition."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from jiesu.domain import events as ev
from jiesu.domain.ids import derived_id, petition_id_for
from jiesu.settings import Settings
from streams.topics import ensure_stream_topics
from tests.factories import T0
from tests.golden.cases import CITY, SEEDS, Case
from tests.integration.test_streams_scenario import action, tick
from tests.integration.test_streams_support import LogReader, Record, WorkerProcess, publish
from tests.unit.test_golden_routing import received

GOLDEN = (*SEEDS[:6], *CITY[::6])
RETIREE = "我是淄博第二棉纺厂退休职工，{year}年进厂，退休时工龄认定少算了{gap}年，影响养老金。"


@pytest.fixture
def world(unique_topics: Settings, tmp_path: Path) -> Iterator[tuple[Settings, LogReader]]:
    ensure_stream_topics(unique_topics)
    worker = WorkerProcess(unique_topics, tmp_path / "worker.log")
    reader = LogReader(unique_topics, unique_topics.petition_events_topic, 6)
    try:
        yield unique_topics, reader
    finally:
        reader.close()
        worker.stop()


def of(records: list[Record], kind: type[ev.Event], petition_id: str) -> list:
    return [
        r.event for r in records if isinstance(r.event, kind) and r.event.petition_id == petition_id
    ]


def golden(case: Case, n: int) -> ev.PetitionReceived:
    return received(case, T0 + timedelta(minutes=n))


def test_golden_petitions_are_routed_by_the_real_processors(
    world: tuple[Settings, LogReader],
) -> None:
    settings, reader = world
    petitions = [golden(case, n) for n, case in enumerate(GOLDEN)]
    publish(settings, petitions)

    reader.wait_until(
        lambda rs: all(of(rs, ev.PetitionRouted, p.petition_id) for p in petitions), timeout_s=90
    )
    for case, petition in zip(GOLDEN, petitions, strict=True):
        (routed,) = of(reader.records, ev.PetitionRouted, petition.petition_id)
        assert (routed.unit, routed.co_handler) == (case.unit, case.co_handler), case.text
    storm = petitions[1]
    (whistle,) = of(reader.records, ev.WhistleBlown, storm.petition_id)
    assert whistle.departments == ("landscaping", "urban_management", "emergency")


def test_a_hand_whistle_and_a_reclassification_are_decided_from_the_log(
    world: tuple[Settings, LogReader],
) -> None:
    settings, reader = world
    green = golden(Case("小区的绿植缺了一大片，好几处还被人占绿种地。", "zd.cz.cg.c05", ""), 1)
    stall = golden(Case("小区门口有人摆摊卖菜，占了半条路。", "zd.ky.hjy.c01", ""), 2)
    publish(settings, [green, stall])
    reader.wait_until(lambda rs: bool(of(rs, ev.PetitionRouted, stall.petition_id)), 60)
    publish(settings, [
        action(ev.WhistleRequested, green, 60, unit="community:zd.cz.cg",
               departments=("urban_management",), reason="占绿种地，请城管强制恢复"),
        action(ev.PetitionReclassified, stall, 30, category="property", reason="摊位在小区大门内"),
    ])  # fmt: skip

    reader.wait_until(lambda rs: len(of(rs, ev.PetitionRouted, stall.petition_id)) == 2, 60)
    reader.wait_until(lambda rs: bool(of(rs, ev.WhistleBlown, green.petition_id)), 60)
    (whistle,) = of(reader.records, ev.WhistleBlown, green.petition_id)
    assert (whistle.blown_by, whistle.departments) == ("community:zd.cz.cg", ("urban_management",))
    rerouted = of(reader.records, ev.PetitionRouted, stall.petition_id)[-1]
    assert (rerouted.unit, rerouted.co_handler) == ("community:zd.ky.hjy", "property:huazhang")


def retiree(n: int) -> ev.PetitionReceived:
    ref = f"RETIREE-{n}"
    petition_id = petition_id_for("HOTLINE", ref)
    at = T0 + timedelta(minutes=10 * n)
    return ev.PetitionReceived(
        event_id=derived_id("received", petition_id), petition_id=petition_id, event_time=at,
        recorded_time=at, actor="channel:hotline", correlation_id=petition_id,
        channel=ev.Channel.HOTLINE, channel_ref=ref,
        text=RETIREE.format(year=1970 + n, gap=2 + n % 5), employer="淄博第二棉纺厂",
        location=ev.Location(community="zd.cz.cg", compound=f"zd.cz.cg.c0{1 + n % 9}"),
        petitioner=ev.Petitioner(key=f"retiree-{n}"),
    )  # fmt: skip


def test_a_group_case_is_resolved_once_and_every_member_follows_its_lead(
    world: tuple[Settings, LogReader],
) -> None:
    settings, reader = world
    retirees = [retiree(n) for n in range(6)]
    publish(settings, [*retirees, tick(2)])
    ids = [p.petition_id for p in retirees]
    reader.wait_until(lambda rs: all(of(rs, ev.PetitionsLinked, p) for p in ids), timeout_s=90)
    leads = {e.lead_petition_id for p in ids for e in of(reader.records, ev.PetitionsLinked, p)}
    assert leads == {retirees[4].petition_id}, "the fifth petitioner completed the group"
    lead = retirees[4]
    (routed,) = of(reader.records, ev.PetitionRouted, lead.petition_id)

    at = T0 + timedelta(hours=3)
    accepted = replace(action(ev.PetitionAccepted, lead, 200, unit=routed.unit), event_time=at)
    result = "已为全部退休职工办理工龄认定"
    resolving = action(ev.PetitionResolved, lead, 260, unit=routed.unit, result=result)
    resolved = replace(resolving, event_time=at + timedelta(hours=1))
    publish(settings, [accepted, resolved, tick(6)])
    members = [p for p in ids if p != lead.petition_id]
    reader.wait_until(lambda rs: all(of(rs, ev.GroupCaseResolved, p) for p in members), 90)

    for member_id in members:
        (copy,) = of(reader.records, ev.GroupCaseResolved, member_id)
        assert (copy.lead_petition_id, copy.result) == (
            lead.petition_id,
            "已为全部退休职工办理工龄认定",
        )
    member = retirees[0]
    happy = ev.Satisfaction.SATISFIED
    feedback = replace(action(ev.FeedbackRecorded, member, 600, satisfaction=happy),
                       event_time=at + timedelta(hours=8))  # fmt: skip
    publish(settings, [feedback])
    reader.wait_until(lambda rs: bool(of(rs, ev.PetitionClosed, member.petition_id)), 60)
    assert not of(reader.records, ev.ActionRejected, member.petition_id)
