"""What the policy keeps per petition between events: plain values, nothing personal.

The lifecycle's :class:`PetitionState` (status, unit, whistle, reopen count, group lead) plus
what the decisions read: the classification, the location's codes (no address), a PII-free
excerpt of the text for the whistle list, the running clocks with their warned/breached
marks, and the last result (a group's lead passes it on to the members).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from jiesu.domain.events import DeadlineKind, HandlingLevel, Location, SlaTier, Status
from jiesu.domain.lifecycle import NEW, PetitionState


@dataclass(frozen=True)
class Clock:
    """One running deadline. ``origin`` is the event that started it: warnings and breaches
    are named after it, so the same clock never yields two different breach events."""

    kind: DeadlineKind
    due: datetime
    warn_at: datetime
    origin: str
    unit: str
    level: HandlingLevel
    department: str | None = None
    warned: bool = False
    breached: bool = False

    def next_due(self) -> datetime | None:
        if not self.warned and self.warn_at < self.due:
            return self.warn_at
        return None if self.breached else self.due

    def order(self) -> tuple[datetime, str, str]:
        return (self.due, self.kind.value, self.department or "")


@dataclass(frozen=True)
class Callback:
    """The running call-back window (回访) of a resolved petition: until ``due``, opened by
    the resolution ``cause`` (see :mod:`jiesu.domain.callback`)."""

    due: datetime
    cause: str


@dataclass(frozen=True)
class PetitionRecord:
    """All per-petition state the decisions need."""

    petition_id: str
    correlation_id: str
    state: PetitionState = NEW
    category: str = ""
    tier: SlaTier = SlaTier.UNKNOWN
    emergency: bool = False
    terms: tuple[str, ...] = ()
    location: Location = field(default_factory=Location)
    excerpt: str = ""
    departments: tuple[str, ...] = ()
    rule: str = ""
    clocks: tuple[Clock, ...] = ()
    escalations: int = 0
    assigned_by: str = ""
    callback: Callback | None = None
    co_handler: str | None = None
    group_id: str = ""
    result: str = ""

    @property
    def follows_lead(self) -> bool:
        """A group case's member: its lead is routed, whistled and resolved for it."""
        return self.state.lead not in (None, self.petition_id)

    @property
    def leads_group(self) -> bool:
        return self.state.lead == self.petition_id

    @property
    def status(self) -> Status:
        return self.state.status

    @property
    def unit(self) -> str:
        return self.state.unit or ""

    @property
    def level(self) -> HandlingLevel:
        return self.state.level or HandlingLevel.UNKNOWN

    def clock(self, kind: DeadlineKind, department: str | None = None) -> Clock | None:
        return next((c for c in self.clocks if c.kind is kind and c.department == department), None)

    def without(self, *kinds: DeadlineKind) -> PetitionRecord:
        return replace(self, clocks=tuple(c for c in self.clocks if c.kind not in kinds))

    def with_clocks(self, *clocks: Clock) -> PetitionRecord:
        """Replace the clocks of the same kind and department, keeping a stable order."""
        keys = {(c.kind, c.department) for c in clocks}
        kept = [c for c in self.clocks if (c.kind, c.department) not in keys]
        return replace(self, clocks=tuple(sorted([*kept, *clocks], key=Clock.order)))

    def marked(
        self, kind: DeadlineKind, department: str | None, due: datetime, mark: str
    ) -> PetitionRecord:
        """The record with the ``warned`` or ``breached`` mark set on the clock due at ``due``
        (a mark for a clock since replaced changes nothing)."""
        clock = self.clock(kind, department)
        if clock is None or clock.due != due:
            return self
        breached = clock.breached or mark == "breached"
        return self.with_clocks(replace(clock, warned=True, breached=breached))
