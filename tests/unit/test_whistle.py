"""The whistle (吹哨): blown at the street or for joint handling, discharged by reports."""

from __future__ import annotations

import re

import pytest

from jiesu.domain import events as ev
from jiesu.domain.policy import Policy
from jiesu.domain.whistle import excerpt
from tests.unit.policy_support import (
    START,
    action,
    hours,
    make_policy,
    petition,
    receive,
    run_until,
)


@pytest.fixture
def policy() -> Policy:
    return make_policy()


def blown(policy: Policy, **kwargs: object) -> tuple[ev.WhistleBlown, ev.Event]:
    decision = receive(policy, petition(**kwargs))  # type: ignore[arg-type]
    whistle = decision.events[-1]
    assert isinstance(whistle, ev.WhistleBlown)
    return whistle, decision  # type: ignore[return-value]


STREET_MATTER = "楼下商铺违建多年，门口还乱扔垃圾，历史遗留问题一直没人管"


def test_a_thorny_matter_reaching_the_street_summons_the_departments_its_words_name(
    policy: Policy,
) -> None:
    whistle, decision = blown(policy, tier="THORNY", category="other", text=STREET_MATTER)
    assert whistle.street == "street:zd.cz"
    assert whistle.departments == ("urban_management", "sanitation")
    assert whistle.report_by == START + hours(24)
    assert whistle.summary.startswith("其他：楼下商铺违建多年")
    assert whistle.blown_by is None
    assert whistle.causation_id == decision.events[1].event_id  # type: ignore[attr-defined]
    assert decision.record.state.whistle_id == whistle.whistle_id  # type: ignore[attr-defined]


def test_a_route_naming_several_departments_blows_the_whistle(policy: Policy) -> None:
    whistle, _ = blown(policy, category="greening", text="大风把小区里的树刮倒，砸坏了车棚顶")
    assert whistle.departments == ("landscaping", "urban_management", "emergency")
    assert whistle.street == "street:zd.cz"


def test_an_ordinary_matter_blows_no_whistle(policy: Policy) -> None:
    assert not any(isinstance(e, ev.WhistleBlown) for e in receive(policy).events)


def test_a_thorny_matter_of_a_category_without_words_summons_its_categorys_department(
    policy: Policy,
) -> None:
    whistle, _ = blown(policy, tier="THORNY", text="两家人多年的矛盾，说了几次都不成")
    assert whistle.departments == ("justice",)


def test_a_whistle_that_would_summon_nobody_is_not_blown(policy: Policy) -> None:
    decision = receive(policy, petition("THORNY", "other", "这是历史遗留问题，一直没解决"))
    routed = decision.events[1]
    assert isinstance(routed, ev.PetitionRouted)
    assert routed.unit == "street:zd.cz"
    assert not any(isinstance(e, ev.WhistleBlown) for e in decision.events)


def test_a_phone_number_in_the_text_never_reaches_the_whistle_list(policy: Policy) -> None:
    whistle, _ = blown(
        policy,
        tier="THORNY",
        category="other",
        text="请联系我 138 1234-5678 或13812345678，门口违建没人管",
    )
    assert not re.search(r"\d{4}", whistle.summary)
    assert "门口违建没人管" in whistle.summary
    assert excerpt("x" * 100) == "x" * 40


def test_departments_report_one_by_one_and_a_late_one_is_a_breach(policy: Policy) -> None:
    whistle, decision = blown(policy, tier="THORNY", category="other", text=STREET_MATTER)
    record = decision.record  # type: ignore[attr-defined]
    report = action(
        ev.DepartmentReported,
        1,
        START + hours(3),
        whistle_id=whistle.whistle_id,
        department="sanitation",
    )
    after = policy.on_event(record, report, START + hours(3))
    assert after.events == ()
    assert after.record is not None
    assert after.record.state.pending_departments == frozenset({"urban_management"})
    again = policy.on_event(after.record, report, START + hours(4))
    assert [type(e) for e in again.events] == [ev.ActionRejected]
    _, made = run_until(policy, after.record, whistle.report_by)
    late = [e for e in made if isinstance(e, ev.SlaBreached) and e.kind is ev.DeadlineKind.REPORT]
    assert [(e.department, e.unit, e.deadline) for e in late] == [
        ("urban_management", "street:zd.cz", whistle.report_by)
    ]


def test_a_report_after_the_deadline_still_discharges_the_department(policy: Policy) -> None:
    whistle, decision = blown(policy, tier="THORNY", category="other", text=STREET_MATTER)
    record, _ = run_until(policy, decision.record, whistle.report_by)  # type: ignore[attr-defined]
    late = START + hours(30)
    for n, department in enumerate(whistle.departments):
        report = action(
            ev.DepartmentReported, n, late, whistle_id=whistle.whistle_id, department=department
        )
        decided = policy.on_event(record, report, late)
        assert decided.events == ()
        assert decided.record is not None
        record = decided.record
    assert record.state.pending_departments == frozenset()
    assert not any(c.kind is ev.DeadlineKind.REPORT for c in record.clocks)
