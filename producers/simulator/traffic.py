"""The shape of a city's traffic: channel and category mixes, the daily curve, the window.

Mixes follow the seeds: the hotline brings most petitions, sanitation and property
management lead the categories, and calls peak mid-morning and mid-afternoon.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from jiesu.domain.channels import CHANNELS
from jiesu.domain.chinatime import CHINA
from jiesu.domain.events import Channel

K = TypeVar("K")

DEFAULT_START = datetime(2026, 9, 1, tzinfo=CHINA).astimezone(UTC)
"""Simulated time starts here unless told otherwise: never the wall clock (replayable)."""

CHANNEL_MIX: dict[Channel, float] = {entry.channel: entry.traffic_share for entry in CHANNELS}
CATEGORY_MIX: dict[str, float] = {
    "sanitation": 0.16,
    "property": 0.15,
    "urban_management": 0.10,
    "dispute": 0.08,
    "utilities": 0.09,
    "traffic": 0.07,
    "civil_affairs": 0.06,
    "work_safety": 0.04,
    "greening": 0.05,
    "labour": 0.04,
    "market": 0.04,
    "environment": 0.02,
    "public_security": 0.03,
    "education": 0.02,
    "health": 0.02,
    "party_building": 0.01,
    "other": 0.02,
}
HOURLY_CURVE: tuple[float, ...] = (
    0.3, 0.2, 0.15, 0.15, 0.2, 0.4, 1.0, 2.5, 5.5, 8.5, 9.0, 7.5,
    4.5, 4.0, 6.5, 8.0, 7.5, 5.5, 3.5, 3.0, 2.5, 1.8, 1.0, 0.5,
)  # fmt: skip
"""Relative petitions per local hour (0–23): quiet at night, peaks at 10:00 and 15:00."""

ANONYMOUS_RATE: dict[Channel, float] = {Channel.MINI_PROGRAM: 0.15, Channel.OPEN311: 0.3}
REPEAT_RATE = 0.05
GROUP_EMPLOYER = "淄博某纺织厂"


@dataclass(frozen=True)
class SimulationConfig:
    """What to simulate; the same config always yields the same events."""

    seed: int = 1
    petitions: int = 100
    days: float = 1.0
    start: datetime = DEFAULT_START
    tail_days: float = 1.0
    tick_minutes: int = 10
    pii_key: str = "jiesu-development-key"

    @property
    def end(self) -> datetime:
        """Petitions arrive before this moment."""
        return self.start + timedelta(days=self.days)

    @property
    def horizon(self) -> datetime:
        """The simulation stops here: the window plus time for handlers to finish."""
        return self.end + timedelta(days=self.tail_days)

    @property
    def group_size(self) -> int:
        """Petitioners of the one group case: none in tiny runs, at most the seeds' 140."""
        return 0 if self.petitions < 40 else min(140, self.petitions // 15)


def pick(rng: random.Random, mix: Mapping[K, float]) -> K:
    """One key of ``mix``, drawn by its weight."""
    keys = list(mix)
    return rng.choices(keys, weights=[mix[k] for k in keys])[0]


def arrival_time(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A moment in [start, end) drawn along the daily curve (rejection sampling)."""
    span = (end - start).total_seconds()
    peak = max(HOURLY_CURVE)
    while True:
        moment = start + timedelta(seconds=int(rng.random() * span))
        if rng.random() * peak < HOURLY_CURVE[moment.astimezone(CHINA).hour]:
            return moment
