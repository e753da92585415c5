"""Sealing at the intake: every ``PetitionReceived`` is sealed before it is published."""

from __future__ import annotations

from collections.abc import Sequence

from jiesu.domain.erasure import seal_received, subject_of
from jiesu.domain.events import PetitionReceived
from jiesu.domain.privacy import petitioner_key
from jiesu.erasure.store import SealedPetition, SqlKeyStore


def sealed_for_log(
    events: Sequence[PetitionReceived], store: SqlKeyStore, pii_key: str | None = None
) -> list[PetitionReceived]:
    """``events`` as the log keeps them, each sealed under its petitioner's key (made at
    the first petition) and indexed, in two round trips for the whole group. Keys and the
    index are written before anything is published, so no sealed event lacks its key."""
    if not events:
        return []
    subjects = {e.petition_id: subject_of(e) for e in events}
    keys = store.keys(set(subjects.values()), create=True)
    store.remember(
        [
            SealedPetition(e.petition_id, subject, e.event_id, _phone_subject(e, subject, pii_key))
            for e in events
            for subject in [subjects[e.petition_id]]
        ]
    )
    return [seal_received(e, keys[subjects[e.petition_id]]) for e in events]


def _phone_subject(event: PetitionReceived, subject: str, pii_key: str | None) -> str | None:
    """The phone's keyed hash when the petitioner's subject is not it (an openid's), so that
    ``jiesu erase --phone`` finds a mini-program user who left a phone too."""
    phone = event.petitioner.phone
    if not (pii_key and phone):
        return None
    hashed = petitioner_key(phone, pii_key)
    return None if hashed == subject else hashed
