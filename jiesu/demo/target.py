"""Where the demo's simulated traffic goes: petitions through the intake's exactly-once path.

Petitions go through :class:`producers.intake.Intake` (the same code the HTTP channels use),
so the intake's ledger answers duplicates. A few petitions are sent twice, as a caller's
app retries after a lost answer; the intake must take each only once. Ticks and handlers'
actions go straight to the broker.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from jiesu.bus.publisher import Publisher
from jiesu.domain.events import ClockTicked, Event, PetitionReceived
from producers.intake import Intake

RETRY_ONE_IN = 40


def is_retried(petition_id: str) -> bool:
    """Deterministic: the same petitions are retried in every run with the same seed."""
    return zlib.crc32(petition_id.encode()) % RETRY_ONE_IN == 0


class DemoTarget:
    """Sends a stretch of simulated time: petitions, then actions, then the ticks."""

    def __init__(self, intake: Intake, publisher: Publisher) -> None:
        self.intake, self.publisher = intake, publisher
        self.duplicates_rejected = 0

    def send(self, events: Sequence[Event]) -> None:
        received = [e for e in events if isinstance(e, PetitionReceived)]
        if received:
            self.intake.submit_many(received)
            retried = [e for e in received if is_retried(e.petition_id)]
            if retried:
                outcomes = self.intake.submit_many(retried)
                self.duplicates_rejected += sum(o.duplicate for o in outcomes)
        others = [e for e in events if not isinstance(e, PetitionReceived | ClockTicked)]
        self.publisher.publish_many(others)
        self.publisher.publish_many([e for e in events if isinstance(e, ClockTicked)])
