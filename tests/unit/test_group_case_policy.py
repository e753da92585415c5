"""A group case in the petitions' own partitions: members follow the lead, which is resolved
once for all; each member is still called back on its own."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from jiesu.domain import events as ev
from jiesu.domain.ids import derived_id, petition_id_for
from jiesu.domain.policy import Policy
from jiesu.domain.record import PetitionRecord
from tests.unit.policy_support import START, action, make_policy, petition

GROUP = derived_id("group", "seed")
LEAD = petition_id_for("HOTLINE", "CALL-LEAD")


def linked(record: PetitionRecord, lead: str, n: int = 50) -> ev.PetitionsLinked:
    return ev.PetitionsLinked(
        event_id=derived_id("linked", record.petition_id, str(n)),
        petition_id=record.petition_id,
        event_time=START + timedelta(hours=1),
        recorded_time=START + timedelta(hours=1),
        actor="processor:linker",
        correlation_id=record.correlation_id,
        kind=ev.LinkKind.GROUP_CASE,
        group_id=GROUP,
        petition_ids=(record.petition_id, lead),
        reason="group case: 5 petitioners on one matter at employer 纺织厂",
        lead_petition_id=lead,
    )


def received_record(policy: Policy, tier: str = "DIFFICULT") -> PetitionRecord:
    event = petition(tier, "labour", "纺织厂退休职工工龄认定少算了五年", ref="CALL-MEMBER")
    decision = policy.on_event(None, event, START)
    assert decision.record is not None
    return decision.record


def on(policy: Policy, record: PetitionRecord, event: ev.Event) -> tuple[PetitionRecord, list]:
    decision = policy.on_event(record, event, event.event_time)
    assert decision.record is not None
    return decision.record, list(decision.events)


def test_a_member_stops_its_own_clocks_and_refuses_handlers_actions() -> None:
    policy = make_policy()
    record, made = on(policy, received_record(policy), linked(received_record(policy), LEAD))

    assert made == []
    assert record.follows_lead
    assert record.clocks == ()
    assert policy.next_due(record) is None
    accept = action(ev.PetitionAccepted, 1, START + timedelta(hours=2), unit=record.unit)
    rejected = policy.on_event(record, accept, accept.event_time).events
    assert [type(e) for e in rejected] == [ev.ActionRejected]
    assert "follows group case lead" in rejected[0].reason  # type: ignore[attr-defined]


def test_the_leads_resolution_is_recorded_as_the_groups() -> None:
    policy = make_policy()
    record = received_record(policy)
    lead_link = linked(record, record.petition_id)
    record, made = on(policy, record, lead_link)
    assert record.leads_group
    assert made == []
    at = START + timedelta(hours=3)
    record, _ = on(policy, record, action(ev.PetitionAccepted, 1, at, unit=record.unit))
    resolve = action(ev.PetitionResolved, 2, at + timedelta(days=1), unit=record.unit,
                     result="已统一办理工龄认定")  # fmt: skip

    record, made = on(policy, record, resolve)

    (group,) = made
    assert isinstance(group, ev.GroupCaseResolved)
    assert (group.petition_id, group.lead_petition_id, group.group_id) == (
        record.petition_id,
        record.petition_id,
        GROUP,
    )
    assert (group.unit, group.result, group.causation_id) == (
        "dept:human_resources",
        "已统一办理工龄认定",
        resolve.event_id,
    )


def test_a_member_is_resolved_by_the_leads_copy_and_then_called_back_on_its_own() -> None:
    policy = make_policy()
    record, _ = on(policy, received_record(policy), linked(received_record(policy), LEAD))
    at = START + timedelta(days=2)
    copy = ev.GroupCaseResolved(
        event_id=derived_id("copy"), petition_id=record.petition_id, event_time=at,
        recorded_time=at, actor="processor:linker", correlation_id=record.correlation_id,
        group_id=GROUP, lead_petition_id=LEAD, unit="dept:human_resources", result="已办理",
    )  # fmt: skip

    record, made = on(policy, record, copy)
    assert (record.status, record.result, made) == (ev.Status.RESOLVED, "已办理", [])

    feedback = action(ev.FeedbackRecorded, 3, at + timedelta(hours=5),
                      satisfaction=ev.Satisfaction.UNSATISFIED)  # fmt: skip
    record, made = on(policy, record, feedback)
    assert [type(e) for e in made] == [ev.PetitionReopened, ev.PetitionRouted, ev.WhistleBlown]
    assert record.state.lead is None
    assert not record.follows_lead


def test_a_lead_already_resolved_when_the_group_forms_resolves_it_at_once() -> None:
    policy = make_policy()
    record = received_record(policy)
    at = START + timedelta(minutes=30)
    record, _ = on(policy, record, action(ev.PetitionAccepted, 1, at, unit=record.unit))
    record, _ = on(
        policy, record, action(ev.PetitionResolved, 2, at, unit=record.unit, result="已答复")
    )
    link = replace(linked(record, record.petition_id), event_time=at + timedelta(hours=2))

    record, made = on(policy, record, link)

    assert [(type(e), e.result) for e in made] == [(ev.GroupCaseResolved, "已答复")]


def test_a_lead_closed_and_forgotten_before_the_group_formed_still_resolves_it() -> None:
    policy = make_policy()
    record = received_record(policy)

    made = policy.on_closed(linked(record, record.petition_id), START + timedelta(days=3)).events

    (group,) = made
    assert isinstance(group, ev.GroupCaseResolved)
    assert (group.lead_petition_id, group.result) == (record.petition_id, "主件已办结")
    assert policy.on_closed(linked(record, LEAD), START).events == ()


def test_a_repeat_link_changes_nothing_for_the_policy() -> None:
    policy = make_policy()
    record = received_record(policy)
    repeat = replace(linked(record, LEAD), kind=ev.LinkKind.REPEAT, lead_petition_id=None)

    after, made = on(policy, record, repeat)

    assert (after.clocks, made, after.state.lead) == (record.clocks, [], None)
