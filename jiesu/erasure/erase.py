"""Erasing a petitioner: find their subject, delete its key, append one event per petition.

The key is deleted before anything is appended: once the command says "erased", no reader
can open the fields again, whatever happens to the events. Event ids are named after the
petition and the subject, so running the command again (the broker was down) appends the
same facts, which every consumer ignores the second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from jiesu.domain.events import Event, PetitionerErased
from jiesu.domain.ids import derived_id
from jiesu.domain.privacy import normalise_phone, petitioner_key
from jiesu.erasure.store import SealedPetition, SqlKeyStore


class NothingToErase(LookupError):
    """No petition holds personal data of this phone or under this petition's subject."""


class Appender(Protocol):
    def publish_many(self, events: Sequence[Event]) -> list[tuple[int, int]]: ...


def subjects_of_phone(phone: str, pii_key: str) -> set[str]:
    """The subject of a phone (raises ``InvalidPhone`` for anything else)."""
    return {petitioner_key(normalise_phone(phone), pii_key)}


def subjects_of_petition(store: SqlKeyStore, petition_id: str) -> set[str]:
    subject = store.subject_of(petition_id)
    if subject is None:
        raise NothingToErase(f"petition {petition_id} holds no sealed personal data")
    return {subject}


def erasure_events(
    petitions: Sequence[SealedPetition], reason: str, erased_by: str, now: datetime
) -> list[PetitionerErased]:
    """One ``PetitionerErased`` per petition, on the petition's own partition."""
    correlation = derived_id("erasure", *sorted({p.subject for p in petitions}), now.isoformat())
    return [
        PetitionerErased(
            event_id=derived_id("erased", p.petition_id, p.subject),
            petition_id=p.petition_id,
            event_time=now,
            recorded_time=now,
            actor=f"operator:{erased_by}",
            correlation_id=correlation,
            subject=p.subject,
            received_event_id=p.received_event_id,
            reason=reason,
            erased_by=erased_by,
        )
        for p in petitions
    ]


def erase(
    store: SqlKeyStore,
    log: Appender,
    subjects: set[str],
    reason: str,
    erased_by: str,
    now: datetime,
) -> tuple[list[SealedPetition], int]:
    """Delete the keys of ``subjects`` and append the erasure of each of their petitions;
    the petitions and how many keys there were (0: erased before, the events again)."""
    petitions = store.petitions_of(subjects)
    if not petitions:
        raise NothingToErase("no petition holds sealed personal data of this petitioner")
    deleted = store.forget(subjects | {p.subject for p in petitions})
    log.publish_many(erasure_events(petitions, reason, erased_by, now))
    return petitions, deleted
