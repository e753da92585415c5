"""Repeat petitions and group cases, found by folding petitions one by one in log order.

- A **repeat** (重复诉求): the same petitioner at the same place (the compound, else the
  community) on the same matter — matter words alike by at least ``repeat_similarity``
  (Jaccard: one shared word such as 物业 is not enough) — within ``repeat_window``. The
  category does not count: the same leak is a repeat however it was classified, and a
  different complaint by the same person is not. It goes to the special-handling list
  (重难点诉求处置清单).
- A **group case** (群体诉求): see :mod:`jiesu.domain.groupcases`; like the 140 retirees of
  one textile firm on seniority recognition (工龄认定).

Texts are compared by their matter words (the taxonomy's phrases in them), not by every
word: the petitions of one compound all name the compound and their house numbers.

"Now" is the latest event time folded; what is older than a window is forgotten, so memory
stays bounded however long the log grows, and the same log always yields the same links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from jiesu.domain.events import GroupCaseResolved, LinkKind, PetitionReceived, PetitionsLinked
from jiesu.domain.groupcases import GroupBook, copy_of
from jiesu.domain.ids import derived_id
from jiesu.domain.links import Link, group_link, link_of, linked_event
from jiesu.domain.linkstate import Expiry, Key, PetitionSummary, jaccard, place_of, summarise
from jiesu.domain.taxonomy import Taxonomy


@dataclass(frozen=True)
class LinkSettings:
    """The windows (by event time), the group size and how alike two texts must be."""

    repeat_window: timedelta = timedelta(days=30)
    group_window: timedelta = timedelta(days=14)
    group_threshold: int = 5
    similarity: float = 0.5
    repeat_similarity: float = 0.5
    group_memory: timedelta = timedelta(days=180)


@dataclass
class LinkIndex:
    """The linker's state: feed petitions (and group leads' resolutions) in log order."""

    taxonomy: Taxonomy | None = None
    settings: LinkSettings = field(default_factory=LinkSettings)
    _known: dict[str, PetitionSummary] = field(default_factory=dict, init=False)
    _repeats: dict[Key, list[PetitionSummary]] = field(default_factory=dict, init=False)
    _expiry: Expiry = field(default_factory=Expiry, init=False)
    _groups: GroupBook = field(init=False)
    _now: datetime | None = field(default=None, init=False)
    _late: list[GroupCaseResolved] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        s = self.settings
        self._groups = GroupBook(s.group_window, s.group_memory, s.group_threshold, s.similarity)

    def __len__(self) -> int:
        """How many petitions the index still remembers."""
        return len(self._known)

    def held(self) -> dict[str, int]:
        """What is held per purpose (for gauges, and to show the windows bound memory)."""
        return {
            "petitions": len(self._known),
            "repeat_entries": sum(len(m) for m in self._repeats.values()),
            "group_entries": self._groups.held(),
            "groups": len(self._groups.groups),
        }

    def add(self, received: PetitionReceived) -> list[PetitionsLinked]:
        """Fold a received petition; the ``PetitionsLinked`` events it decides."""
        return [linked_event(link, received) for link in self.observe(self.summarise(received))]

    def resolve(self, lead: GroupCaseResolved) -> list[GroupCaseResolved]:
        """A group's lead was resolved: the copies for its members (none for a member's own
        copy or an unknown group)."""
        self._advance(lead.event_time)
        if lead.petition_id != lead.lead_petition_id:
            return []
        return self._groups.resolve(lead)

    def late_resolutions(self) -> list[GroupCaseResolved]:
        """The resolutions owed to petitions that joined an already resolved group since
        the last call (each right after its ``PetitionsLinked``)."""
        owed, self._late = self._late, []
        return owed

    def summarise(self, received: PetitionReceived) -> PetitionSummary:
        return summarise(received, self.taxonomy)

    def observe(self, petition: PetitionSummary) -> list[Link]:
        """Fold one petition; the links it makes (none for a petition already seen)."""
        self._advance(petition.event_time)
        if petition.petition_id in self._known:
            return []
        self._known[petition.petition_id] = petition
        window = max(self.settings.repeat_window, self.settings.group_window)
        self._expiry.add(petition.event_time + window, ("known", petition.petition_id))
        links = [self._repeat(petition), self._group(petition)]
        return [link for link in links if link is not None]

    def _repeat(self, petition: PetitionSummary) -> Link | None:
        place = place_of(petition)
        if petition.petitioner is None or place is None:
            return None
        key = (petition.petitioner, place)
        window, needed = self.settings.repeat_window, self.settings.repeat_similarity
        earlier = [
            p for p in self._repeats.get(key, [])
            if abs(petition.event_time - p.event_time) <= window
            and jaccard(petition.tokens, p.tokens) >= needed
        ]  # fmt: skip
        self._repeats.setdefault(key, []).append(petition)
        self._expiry.add(petition.event_time + window, ("repeat", petition.petition_id, *key))
        if not earlier:
            return None
        reason = (
            f"repeat: same petitioner, place {place} and matter; "
            f"{len(earlier)} earlier within {window.days} days"
        )
        ids = (*(p.petition_id for p in earlier), petition.petition_id)
        return link_of(LinkKind.REPEAT, derived_id("repeat", ids[0]), ids, reason, petition)

    def _group(self, petition: PetitionSummary) -> Link | None:
        anchor = _anchor(petition)
        joined = self._groups.add(petition, anchor) if anchor is not None else None
        if joined is None or anchor is None:
            return None
        if joined.cluster.resolution is not None:
            self._late.append(copy_of(joined.cluster.resolution, petition.petition_id))
        return group_link(joined, anchor, petition)

    def _advance(self, moment: datetime) -> None:
        """Move "now" forward and forget what every window has left behind."""
        if self._now is None or moment > self._now:
            self._now = moment
        for what in self._expiry.due(self._now):
            if what[0] == "known":
                self._known.pop(what[1], None)
            else:
                kept = [m for m in self._repeats.get(what[2:], []) if m.petition_id != what[1]]
                if kept:
                    self._repeats[what[2:]] = kept
                else:
                    self._repeats.pop(what[2:], None)
        self._groups.expire(self._now)


def _anchor(petition: PetitionSummary) -> Key | None:
    """Where many petitioners' matter is one: their employer, else their compound (else
    the community, for an address known only to it)."""
    if petition.employer:
        return ("employer", petition.employer)
    if petition.compound:
        return ("compound", petition.compound)
    return ("community", petition.community) if petition.community else None
