"""What the link index remembers of each petition, and when it forgets.

A petition is reduced to a :class:`PetitionSummary` (ids, event time, place, employer,
content words, the petitioner's keyed hash — nothing personal in clear), so the index holds
plain values only. Forgetting is by event time: :class:`Expiry` holds what to drop when.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import datetime

from jiesu.domain.events import PetitionReceived
from jiesu.domain.ladder import known_codes
from jiesu.domain.matching import normalise
from jiesu.domain.taxonomy import Taxonomy
from jiesu.domain.tokens import content_tokens

_NO_TAXONOMY = Taxonomy(version="", categories=())

Key = tuple[str, ...]


@dataclass(frozen=True)
class PetitionSummary:
    """A petition as linking sees it; ``petitioner`` is ``Petitioner.key`` (None when
    anonymous) and ``tokens`` the words of its title and text, stop words left out."""

    petition_id: str
    event_id: str
    event_time: datetime
    petitioner: str | None = None
    community: str | None = None
    compound: str | None = None
    employer: str | None = None
    tokens: frozenset[str] = frozenset()


def summarise(received: PetitionReceived, taxonomy: Taxonomy | None) -> PetitionSummary:
    """The summary of a received petition (the taxonomy's phrases and stop words shape the
    words; without one, plain segmentation)."""
    codes = known_codes(received.location)
    text = normalise(f"{received.title or ''}\n{received.text}")
    employer = normalise(received.employer or "").strip()
    person = received.petitioner
    return PetitionSummary(
        petition_id=received.petition_id,
        event_id=received.event_id,
        event_time=received.event_time,
        petitioner=None if person.anonymous else person.key,
        community=codes.get("community"),
        compound=codes.get("compound"),
        employer=employer or None,
        tokens=content_tokens(text, taxonomy or _NO_TAXONOMY),
    )


def place_of(petition: PetitionSummary) -> str | None:
    """Where a repeat must be: the compound when known, else the community."""
    return petition.compound or petition.community


def who(petition: PetitionSummary) -> str:
    """One petitioner of a group: the keyed hash, or the petition itself when anonymous."""
    return petition.petitioner or f"petition:{petition.petition_id}"


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared words over the shorter text's words: "再次反映：" and the like added to the same
    words still give 1."""
    shorter = min(len(a), len(b))
    return len(a & b) / shorter if shorter else 0.0


@dataclass
class Expiry:
    """Things to forget once "now" passes their moment, in the order they were filed."""

    _heap: list[tuple[datetime, int, Key]] = field(default_factory=list)
    _filed: int = 0

    def add(self, moment: datetime, what: Key) -> None:
        self._filed += 1
        heapq.heappush(self._heap, (moment, self._filed, what))

    def due(self, now: datetime) -> list[Key]:
        """What has expired by ``now`` (removed from the schedule)."""
        gone = []
        while self._heap and self._heap[0][0] < now:
            gone.append(heapq.heappop(self._heap)[2])
        return gone
