"""What residents raise and when: fresh matters, repeat petitions and one group case.

A *matter* is a petition before it has a channel reference. Repeats reuse an earlier
matter's phone, place and words within days (the special-handling list's case); the group
case is many retirees of one employer with one shared problem, as in the seeds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TypedDict

from jiesu.domain.city import City, Compound, Grid
from jiesu.domain.events import Channel
from producers.simulator import people
from producers.simulator.texts import Place, compose, group_text
from producers.simulator.traffic import (
    ANONYMOUS_RATE,
    CATEGORY_MIX,
    CHANNEL_MIX,
    GROUP_EMPLOYER,
    SimulationConfig,
    arrival_time,
    pick,
)


class Identity(TypedDict, total=False):
    phone: str
    openid: str
    name: str
    anonymous: bool


@dataclass(frozen=True)
class Matter:
    time: datetime
    channel: Channel
    category: str
    grid: str
    address: str
    text: str
    phone: str | None = None
    openid: str | None = None
    name: str | None = None
    anonymous: bool = False
    employer: str | None = None
    repeat: bool = False


class MatterMaker:
    """Draws matters from one seeded generator, so a seed always yields the same city day."""

    def __init__(self, city: City, config: SimulationConfig, rng: random.Random) -> None:
        self.city, self.config, self.rng = city, config, rng
        self.compounds = city.compounds()
        self.weights = [c.households for c in self.compounds]

    def fresh(self) -> Matter:
        rng = self.rng
        channel = pick(rng, CHANNEL_MIX)
        category = pick(rng, CATEGORY_MIX)
        compound = rng.choices(self.compounds, weights=self.weights)[0]
        grid = self._grid(compound)
        place = self._place(compound)
        text = compose(category, place, rng)
        return Matter(
            time=arrival_time(rng, self.config.start, self.config.end),
            channel=channel,
            category=category,
            grid=grid.code,
            address=self._address(compound, place.building),
            text=text,
            **self._identity(channel),
        )

    def repeat(self, earlier: Matter) -> Matter | None:
        """The same person about the same matter, hours to five days later; None if no time."""
        latest = min(earlier.time + timedelta(days=5), self.config.end - timedelta(seconds=1))
        if latest - earlier.time < timedelta(minutes=30):
            return None
        earliest = earlier.time + min(timedelta(hours=6), (latest - earlier.time) / 2)
        moment = earliest + (latest - earliest) * self.rng.random()
        return replace(
            earlier,
            time=moment.replace(microsecond=0),
            channel=Channel.HOTLINE,
            text="再次反映：" + earlier.text.removeprefix("再次反映："),
            repeat=True,
        )

    def group_member(self, start: datetime, end: datetime) -> Matter:
        """One retiree of the group case: own phone and home, the employer's shared matter."""
        rng = self.rng
        homes = [c for c in self.compounds if "纺织" in c.name] or self.compounds
        compound = rng.choice(homes) if rng.random() < 0.5 else rng.choice(self.compounds)
        channel = Channel.HOTLINE if rng.random() < 0.65 else Channel.WALK_IN
        return Matter(
            time=arrival_time(rng, start, end),
            channel=channel,
            category="labour",
            grid=self._grid(compound).code,
            address=self._address(compound, rng.randint(1, 30)),
            text=group_text(GROUP_EMPLOYER, rng),
            employer=GROUP_EMPLOYER,
            **self._identity(channel),
        )

    def _grid(self, compound: Compound) -> Grid:
        return self.rng.choices(compound.grids, weights=[g.households for g in compound.grids])[0]

    def _place(self, compound: Compound) -> Place:
        district, street, community, _ = self.city.chain(compound.code)
        company = self.city.property_company(compound.property_company)
        return Place(
            district=district.code,
            street=street.name,
            community=community.name,
            compound=compound.name,
            company=company.name if company else "物业",
            building=self.rng.randint(1, 30),
        )

    def _address(self, compound: Compound, building: int) -> str:
        district, street, _, _ = self.city.chain(compound.code)
        return f"{district.name}{street.name}{compound.name}{building}号楼"

    def _identity(self, channel: Channel) -> Identity:
        rng = self.rng
        if rng.random() < ANONYMOUS_RATE.get(channel, 0.0):
            return {"anonymous": True}
        if channel is Channel.GRID_APP:
            return {}
        if channel is Channel.MINI_PROGRAM:
            return {"openid": people.openid(rng)}
        return {"phone": people.mobile(rng), "name": people.caller_name(rng)}
