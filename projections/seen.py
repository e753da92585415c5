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

BITS_PER_ID = 10
"""With four probes: about 1 % false "perhaps" when full."""
_LOW = (1 << 32) - 1


class SeenIds:
    """A Bloom filter of strings, with room for ``capacity`` of them (more only raise the
    share of false "perhaps")."""

    def __init__(self, capacity: int) -> None:
        bits = 1 << max(16, (capacity * BITS_PER_ID).bit_length())
        self.mask = bits - 1
        self.bytes = bytearray(bits // 8)

    def add(self, text: str) -> bool:
        """Remember ``text``; True when it may have been added before."""
        table, before = self.bytes, True
        for probe in self._probes(text):
            bit = 1 << (probe & 7)
            if not table[probe >> 3] & bit:
                table[probe >> 3] |= bit
                before = False
        return before

    def __contains__(self, text: str) -> bool:
        table = self.bytes
        return all(table[probe >> 3] >> (probe & 7) & 1 for probe in self._probes(text))

    def _probes(self, text: str) -> tuple[int, int, int, int]:
        """Four bit positions from one 64-bit hash (double hashing, Kirsch-Mitzenmacher)."""
        code = hash(text)
        first, step, mask = code & _LOW, (code >> 32 & _LOW) | 1, self.mask
        return (
            first & mask,
            (first + step) & mask,
            (first + 2 * step) & mask,
            (first + 3 * step) & mask,
        )


def mark_seen(piece: Piece, ids: SeenIds) -> Piece:
    """``piece`` with the ids of its events that may have come before in the log (a
    replay reads the log once, in order, so every other event is new to the timeline)."""
    seen = {
        event.event_id
        for event, _, _ in piece.items
        if not isinstance(event, Tick) and ids.add(event.event_id)
    }
    return replace(piece, seen=frozenset(seen))
