"""Whatever handlers do and however time passes, the policy never fails, never repeats an
event id, never keeps personal data and always decides the same way twice."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from jiesu.domain import events as ev
from jiesu.domain.policy import Policy
from jiesu.domain.record import PetitionRecord
from tests.hypothesis_budget import examples
from tests.unit.policy_support import START, action, hours, make_policy, petition, run_until

Step = tuple[str, float]
STEPS = st.lists(
    st.tuples(
        st.sampled_from(["wait", "accept", "return", "resolve", "good", "bad", "report"]),
        st.floats(min_value=0.1, max_value=60),
    ),
    max_size=12,
)
TIERS = st.sampled_from(["ORDINARY", "DIFFICULT", "THORNY", "MAJOR_RISK"])
CATEGORIES = st.sampled_from(["sanitation", "utilities", "greening", "traffic", "other"])


def handler_action(record: PetitionRecord, name: str, n: int, at: datetime) -> ev.Event:
    unit = record.unit
    if name == "accept":
        return action(ev.PetitionAccepted, n, at, unit=unit)
    if name == "return":
        return action(ev.PetitionReturned, n, at, unit=unit, reason="非本单位管辖")
    if name == "resolve":
        return action(ev.PetitionResolved, n, at, unit=unit, result="已处理")
    if name == "report":
        department = min(record.state.pending_departments, default="water")
        return action(
            ev.DepartmentReported,
            n,
            at,
            whistle_id=record.state.whistle_id or "none",
            department=department,
        )
    satisfaction = ev.Satisfaction.SATISFIED if name == "good" else ev.Satisfaction.UNSATISFIED
    return action(ev.FeedbackRecorded, n, at, satisfaction=satisfaction)


def story(policy: Policy, tier: str, category: str, steps: list[Step]) -> list[ev.Event]:
    first = policy.on_event(
        None, petition(tier, category, text="停水了，电话13812341234，树倒了砸坏车"), START
    )
    record, made, now = first.record, list(first.events), START
    assert record is not None
    for n, (name, amount) in enumerate(steps):
        now += hours(amount)
        record, later = run_until(policy, record, now)
        made += later
        if name != "wait":
            decision = policy.on_event(record, handler_action(record, name, n, now), now)
            made += decision.events
            record = decision.record or record
        assert "13812341234" not in repr(record)
    return made


@settings(max_examples=examples(60), deadline=None)
@given(tier=TIERS, category=CATEGORIES, steps=STEPS)
def test_any_story_is_decided_the_same_way_twice_without_repeated_ids(
    tier: str, category: str, steps: list[Step]
) -> None:
    made = story(make_policy(), tier, category, steps)
    assert story(make_policy(), tier, category, steps) == made
    ids = [e.event_id for e in made]
    assert len(ids) == len(set(ids))
    assert all(e.actor.startswith("processor:") for e in made)
    assert not any("1381234" in getattr(e, "summary", "") for e in made)
