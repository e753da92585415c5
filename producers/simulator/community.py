"""What a community does beyond its own work: it blows the whistle by hand, and it works on
a group case's lead at once, for every member."""

from __future__ import annotations

import random
from datetime import timedelta

from jiesu.domain.events import (
    Event,
    HandlingLevel,
    PetitionAccepted,
    PetitionResolved,
    PetitionRouted,
    PetitionsLinked,
    Status,
    WhistleRequested,
)
from jiesu.domain.lifecycle import PetitionState
from producers.simulator.actions import ROLES, envelope

HAND_WHISTLES: dict[str, tuple[str, ...]] = {
    "greening-compound": ("urban_management", "landscaping"),
    "sanitation-compound": ("sanitation", "urban_management"),
    "property-community": ("housing", "market_regulation"),
    "civil-affairs-community": ("civil_affairs",),
    "compound-fire-safety": ("fire_rescue", "emergency"),
}
"""Whom a community summons by hand, by the rule that gave it the matter (the seeds:
占绿种地 → 城管 restores the green; a lift's major repair → 住建 and 特种设备)."""


def hand_whistle(routed: PetitionRouted, rng: random.Random, rate: float) -> list[Event]:
    """吹哨 by hand: now and then a community leading a matter summons departments."""
    departments = HAND_WHISTLES.get(routed.rule, ())
    if routed.level is not HandlingLevel.COMMUNITY or not departments or rng.random() >= rate:
        return []
    when = routed.event_time + timedelta(minutes=rng.randint(20, 120))
    return [
        WhistleRequested(
            **envelope(routed, "hand-whistle", when, f"unit:{routed.unit}"),
            unit=routed.unit,
            departments=departments,
            reason="社区吹哨：需要街道协调职能部门联合处置",
        )
    ]


def group_work(link: PetitionsLinked, state: PetitionState, rng: random.Random) -> list[Event]:
    """A group case's lead is worked on at once, for all its members, by its unit."""
    if link.lead_petition_id != link.petition_id or state.unit is None or state.level is None:
        return []
    open_ = state.status in (Status.ROUTED, Status.ACCEPTED)
    if not open_:
        return []
    unit, start = state.unit, link.event_time
    made: list[Event] = []
    if state.status is Status.ROUTED:
        when = start + timedelta(minutes=rng.randint(10, 60))
        made.append(PetitionAccepted(**envelope(link, "group-accept", when, f"unit:{unit}"),
                                     unit=unit, handler=ROLES.get(state.level)))  # fmt: skip
    when = start + timedelta(hours=rng.uniform(2, 6))
    result = "群体诉求统一协调办理，已逐一答复诉求人"
    made.append(PetitionResolved(**envelope(link, "group-resolve", when, f"unit:{unit}"),
                                 unit=unit, result=result))  # fmt: skip
    return made
