"""Time limits of the four-level response (四级响应): deadlines and when to warn.

Ordinary matters run on wall-clock hours (24 h on site), difficult and thorny ones on working
days (3 and 7), major risks case by case; every tier also has a sign-for (签收) deadline,
shorter for the emergency channel. A :class:`Limit` may hold several allowances and is met
by whichever comes first, so an urgent tier counted in working days is never given more
time than an ordinary matter over a holiday. The numbers are data (``sla.yaml``); this
module only turns them into a due time, whether it counted working days, whether it counted
a provisional year, and a warning time.
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
        return self.deadline(calendar, start).at

    def deadline(self, calendar: WorkCalendar, start: datetime) -> Due:
        if self.working:
            at = calendar.add_working_days(start, self.working_days)
            return Due(at, True, calendar.counts_provisional(start, at))
        at = start + timedelta(minutes=self.minutes)
        return Due(at, False, calendar.counts_provisional(start, at))


@dataclass(frozen=True)
class Due:
    """A deadline; ``working``: it counted working days; ``provisional``: its span reaches a
    year whose make-up arrangement is not known yet (only the law's days are). Wall-clock
    deadlines are marked too: the whole year's calendar is unconfirmed, and a dispatcher
    should not have to know which clocks happen not to depend on it."""

    at: datetime
    working: bool
    provisional: bool


@dataclass(frozen=True)
class Limit:
    """One or more allowances; the deadline is whichever comes first."""

    allowances: tuple[Allowance, ...]

    def deadline(self, calendar: WorkCalendar, start: datetime) -> Due:
        dues = [a.deadline(calendar, start) for a in self.allowances]
        return min(dues, key=lambda d: (d.at, d.working))

    def __or__(self, other: Limit | None) -> Limit:
        return self if other is None else Limit(self.allowances + other.allowances)


def limit(*allowances: Allowance) -> Limit:
    return Limit(allowances)


@dataclass(frozen=True)
class TierSla:
    """One tier's clocks. ``escalated`` is the resolution time a unit gets after an
    escalation (包案提级 of major risks: a working day per step); None: same as ``resolution``."""

    response: Limit
    resolution: Limit
    escalated: Limit | None = None


@dataclass(frozen=True)
class SlaConfig:
    """Every tier's clocks, the emergency channel's, the warning fraction and the whistle's
    report-by time."""

    tiers: Mapping[SlaTier, TierSla]
    default_tier: SlaTier = SlaTier.ORDINARY
    emergency_response: Limit | None = None
    emergency_resolution: Limit | None = None
    warn_fraction: float = 0.8
    report_within: Allowance = field(default_factory=lambda: Allowance(minutes=24 * 60))
    callback_within: Allowance = field(default_factory=lambda: Allowance(working_days=3))
    version: str = ""

    def tier(self, tier: SlaTier) -> TierSla:
        return self.tiers.get(tier) or self.tiers[self.default_tier]


@dataclass(frozen=True)
class Deadlines:
    response: datetime
    resolution: datetime
    response_working: bool
    resolution_working: bool
    provisional: bool = False
    """Either deadline counted a day of a year known only from the law."""


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
    response = (clocks.response | (sla.emergency_response if emergency else None)).deadline(
        calendar, start
    )
    extra = sla.emergency_resolution if emergency else None
    resolved = (resolution | extra).deadline(calendar, start)
    provisional = response.provisional or resolved.provisional
    return Deadlines(response.at, resolved.at, response.working, resolved.working, provisional)


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
