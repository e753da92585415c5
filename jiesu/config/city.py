"""Loads ``city.yaml`` into the domain's :class:`~jiesu.domain.city.City`, checking it first.

A mistake in the file (a duplicate code, an unknown property company, a missing name) is a
:class:`ConfigError` naming the place in the file, never a half-built city.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from jiesu.config import ConfigError, load_yaml
from jiesu.config.checks import YamlChecks
from jiesu.domain.city import City, Community, Compound, District, Grid, PropertyCompany, Street

_CODE = re.compile(r"^[a-z0-9]+$")
FILE = "city.yaml"
CHECK = YamlChecks(FILE)


def load_city(config_dir: Path | None = None) -> City:
    """The city of the configuration directory (the shipped one by default)."""
    if config_dir is None:
        return _default_city()
    return city_from_data(load_yaml(FILE, config_dir))


@lru_cache(maxsize=1)
def _default_city() -> City:
    return city_from_data(load_yaml(FILE))


def city_from_data(data: Any) -> City:
    """Build and validate a city from the parsed YAML."""
    if not isinstance(data, dict):
        raise ConfigError(f"{FILE}: expected a mapping with 'city' and 'districts'")
    companies = tuple(
        _company(i, raw) for i, raw in enumerate(CHECK.listed(data, "property_companies"))
    )
    CHECK.unique([c.id for c in companies], "property company id")
    builder = _Builder({c.id for c in companies}, _positive(data.get("grid_households", 300)))
    districts = builder.children(None, CHECK.listed(data, "districts", required=True), "streets")
    return City(
        name=str(data.get("city") or "city"), districts=districts, property_companies=companies
    )


def _company(index: int, raw: Any) -> PropertyCompany:
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("name"):
        raise ConfigError(f"{FILE}: property_companies[{index}] needs an id and a name")
    return PropertyCompany(id=str(raw["id"]), name=str(raw["name"]))


class _Builder:
    """Walks the nested levels, joining codes and checking each level's rules."""

    def __init__(self, companies: set[str], grid_households: int) -> None:
        self.companies = companies
        self.grid_households = grid_households

    def children(self, parent: str | None, items: list[Any], key: str) -> tuple[Any, ...]:
        built = [self.area(parent, raw, key) for raw in items]
        CHECK.unique([a.code for a in built], f"code under {parent or 'the city'}")
        return tuple(built)

    def area(self, parent: str | None, raw: Any, key: str) -> Any:
        code, name = _code_and_name(parent, raw)
        if key == "streets":
            return District(
                code, name, self.children(code, CHECK.listed(raw, key, code), "communities")
            )
        if key == "communities":
            return Street(
                code, name, self.children(code, CHECK.listed(raw, key, code), "compounds")
            )
        if key == "compounds":
            kids = self.children(code, CHECK.listed(raw, key, code), "grids")
            return Community(code, name, kids, _coord(raw, "lat", 90), _coord(raw, "lon", 180))
        if key == "grids":
            return self.compound(code, name, raw)
        return Grid(code, name, _positive(raw.get("households"), code))

    def compound(self, code: str, name: str, raw: dict[str, Any]) -> Compound:
        households = _positive(raw.get("households"), code)
        company = raw.get("property")
        if company is not None and company not in self.companies:
            raise ConfigError(f"{FILE}: {code} names unknown property company {company!r}")
        explicit = raw.get("grids")
        grids = (
            self.children(code, explicit, "")
            if explicit
            else _derived_grids(code, name, households, self.grid_households)
        )
        kind = str(raw.get("kind") or "commercial")
        return Compound(code, name, households, grids, company, kind)


def _derived_grids(code: str, name: str, households: int, per_grid: int) -> tuple[Grid, ...]:
    """Split a compound into grids of about ``per_grid`` households (the last takes the rest)."""
    count = max(1, round(households / per_grid))
    base, extra = divmod(households, count)
    return tuple(
        Grid(f"{code}.g{i}", f"{name}第{i}网格", base + (1 if i <= extra else 0))
        for i in range(1, count + 1)
    )


def _code_and_name(parent: str | None, raw: Any) -> tuple[str, str]:
    where = parent or "the city"
    if not isinstance(raw, dict):
        raise ConfigError(f"{FILE}: an entry under {where} is not a mapping")
    local, name = str(raw.get("code") or ""), raw.get("name")
    if not _CODE.match(local):
        raise ConfigError(f"{FILE}: code {local!r} under {where} must be lowercase letters/digits")
    code = f"{parent}.{local}" if parent else local
    if not name:
        raise ConfigError(f"{FILE}: {code} has no name")
    return code, str(name)


def _positive(value: Any, where: str = "grid_households") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigError(f"{FILE}: {where} needs a positive integer of households")
    return value


def _coord(raw: dict[str, Any], key: str, limit: float) -> float | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, int | float) or abs(value) > limit:
        raise ConfigError(f"{FILE}: {raw.get('code')}: {key} must be a number within ±{limit}")
    return float(value)
