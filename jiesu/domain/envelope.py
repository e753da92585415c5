"""What every event carries (:class:`Event`) and the two values a petition is received with:
where the matter is and who raised it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, kw_only=True)
class Location:
    """Where the matter is: the territorial grid plus an address and optional coordinates."""

    district: str | None = None
    street: str | None = None
    community: str | None = None
    compound: str | None = None
    grid: str | None = None
    address: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, kw_only=True)
class Petitioner:
    """Who raised the petition. ``name``, ``phone`` and ``openid`` are personal data;
    ``key`` is a keyed hash of the phone/openid, stable enough to spot repeat petitioners."""

    name: str | None = None
    phone: str | None = None
    openid: str | None = None
    anonymous: bool = False
    key: str | None = None


@dataclass(frozen=True, kw_only=True)
class Event:
    """The envelope every event carries."""

    event_id: str
    petition_id: str
    event_time: datetime
    recorded_time: datetime
    actor: str
    correlation_id: str
    causation_id: str | None = None
    schema_version: int = 1
