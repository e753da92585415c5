"""Loads the ``roster:`` section of ``city.yaml`` into the domain's
:class:`~jiesu.domain.roster.Roster` (who is on duty at each unit)."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Any

from jiesu.config import ConfigError, load_yaml
from jiesu.domain.ladder import AREA_FIELDS
from jiesu.domain.roster import Duty, Roster

FILE = "city.yaml"
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
_LEVELS = {*AREA_FIELDS, "dept", "property"}


def load_roster(config_dir: Path | None = None) -> Roster:
    data = load_yaml(FILE, config_dir)
    return roster_from_data(data.get("roster") if isinstance(data, dict) else None)


def roster_from_data(raw: Any) -> Roster:
    """An empty roster when the city file has none (tasks then name no one)."""
    if raw is None:
        return Roster()
    if not isinstance(raw, dict):
        raise ConfigError(f"{FILE}: roster must be a mapping with 'defaults' and 'units'")
    defaults, units = raw.get("defaults") or {}, raw.get("units") or {}
    if not isinstance(defaults, dict) or not isinstance(units, dict):
        raise ConfigError(f"{FILE}: roster.defaults and roster.units must be mappings")
    unknown = sorted(set(defaults) - _LEVELS)
    if unknown:
        raise ConfigError(f"{FILE}: roster.defaults: unknown level {unknown[0]!r}")
    bad = sorted(u for u in units if str(u).partition(":")[0] not in _LEVELS)
    if bad:
        raise ConfigError(f"{FILE}: roster.units: {bad[0]!r} is not a unit id like dept:water")
    return Roster(
        units={str(u): _duties(v, f"roster.units.{u}") for u, v in units.items()},
        defaults={str(k): _duties(v, f"roster.defaults.{k}") for k, v in defaults.items()},
    )


def _duties(raw: Any, where: str) -> tuple[Duty, ...]:
    if not isinstance(raw, list):
        raise ConfigError(f"{FILE}: {where} must be a list of duties")
    return tuple(_duty(item, f"{where}[{i}]") for i, item in enumerate(raw))


def _duty(raw: Any, where: str) -> Duty:
    if not isinstance(raw, dict) or not raw.get("handler") or not raw.get("role"):
        raise ConfigError(f"{FILE}: {where} needs a handler and a role")
    start, end = _hours(str(raw.get("hours") or "00:00-24:00"), where)
    return Duty(str(raw["handler"]), str(raw["role"]), _days(raw.get("days"), where), start, end)


def _days(value: Any, where: str) -> frozenset[int]:
    """``mon-fri``, ``sat-sun``, ``mon,wed`` or nothing (every day)."""
    if value is None:
        return frozenset(range(7))
    days: set[int] = set()
    for part in str(value).split(","):
        first, _, last = part.strip().partition("-")
        if first not in _DAYS or (last and last not in _DAYS):
            raise ConfigError(f"{FILE}: {where}: days like mon-fri or sat,sun, not {value!r}")
        a, b = _DAYS.index(first), _DAYS.index(last or first)
        days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(b + 1)])
    return frozenset(days)


def _hours(value: str, where: str) -> tuple[time, time]:
    """``08:30-17:30``; ``24:00`` ends at midnight (``00:00-24:00`` is all day)."""
    match = _HOURS.match(value)
    if match is None:
        raise ConfigError(f"{FILE}: {where}: hours like 08:30-17:30, not {value!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2):
        raise ConfigError(f"{FILE}: {where}: {value!r} is not a time of day")
    return time(h1, m1), time(h2 % 24, m2)
