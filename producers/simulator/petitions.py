"""The petitions of a simulated window as ``PetitionReceived`` events, in arrival order."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

from jiesu.domain.channels import CHANNELS
from jiesu.domain.city import City
from jiesu.domain.events import Channel, Location, Petitioner, PetitionReceived
from jiesu.domain.ids import derived_id, petition_id_for
from jiesu.domain.privacy import petitioner_key
from producers.simulator.matters import Matter, MatterMaker
from producers.simulator.texts import HINTS, title_of
from producers.simulator.traffic import REPEAT_RATE, SimulationConfig, arrival_time

REF_PREFIX = {entry.channel: entry.ref_prefix for entry in CHANNELS}
PHOTO_RATE = {Channel.MINI_PROGRAM: 0.6, Channel.GRID_APP: 0.8, Channel.OPEN311: 0.3}


def plan_matters(city: City, config: SimulationConfig) -> list[Matter]:
    """Every matter of the window, sorted by time: fresh ones, repeats and the group case."""
    rng = random.Random(f"jiesu-simulator|{config.seed}")
    maker = MatterMaker(city, config, rng)
    group = _group_case(maker, rng, config)
    repeats_wanted = round((config.petitions - len(group)) * REPEAT_RATE)
    fresh = [maker.fresh() for _ in range(config.petitions - len(group) - repeats_wanted)]
    reachable = [m for m in fresh if m.phone]
    repeats: list[Matter] = []
    while reachable and len(repeats) < repeats_wanted:
        again = maker.repeat(rng.choice(reachable))
        repeats.append(again if again is not None else maker.fresh())
    return sorted(fresh + repeats + group, key=lambda m: m.time)


def _group_case(maker: MatterMaker, rng: random.Random, config: SimulationConfig) -> list[Matter]:
    if not config.group_size:
        return []
    first = arrival_time(rng, config.start, config.start + (config.end - config.start) / 2)
    last = min(first + timedelta(days=3), config.end)
    return [maker.group_member(first, last) for _ in range(config.group_size)]


def plan_petitions(city: City, config: SimulationConfig) -> list[PetitionReceived]:
    """The ``PetitionReceived`` events of the window, deterministic for ``config.seed``."""
    jitter = random.Random(f"jiesu-simulator-points|{config.seed}")
    return [
        received(city, config, index, matter, jitter)
        for index, matter in enumerate(plan_matters(city, config))
    ]


def received(
    city: City, config: SimulationConfig, index: int, matter: Matter, jitter: random.Random
) -> PetitionReceived:
    """One matter as the event its channel would have published."""
    ref = f"SIM{config.seed}-{REF_PREFIX[matter.channel]}-{index:06d}"
    petition_id = petition_id_for(matter.channel.value, ref)
    photo = jitter.random() < PHOTO_RATE.get(matter.channel, 0.0)
    return PetitionReceived(
        event_id=derived_id("received", petition_id),
        petition_id=petition_id,
        event_time=matter.time,
        recorded_time=matter.time,
        actor=f"channel:{matter.channel.value.lower()}",
        correlation_id=petition_id,
        channel=matter.channel,
        channel_ref=ref,
        text=matter.text,
        title=title_of(matter.text),
        category_hint=_hint(matter),
        location=_located(city.location(matter.grid, matter.address), jitter),
        petitioner=_petitioner(matter, config.pii_key),
        photos=(f"https://img.example.org/sim/{config.seed}/{index}.jpg",) if photo else (),
        employer=matter.employer,
    )


def _hint(matter: Matter) -> str | None:
    if matter.channel in (Channel.HOTLINE, Channel.WALK_IN):
        return HINTS.get(matter.category)
    return matter.category if matter.channel is Channel.OPEN311 else None


def _located(location: Location, jitter: random.Random) -> Location:
    """A point near the community's centre (about ±400 m), for hot-spot maps."""
    if location.lat is None or location.lon is None:
        return location
    lat = round(location.lat + jitter.uniform(-0.004, 0.004), 6)
    lon = round(location.lon + jitter.uniform(-0.004, 0.004), 6)
    return replace(location, lat=lat, lon=lon)


def _petitioner(matter: Matter, secret: str) -> Petitioner:
    identifier = matter.phone or matter.openid
    return Petitioner(
        name=matter.name,
        phone=matter.phone,
        openid=matter.openid,
        anonymous=matter.anonymous,
        key=petitioner_key(identifier, secret) if identifier else None,
    )
