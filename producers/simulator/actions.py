"""Single handler actions with realistic delays, dated in simulated time.

Most actions land well before their deadline; a few land after it, so that SLA warnings and
breaches happen as they do in a real city.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from jiesu.domain.events import (
    DepartmentReported,
    Event,
    FeedbackRecorded,
    HandlingLevel,
    PetitionAccepted,
    PetitionEscalated,
    PetitionResolved,
    PetitionReturned,
    PetitionRouted,
    Satisfaction,
    WhistleBlown,
)
from jiesu.domain.ids import derived_id
from producers.simulator.texts import RESULTS

ROLES = {
    HandlingLevel.GRID: "网格员",
    HandlingLevel.COMPOUND: "小区党支部",
    HandlingLevel.COMMUNITY: "社区工作人员",
    HandlingLevel.STREET: "街道工作人员",
    HandlingLevel.DISTRICT: "区级承办人",
    HandlingLevel.DEPARTMENT: "部门承办人",
}
RETURN_REASONS = (
    "非本单位管辖，请重新派单",
    "诉求地址不详，无法核实",
    "属于其他部门职责，建议改派",
)
UNSATISFIED_COMMENTS = ("问题没有彻底解决", "处理太慢，反复打电话才来", "只是答复了，没有实际解决")


@dataclass(frozen=True)
class Assignment:
    """A unit's task from a routing or escalation decision."""

    cause: Event
    unit: str
    level: HandlingLevel
    response_deadline: datetime
    resolution_deadline: datetime

    @staticmethod
    def of(event: PetitionRouted | PetitionEscalated) -> Assignment:
        if isinstance(event, PetitionRouted):
            unit, level = event.unit, event.level
        else:
            unit, level = event.to_unit, event.to_level
        return Assignment(event, unit, level, event.response_deadline, event.resolution_deadline)


def envelope(cause: Event, what: str, when: datetime, actor: str) -> dict[str, Any]:
    when = when.replace(microsecond=0)
    return {
        "event_id": derived_id("simulated", cause.event_id, what),
        "petition_id": cause.petition_id,
        "event_time": when,
        "recorded_time": when,
        "actor": actor,
        "correlation_id": cause.correlation_id,
        "causation_id": cause.event_id,
    }


def _within(now: datetime, deadline: datetime, rng: random.Random, late: bool) -> datetime:
    """A moment before ``deadline`` (or after it, when ``late``), never before ``now``."""
    span = max(deadline - now, timedelta(hours=1))
    if late:
        return max(deadline, now) + span * rng.uniform(0.05, 0.6) + timedelta(minutes=5)
    return now + max(span * rng.uniform(0.05, 0.85), timedelta(minutes=2))


def accept(task: Assignment, rng: random.Random, late_rate: float) -> PetitionAccepted:
    """签收: the unit signs for the petition."""
    when = _within(task.cause.event_time, task.response_deadline, rng, rng.random() < late_rate)
    return PetitionAccepted(
        **envelope(task.cause, "accept", when, f"unit:{task.unit}"),
        unit=task.unit,
        handler=ROLES.get(task.level),
    )


def give_back(task: Assignment, rng: random.Random) -> PetitionReturned:
    """退单: the unit returns the petition to dispatch with a reason."""
    when = task.cause.event_time + timedelta(minutes=rng.randint(10, 90))
    return PetitionReturned(
        **envelope(task.cause, "return", when, f"unit:{task.unit}"),
        unit=task.unit,
        reason=rng.choice(RETURN_REASONS),
    )


def resolve(
    task: Assignment, accepted: PetitionAccepted, rng: random.Random, late_rate: float
) -> PetitionResolved:
    """办结: the unit reports the result."""
    late = rng.random() < late_rate
    when = _within(accepted.event_time, task.resolution_deadline, rng, late)
    return PetitionResolved(
        **envelope(task.cause, "resolve", when, f"unit:{task.unit}"),
        unit=task.unit,
        result=rng.choice(RESULTS),
    )


def reports(whistle: WhistleBlown, rng: random.Random, late_rate: float) -> list[Event]:
    """报到: every department the whistle named reports, most before ``report_by``."""
    return [
        DepartmentReported(
            **envelope(
                whistle,
                f"report:{department}",
                _within(whistle.event_time, whistle.report_by, rng, rng.random() < late_rate),
                f"unit:dept:{department}",
            ),
            whistle_id=whistle.whistle_id,
            department=department,
            note="已到现场，联合处置",
        )
        for department in whistle.departments
    ]


def call_back(resolved: Event, rng: random.Random, rates: tuple[float, float]) -> FeedbackRecorded:
    """回访: the hotline calls the petitioner back; ``rates`` = (unsatisfied, basically)."""
    draw = rng.random()
    unsatisfied, basically = rates
    if draw < unsatisfied:
        satisfaction, comment = Satisfaction.UNSATISFIED, rng.choice(UNSATISFIED_COMMENTS)
    elif draw < unsatisfied + basically:
        satisfaction, comment = Satisfaction.BASICALLY_SATISFIED, None
    else:
        satisfaction, comment = Satisfaction.SATISFIED, None
    when = resolved.event_time + timedelta(minutes=rng.randint(90, 20 * 60))
    return FeedbackRecorded(
        **envelope(resolved, "call-back", when, "channel:hotline"),
        satisfaction=satisfaction,
        comment=comment,
    )
