"""The runner moves the pure simulation's events out and the decisions it reads back in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from jiesu.config.city import load_city
from jiesu.domain.events import (
    Event,
    HandlingLevel,
    PetitionAccepted,
    PetitionClassified,
    PetitionReceived,
    PetitionRouted,
    SlaTier,
)
from jiesu.domain.ids import derived_id
from producers.simulator.core import Simulation
from producers.simulator.live import Runner
from producers.simulator.traffic import SimulationConfig


class LoopbackLog:
    """A target and feed in one: what is sent is read back, with a router's decisions."""

    def __init__(self) -> None:
        self.sent: list[Event] = []
        self.unread: list[Event] = []

    def send(self, events: Sequence[Event]) -> None:
        self.sent.extend(events)
        for event in events:
            self.unread.append(event)
            if isinstance(event, PetitionReceived):
                self.unread.extend(decisions(event))

    def poll(self, timeout_s: float) -> list[Event]:
        read, self.unread = self.unread, []
        return read


def decisions(received: PetitionReceived) -> list[Event]:
    moment = received.event_time + timedelta(seconds=1)
    common: dict[str, Any] = {
        "petition_id": received.petition_id,
        "event_time": moment,
        "recorded_time": moment,
        "actor": "processor:test",
        "correlation_id": received.petition_id,
    }
    return [
        PetitionClassified(
            event_id=derived_id(received.event_id, "c"),
            category="sanitation",
            sla_tier=SlaTier.ORDINARY,
            **common,
        ),
        PetitionRouted(
            event_id=derived_id(received.event_id, "r"),
            unit=f"grid:{received.location.grid}",
            level=HandlingLevel.GRID,
            rule="test",
            response_deadline=moment + timedelta(hours=2),
            resolution_deadline=moment + timedelta(hours=24),
            **common,
        ),
    ]


def test_events_go_out_in_simulated_time_order_and_are_counted() -> None:
    log = LoopbackLog()
    config = SimulationConfig(seed=1, petitions=40, days=1, tail_days=2)
    counts = Runner(Simulation(load_city(), config), log, log).run()
    times = [e.event_time for e in log.sent]
    assert times == sorted(times)
    assert counts["PetitionReceived"] == 40
    assert counts["ClockTicked"] == 3 * 144 + 1
    assert counts["PetitionAccepted"] + counts["PetitionReturned"] == 40
    assert counts["FeedbackRecorded"] > 30


def test_handlers_answer_with_the_unit_the_router_chose() -> None:
    log = LoopbackLog()
    Runner(Simulation(load_city(), SimulationConfig(seed=2, petitions=10)), log, log).run()
    grids = {e.petition_id: e.location.grid for e in log.sent if isinstance(e, PetitionReceived)}
    accepted = [e for e in log.sent if isinstance(e, PetitionAccepted)]
    assert accepted
    assert all(a.unit == f"grid:{grids[a.petition_id]}" for a in accepted)
