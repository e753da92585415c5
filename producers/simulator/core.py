"""The pure simulation: what happens when. No Kafka here; the runner moves events in and out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from jiesu.domain.city import City
from jiesu.domain.events import Event
from producers.simulator.agenda import Agenda, clock_ticks
from producers.simulator.handlers import HandlerHabits, HandlerSide
from producers.simulator.petitions import plan_petitions
from producers.simulator.script import Script
from producers.simulator.traffic import SimulationConfig


class Simulation:
    """The agenda of a simulated window and the handlers who add to it.

    ``due`` hands out the events whose moment has come; ``observe`` takes what was read back
    from petition-events (the processors' decisions among it) and schedules the handlers'
    answers, never before ``now``.
    """

    def __init__(
        self,
        city: City,
        config: SimulationConfig,
        habits: HandlerHabits | None = None,
        script: Script | None = None,
    ) -> None:
        self.config = config
        self.agenda = Agenda(config.horizon)
        script = script or Script()
        self.handlers = HandlerSide(config.seed, habits or HandlerHabits(), dict(script.callbacks))
        self.petitions = sorted(
            [*plan_petitions(city, config), *script.petitions], key=lambda e: e.event_time
        )
        self.agenda.add(self.petitions)
        self.agenda.add(clock_ticks(config.start, config.horizon, config.tick_minutes))
        self.scheduled = len(self.agenda)

    def next_time(self) -> datetime | None:
        return self.agenda.next_time()

    def due(self, now: datetime, limit: int = 500) -> list[Event]:
        return self.agenda.pop_due(now, limit)

    def observe(self, events: Iterable[Event], now: datetime) -> list[Event]:
        """Fold events read back; schedule and return the handlers' answers."""
        answers: list[Event] = []
        for event in events:
            answer = self.handlers.observe(event)
            if self.handlers.supersedes(event, answer):
                self.agenda.supersede(event.petition_id)
            answers.extend(self.agenda.add(answer, not_before=now))
        self.scheduled += len(answers)
        return answers

    def events_until_quiet(self, limit: int = 500) -> Iterable[Event]:
        """Every scheduled event in order, as if nobody answered (handy offline)."""
        while (moment := self.next_time()) is not None:
            yield from self.due(moment, limit)
