"""The linker's fold: every PetitionReceived, in the order of the one link-input partition.

Repeat petitions and group cases cross petition partitions, so the petitions are first
copied into one ordered log; folding that log through the :class:`LinkIndex` is then as
deterministic as the petition folds are. Each link becomes one ``PetitionsLinked`` per linked
petition, addressed to that petition's partition, with an id derived from the link's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from jiesu.bus.partitioning import partition_for
from jiesu.domain.events import Event, PetitionReceived, PetitionsLinked
from jiesu.domain.ids import derived_id


class Linker(Protocol):
    """``jiesu.domain.linking.LinkIndex`` as the fold uses it."""

    def add(self, petition: PetitionReceived) -> Sequence[PetitionsLinked]: ...


Addressed = tuple[int, PetitionsLinked]
"""A PetitionsLinked and the petition-events partition it belongs to."""


class LinkFold:
    """The link index plus the position and ids already folded."""

    def __init__(self, index: Linker, partitions: int) -> None:
        self.index = index
        self.partitions = partitions
        self.position = 0
        self.seen: set[str] = set()

    def feed(self, event: Event | None, offset: int) -> list[Addressed]:
        """Fold the record at ``offset``; return the addressed links it produced."""
        if offset < self.position:
            return []
        self.position = offset + 1
        if not isinstance(event, PetitionReceived) or event.event_id in self.seen:
            return []
        self.seen.add(event.event_id)
        return [
            self._address(copy) for link in self.index.add(event) for copy in per_petition(link)
        ]

    def _address(self, link: PetitionsLinked) -> Addressed:
        return partition_for(link.petition_id, self.partitions), link


def per_petition(link: PetitionsLinked) -> list[PetitionsLinked]:
    """One copy of ``link`` per linked petition, each with its own deterministic id."""
    return [
        replace(link, petition_id=petition_id, event_id=derived_id(link.event_id, petition_id))
        for petition_id in link.petition_ids
    ]
