"""Returns that say "not ours", reclassification and the hand-blown whistle, in the policy."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from jiesu.config.policy import load_policy
from jiesu.domain import events as ev
from jiesu.domain.policy import Policy
from jiesu.domain.record import PetitionRecord
from jiesu.settings import Settings
from tests.golden.cases import CG1, CG5, HJ1, Case
from tests.unit.test_golden_routing import received
from tests.unit.test_seed_stories import MORNING, act, step


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(Settings())


def start(
    policy: Policy, text: str, compound: str = HJ1, hint: str | None = None
) -> tuple[ev.Event, PetitionRecord]:
    petition = replace(received(Case(text, compound, ""), MORNING), category_hint=hint)
    decision = policy.on_event(None, petition, MORNING)
    assert decision.record is not None
    return petition, decision.record


def later(minutes: int) -> datetime:
    return MORNING + timedelta(minutes=minutes)


def test_a_not_ours_return_naming_a_department_goes_to_it_with_the_reason(policy: Policy) -> None:
    petition, record = start(policy, "公司欠我们的劳务费一直不结，找了好多次。", hint="矛盾纠纷")
    assert (record.category, record.unit) == ("dispute", "compound:zd.ky.hjy.c01")
    reason = "不属于小区管辖，属于劳动监察的职责"
    returned = act(ev.PetitionReturned, petition, 1, later(30), unit=record.unit, reason=reason)
    record, made = step(policy, record, returned)

    (routed,) = made
    assert isinstance(routed, ev.PetitionRouted)
    assert (routed.unit, routed.rule, routed.reason) == (
        "dept:human_resources",
        "return-named-department",
        f"退单：{reason}",
    )
    assert routed.responsible is not None


def test_a_not_ours_return_by_a_department_goes_through_the_rules_without_it(
    policy: Policy,
) -> None:
    petition, record = start(policy, "路边的绿化带杂草丛生，好几个月没人修剪。")
    assert record.unit == "dept:landscaping"
    reason = "非本单位管辖，该绿化带属于小区物业"
    returned = act(ev.PetitionReturned, petition, 1, later(30), unit=record.unit, reason=reason)
    record, made = step(policy, record, returned)

    (routed,) = made
    assert isinstance(routed, ev.PetitionRouted)
    assert routed.unit == "compound:zd.ky.hjy.c01"
    assert routed.reason == f"退单：{reason}"


def test_a_plain_return_goes_one_level_up_with_its_reason(policy: Policy) -> None:
    petition, record = start(policy, "邻居在楼道里堆放鞋柜杂物，说了还骂人。")
    returned = act(
        ev.PetitionReturned, petition, 1, later(30), unit=record.unit, reason="需要社区出面"
    )
    record, made = step(policy, record, returned)

    assert [(e.unit, e.rule) for e in made] == [("community:zd.ky.hjy", "return-up")]


def test_a_reclassified_petition_is_routed_again_under_its_new_category(policy: Policy) -> None:
    petition, record = start(policy, "小区门口有人摆摊卖菜，占了半条路。")
    assert record.category == "urban_management"
    change = act(ev.PetitionReclassified, petition, 1, later(20), category="property",
                 reason="摊位在小区大门内，属物业管理")  # fmt: skip
    record, made = step(policy, record, change)

    (routed,) = made
    assert isinstance(routed, ev.PetitionRouted)
    assert (record.category, routed.unit, routed.co_handler) == (
        "property",
        "community:zd.ky.hjy",
        "property:huazhang",
    )
    assert routed.reason == "重新分类：摊位在小区大门内，属物业管理"
    assert routed.causation_id == change.event_id


def test_a_reclassification_may_raise_the_tier_and_the_emergency(policy: Policy) -> None:
    petition, record = start(policy, "邻居家天天吵架摔东西。")
    change = act(ev.PetitionReclassified, petition, 1, later(5), category="public_security",
                 sla_tier=ev.SlaTier.DIFFICULT, emergency=True, reason="有人持刀")  # fmt: skip
    record, made = step(policy, record, change)

    assert (record.tier, record.emergency, record.unit) == (
        ev.SlaTier.DIFFICULT,
        True,
        "dept:police",
    )
    assert made[0].response_deadline == later(35)


def test_a_closed_petition_cannot_be_reclassified(policy: Policy) -> None:
    decision = policy.on_closed(
        act(ev.PetitionReclassified, received(Case("x", CG1, "")), 9, later(1), category="other",
            reason="-"),
        later(1),
    )  # fmt: skip
    assert [type(e) for e in decision.events] == [ev.ActionRejected]


def test_a_community_blows_the_whistle_by_hand_naming_the_departments(policy: Policy) -> None:
    petition, record = start(policy, "小区的绿植缺了一大片，好几处还被人占绿种地。", CG5)
    assert (record.unit, record.state.whistle_id) == ("community:zd.cz.cg", None)
    reason = "各小区绿植缺失、占绿种地，需要街道安排城管强制恢复 13812345678"
    request = act(ev.WhistleRequested, petition, 1, later(60), unit="community:zd.cz.cg",
                  departments=("urban_management", "landscaping"), reason=reason)  # fmt: skip
    record, made = step(policy, record, request)

    (whistle,) = made
    assert isinstance(whistle, ev.WhistleBlown)
    assert (whistle.street, whistle.departments, whistle.blown_by) == (
        "street:zd.cz",
        ("urban_management", "landscaping"),
        "community:zd.cz.cg",
    )
    assert "13812345678" not in whistle.reason
    assert whistle.causation_id == request.event_id
    assert record.state.pending_departments == {"urban_management", "landscaping"}
    assert record.unit == "community:zd.cz.cg"


def test_a_hand_whistle_naming_no_known_department_is_not_blown(policy: Policy) -> None:
    petition, record = start(policy, "小区的绿植缺了一大片。", CG5)
    request = act(ev.WhistleRequested, petition, 1, later(60), unit="community:zd.cz.cg",
                  departments=("weather_bureau",), reason="x")  # fmt: skip

    _, made = step(policy, record, request)

    assert made == []


def test_a_whistle_cannot_be_blown_on_a_resolved_petition(policy: Policy) -> None:
    petition, record = start(policy, "邻居在楼道里堆放鞋柜杂物。")
    record, _ = step(
        policy, record, act(ev.PetitionAccepted, petition, 1, later(5), unit=record.unit)
    )
    record, _ = step(
        policy,
        record,
        act(ev.PetitionResolved, petition, 2, later(50), unit=record.unit, result="ok"),
    )
    request = act(ev.WhistleRequested, petition, 3, later(60), unit="community:zd.ky.hjy",
                  departments=("justice",), reason="x")  # fmt: skip
    _, made = step(policy, record, request)

    assert [type(e) for e in made] == [ev.ActionRejected]
