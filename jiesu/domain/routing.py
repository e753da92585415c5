"""Whose matter is it (分清责任): ordered rules, first match wins (data: ``routing.yaml``).

Matters with a functional department go to it directly (wage arrears to 人社, street
vending to 城管, litter in a street to 环卫); a matter of a unit inside a compound (the
property company) is led by the community with that company as co-handler; only the
community's own matters climb the ladder, "小事不出小区、大事不出社区、难事不出街道". A rule
names a level or a department, never a place: the place comes from the petition's location
(see :mod:`jiesu.domain.ladder`), the property company from the city model.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from jiesu.domain.events import HandlingLevel, Location, SlaTier
from jiesu.domain.ladder import known_codes, unit_at, within


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
    """Conditions (empty: any) and a target: a territorial level or a department, with
    departments acting together (``co_departments``) and, with ``property``, the compound's
    property company as co-handler. ``keywords`` need one word, ``excluded`` none."""

    id: str
    level: HandlingLevel
    categories: frozenset[str] = frozenset()
    tiers: frozenset[SlaTier] = frozenset()
    emergency: bool | None = None
    keywords: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    department: str | None = None
    co_departments: tuple[str, ...] = ()
    property: bool = False
    note: str = ""

    def matches(self, matter: Matter) -> bool:
        return (
            (not self.areas or within(matter.location, self.areas))
            and (not self.categories or matter.category in self.categories)
            and (not self.tiers or matter.tier in self.tiers)
            and (self.emergency is None or self.emergency == matter.emergency)
            and (not self.keywords or any(k in matter.terms for k in self.keywords))
            and not any(k in matter.terms for k in self.excluded)
        )


@dataclass(frozen=True)
class RoutingTable:
    """The rules in order, the unit of last resort, the words of a return (退单) reason that
    mean "not our jurisdiction", and the target (目标) a task names for each tier."""

    version: str
    rules: tuple[RoutingRule, ...]
    fallback_unit: str
    not_ours_markers: tuple[str, ...] = ()
    targets: Mapping[str, str] = field(default_factory=dict)

    def vocabulary(self) -> tuple[str, ...]:
        words = (k for rule in self.rules for k in (*rule.keywords, *rule.excluded))
        return tuple(dict.fromkeys(words))

    def target(self, tier: SlaTier, emergency: bool) -> str:
        """What the task must achieve: the emergency channel's target, else the tier's."""
        if emergency and "emergency" in self.targets:
            return self.targets["emergency"]
        return self.targets.get(tier.value, "")


@dataclass(frozen=True)
class Route:
    """Where a petition goes: the lead unit, the departments acting with it, the property
    company co-handling it (``property:<id>``), the deciding rule and why."""

    unit: str
    level: HandlingLevel
    rule: str
    departments: tuple[str, ...] = ()
    co_handler: str | None = None
    reason: str = ""


def terms_in(text: str, vocabulary: Iterable[str]) -> tuple[str, ...]:
    """The words of ``vocabulary`` (rule and catalogue words) that occur in ``text``, sorted."""
    return tuple(sorted({word for word in vocabulary if word in text}))


def route(
    table: RoutingTable,
    matter: Matter,
    properties: Mapping[str, str],
    excluded: Collection[str] = (),
) -> Route:
    """The first matching rule's route, skipping rules that name a department of
    ``excluded``; no match at all: the community (or the lowest known level above it).
    ``properties`` maps compound codes to their property company."""
    for rule in table.rules:
        if rule.department not in excluded and rule.matches(matter):
            return apply_rule(table, rule, matter.location, properties)
    unit, level = unit_at(matter.location, HandlingLevel.COMMUNITY, table.fallback_unit)
    return Route(unit, level, "default")


def department_route(
    table: RoutingTable,
    matter: Matter,
    properties: Mapping[str, str],
    excluded: Collection[str] = (),
) -> Route | None:
    """The first matching rule naming a department other than ``excluded`` (department ids),
    for a return that says "not ours"."""
    for rule in table.rules:
        named = rule.department is not None and rule.department not in excluded
        if named and rule.matches(matter):
            return apply_rule(table, rule, matter.location, properties)
    return None


def apply_rule(
    table: RoutingTable, rule: RoutingRule, location: Location, properties: Mapping[str, str]
) -> Route:
    if rule.department is not None:
        departments = tuple(dict.fromkeys((rule.department, *rule.co_departments)))
        unit, level = f"dept:{rule.department}", HandlingLevel.DEPARTMENT
    else:
        unit, level = unit_at(location, rule.level, table.fallback_unit)
        departments = rule.co_departments
    co_handler = property_of(location, properties) if rule.property else None
    return Route(unit, level, rule.id, departments, co_handler, rule.note)


def property_of(location: Location, properties: Mapping[str, str]) -> str | None:
    """The property company of the location's compound (``property:<id>``), if it has one."""
    company = properties.get(known_codes(location).get("compound") or "")
    return f"property:{company}" if company else None
