"""Repeat petitions and group cases, found by folding petitions one by one in log order.

- A **repeat** (重复诉求): the same petitioner, at the same place (the compound, else the
  community), in the same category within ``repeat_window``. It goes to the special-handling
  list (重难点诉求处置清单), linked to the earlier petitions it repeats.
- A **group case** (群体诉求): at least ``group_threshold`` petitioners on one matter at one
  employer (or, without an employer, one community) within ``group_window``, like the 140
  retirees of one textile firm on seniority recognition (工龄认定). "One matter" is the same
  category and a text whose words resemble (token Jaccard ≥ ``similarity``) one of the
  petitions already in the case.

"Now" is the latest event time folded; what is older than a window is forgotten, so memory
stays bounded however long the log grows, and the same log always yields the same links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from jiesu.domain.events import LinkKind, PetitionReceived, PetitionsLinked
from jiesu.domain.ids import derived_id
from jiesu.domain.linkstate import (
    Buckets,
    Cluster,
    Key,
    PetitionSummary,
    best_cluster,
    place_of,
    summarise,
    who,
)
from jiesu.domain.taxonomy import Taxonomy


@dataclass(frozen=True)
class LinkSettings:
    """The windows (by event time), the group size and how alike two texts must be."""

    repeat_window: timedelta = timedelta(days=30)
    group_window: timedelta = timedelta(days=14)
    group_threshold: int = 5
    similarity: float = 0.2
    repeat_similarity: float = 0.5
    group_memory: timedelta = timedelta(days=180)


@dataclass(frozen=True)
class Link:
    """A decision to link petitions; ``petition_id``/``cause_event_id``/``event_time`` are
    those of the petition whose arrival decided it."""

    kind: LinkKind
    group_id: str
    petition_ids: tuple[str, ...]
    reason: str
    petition_id: str
    cause_event_id: str
    event_time: datetime


@dataclass
class LinkIndex:
    """The linker's state: feed petitions in log order, get the links each one makes."""

    taxonomy: Taxonomy | None = None
    settings: LinkSettings = field(default_factory=LinkSettings)
    _buckets: Buckets = field(default_factory=Buckets, init=False)
    _now: datetime | None = field(default=None, init=False)

    def __len__(self) -> int:
        """How many petitions the index still remembers."""
        return len(self._buckets.known)

    def held(self) -> dict[str, int]:
        """What is held per purpose (for gauges, and to show the windows bound memory)."""
        buckets = self._buckets
        return {
            "petitions": len(buckets.known),
            "repeat_entries": sum(len(m) for m in buckets.repeats.values()),
            "group_entries": sum(len(c.members) for cs in buckets.clusters.values() for c in cs),
        }

    def add(self, received: PetitionReceived) -> list[PetitionsLinked]:
        """Fold a received petition; the ``PetitionsLinked`` events it decides."""
        return [linked_event(link, received) for link in self.observe(self.summarise(received))]

    def summarise(self, received: PetitionReceived) -> PetitionSummary:
        return summarise(received, self.taxonomy)

    def observe(self, petition: PetitionSummary) -> list[Link]:
        """Fold one petition; the links it makes (none for a petition already seen)."""
        self._advance(petition.event_time)
        if petition.petition_id in self._buckets.known:
            return []
        self._buckets.known[petition.petition_id] = petition
        links = [self._repeat(petition), self._group(petition)]
        window = max(self.settings.repeat_window, self.settings.group_window)
        self._expire_later("known", (), petition, window)
        return [link for link in links if link is not None]

    def _expire_later(
        self, kind: str, key: Key, petition: PetitionSummary, window: timedelta
    ) -> None:
        moment = petition.event_time + window
        self._buckets.expire_at(moment, kind, key, petition.petition_id)

    def _repeat(self, petition: PetitionSummary) -> Link | None:
        place = place_of(petition)
        if petition.petitioner is None or place is None:
            return None
        key = (petition.petitioner, place, petition.category)
        window = self.settings.repeat_window
        earlier = [
            p for p in self._buckets.repeats.get(key, [])
            if abs(petition.event_time - p.event_time) <= window
        ]  # fmt: skip
        self._buckets.repeats.setdefault(key, []).append(petition)
        self._expire_later("repeat", key, petition, window)
        if not earlier:
            return None
        reason = (
            f"repeat: same petitioner, place {place} and category {petition.category}; "
            f"{len(earlier)} earlier within {window.days} days"
        )
        ids = (*(p.petition_id for p in earlier), petition.petition_id)
        return _link(LinkKind.REPEAT, derived_id("repeat", ids[0]), ids, reason, petition)

    def _group(self, petition: PetitionSummary) -> Link | None:
        anchor = _anchor(petition)
        if anchor is None:
            return None
        key = (*anchor, petition.category)
        clusters = self._buckets.clusters.setdefault(key, [])
        self._expire_later("group", key, petition, self.settings.group_window)
        cluster = _join(clusters, petition, self.settings.similarity)
        group_id = derived_id("group", cluster.seed)
        where = f"{anchor[0]} {anchor[1]}, category {petition.category}"
        if cluster.announced:
            reason = f"group case: joins {len(cluster.members) - 1} petitions at {where}"
            return _link(LinkKind.GROUP_CASE, group_id, (petition.petition_id,), reason, petition)
        petitioners = len({who(p) for p in cluster.members})
        if petitioners < self.settings.group_threshold:
            return None
        cluster.announced = True
        reason = f"group case: {petitioners} petitioners on one matter at {where}"
        ids = tuple(p.petition_id for p in cluster.members)
        return _link(LinkKind.GROUP_CASE, group_id, ids, reason, petition)

    def _advance(self, moment: datetime) -> None:
        """Move "now" forward and forget what every window has left behind."""
        if self._now is None or moment > self._now:
            self._now = moment
        self._buckets.expire(self._now)


def _join(clusters: list[Cluster], petition: PetitionSummary, similarity: float) -> Cluster:
    """The cluster ``petition`` joins: the most similar one, or a new one it seeds."""
    cluster = best_cluster(clusters, petition, similarity)
    if cluster is None:
        clusters.append(Cluster(seed=petition.petition_id, members=[]))
        cluster = clusters[-1]
    cluster.members.append(petition)
    return cluster


def _anchor(petition: PetitionSummary) -> tuple[str, str] | None:
    if petition.employer:
        return ("employer", petition.employer)
    return ("community", petition.community) if petition.community else None


def _link(
    kind: LinkKind, group_id: str, ids: tuple[str, ...], reason: str, cause: PetitionSummary
) -> Link:
    return Link(kind, group_id, ids, reason, cause.petition_id, cause.event_id, cause.event_time)


def linked_event(link: Link, cause: PetitionReceived) -> PetitionsLinked:
    """The event of a link, caused by the received petition that decided it."""
    return PetitionsLinked(
        event_id=derived_id(cause.event_id, "linked", link.kind.value, link.group_id),
        petition_id=link.petition_id,
        event_time=link.event_time,
        recorded_time=link.event_time,
        actor="processor:linker",
        correlation_id=cause.correlation_id,
        causation_id=cause.event_id,
        kind=link.kind,
        group_id=link.group_id,
        petition_ids=link.petition_ids,
        reason=link.reason,
    )
