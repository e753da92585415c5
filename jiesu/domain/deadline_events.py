"""What the deadline watch decides: a deadline near (a warning) or passed (a breach), for the
unit or department that holds the petition then. Derived by the petitions processor from the
clocks an assignment started (:mod:`jiesu.domain.clocks`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jiesu.domain.codes import DeadlineKind, HandlingLevel
from jiesu.domain.envelope import Event


@dataclass(frozen=True, kw_only=True)
class SlaWarned(Event):
    kind: DeadlineKind
    deadline: datetime
    unit: str
    level: HandlingLevel
    department: str | None = None


@dataclass(frozen=True, kw_only=True)
class SlaBreached(Event):
    kind: DeadlineKind
    deadline: datetime
    unit: str
    level: HandlingLevel
    department: str | None = None
