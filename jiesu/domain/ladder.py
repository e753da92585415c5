"""The territorial ladder: grid → compound → community → street → district.

A unit id is ``"<level>:<code>"`` (``community:zd.cz.cg``); a functional department is
``dept:<id>`` and a property company, co-handling a compound's matter, ``property:<id>``.
Full area codes are dot-joined, so a code names its own ancestry and a half-known address
still finds the unit of any level above what it names.
"""

from __future__ import annotations

from collections.abc import Mapping

from jiesu.domain.events import HandlingLevel, Location

LADDER = (
    HandlingLevel.GRID,
    HandlingLevel.COMPOUND,
    HandlingLevel.COMMUNITY,
    HandlingLevel.STREET,
    HandlingLevel.DISTRICT,
)
AREA_FIELDS = tuple(rung.value.lower() for rung in LADDER)
"""The ladder's levels as area fields and unit prefixes, bottom up: grid … district."""
_FIELDS = AREA_FIELDS
_DEPTH = {name: depth for depth, name in enumerate(reversed(_FIELDS))}


def unit_at(location: Location, level: HandlingLevel, fallback: str) -> tuple[str, HandlingLevel]:
    """The unit of ``level`` at ``location``, or of the lowest known level above it."""
    codes = known_codes(location)
    start = LADDER.index(level) if level in LADDER else LADDER.index(HandlingLevel.COMMUNITY)
    for rung in LADDER[start:]:
        code = codes.get(rung.value.lower())
        if code:
            return f"{rung.value.lower()}:{code}", rung
    return fallback, level_of_unit(fallback)


def known_codes(location: Location) -> Mapping[str, str]:
    """Each level's code, filling missing ancestors from the deepest code given (full codes
    are dot-joined, so ``zd.cz.cg.c01`` names its community ``zd.cz.cg``)."""
    given = {name: getattr(location, name) for name in _FIELDS if getattr(location, name)}
    deepest = max(given.values(), key=lambda code: code.count("."), default="")
    parts = deepest.split(".") if deepest else []
    derived = {name: ".".join(parts[: d + 1]) for name, d in _DEPTH.items() if d < len(parts)}
    return {**derived, **given}


def within(location: Location, areas: tuple[str, ...]) -> bool:
    """True when the location lies in one of ``areas`` (codes of any level)."""
    codes = known_codes(location).values()
    return any(code == area or code.startswith(f"{area}.") for code in codes for area in areas)


def unit_within(unit: str, location: Location) -> bool:
    """True when the territorial ``unit`` covers ``location`` (its code is one of the
    location's own codes or an ancestor of them)."""
    level, _, code = unit.partition(":")
    return bool(code) and level in _FIELDS and within(location, (code,))


def level_of_unit(unit: str) -> HandlingLevel:
    prefix = unit.partition(":")[0]
    if prefix == "dept":
        return HandlingLevel.DEPARTMENT
    return HandlingLevel.__members__.get(prefix.upper(), HandlingLevel.UNKNOWN)
