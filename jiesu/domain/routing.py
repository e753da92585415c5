"""Who handles a petition: ordered rules, first match wins (variation is data: ``routing.yaml``).

"小事不出小区、大事不出社区、难事不出街道": ordinary matters stay in the compound, difficult
ones go to the community, thorny ones to the street, major risks to the district (包案提级);
matters outside the community's jurisdiction go to a functional department. A rule names a
level, never a place: the place comes from the petition's location, and a level whose code
is missing falls to the lowest known level above it, so a half-known address still routes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from jiesu.domain.events import HandlingLevel, Location, SlaTier

LADDER = (
    HandlingLevel.GRID,
    HandlingLevel.COMPOUND,
    HandlingLevel.COMMUNITY,
    HandlingLevel.STREET,
    HandlingLevel.DISTRICT,
)
_FIELDS = ("grid", "compound", "community", "street", "district")
_DEPTH = {name: depth for depth, name in enumerate(reversed(_FIELDS))}


@dataclass(frozen=True)
class Matter:
    """What routing looks at; ``terms`` are the classifier's keywords plus rule words found
    in the text (plain vocabulary, nothing personal)."""

    category: str
    tier: SlaTier
    emergency: bool
    location: Location
    terms: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RoutingRule:
    """Conditions (empty: any) and a target: a territorial level, or a department."""

    id: str
    level: HandlingLevel
    categories: frozenset[str] = frozenset()
    tiers: frozenset[SlaTier] = frozenset()
    emergency: bool | None = None
    keywords: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    department: str | None = None
    co_departments: tuple[str, ...] = ()

    def matches(self, matter: Matter) -> bool:
        return (
            (not self.areas or within(matter.location, self.areas))
            and (not self.categories or matter.category in self.categories)
            and (not self.tiers or matter.tier in self.tiers)
            and (self.emergency is None or self.emergency == matter.emergency)
            and (not self.keywords or any(k in matter.terms for k in self.keywords))
        )


@dataclass(frozen=True)
class RoutingTable:
    """The rules in order, the unit of last resort, the departments a street summons per
    category, and the words of a return (退单) reason that mean "not our jurisdiction"."""

    version: str
    rules: tuple[RoutingRule, ...]
    fallback_unit: str
    whistle_departments: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    not_ours_markers: tuple[str, ...] = ()

    def vocabulary(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k for rule in self.rules for k in rule.keywords))


@dataclass(frozen=True)
class Route:
    unit: str
    level: HandlingLevel
    rule: str
    departments: tuple[str, ...] = ()


def terms_in(text: str, keywords: Iterable[str], table: RoutingTable) -> tuple[str, ...]:
    """The classifier's keywords and every rule word that occurs in ``text``, sorted."""
    found = {word for word in table.vocabulary() if word in text}
    return tuple(sorted(found | set(keywords)))


def route(table: RoutingTable, matter: Matter) -> Route:
    """The first matching rule's unit; no match at all: the community (or the lowest known
    level above it)."""
    for rule in table.rules:
        if rule.matches(matter):
            return apply_rule(table, rule, matter.location)
    unit, level = unit_at(matter.location, HandlingLevel.COMMUNITY, table.fallback_unit)
    return Route(unit, level, "default")


def department_route(table: RoutingTable, matter: Matter) -> Route | None:
    """The first matching rule that names a department, for a return that says "not ours"."""
    for rule in table.rules:
        if rule.department is not None and rule.matches(matter):
            return apply_rule(table, rule, matter.location)
    return None


def apply_rule(table: RoutingTable, rule: RoutingRule, location: Location) -> Route:
    if rule.department is not None:
        departments = tuple(dict.fromkeys((rule.department, *rule.co_departments)))
        return Route(f"dept:{rule.department}", HandlingLevel.DEPARTMENT, rule.id, departments)
    unit, level = unit_at(location, rule.level, table.fallback_unit)
    return Route(unit, level, rule.id, rule.co_departments)


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


def level_of_unit(unit: str) -> HandlingLevel:
    prefix = unit.partition(":")[0]
    if prefix == "dept":
        return HandlingLevel.DEPARTMENT
    return HandlingLevel.__members__.get(prefix.upper(), HandlingLevel.UNKNOWN)
