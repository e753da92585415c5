"""The demo's scenarios as data: every story loads, its petitions land where and when it says,
and the same seed gives the same petitioners."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import typer

from jiesu.config.city import load_city
from jiesu.demo.options import require_story_in_window, story_and_start
from jiesu.demo.scenarios import last_moment, scenario, scenarios, script_of
from jiesu.domain.events import Satisfaction
from producers.simulator.core import Simulation
from producers.simulator.traffic import CHINA, SimulationConfig


def config_for(name: str, seed: int = 1) -> SimulationConfig:
    return SimulationConfig(seed=seed, petitions=5, start=scenario(name).start.astimezone(UTC))


def test_every_scenario_loads_and_its_petitions_fall_in_the_window() -> None:
    assert set(scenarios()) >= {"storm", "retirees", "callback"}
    city = load_city()
    for name in scenarios():
        config = config_for(name)
        script = script_of(scenario(name), city, config)
        assert script.petitions
        for event in script.petitions:
            assert config.start <= event.event_time < config.end
            assert event.channel_ref.startswith(f"SCN1-{name}-")


def test_the_storm_comes_at_night_and_the_retirees_share_their_employer() -> None:
    city = load_city()
    storm = script_of(scenario("storm"), city, config_for("storm"))
    assert [e.event_time.astimezone(CHINA).strftime("%H:%M") for e in storm.petitions] == [
        "22:40", "23:05", "23:50",
    ]  # fmt: skip
    retirees = script_of(scenario("retirees"), city, config_for("retirees")).petitions
    assert len(retirees) == 12
    assert {e.employer for e in retirees} == {"淄博某纺织厂"}
    assert len({e.petitioner.key for e in retirees if e.petitioner}) == 12


def test_a_story_moves_with_start_and_is_the_same_for_a_seed() -> None:
    city = load_city()
    later = SimulationConfig(seed=1, petitions=5, start=datetime(2027, 1, 1, tzinfo=CHINA))
    moved = script_of(scenario("callback"), city, later)
    assert moved.petitions[0].event_time == datetime(2027, 1, 1, 9, 30, tzinfo=CHINA)
    again = script_of(scenario("callback"), city, later)
    assert moved == again
    assert list(moved.callbacks.values()) == [Satisfaction.UNSATISFIED]
    simulation = Simulation(city, later, script=moved)
    assert moved.petitions[0] in simulation.petitions
    assert len(simulation.petitions) == 5 + 1


def test_an_unknown_scenario_is_a_usage_error() -> None:
    with pytest.raises(typer.BadParameter, match="known: callback, retirees, storm"):
        story_and_start("flood", None)
    story, start = story_and_start("storm", "2026-10-01")
    assert story is not None
    assert start == datetime(2026, 10, 1, tzinfo=CHINA)


def test_a_window_that_ends_before_the_story_is_a_usage_error() -> None:
    retirees = scenario("retirees")
    start = retirees.start.astimezone(UTC)
    twelfth = last_moment(retirees, start)
    assert twelfth.astimezone(CHINA).strftime("%H:%M") == "13:35"  # 09:00 + 11 × 25 min
    require_story_in_window(retirees, start, 0.25)
    with pytest.raises(typer.BadParameter, match=r"0\.23 days after the start"):
        require_story_in_window(retirees, start, 0.2)
    require_story_in_window(None, start, 0.01)
