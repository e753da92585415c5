"""Chinese names for the codes the read models hold: areas, units, categories, departments.

Names are data: territory from the city file, categories and departments from the taxonomy.
A code the files do not know is shown as itself, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from jiesu.config import ConfigError
from jiesu.domain.channels import channel_labels
from jiesu.domain.city import City

CHANNELS = channel_labels()
"""Channels are a closed set, named in their registry (:mod:`jiesu.domain.channels`)."""


@dataclass(frozen=True)
class Labels:
    """Lookups from codes to display names."""

    areas: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)

    def area(self, code: str | None) -> str | None:
        """'zd.cz.cg' → '春光社区' (the full chain is in the code, the name is enough)."""
        if not code:
            return None
        return self.areas.get(code, code)

    def channel(self, channel: str | None) -> str | None:
        return CHANNELS.get(channel, channel) if channel else None

    def category(self, category: str | None) -> str | None:
        return self.categories.get(category, category) if category else None

    def department(self, department: str | None) -> str | None:
        return self.departments.get(department, department) if department else None

    def unit(self, unit: str | None) -> str | None:
        """'community:zd.cz.cg' → the community's name; 'dept:sanitation' → '环卫处';
        'property:yuegang' → the property company's name; 'x/dg1' (a handler) → the unit's."""
        if not unit:
            return None
        level, _, code = unit.partition("/")[0].partition(":")
        if level == "dept":
            return self.department(code)
        if level == "property":
            return self.properties.get(code, code)
        return self.area(code) if code else unit


@lru_cache(maxsize=1)
def default_labels() -> Labels:
    """Labels from the shipped (or the operator's) configuration files."""
    from jiesu.config.city import load_city

    city = load_city()
    return Labels(
        areas=area_names(city),
        categories=_taxonomy_names(),
        departments=_department_names(),
        properties={p.id: p.name for p in city.property_companies},
    )


def area_names(city: City) -> dict[str, str]:
    """Every area's name by its full code."""
    names: dict[str, str] = {}
    for district in city.districts:
        names[district.code] = district.name
        for street in district.streets:
            names[street.code] = street.name
            for community in street.communities:
                names[community.code] = community.name
                for compound in community.compounds:
                    names[compound.code] = compound.name
                    names.update((g.code, g.name) for g in compound.grids)
    return names


def _taxonomy_names() -> dict[str, str]:
    try:
        from jiesu.config.taxonomy import load_taxonomy

        return {c.id: c.name for c in load_taxonomy().categories}
    except ConfigError:
        return {}


def _department_names() -> dict[str, str]:
    try:
        from jiesu.config.departments import load_catalogue

        return {d.id: d.name for d in load_catalogue().departments}
    except ConfigError:
        return {}
