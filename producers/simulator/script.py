"""A scripted story on top of a simulated day: the petitions a scenario names, and how their
petitioners answer the call-back. ``jiesu demo --scenario`` reads one from data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from jiesu.domain.events import PetitionReceived, Satisfaction


@dataclass(frozen=True)
class Script:
    """Scripted petitions (sent through the same intake as the simulated ones) and the first
    call-back answer of some of them (the rest answer as the habits say)."""

    petitions: tuple[PetitionReceived, ...] = ()
    callbacks: dict[str, Satisfaction] = field(default_factory=dict)
    prompt: dict[str, timedelta] = field(default_factory=dict)
    """Petitions whose units sign for and resolve them within this time of each assignment
    (never returning them), so that the story fits in the simulated window."""
