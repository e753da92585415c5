"""Erasure (PIPL art. 47) by crypto-shredding: personal fields sealed under a per-petitioner key.

The log is append-only and read back for years, so a petitioner's name, phone, openid and
address line are never written to it in clear: each is sealed (AES-GCM, a random 96-bit
nonce, the subject id as associated data) under a data key of its own **subject**, the
petitioner. Erasing a petitioner deletes that key; from then on every reader that opens the
fields (the projector, a full replay) gets :data:`ERASED` instead, while the log, its
decisions and their replays stay exactly as they were: decisions read only the pseudonymous
keyed hash (``Petitioner.key``), never a sealed field.

The subject of a petition is its petitioner's keyed hash, so one key covers every petition
of one person; a petitioner without phone or openid gets a subject of the petition alone.
Keys live behind :class:`KeyStore`; this module only needs the bytes.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from jiesu.domain.events import Location, Petitioner, PetitionReceived
from jiesu.domain.privacy import ERASED
from jiesu.domain.redaction import redact_text

SEALED = "jsu1:"
"""The prefix of a sealed value: ``jsu1:`` + URL-safe base64 of nonce and ciphertext."""
KEY_BYTES = 32
NONCE_BYTES = 12

__all__ = ["ERASED", "KeyStore", "new_key", "open_received", "seal_received", "subject_of"]


class KeyStore(Protocol):
    """Where data keys live (a SQL table, or a compacted topic keyed by subject)."""

    def keys(self, subjects: Collection[str], *, create: bool = False) -> dict[str, bytes]:
        """The keys of ``subjects`` that exist; with ``create``, a new one for each other."""
        ...

    def forget(self, subjects: Collection[str]) -> int:
        """Delete the keys of ``subjects`` for good; how many there were."""
        ...


def new_key() -> bytes:
    """A fresh 256-bit data key."""
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def subject_of(event: PetitionReceived) -> str:
    """Whose key seals the event: the petitioner's keyed hash, else the petition alone."""
    return event.petitioner.key or f"petition:{event.petition_id}"


def seal(key: bytes, subject: str, plaintext: str | None) -> str | None:
    """``plaintext`` sealed under ``key`` for ``subject`` (None stays None)."""
    if plaintext is None:
        return None
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), subject.encode())
    return SEALED + base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")


def is_sealed(value: str | None) -> bool:
    return value is not None and value.startswith(SEALED)


def unseal(key: bytes | None, subject: str, value: str | None) -> str | None:
    """The plaintext of a sealed ``value``; :data:`ERASED` when its key is gone (or is a
    newer key of the same subject, made after an erasure). Plain values are returned as
    they are: events written before sealing still read."""
    if not is_sealed(value):
        return value
    assert value is not None
    if key is None:
        return ERASED
    raw = value[len(SEALED) :]
    try:
        data = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        plain = AESGCM(key).decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], subject.encode())
    except (InvalidTag, ValueError):
        return ERASED
    return plain.decode()


def seal_received(event: PetitionReceived, key: bytes) -> PetitionReceived:
    """The event as the log keeps it: personal fields sealed under the subject's ``key``,
    and the free text (title, text) masked as every reader shows it, so neither the
    petitioner's own name nor any phone or ID number is on the log in clear."""
    subject = subject_of(event)
    who, where = event.petitioner, event.location
    names = [who.name] if who.name else []
    return replace(
        event,
        text=redact_text(event.text, names) or "",
        title=redact_text(event.title, names),
        petitioner=replace(
            who,
            name=seal(key, subject, who.name),
            phone=seal(key, subject, who.phone),
            openid=seal(key, subject, who.openid),
        ),
        location=replace(where, address=seal(key, subject, where.address)),
        sealed_subject=subject,
    )


def open_received(event: PetitionReceived, keys: Mapping[str, bytes]) -> PetitionReceived:
    """The event with its sealed fields opened with ``keys`` (subject → key), or shown as
    :data:`ERASED` when the subject's key is not among them."""
    subject = event.sealed_subject
    if subject is None:
        return event
    key = keys.get(subject)
    who: Petitioner = event.petitioner
    where: Location = event.location
    return replace(
        event,
        petitioner=replace(
            who,
            name=unseal(key, subject, who.name),
            phone=unseal(key, subject, who.phone),
            openid=unseal(key, subject, who.openid),
        ),
        location=replace(where, address=unseal(key, subject, where.address)),
    )
