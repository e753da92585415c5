"""The petition state machine, shared by intake, processors and projections."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jiesu.domain import events as ev
from jiesu.domain.lifecycle import NEW, ActionRefused, PetitionState, apply, evolve, refusal
from tests.factories import envelope, one_of_each, received

UNIT = "compound:zd.cz.cg.c01"


def routed_state() -> PetitionState:
    state = NEW
    for event in one_of_each()[:3]:
        state = apply(state, event)
    return state


def accepted(unit: str = UNIT, n: int = 20) -> ev.PetitionAccepted:
    return ev.PetitionAccepted(**envelope(n), unit=unit)


def test_a_received_classified_and_routed_petition_waits_for_its_unit() -> None:
    state = routed_state()
    assert state.status is ev.Status.ROUTED
    assert state.unit == UNIT
    assert state.level is ev.HandlingLevel.COMPOUND


def test_the_routed_unit_may_sign_for_the_petition() -> None:
    assert apply(routed_state(), accepted()).status is ev.Status.ACCEPTED


def test_another_unit_may_not_sign_for_it() -> None:
    reason = refusal(routed_state(), accepted("community:zd.cz.other"))
    assert reason is not None
    assert "assigned to" in reason


def test_resolving_before_signing_is_refused_and_changes_nothing() -> None:
    state = routed_state()
    resolved = ev.PetitionResolved(**envelope(21), unit=UNIT, result="已处理")
    with pytest.raises(ActionRefused, match="not allowed when the petition is ROUTED"):
        apply(state, resolved)
    assert state.status is ev.Status.ROUTED


def test_a_petition_is_received_only_once() -> None:
    state = apply(NEW, received())
    assert refusal(state, received()) == "petition already received"


def test_an_action_on_an_unknown_petition_is_refused() -> None:
    assert refusal(NEW, accepted()) == "unknown petition"


def test_feedback_is_taken_only_after_resolution() -> None:
    feedback = ev.FeedbackRecorded(**envelope(22), satisfaction=ev.Satisfaction.SATISFIED)
    assert refusal(apply(routed_state(), accepted()), feedback) is not None
    resolved = ev.PetitionResolved(**envelope(23), unit=UNIT, result="已处理")
    state = apply(apply(routed_state(), accepted()), resolved)
    assert refusal(state, feedback) is None


def test_a_whistle_summons_departments_and_each_report_discharges_one() -> None:
    whistle = ev.WhistleBlown(
        **envelope(24),
        whistle_id="w1",
        street="street:zd.cz",
        departments=("sanitation", "landscaping"),
        report_by=envelope(30)["event_time"],
        summary="倒伏树木压坏屋顶",
        reason="several departments",
    )
    state = apply(routed_state(), whistle)
    report = ev.DepartmentReported(**envelope(25), whistle_id="w1", department="landscaping")
    state = apply(state, report)
    assert state.pending_departments == frozenset({"sanitation"})
    assert refusal(state, report) is not None
    wrong = replace(report, whistle_id="w2", department="sanitation")
    assert "no open whistle" in str(refusal(state, wrong))


def test_a_closed_petition_takes_no_more_actions() -> None:
    state = PetitionState(status=ev.Status.CLOSED, unit=UNIT)
    assert refusal(state, accepted()) is not None
    assert evolve(state, one_of_each()[12]).status is ev.Status.CLOSED
