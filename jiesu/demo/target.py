"""Where the demo's simulated traffic goes: petitions through the intake's exactly-once path.

Petitions go through :class:`producers.intake.Intake` (the same code the HTTP channels use),
so the intake's ledger answers duplicates. A few petitions are sent twice, as a caller's
app retries after a lost answer; the intake must take each only once. Handlers' actions are
commands, as the intake's actions endpoints send them, and ticks go to the broker.
"""

from __future__ import annotations

from collections.abc import Sequence

from jiesu.bus.publisher import Publisher
from jiesu.domain.events import Event, PetitionReceived
from producers.intake import Intake
from producers.simulator.commands import Commands
from producers.simulator.kafka_io import BrokerTarget

RETRY_EVERY = 20
"""Every 20th petition is sent twice (5 %): deterministic, since the send order is."""


class DemoTarget(BrokerTarget):
    """Sends a stretch of simulated time: actions, then petitions, then the ticks."""

    def __init__(self, intake: Intake, publisher: Publisher, commands: Commands) -> None:
        super().__init__(publisher, commands)
        self.intake = intake
        self.duplicates_rejected = 0
        self.submitted = 0

    def petitions(self, events: Sequence[Event]) -> None:
        received = [e for e in events if isinstance(e, PetitionReceived)]
        if received:
            self.intake.submit_many(received)
            first = self.submitted
            self.submitted += len(received)
            retried = [e for n, e in enumerate(received, first + 1) if n % RETRY_EVERY == 0]
            if retried:
                outcomes = self.intake.submit_many(retried)
                self.duplicates_rejected += sum(o.duplicate for o in outcomes)
        others = [e for e in events if not isinstance(e, PetitionReceived)]
        self.publisher.publish_many(others)
