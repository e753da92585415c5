"""The simulator's traffic: deterministic, mixed like the seeds, shaped by the day."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta
from functools import lru_cache

from jiesu.config.city import load_city
from jiesu.domain.events import Channel, ClockTicked, PetitionReceived
from jiesu.domain.privacy import normalise_phone
from producers.simulator.agenda import clock_ticks
from producers.simulator.core import Simulation
from producers.simulator.petitions import plan_matters, plan_petitions
from producers.simulator.traffic import (
    CATEGORY_MIX,
    CHANNEL_MIX,
    CHINA,
    DEFAULT_START,
    GROUP_EMPLOYER,
    SimulationConfig,
)

BIG = SimulationConfig(seed=7, petitions=3000, days=7)


@lru_cache(maxsize=4)
def petitions(config: SimulationConfig) -> tuple[PetitionReceived, ...]:
    return tuple(plan_petitions(load_city(), config))


def test_the_same_seed_gives_the_same_events() -> None:
    config = SimulationConfig(seed=11, petitions=200)
    first = list(Simulation(load_city(), config).events_until_quiet())
    second = list(Simulation(load_city(), config).events_until_quiet())
    assert first == second
    assert len(first) == 200 + len(clock_ticks(config.start, config.horizon, 10))


def test_another_seed_gives_other_petitions() -> None:
    one = petitions(SimulationConfig(seed=1, petitions=50))
    two = petitions(SimulationConfig(seed=2, petitions=50))
    assert [p.text for p in one] != [p.text for p in two]


def test_simulated_time_starts_at_a_fixed_date_not_the_wall_clock() -> None:
    config = SimulationConfig(petitions=100)
    assert config.start == DEFAULT_START
    times = [p.event_time for p in petitions(config)]
    assert times == sorted(times)
    assert all(config.start <= t < config.end for t in times)


def test_the_channel_mix_follows_the_configured_shares() -> None:
    counts = Counter(p.channel for p in petitions(BIG))
    for channel, share in CHANNEL_MIX.items():
        assert abs(counts[channel] / len(petitions(BIG)) - share) < 0.05, channel


def test_the_category_mix_follows_the_seeds_shares() -> None:
    matters = [m for m in plan_matters(load_city(), BIG) if m.employer is None]
    counts = Counter(m.category for m in matters)
    for category, share in CATEGORY_MIX.items():
        assert abs(counts[category] / len(matters) - share) < 0.03, category


def test_petitions_peak_mid_morning_and_afternoon_and_are_rare_at_night() -> None:
    hours = Counter(p.event_time.astimezone(CHINA).hour for p in petitions(BIG))
    night = sum(hours[h] for h in range(0, 6))
    assert hours[10] > 5 * hours[3]
    assert hours[15] > hours[12]
    assert night < 0.03 * len(petitions(BIG))


def test_repeat_petitioners_raise_the_same_matter_again_within_days() -> None:
    repeats = [p for p in petitions(BIG) if p.text.startswith("再次反映：")]
    assert 0.03 * len(petitions(BIG)) < len(repeats) < 0.07 * len(petitions(BIG))
    by_phone = {(p.petitioner.phone, p.location.compound): p for p in petitions(BIG)[::-1]}
    for repeat in repeats:
        first = by_phone[(repeat.petitioner.phone, repeat.location.compound)]
        assert first.event_time < repeat.event_time <= first.event_time + timedelta(days=5)
        assert repeat.text.removeprefix("再次反映：") == first.text


def test_a_group_case_brings_many_retirees_of_one_employer_about_seniority() -> None:
    group = [p for p in petitions(BIG) if p.employer == GROUP_EMPLOYER]
    assert len(group) == 140
    assert all("工龄" in p.text for p in group)
    assert len({p.petitioner.phone for p in group}) > 130
    span = max(p.event_time for p in group) - min(p.event_time for p in group)
    assert span <= timedelta(days=3)


def test_phones_are_valid_mobiles_and_anonymous_petitions_carry_no_identity() -> None:
    for petition in petitions(BIG):
        who = petition.petitioner
        if who.phone:
            assert normalise_phone(who.phone) == who.phone
            assert who.key
            assert who.phone not in who.key
        if who.anonymous:
            assert who.phone is None
            assert who.openid is None
            assert who.name is None
    anonymous = sum(p.petitioner.anonymous for p in petitions(BIG))
    assert 0.02 * len(petitions(BIG)) < anonymous < 0.1 * len(petitions(BIG))


def test_every_petition_is_located_in_the_city_and_its_text_is_filled_in() -> None:
    city = load_city()
    for petition in petitions(BIG):
        assert petition.location.grid in city
        assert petition.location.compound is not None
        assert city.area(petition.location.compound).name in (petition.location.address or "")
        assert not re.search(r"[{}]", petition.text)
        assert petition.channel_ref.startswith("SIM7-")


def test_channel_references_and_petition_ids_are_unique() -> None:
    assert len({p.petition_id for p in petitions(BIG)}) == len(petitions(BIG))
    mini = [p for p in petitions(BIG) if p.channel is Channel.MINI_PROGRAM and p.petitioner.openid]
    assert mini
    assert all(len(p.petitioner.openid or "") == 28 for p in mini)


def test_the_clock_ticks_every_ten_simulated_minutes() -> None:
    ticks = clock_ticks(DEFAULT_START, DEFAULT_START + timedelta(hours=1), 10)
    assert [t.event_time for t in ticks] == [
        DEFAULT_START + timedelta(minutes=10 * i) for i in range(7)
    ]
    assert all(isinstance(t, ClockTicked) and t.petition_id == "" for t in ticks)
    assert len({t.event_id for t in ticks}) == 7
