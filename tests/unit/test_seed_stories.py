"""The seeds' own stories, told through the pure policy with the shipped configuration."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from jiesu.config.policy import load_policy
from jiesu.domain import events as ev
from jiesu.domain.policy import Policy
from jiesu.domain.record import PetitionRecord
from jiesu.domain.workcalendar import CHINA
from jiesu.settings import Settings
from tests.golden.cases import CG1, CG3, CN2, HC1, Case
from tests.unit.test_golden_routing import received

MORNING = datetime(2026, 9, 7, 9, 30, tzinfo=CHINA)  # a Monday


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(Settings())


def act(kind: type[ev.Event], cause: ev.Event, n: int, at: datetime, **fields: Any) -> ev.Event:
    return kind(
        event_id=f"00000000-0000-4000-8000-{n:012d}",
        petition_id=cause.petition_id,
        event_time=at,
        recorded_time=at,
        actor="unit:test",
        correlation_id=cause.correlation_id,
        **fields,
    )


def step(policy: Policy, record: PetitionRecord, event: ev.Event) -> tuple[PetitionRecord, list]:
    decision = policy.on_event(record, event, event.event_time)
    assert decision.record is not None
    return decision.record, list(decision.events)


def test_the_orange_peel_goes_straight_to_sanitation_and_is_fixed_in_minutes(
    policy: Policy,
) -> None:
    petition = received(Case("祥瑞街宏程国际广场南150米左右，有人乱扔橘子皮", HC1, ""), MORNING)
    decision = policy.on_event(None, petition, MORNING)
    classified, routed = decision.events
    assert isinstance(classified, ev.PetitionClassified)
    assert isinstance(routed, ev.PetitionRouted)
    assert (classified.category, classified.emergency) == ("sanitation", False)
    assert (routed.unit, routed.rule, routed.departments) == (
        "dept:sanitation",
        "sanitation-street",
        ("sanitation",),
    )
    assert (routed.responsible, routed.responsible_role) == ("dept:sanitation/bz", "环卫作业班长")
    assert routed.resolution_deadline == MORNING + timedelta(hours=24)
    record = decision.record
    assert record is not None
    record, _ = step(
        policy,
        record,
        act(
            ev.PetitionAccepted, petition, 1, MORNING + timedelta(minutes=5), unit="dept:sanitation"
        ),
    )
    record, _ = step(
        policy,
        record,
        act(
            ev.PetitionResolved,
            petition,
            2,
            MORNING + timedelta(minutes=15),
            unit="dept:sanitation",
            result="已清扫",
        ),
    )
    record, made = step(
        policy,
        record,
        act(
            ev.FeedbackRecorded,
            petition,
            3,
            MORNING + timedelta(hours=2),
            satisfaction=ev.Satisfaction.SATISFIED,
        ),
    )
    assert [type(e) for e in made] == [ev.PetitionClosed]  # fmt: skip


def test_the_storm_felled_tree_summons_landscaping_urban_management_and_emergency(
    policy: Policy,
) -> None:
    text = "昨晚大雨导致院内一棵老树折断，树干砸坏了居民的平房屋顶，墙体都震裂了。"
    petition = received(Case(text, CN2, ""), MORNING)
    decision = policy.on_event(None, petition, MORNING)
    classified, routed, whistle = decision.events
    assert isinstance(classified, ev.PetitionClassified)
    assert classified.emergency
    assert isinstance(routed, ev.PetitionRouted)
    assert (routed.unit, routed.rule) == ("community:zd.cz.cn", "storm-damage-joint")
    assert routed.response_deadline == MORNING + timedelta(minutes=30)
    assert routed.target.startswith("紧急通道")
    assert isinstance(whistle, ev.WhistleBlown)
    assert (whistle.street, whistle.departments) == (
        "street:zd.cz",
        ("landscaping", "urban_management", "emergency"),
    )
    record = decision.record
    assert record is not None
    for n, department in enumerate(whistle.departments, 1):
        report = act(ev.DepartmentReported, petition, n, MORNING + timedelta(hours=n),
                     whistle_id=whistle.whistle_id, department=department)  # fmt: skip
        record, made = step(policy, record, report)
        assert made == []
    assert record.state.pending_departments == frozenset()


def test_the_lift_to_be_replaced_is_led_by_the_community_with_the_property_company(
    policy: Policy,
) -> None:
    text = "春光山色一期一个单元92户，电梯到期需要更换，有的想换商务梯，有的不想换。"
    decision = policy.on_event(None, received(Case(text, CG1, ""), MORNING), MORNING)
    classified, routed = decision.events
    assert isinstance(classified, ev.PetitionClassified)
    assert isinstance(routed, ev.PetitionRouted)
    assert (classified.category, classified.sla_tier) == ("property", ev.SlaTier.DIFFICULT)
    assert (routed.unit, routed.co_handler) == ("community:zd.cz.cg", "property:yuegang")
    assert routed.responsible in {"community:zd.cz.cg/sj", "community:zd.cz.cg/sg1"}
    assert routed.target == "3个工作日内协调解决，答复诉求人"
    assert routed.resolution_deadline == datetime(2026, 9, 10, 9, 30, tzinfo=CHINA)


def test_the_disabled_elders_meals_take_the_emergency_channel_at_the_community(
    policy: Policy,
) -> None:
    text = "家中老人失能，无法到现场采集信息，就餐问题得不到解决。"
    decision = policy.on_event(None, received(Case(text, CG3, ""), MORNING), MORNING)
    classified, routed = decision.events
    assert isinstance(classified, ev.PetitionClassified)
    assert isinstance(routed, ev.PetitionRouted)
    assert (classified.category, classified.emergency) == ("civil_affairs", True)
    assert (routed.unit, routed.departments) == ("community:zd.cz.cg", ("civil_affairs",))
    assert routed.response_deadline == MORNING + timedelta(minutes=30)
    assert routed.resolution_deadline == MORNING + timedelta(hours=12)


def test_a_task_at_night_names_nobody_when_no_one_is_on_duty(policy: Policy) -> None:
    night = datetime(2026, 9, 7, 23, 0, tzinfo=CHINA)
    text = "单元电梯隔三差五就停运，物业说在等配件。"
    decision = policy.on_event(None, received(Case(text, CG1, ""), night), night)
    routed = decision.events[1]
    assert isinstance(routed, ev.PetitionRouted)
    assert (routed.unit, routed.responsible, routed.responsible_role) == (
        "community:zd.cz.cg",
        None,
        None,
    )
