"""Deadlines across New Year and Spring Festival 2027, a year chinese-calendar 1.11 does not
know: the law's statutory days are counted, the deadlines are provisional, and the State
Council's notice in the holiday file makes them final (issue 10's acceptance cases)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from jiesu.domain import events as ev
from jiesu.domain.policy import Policy
from jiesu.domain.workcalendar import WorkCalendar
from tests.calendar_support import calendar_as_of_2026, local, write_2027
from tests.unit.policy_support import make_policy, petition, receive, run_until


def policy_on(calendar: WorkCalendar) -> Policy:
    return Policy(replace(make_policy().config, calendar=calendar))


def routed(policy: Policy, tier: str, at: datetime) -> ev.PetitionRouted:
    received = replace(petition(tier), event_time=at, recorded_time=at)
    events = receive(policy, received).events
    found = [e for e in events if isinstance(e, ev.PetitionRouted)]
    assert len(found) == 1
    return found[0]


def counted_days(calendar: WorkCalendar, start: datetime, due: datetime) -> list[date]:
    """The working days a deadline counted, from the day after ``start`` to ``due``'s day."""
    day, last = start.date(), due.astimezone(start.tzinfo).date()
    found = []
    while day < last:
        day = date.fromordinal(day.toordinal() + 1)
        if calendar.is_working_day(day):
            found.append(day)
    return found


def test_a_difficult_petition_on_30_december_is_due_after_new_year_provisionally() -> None:
    event = routed(policy_on(calendar_as_of_2026()), "DIFFICULT", local(2026, 12, 30, 10))
    assert event.resolution_deadline == local(2027, 1, 5, 10)  # Tue: 31 Dec, 4 and 5 Jan
    assert event.provisional


def test_a_thorny_petition_before_spring_festival_counts_none_of_its_days() -> None:
    calendar = calendar_as_of_2026()
    start = local(2027, 2, 3, 9)
    event = routed(policy_on(calendar), "THORNY", start)
    assert event.resolution_deadline == local(2027, 2, 16, 9)
    days = counted_days(calendar, start, event.resolution_deadline)
    assert len(days) == 7
    assert not {date(2027, 2, d) for d in (5, 6, 7, 8)} & set(days)
    assert event.provisional


def test_a_difficult_petition_on_the_eve_of_national_day_2026_is_due_on_the_make_up_saturday() -> (
    None
):
    # The seeds' 3 working days over the golden week: 8, 9 and Saturday 10 October (调休).
    event = routed(policy_on(calendar_as_of_2026()), "DIFFICULT", local(2026, 9, 30, 10))
    assert event.resolution_deadline == local(2026, 10, 10, 10)
    assert not event.provisional


def test_the_state_council_s_notice_in_the_file_moves_the_deadlines_and_makes_them_final(
    tmp_path: Path,
) -> None:
    law, notice = (
        policy_on(calendar_as_of_2026()),
        policy_on(calendar_as_of_2026(write_2027(tmp_path))),
    )
    cases = [
        ("THORNY", local(2027, 2, 3, 9), local(2027, 2, 16, 9), local(2027, 2, 19, 9)),
        ("DIFFICULT", local(2027, 2, 18, 9), local(2027, 2, 23, 9), local(2027, 2, 22, 9)),
        ("DIFFICULT", local(2026, 12, 30, 10), local(2027, 1, 5, 10), local(2027, 1, 5, 10)),
    ]
    for tier, start, by_law, by_notice in cases:
        provisional, final = routed(law, tier, start), routed(notice, tier, start)
        assert (provisional.resolution_deadline, provisional.provisional) == (by_law, True)
        assert (final.resolution_deadline, final.provisional) == (by_notice, False)


def test_an_ordinary_matter_due_in_the_law_s_year_is_provisional_but_keeps_its_24_hours() -> None:
    event = routed(policy_on(calendar_as_of_2026()), "ORDINARY", local(2026, 12, 31, 10))
    assert event.resolution_deadline == local(2027, 1, 1, 10)  # wall clock: the hotline works
    assert event.provisional


def test_an_ordinary_matter_due_within_a_published_year_is_final() -> None:
    event = routed(policy_on(calendar_as_of_2026()), "ORDINARY", local(2026, 12, 30, 10))
    assert event.resolution_deadline == local(2026, 12, 31, 10)
    assert not event.provisional


def test_the_worker_counts_the_provisional_deadlines_it_decides() -> None:
    policy = policy_on(calendar_as_of_2026())
    routed(policy, "DIFFICULT", local(2026, 12, 30, 10))
    routed(policy, "ORDINARY", local(2026, 12, 30, 10))
    metrics = policy.calendar_metrics
    assert (metrics.deadlines, metrics.provisional_deadlines) == (2, 1)
    assert metrics.law_derived_years == {2027}


def test_an_escalation_in_2027_gives_provisional_deadlines_too() -> None:
    policy = policy_on(calendar_as_of_2026())
    received = replace(petition("DIFFICULT"), event_time=local(2027, 1, 4, 9))
    decision = receive(policy, received)
    assert decision.record is not None
    _, made = run_until(policy, decision.record, local(2027, 1, 8, 9))
    escalated = [e for e in made if isinstance(e, ev.PetitionEscalated)]
    assert escalated
    assert escalated[0].event_time == local(2027, 1, 7, 9)
    assert escalated[0].provisional
