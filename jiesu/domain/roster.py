"""Who is on duty (责任人): the handler roster per unit, from the city model.

A task order (任务单) names the responsible person, the target and the deadline. The roster
lists, per unit, the duties (a handler id and role, the days and the hours in Beijing time);
a unit not listed takes its level's default duties, whose ids are made from the unit's own
id. Of the duties on at the moment of routing, the petition's own id picks one, so the same
petition always gets the same person and a unit's petitions spread evenly over its staff.
Ids and roles only: a roster never holds a person's name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time

from jiesu.domain.chinatime import CHINA


@dataclass(frozen=True)
class Duty:
    """One handler's turn: ``days`` are weekdays (0 Monday … 6 Sunday), ``start``–``end``
    the local hours (an ``end`` at or before ``start`` runs past midnight)."""

    handler: str
    role: str
    days: frozenset[int] = frozenset(range(7))
    start: time = time(0, 0)
    end: time = time(0, 0)

    def on(self, moment: datetime) -> bool:
        local = moment.astimezone(CHINA)
        clock = local.time().replace(tzinfo=None)
        if self.start < self.end:
            return local.weekday() in self.days and self.start <= clock < self.end
        if clock >= self.start:
            return local.weekday() in self.days
        return (local.weekday() - 1) % 7 in self.days and clock < self.end


@dataclass(frozen=True)
class Responsible:
    """The person a task names."""

    handler: str
    role: str


@dataclass(frozen=True)
class Roster:
    """Duties by unit id, and the default duties of each level (``compound``, ``dept``…);
    a duty's ``handler`` is a suffix joined to the unit's id (``compound:zd.cz.cg.c01/dg1``)."""

    units: Mapping[str, tuple[Duty, ...]] = field(default_factory=dict)
    defaults: Mapping[str, tuple[Duty, ...]] = field(default_factory=dict)

    def duties(self, unit: str) -> tuple[Duty, ...]:
        """The unit's own duties, or its level's defaults; handler ids joined to the unit's."""
        listed = self.units.get(unit)
        if listed is None:
            listed = self.defaults.get(unit.partition(":")[0], ())
        return tuple(Duty(f"{unit}/{d.handler}", d.role, d.days, d.start, d.end) for d in listed)

    def on_duty(self, unit: str, moment: datetime, petition_id: str) -> Responsible | None:
        """The handler who answers for ``petition_id`` at ``unit`` at ``moment``, if any."""
        on = [d for d in self.duties(unit) if d.on(moment)]
        if not on:
            return None
        pick = int(hashlib.sha256(f"{unit}|{petition_id}".encode()).hexdigest()[:8], 16)
        chosen = on[pick % len(on)]
        return Responsible(chosen.handler, chosen.role)
