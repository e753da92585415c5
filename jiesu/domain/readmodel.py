"""What the intake reads back: a petition's current state and the Open311 view of requests.

The intake does not fold events itself; it asks the projections' read model (the
``petitions`` table) through this small interface. The interface lives in the core so that the
intake (``producers``) and its implementation (:mod:`projections.intake_reads`) need not import
each other: the intake's bootstrap (:mod:`jiesu.bootstrap.intake`) joins them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from jiesu.domain.access import PetitionFacts
from jiesu.domain.lifecycle import PetitionState


@dataclass(frozen=True)
class PetitionView:
    """One petition as the intake needs it; nothing personal."""

    petition_id: str
    state: PetitionState
    version: str
    channel: str | None = None
    channel_ref: str | None = None
    category: str | None = None
    description: str | None = None
    address: str | None = None
    area: str | None = None
    lat: float | None = None
    lon: float | None = None
    media_url: str | None = None
    agency: str | None = None
    status_notes: str | None = None
    received_at: datetime | None = None
    updated_at: datetime | None = None
    closed_at: datetime | None = None
    expected_at: datetime | None = None
    district: str | None = None
    street: str | None = None
    community: str | None = None
    departments: frozenset[str] = frozenset()

    @property
    def facts(self) -> PetitionFacts:
        """What the access rules look at."""
        return PetitionFacts(self.street, self.community, self.state.unit, self.departments)


@dataclass(frozen=True)
class RequestQuery:
    """The filters of Open311 ``GET requests`` (ids override every other filter)."""

    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    closed: bool | None = None
    limit: int = 1000


class ReadModel(Protocol):
    """The read side the intake consults."""

    def petition(self, petition_id: str) -> PetitionView | None: ...

    def search(self, query: RequestQuery) -> list[PetitionView]: ...
