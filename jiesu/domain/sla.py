"""Time limits of the four-level response (四级响应): deadlines and when to warn.

Ordinary matters run on wall-clock hours (24 h on site), difficult and thorny ones on working
days (3 and 7), major risks case by case; every tier also has a sign-for (签收) deadline,
shorter for the emergency channel. The numbers are data (``sla.yaml``); this module only
turns an :class:`Allowance` into a due time and a warning time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from jiesu.domain.events import SlaTier
from jiesu.domain.workcalendar import WorkCalendar


@dataclass(frozen=True)
class Allowance:
    """A span of time: wall-clock minutes, or whole working days of the statutory calendar."""

    minutes: float = 0.0
    working_days: int = 0

    @property
    def working(self) -> bool:
        return self.working_days > 0

    def due(self, calendar: WorkCalendar, start: datetime) -> datetime:
        if self.working:
            return calendar.add_working_days(start, self.working_days)
        return start + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class TierSla:
    """One tier's clocks. ``escalated`` is the resolution time a unit gets after an
    escalation (包案提级 of major risks: a working day per step); None: same as ``resolution``."""

    response: Allowance
    resolution: Allowance
    escalated: Allowance | None = None


@dataclass(frozen=True)
class SlaConfig:
    """Every tier's clocks, the emergency channel's, the warning fraction and the whistle's
    report-by time."""

    tiers: Mapping[SlaTier, TierSla]
    default_tier: SlaTier = SlaTier.ORDINARY
    emergency_response: Allowance | None = None
    emergency_resolution: Allowance | None = None
    warn_fraction: float = 0.8
    report_within: Allowance = field(default_factory=lambda: Allowance(minutes=24 * 60))
    version: str = ""

    def tier(self, tier: SlaTier) -> TierSla:
        return self.tiers.get(tier) or self.tiers[self.default_tier]


@dataclass(frozen=True)
class Deadlines:
    response: datetime
    resolution: datetime
    response_working: bool
    resolution_working: bool


def deadlines(
    sla: SlaConfig,
    calendar: WorkCalendar,
    tier: SlaTier,
    emergency: bool,
    start: datetime,
    escalated: bool = False,
) -> Deadlines:
    """The sign-for and resolution deadlines of a unit that receives the petition at
    ``start``; the emergency channel takes whichever of each is earlier."""
    clocks = sla.tier(tier)
    resolution = (clocks.escalated or clocks.resolution) if escalated else clocks.resolution
    response = _earlier(
        calendar, start, clocks.response, sla.emergency_response if emergency else None
    )
    extra = sla.emergency_resolution if emergency else None
    resolved = _earlier(calendar, start, resolution, extra)
    return Deadlines(response[0], resolved[0], response[1], resolved[1])


def _earlier(
    calendar: WorkCalendar, start: datetime, main: Allowance, other: Allowance | None
) -> tuple[datetime, bool]:
    due = main.due(calendar, start)
    if other is not None and other.due(calendar, start) < due:
        return other.due(calendar, start), other.working
    return due, main.working


def warn_time(
    calendar: WorkCalendar, start: datetime, due: datetime, fraction: float, working: bool
) -> datetime:
    """When ``fraction`` of the time from ``start`` to ``due`` has passed: wall time for
    hour-based clocks, working time (holidays do not count) for working-day clocks."""
    if due <= start:
        return due
    if not working:
        return start + (due - start) * fraction
    total = calendar.working_seconds(start, due)
    return min(calendar.after_working_seconds(start, total * fraction), due)
