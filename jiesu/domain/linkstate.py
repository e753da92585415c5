"""What the link index remembers of each petition, and when it forgets.

A petition is reduced to a :class:`PetitionSummary` (ids, event time, place, employer,
content words, the petitioner's keyed hash — nothing personal in clear), so the index holds
plain values only. Forgetting is by event time: :class:`Expiry` holds what to drop when.
"""

from __future__ import annotations

import heapq
import sys
from dataclasses import dataclass, field
from datetime import datetime

from jiesu.domain.events import PetitionReceived
from jiesu.domain.ladder import known_codes
from jiesu.domain.matching import normalise, words_in
from jiesu.domain.taxonomy import Taxonomy
from jiesu.domain.tokens import content_tokens

_NO_TAXONOMY = Taxonomy(version="", categories=())

Key = tuple[str, ...]


@dataclass(frozen=True)
class PetitionSummary:
    """A petition as linking sees it; ``petitioner`` is ``Petitioner.key`` (None when
    anonymous) and ``tokens`` the words that say what the matter is: the taxonomy's phrases
    found in its title and text (each once, the longest), so place names, house numbers and
    durations, which every petition of a place shares, do not make two matters alike."""

    petition_id: str
    event_id: str
    event_time: datetime
    petitioner: str | None = None
    community: str | None = None
    compound: str | None = None
    employer: str | None = None
    tokens: frozenset[str] = frozenset()


def summarise(received: PetitionReceived, taxonomy: Taxonomy | None) -> PetitionSummary:
    """The summary of a received petition (without a taxonomy, its plain words less stop
    words stand for the matter)."""
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
        tokens=matter_words(text, taxonomy),
    )


def matter_words(text: str, taxonomy: Taxonomy | None) -> frozenset[str]:
    if taxonomy is None:
        return content_tokens(text, _NO_TAXONOMY)
    words = words_in(text, taxonomy).scored & taxonomy.matter_phrases()
    return frozenset(sys.intern(w) for w in words)


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
    """Shared words over the shorter text's words: a short petition on a group's matter is
    still on it ("工龄认定" alone against a long account of it)."""
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
