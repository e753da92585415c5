"""Blue/green read models: which database readers use, switchable without downtime.

`jiesu replay --db NEW --switch` rebuilds the read models into NEW while the old database
keeps serving, then writes NEW's URL into the pointer file ``<JIESU_DATA_DIR>/read-model.url``
(an atomic rename). The dashboard, the intake's read-model queries and the live projector
look at the pointer between requests or batches and move over; no process restarts. Without
a pointer file everything uses ``DATABASE_URL``.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from sqlalchemy.engine import Engine

from jiesu.settings import Settings
from projections.store import engine_for

POINTER_FILE = "read-model.url"


class ReadModelPointer:
    """The pointer file of one deployment (its data directory)."""

    def __init__(self, settings: Settings) -> None:
        self.default = settings.database_url
        self.path = Path(settings.data_dir) / POINTER_FILE

    def url(self) -> str:
        try:
            text = self.path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return self.default
        return text or self.default

    def switch(self, url: str) -> None:
        """Point every reader at ``url`` (atomically: readers see the old or the new URL)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        staging = self.path.with_suffix(f".{os.getpid()}.tmp")
        staging.write_text(url + "\n", encoding="utf-8")
        staging.replace(self.path)


class EngineSwitch:
    """An engine that follows the pointer, checked at most every ``interval_s``."""

    def __init__(self, pointer: ReadModelPointer | None, engine: Engine | None = None,
                 interval_s: float = 0.5) -> None:  # fmt: skip
        self.pointer = pointer
        self.interval_s = interval_s
        self._url = pointer.url() if pointer else ""
        self._engine = engine or engine_for(self._url)
        self._checked = time.monotonic()
        self._lock = threading.Lock()

    def current(self) -> Engine:
        if self.pointer is None or time.monotonic() - self._checked < self.interval_s:
            return self._engine
        with self._lock:
            self._checked = time.monotonic()
            url = self.pointer.url()
            if url != self._url:
                old, self._engine, self._url = self._engine, engine_for(url), url
                old.dispose()
        return self._engine
