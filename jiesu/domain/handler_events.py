"""What handlers record: accepting, returning, resolving, reclassifying, summoning and
reporting to a whistle, the citizen's feedback. The shared state machine
(:mod:`jiesu.domain.lifecycle`) decides whether each may happen."""

from __future__ import annotations

from dataclasses import dataclass

from jiesu.domain.codes import Satisfaction, SlaTier
from jiesu.domain.envelope import Event


@dataclass(frozen=True, kw_only=True)
class PetitionAccepted(Event):
    schema_version: int = 2
    unit: str
    handler: str | None = None
    note: str | None = None
    acted_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class PetitionReturned(Event):
    schema_version: int = 2
    unit: str
    reason: str
    acted_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class WhistleRequested(Event):
    """A community or street blew the whistle by hand (a handler's action)."""

    unit: str
    departments: tuple[str, ...]
    reason: str
    acted_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class DepartmentReported(Event):
    schema_version: int = 2
    whistle_id: str
    department: str
    note: str | None = None
    acted_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class PetitionResolved(Event):
    schema_version: int = 2
    unit: str
    result: str
    acted_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class PetitionReclassified(Event):
    """A dispatcher changed the petition's category (a handler's action); it is re-routed."""

    category: str
    sla_tier: SlaTier | None = None
    emergency: bool | None = None
    reason: str
    acted_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class FeedbackRecorded(Event):
    schema_version: int = 2
    satisfaction: Satisfaction
    comment: str | None = None
    acted_by: str | None = None
