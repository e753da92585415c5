"""Opening for readers: a codec whose ``PetitionReceived`` events come out unsealed.

The projector, a replay's reader and the exports decode with :class:`OpeningCodec`; a sealed
field whose key is gone reads :data:`~jiesu.domain.privacy.ERASED`. Keys are cached (a
replay reads them all in one query); a ``PetitionerErased`` record drops its subject from
the cache as it is decoded, and a key that no longer opens a field (a newer key of the same
subject, made after an erasure) is asked for again once.
"""

from __future__ import annotations

from datetime import datetime

from jiesu.domain.erasure import open_received
from jiesu.domain.events import Event, PetitionerErased, PetitionReceived
from jiesu.domain.privacy import ERASED
from jiesu.erasure.store import SqlKeyStore, key_engine
from jiesu.settings import Settings
from schemas.codec import Codec, default_codec

PRELOAD = 200_000
"""Up to this many keys are read in one query on the first sealed event (about 20 MB)."""


class OpeningCodec:
    """``codec``, with sealed fields opened by the keys of ``DATABASE_URL``."""

    def __init__(self, codec: Codec, database_url: str) -> None:
        self.codec = codec
        self.database_url = database_url
        self._store: SqlKeyStore | None = None
        self._cache: dict[str, bytes] = {}

    def decode(
        self, data: bytes, *, topic: str = "", partition: int = -1, offset: int = -1
    ) -> Event:
        event = self.codec.decode(data, topic=topic, partition=partition, offset=offset)
        if isinstance(event, PetitionerErased):
            self._cache.pop(event.subject, None)
        if isinstance(event, PetitionReceived) and event.sealed_subject is not None:
            return self.opened(event, event.sealed_subject)
        return event

    def tick_time(
        self, data: bytes, *, topic: str = "", partition: int = -1, offset: int = -1
    ) -> datetime | None:
        return self.codec.tick_time(data, topic=topic, partition=partition, offset=offset)

    def encode(self, event: Event) -> bytes:
        return self.codec.encode(event)

    def opened(self, event: PetitionReceived, subject: str) -> PetitionReceived:
        cached = subject in self._cache
        opened = open_received(event, self._keys(subject))
        if cached and _shows_erased(opened):
            self._cache.pop(subject, None)
            opened = open_received(event, self._keys(subject))
        return opened

    def _keys(self, subject: str) -> dict[str, bytes]:
        store = self._key_store()
        if subject not in self._cache:
            self._cache.update(store.keys([subject]))
        return {subject: self._cache[subject]} if subject in self._cache else {}

    def _key_store(self) -> SqlKeyStore:
        if self._store is None:
            self._store = SqlKeyStore(key_engine(self.database_url))
            self._cache = self._store.all_keys(PRELOAD) or {}
        return self._store


def _shows_erased(event: PetitionReceived) -> bool:
    who = event.petitioner
    return ERASED in (who.name, who.phone, who.openid, event.location.address)


def opening_codec(settings: Settings) -> OpeningCodec:
    """The deployment's codec, opening sealed fields with the keys beside the intake."""
    return OpeningCodec(default_codec(settings), settings.database_url)
