"""The pieces of a generated petition: its story (events in order) and its truth.

Every petition follows a script drawn from a seeded RNG (late or timely acceptance, returns,
escalation with a whistle, refused actions, reopening, duplicates of published events), and
the script records what the read models must say about it. The expectations are written
from the script, never from the projector, so the tests compare two independent accounts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from jiesu.domain import events as ev
from jiesu.domain.ids import derived_id, petition_id_for
from tests.factories import T0

PLACES = [("zd.cz", "zd.cz.cg"), ("zd.cz", "zd.cz.hx"), ("zd.kd", "zd.kd.xy")]
CATEGORIES = ["sanitation", "property", "traffic", "utilities"]
CHANNELS = [ev.Channel.HOTLINE, ev.Channel.MINI_PROGRAM, ev.Channel.GRID_APP]


@dataclass
class Truth:
    """What the read models must hold for one petition."""

    petition_id: str
    channel: str
    category: str
    street: str
    community: str
    day: str
    status: str = "ROUTED"
    responded_in_time: bool | None = None
    resolved_in_time: bool | None = None
    on_time: bool = False
    unreachable: bool = False
    satisfaction: str | None = None
    breaches: int = 0
    refused: int = 0
    entries: int = 0
    reopened: bool = False
    whistle: dict[str, bool] = field(default_factory=dict)


@dataclass
class Story:
    """One petition's events, stamped in order."""

    n: int
    rng: random.Random
    events: list[tuple[timedelta, ev.Event]] = field(default_factory=list)
    step: int = 0
    resolution_deadline: timedelta = timedelta(0)
    first_deadline: timedelta | None = None
    level: ev.HandlingLevel = ev.HandlingLevel.GRID

    @property
    def pid(self) -> str:
        return petition_id_for("HOTLINE", f"GEN-{self.n:05d}")

    @property
    def start(self) -> timedelta:
        return timedelta(minutes=37 * self.n)

    def emit(
        self, event_type: type[ev.Event], at: timedelta, actor: str = "processor:test", /, **f: Any
    ) -> ev.Event:
        self.step += 1
        moment = T0 + self.start + at
        event = event_type(
            event_id=derived_id("gen", str(self.n), str(self.step)),
            petition_id=self.pid,
            event_time=moment,
            recorded_time=moment,
            actor=actor,
            correlation_id=self.pid,
            **f,
        )
        self.events.append((self.start + at, event))
        return event


H, M = timedelta(hours=1), timedelta(minutes=1)
Lvl = ev.HandlingLevel
Sat = ev.Satisfaction


def receive(s: Story, channel: ev.Channel, street: str, community: str) -> None:
    place = ev.Location(
        district=street.split(".")[0],
        street=street,
        community=community,
        compound=f"{community}.c01",
        grid=f"{community}.c01.g1",
        address=f"{community} 3号楼",
    )
    who = ev.Petitioner(name="李四", phone=f"1390000{s.n:04d}", key=f"k{s.n}")
    s.emit(
        ev.PetitionReceived,
        timedelta(0),
        f"channel:{channel.value.lower()}",
        channel=channel,
        channel_ref=f"GEN-{s.n:05d}",
        text="楼道灯坏了很久没人修",
        title="楼道灯",
        location=place,
        petitioner=who,
    )


def route(
    s: Story,
    unit: str,
    level: ev.HandlingLevel,
    at: timedelta,
    deadline_from: timedelta | None = None,
) -> None:
    base = T0 + s.start + at
    s.resolution_deadline = at + 24 * H
    s.first_deadline = s.resolution_deadline if s.first_deadline is None else s.first_deadline
    s.level = level
    s.emit(
        ev.PetitionRouted,
        at,
        unit=unit,
        level=level,
        rule="test",
        response_deadline=base + 2 * H,
        resolution_deadline=base + 24 * H,
    )


def refused(s: Story, t: Truth, unit: str, at: timedelta) -> None:
    """An action the state machine refuses, and the processor's ActionRejected after it."""
    if s.rng.random() < 0.5:
        action = s.emit(ev.PetitionResolved, at, f"unit:{unit}", unit=unit, result="早办完了")
    else:
        action = s.emit(ev.PetitionAccepted, at, "unit:grid:other", unit="grid:other")
    s.emit(
        ev.ActionRejected,
        at + M,
        action_event_id=action.event_id,
        action=type(action).__name__,
        status=ev.Status.ROUTED,
        reason="refused",
    )
    t.refused += 1


def escalate(s: Story, t: Truth, unit: str, now: timedelta) -> str:
    """Escalate to the street, blow the whistle; one department may miss its report."""
    to, at = f"street:{t.street}", now + H
    base = T0 + s.start + at
    s.resolution_deadline, s.level = at + 48 * H, Lvl.STREET
    s.emit(
        ev.PetitionEscalated,
        at,
        from_unit=unit,
        from_level=Lvl.GRID,
        to_unit=to,
        to_level=Lvl.STREET,
        reason="difficult",
        response_deadline=base + 2 * H,
        resolution_deadline=base + 48 * H,
    )
    whistle = derived_id("whistle", s.pid)
    depts = ("sanitation", "urban_management")
    s.emit(
        ev.WhistleBlown,
        at + M,
        whistle_id=whistle,
        street=to,
        departments=depts,
        report_by=base + 4 * H,
        summary="楼道灯长期不亮",
        reason="street",
    )
    s.emit(
        ev.DepartmentReported,
        at + 30 * M,
        "unit:dept:sanitation",
        whistle_id=whistle,
        department="sanitation",
    )
    t.whistle = {"sanitation": True, "urban_management": s.rng.random() < 0.5}
    if t.whistle["urban_management"]:
        s.emit(
            ev.DepartmentReported,
            at + 50 * M,
            "unit:dept:urban_management",
            whistle_id=whistle,
            department="urban_management",
        )
    else:
        s.emit(
            ev.SlaBreached,
            at + 4 * H + M,
            kind=ev.DeadlineKind.REPORT,
            deadline=base + 4 * H,
            unit=to,
            level=Lvl.STREET,
            department="urban_management",
        )
        t.breaches += 1
    s.emit(ev.PetitionAccepted, at + 40 * M, f"unit:{to}", unit=to)
    return to


def finish(s: Story, t: Truth, unit: str, now: timedelta) -> Truth:
    rng = s.rng
    if rng.random() < 0.2:
        return _duplicate(s, t)
    late = rng.random() < 0.2
    at = s.resolution_deadline + H if late else now + 5 * H
    if late:
        s.emit(
            ev.SlaBreached,
            s.resolution_deadline + M,
            kind=ev.DeadlineKind.RESOLUTION,
            deadline=T0 + s.start + s.resolution_deadline,
            unit=unit,
            level=s.level,
        )
        t.breaches += 1
    s.emit(ev.PetitionResolved, at, f"unit:{unit}", unit=unit, result="已修好")
    t.status, t.resolved_in_time = "RESOLVED", not late
    t.on_time = t.breaches == 0 and s.first_deadline is not None and at <= s.first_deadline
    if rng.random() < 0.1:
        if rng.random() < 0.5:  # nobody answered the call-back: 无法回访
            s.emit(
                ev.PetitionClosed,
                at + 72 * H,
                satisfaction=Sat.UNKNOWN,
                reason="无法回访",
                unreachable=True,
            )
            t.status, t.unreachable, t.satisfaction = "CLOSED", True, "UNKNOWN"
        return _duplicate(s, t)
    sat = rng.choices([Sat.SATISFIED, Sat.BASICALLY_SATISFIED, Sat.UNSATISFIED], [7, 1.5, 1.5])[0]
    s.emit(ev.FeedbackRecorded, at + H, satisfaction=sat)
    t.satisfaction = sat.value
    if sat is Sat.UNSATISFIED and rng.random() < 0.7:
        s.emit(ev.PetitionReopened, at + 2 * H, reason="不满意", reopen_count=1)
        route(s, unit, s.level, at + 2 * H + 5 * M)
        s.emit(ev.PetitionAccepted, at + 2 * H + 10 * M, f"unit:{unit}", unit=unit)
        s.emit(ev.PetitionResolved, at + 3 * H, f"unit:{unit}", unit=unit, result="重新修好")
        s.emit(ev.FeedbackRecorded, at + 4 * H, satisfaction=Sat.SATISFIED)
        s.emit(ev.PetitionClosed, at + 4 * H + 5 * M, satisfaction=Sat.SATISFIED, reason="ok")
        t.reopened, t.resolved_in_time, t.satisfaction, t.status = True, True, "SATISFIED", "CLOSED"
        t.on_time = (
            t.breaches == 0 and s.first_deadline is not None and at + 3 * H <= s.first_deadline
        )
    elif rng.random() < 0.85:
        s.emit(ev.PetitionClosed, at + H + 5 * M, satisfaction=sat, reason="回访")
        t.status = "CLOSED"
    return _duplicate(s, t)


def _duplicate(s: Story, t: Truth) -> Truth:
    """Sometimes an event is published twice (at-least-once upstream)."""
    if s.rng.random() < 0.15:
        last = max(at for at, _ in s.events)
        s.events.append((last + M, s.rng.choice(s.events)[1]))
    return t
