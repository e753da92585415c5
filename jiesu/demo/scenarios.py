"""`jiesu demo --scenario NAME`: the seeds' stories, scripted on top of the simulated day.

The stories are data (``scenarios.yaml``); here they become a simulator
:class:`~producers.simulator.script.Script`: ``PetitionReceived`` events made exactly as the
simulator makes its own (so they go through the same intake and the same processors) and
the call-back answers the story needs. Their channel references start with ``SCN``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from jiesu.config import parse_yaml
from jiesu.domain.city import City, Compound
from jiesu.domain.events import Channel, PetitionReceived, Satisfaction
from producers.simulator import people
from producers.simulator.matters import Identity, Matter
from producers.simulator.petitions import received
from producers.simulator.script import Script
from producers.simulator.traffic import CHINA, SimulationConfig

FILE = Path(__file__).with_name("scenarios.yaml")


class UnknownScenario(LookupError):
    """No scenario of that name; the message lists the known ones."""


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    story: str
    start: datetime
    petitions: tuple[dict[str, Any], ...]


@cache
def scenarios() -> dict[str, Scenario]:
    """Every scenario of ``scenarios.yaml``, by name."""
    raw = parse_yaml(FILE.read_text(encoding="utf-8"))
    return {
        name: Scenario(
            name=name,
            title=str(entry["title"]),
            story=str(entry["story"]),
            start=_local(entry["start"]),
            petitions=tuple(entry["petitions"]),
        )
        for name, entry in raw.items()
    }


def scenario(name: str) -> Scenario:
    try:
        return scenarios()[name]
    except KeyError:
        known = ", ".join(sorted(scenarios()))
        raise UnknownScenario(f"no scenario {name!r}; known: {known}") from None


def script_of(story: Scenario, city: City, config: SimulationConfig) -> Script:
    """The story's petitions in the simulated window that ``config`` starts, and its
    call-backs; the same seed always gives the same petitioners."""
    rng = random.Random(f"jiesu-scenario|{story.name}|{config.seed}")
    jitter = random.Random(f"jiesu-scenario-points|{story.name}|{config.seed}")
    petitions: list[PetitionReceived] = []
    callbacks: dict[str, Satisfaction] = {}
    prompt: dict[str, timedelta] = {}
    for entry in story.petitions:
        texts = entry.get("texts") or [entry["text"]]
        first = _moment(str(entry["at"]), config.start)
        for n in range(int(entry.get("count", 1))):
            when = first + timedelta(minutes=n * int(entry.get("every", 0)))
            matter = _matter(city, entry, texts[n % len(texts)], when, rng)
            ref = f"SCN{config.seed}-{story.name}-{len(petitions):03d}"
            event = received(city, config, len(petitions), matter, jitter, ref=ref)
            petitions.append(event)
            if "callback" in entry:
                callbacks[event.petition_id] = Satisfaction(entry["callback"])
            if "prompt_hours" in entry:
                prompt[event.petition_id] = timedelta(hours=float(entry["prompt_hours"]))
    return Script(tuple(petitions), callbacks, prompt)


def last_moment(story: Scenario, start: datetime) -> datetime:
    """When the story's last petition arrives in a window that begins at ``start``."""
    return max(
        _moment(str(entry["at"]), start)
        + timedelta(minutes=(int(entry.get("count", 1)) - 1) * int(entry.get("every", 0)))
        for entry in story.petitions
    )


def _matter(
    city: City, entry: dict[str, Any], text: str, when: datetime, rng: random.Random
) -> Matter:
    compound = city.area(str(entry["compound"]))
    assert isinstance(compound, Compound), f"not a compound: {entry['compound']}"
    district, street, _, _ = city.chain(compound.code)
    channel = Channel(entry["channel"])
    identity: Identity = (
        {"openid": people.openid(rng)}
        if channel is Channel.MINI_PROGRAM
        else {"phone": people.mobile(rng), "name": people.caller_name(rng)}
    )
    return Matter(
        time=when,
        channel=channel,
        category=str(entry.get("category", "other")),
        grid=compound.grids[0].code,
        address=f"{district.name}{street.name}{compound.name}{entry.get('building', 1)}号楼",
        text=text,
        employer=entry.get("employer"),
        **identity,
    )


def _moment(at: str, start: datetime) -> datetime:
    """``HH:MM`` (or ``+N HH:MM``, N days later) local time on the start's day, never before
    the start (then the next day's)."""
    days, _, clock = at.strip().rpartition(" ")
    hour, minute = (int(part) for part in clock.split(":"))
    local = start.astimezone(CHINA)
    moment = datetime.combine(local.date(), time(hour, minute), CHINA)
    moment += timedelta(days=int(days or 0))
    if moment < local:
        moment += timedelta(days=1)
    return moment.astimezone(start.tzinfo)


def _local(value: object) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=CHINA)
