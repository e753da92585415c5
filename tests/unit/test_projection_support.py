"""A city's worth of petition lifecycles for the projection tests, with the truth about each.

Every petition follows a script drawn from a seeded RNG (late or timely acceptance, returns,
escalation with a whistle, refused actions, reopening, duplicates of published events), and
the script records what the read models must say about it. The expectations are written
from the script, never from the projector, so the tests compare two independent accounts.
"""

from __future__ import annotations

import random
from datetime import timedelta
from zoneinfo import ZoneInfo

from jiesu.domain import events as ev
from jiesu.domain.ids import derived_id
from tests.factories import T0
from tests.unit.test_projection_story import (
    CATEGORIES,
    CHANNELS,
    PLACES,
    Story,
    Truth,
    escalate,
    finish,
    receive,
    refused,
    route,
)

H = timedelta(hours=1)
M = timedelta(minutes=1)
Lvl = ev.HandlingLevel


def city_events(petitions: int, seed: int = 7) -> tuple[list[ev.Event], dict[str, Truth]]:
    """Events of ``petitions`` petitions in publication order, and the truth of each."""
    stamped: list[tuple[timedelta, int, int, ev.Event]] = []
    truths: dict[str, Truth] = {}
    previous: str | None = None
    for n in range(petitions):
        story = Story(n, random.Random(seed * 100_003 + n))
        truth = play(story, previous)
        truth.entries = len({e.event_id for _, e in story.events})
        truths[story.pid] = truth
        stamped += [(at, n, i, e) for i, (at, e) in enumerate(story.events)]
        previous = story.pid
    stamped.sort(key=lambda item: item[:3])
    return [e for *_, e in stamped], truths


def ticks(hours: int) -> list[ev.ClockTicked]:
    """Clock ticks, one an hour from T0 (fanned out into every partition)."""
    return [
        ev.ClockTicked(
            event_id=derived_id("tick", str(h)),
            petition_id="",
            event_time=T0 + h * H,
            recorded_time=T0 + h * H,
            actor="ticker",
            correlation_id="ticker",
            source="ticker",
        )
        for h in range(hours)
    ]


def play(s: Story, previous: str | None) -> Truth:
    """Write one petition's story and return what it must end as."""
    rng = s.rng
    street, community = rng.choice(PLACES)
    channel, category = rng.choice(CHANNELS), rng.choice(CATEGORIES)
    day = (T0 + s.start).astimezone(ZoneInfo("Asia/Shanghai"))
    t = Truth(s.pid, channel.value, category, street, community, day.date().isoformat())
    receive(s, channel, street, community)
    repeat = previous if rng.random() < 0.1 else None
    s.emit(
        ev.PetitionClassified,
        1 * M,
        category=category,
        sla_tier=ev.SlaTier.ORDINARY,
        repeat_of=repeat,
        emergency=rng.random() < 0.1,
    )
    unit = f"grid:{community}.c01.g1"
    route(s, unit, Lvl.GRID, 2 * M)
    if rng.random() < 0.15:
        refused(s, t, unit, 10 * M)
    late = rng.random() < 0.25
    if late:
        s.emit(
            ev.SlaBreached,
            2 * H + 3 * M,
            kind=ev.DeadlineKind.RESPONSE,
            deadline=T0 + s.start + 2 * H + 2 * M,
            unit=unit,
            level=Lvl.GRID,
        )
        t.breaches += 1
    accept_at = 3 * H if late else 30 * M
    s.emit(ev.PetitionAccepted, accept_at, f"unit:{unit}", unit=unit)
    t.responded_in_time, t.status = not late, "ACCEPTED"
    now = accept_at
    if rng.random() < 0.15:
        s.emit(ev.PetitionReturned, now + 5 * M, f"unit:{unit}", unit=unit, reason="非本网格")
        route(s, unit, Lvl.GRID, now + 6 * M, deadline_from=now)
        s.emit(ev.PetitionAccepted, now + 8 * M, f"unit:{unit}", unit=unit)
        now += 8 * M
    if rng.random() < 0.25:
        unit, now = escalate(s, t, unit, now), now + 2 * H
    return finish(s, t, unit, now)
