"""What the link index remembers of each petition, and the buckets it files them in.

A petition is reduced to a :class:`PetitionSummary` (ids, event time, category, place,
employer, content words, the petitioner's keyed hash — nothing personal in clear), so the
index holds plain values only.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jiesu.domain.classification import classify
from jiesu.domain.events import PetitionReceived
from jiesu.domain.ladder import known_codes
from jiesu.domain.matching import normalise
from jiesu.domain.taxonomy import Taxonomy
from jiesu.domain.tokens import content_tokens

_NO_TAXONOMY = Taxonomy(version="", categories=())
_SAMPLE = 32


@dataclass(frozen=True)
class PetitionSummary:
    """A petition as linking sees it; ``petitioner`` is ``Petitioner.key`` (None when
    anonymous) and ``tokens`` the words of its title and text, stop words left out."""

    petition_id: str
    event_id: str
    event_time: datetime
    category: str
    petitioner: str | None = None
    community: str | None = None
    compound: str | None = None
    employer: str | None = None
    tokens: frozenset[str] = frozenset()


def summarise(received: PetitionReceived, taxonomy: Taxonomy | None) -> PetitionSummary:
    """The summary of a received petition. Without a taxonomy the category is the channel's
    own label as given (a degraded mode: prefer passing the taxonomy)."""
    codes = known_codes(received.location)
    text = normalise(f"{received.title or ''}\n{received.text}")
    if taxonomy is not None:
        category = classify(received, taxonomy).category
    else:
        category = received.category_hint or "other"
    employer = normalise(received.employer or "").strip()
    person = received.petitioner
    return PetitionSummary(
        petition_id=received.petition_id,
        event_id=received.event_id,
        event_time=received.event_time,
        category=category,
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


@dataclass
class Cluster:
    """Petitions on one matter; ``seed`` (the first) names the group."""

    seed: str
    members: list[PetitionSummary]
    announced: bool = False


def best_cluster(
    clusters: list[Cluster], petition: PetitionSummary, threshold: float
) -> Cluster | None:
    """The cluster with a member most like ``petition`` (at least ``threshold``); the
    earlier cluster wins a tie. Only the oldest and the latest members are compared, so a
    large case costs no more than a small one."""
    best, best_score = None, threshold
    for cluster in clusters:
        sample = (cluster.members[0], *cluster.members[-_SAMPLE:])
        score = max(jaccard(petition.tokens, m.tokens) for m in sample)
        if score > best_score or (best is None and score >= threshold):
            best, best_score = cluster, score
    return best


Key = tuple[str, ...]


@dataclass
class Buckets:
    """Every remembered petition by id, the repeat lists by (petitioner, place, category)
    and the clusters by (anchor kind, anchor, category)."""

    known: dict[str, PetitionSummary] = field(default_factory=dict)
    repeats: dict[Key, list[PetitionSummary]] = field(default_factory=dict)
    clusters: dict[Key, list[Cluster]] = field(default_factory=dict)
    _expiry: list[tuple[datetime, int, str, Key, str]] = field(default_factory=list)
    _filed: int = 0

    def expire_at(self, moment: datetime, kind: str, key: Key, petition_id: str) -> None:
        """Forget the petition from ``kind`` (known, repeat, group) once "now" passes
        ``moment``; entries of one moment go in the order they were filed."""
        self._filed += 1
        heapq.heappush(self._expiry, (moment, self._filed, kind, key, petition_id))

    def expire(self, now: datetime) -> None:
        while self._expiry and self._expiry[0][0] < now:
            _, _, kind, key, petition_id = heapq.heappop(self._expiry)
            self.forget(kind, key, petition_id)

    def forget(self, kind: str, key: Key, petition_id: str) -> None:
        """Drop a petition from its repeat list, its cluster or (``known``) altogether."""
        if kind == "known":
            self.known.pop(petition_id, None)
        elif kind == "repeat":
            kept = [m for m in self.repeats.get(key, []) if m.petition_id != petition_id]
            _keep(self.repeats, key, kept)
        else:
            for cluster in self.clusters.get(key, []):
                cluster.members = [m for m in cluster.members if m.petition_id != petition_id]
            _keep(self.clusters, key, [c for c in self.clusters.get(key, []) if c.members])


def _keep(buckets: dict[Key, list[Any]], key: Key, kept: list[Any]) -> None:
    if kept:
        buckets[key] = kept
    else:
        buckets.pop(key, None)
