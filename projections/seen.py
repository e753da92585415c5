"""The event ids a replay has read, kept as a Bloom filter: "surely not" or "perhaps".

Every event is checked against the timeline before it is folded (a fact published twice is
folded once). In a rebuild nearly every answer is "not there", and asking the database
for each costs a primary-key probe into an index that outgrows the page cache on big logs.
The replay's reader marks the ids it may have read before (:func:`mark_seen`); only those
are looked up, so answers stay exact. Sized for the log's record count, the filter errs on
about one id in a hundred, in a few bits per id.
"""

from __future__ import annotations

from dataclasses import replace

from projections.records import Piece, Tick

BITS_PER_ID = 20
"""With two probes: about 1 % false "perhaps" when full (four probes at ten bits each
err as often, for twice the work per id; the filter still takes 2.5 MB per million ids)."""


class SeenIds:
    """A Bloom filter of strings, with room for ``capacity`` of them (more only raise the
    share of false "perhaps")."""

    def __init__(self, capacity: int) -> None:
        bits = 1 << max(16, (capacity * BITS_PER_ID).bit_length())
        self.mask = bits - 1
        self.bytes = bytearray(bits // 8)

    def add(self, text: str) -> bool:
        """Remember ``text``; True when it may have been added before."""
        table, (first, second) = self.bytes, self._probes(text)
        before = table[first >> 3] >> (first & 7) & 1 and table[second >> 3] >> (second & 7) & 1
        table[first >> 3] |= 1 << (first & 7)
        table[second >> 3] |= 1 << (second & 7)
        return bool(before)

    def __contains__(self, text: str) -> bool:
        table, (first, second) = self.bytes, self._probes(text)
        return bool(table[first >> 3] >> (first & 7) & 1 and table[second >> 3] >> (second & 7) & 1)

    def _probes(self, text: str) -> tuple[int, int]:
        """Two bit positions from the two halves of one 64-bit hash."""
        code = hash(text)
        return code & self.mask, code >> 32 & self.mask


def mark_seen(piece: Piece, ids: SeenIds) -> Piece:
    """``piece`` with the ids of its events that may have come before in the log (a
    replay reads the log once, in order, so every other event is new to the timeline)."""
    seen = {
        event.event_id
        for event, _, _ in piece.items
        if not isinstance(event, Tick) and ids.add(event.event_id)
    }
    return replace(piece, seen=frozenset(seen))
