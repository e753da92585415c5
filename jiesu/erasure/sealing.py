"""Sealing at the intake: every ``PetitionReceived`` is sealed before it is published."""

from __future__ import annotations

from collections.abc import Sequence

from jiesu.domain.erasure import seal_received, subject_of
from jiesu.domain.events import PetitionReceived
from jiesu.erasure.store import SealedPetition, SqlKeyStore


def sealed_for_log(
    events: Sequence[PetitionReceived], store: SqlKeyStore
) -> list[PetitionReceived]:
    """``events`` as the log keeps them, each sealed under its petitioner's key (made at
    the first petition) and indexed, in two round trips for the whole group. Keys and the
    index are written before anything is published, so no sealed event lacks its key."""
    if not events:
        return []
    subjects = {e.petition_id: subject_of(e) for e in events}
    keys = store.keys(set(subjects.values()), create=True)
    store.remember(
        [SealedPetition(e.petition_id, subjects[e.petition_id], e.event_id) for e in events]
    )
    return [seal_received(e, keys[subjects[e.petition_id]]) for e in events]
