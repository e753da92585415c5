"""The simulator's broker target: actions are commands, decided before the stretch goes on."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from jiesu.config.city import load_city
from jiesu.domain.events import ClockTicked, Event, PetitionAccepted, PetitionReceived
from jiesu.domain.ids import derived_id
from jiesu.settings import Settings
from producers.actions.outcomes import CommandOutcomes
from producers.simulator.agenda import clock_ticks
from producers.simulator.commands import Commands
from producers.simulator.kafka_io import BrokerTarget
from producers.simulator.petitions import plan_petitions
from producers.simulator.traffic import SimulationConfig
from schemas.codec import default_codec
from tests.fakes import FakePublisher

SETTINGS = Settings()


class Decided(CommandOutcomes):
    """Every command decided the moment it is asked about, remembering when that was."""

    def __init__(self, publisher: FakePublisher) -> None:
        super().__init__(SETTINGS, default_codec(SETTINGS).decode)
        self.publisher = publisher
        self.asked: list[tuple[str, int]] = []
        """Each command asked about, with how many records were published by then."""

    def wait(self, command_id: str, timeout_s: float) -> Event | None:
        self.asked.append((command_id, len(self.publisher.sent)))
        command = next(s.event for s in self.publisher.sent if s.event.event_id == command_id)
        return replace(command, event_id=derived_id("fact", command_id))


def stretch() -> list[Event]:
    config = SimulationConfig(seed=5, petitions=3)
    received = plan_petitions(load_city(), config)[0]
    moment = received.event_time + timedelta(minutes=1)
    accepted = PetitionAccepted(
        event_id=derived_id("simulated", "accept"),
        petition_id=derived_id("another petition"),
        event_time=moment,
        recorded_time=moment,
        actor="unit:grid:x",
        correlation_id="c",
        unit="grid:x",
    )
    ticks = clock_ticks(moment, moment + timedelta(minutes=10), 10)
    return [received, accepted, *ticks]


def test_actions_go_as_commands_decided_before_the_petitions_and_the_ticks() -> None:
    publisher = FakePublisher(SETTINGS)
    outcomes = Decided(publisher)
    commands = Commands(SETTINGS, publisher, default_codec(SETTINGS), outcomes=outcomes)
    BrokerTarget(publisher, commands).send(stretch())
    topics = [s.topic for s in publisher.sent]
    assert topics == [
        SETTINGS.petition_commands_topic,
        SETTINGS.petition_events_topic,
        SETTINGS.clock_topic,
        SETTINGS.clock_topic,
    ]
    assert outcomes.asked == [(derived_id("simulated", "accept"), 1)]
    on_log = [s.event for s in publisher.sent if s.topic == SETTINGS.petition_events_topic]
    assert [type(e) for e in on_log] == [PetitionReceived]
    assert all(isinstance(s.event, ClockTicked) for s in publisher.sent[2:])
    assert (commands.decided, commands.rejected) == (1, 0)
