"""The territory: district → street → community → compound → grid, and property companies.

Plain data built by ``jiesu.config.city`` from the city file. Full codes are dot-joined
(``zd.cz.cg.c01.g1``), so a code says its own ancestry; unit ids are ``"<level>:<code>"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jiesu.domain.events import Location
from jiesu.domain.ladder import AREA_FIELDS

LEVELS = tuple(reversed(AREA_FIELDS))
"""Top down: district, street, community, compound, grid (the depth of a dot-joined code)."""


class UnknownArea(LookupError):
    """A code or name that the city model does not know."""


@dataclass(frozen=True)
class PropertyCompany:
    id: str
    name: str


@dataclass(frozen=True)
class Grid:
    code: str
    name: str
    households: int


@dataclass(frozen=True)
class Compound:
    code: str
    name: str
    households: int
    grids: tuple[Grid, ...]
    property_company: str | None = None
    kind: str = "commercial"


@dataclass(frozen=True)
class Community:
    code: str
    name: str
    compounds: tuple[Compound, ...]
    lat: float | None = None
    lon: float | None = None

    @property
    def households(self) -> int:
        return sum(c.households for c in self.compounds)


@dataclass(frozen=True)
class Street:
    code: str
    name: str
    communities: tuple[Community, ...]


@dataclass(frozen=True)
class District:
    code: str
    name: str
    streets: tuple[Street, ...]


Area = District | Street | Community | Compound | Grid


def level_of(code: str) -> str:
    """The level a full code names, from its depth: 'zd.cz' → 'street'."""
    depth = code.count(".")
    if not code or depth >= len(LEVELS):
        raise UnknownArea(f"not an area code: {code!r}")
    return LEVELS[depth]


def unit_id(code: str) -> str:
    """The handling unit of an area: 'zd.cz.cg' → 'community:zd.cz.cg'."""
    return f"{level_of(code)}:{code}"


def parent_code(code: str) -> str | None:
    return code.rpartition(".")[0] or None


@dataclass(frozen=True)
class City:
    """The whole territory with lookups by code and by Chinese name."""

    name: str
    districts: tuple[District, ...]
    property_companies: tuple[PropertyCompany, ...] = ()
    _index: dict[str, Area] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for district in self.districts:
            self._index[district.code] = district
            for street in district.streets:
                self._index[street.code] = street
                for community in street.communities:
                    self._index[community.code] = community
                    for compound in community.compounds:
                        self._index[compound.code] = compound
                        self._index.update((g.code, g) for g in compound.grids)

    def area(self, code: str) -> Area:
        try:
            return self._index[code]
        except KeyError:
            raise UnknownArea(f"unknown area code {code!r}") from None

    def __contains__(self, code: object) -> bool:
        return code in self._index

    def chain(self, code: str) -> list[Area]:
        """The areas from the district down to ``code`` itself."""
        parts = code.split(".")
        return [self.area(".".join(parts[: i + 1])) for i in range(len(parts))]

    def named(self, name: str, level: str, within: str | None = None) -> Area:
        """The one area of ``level`` called ``name`` (or coded so) inside ``within``."""
        prefix = f"{within}." if within else ""
        found = [
            area
            for code, area in self._index.items()
            if code.startswith(prefix)
            and level_of(code) == level
            and name in (area.name, code, code.rpartition(".")[2])
        ]
        if len(found) != 1:
            where = f" in {within}" if within else ""
            problem = "no" if not found else "more than one"
            raise UnknownArea(f"{problem} {level} named {name!r}{where}")
        return found[0]

    def location(self, code: str, address: str | None = None) -> Location:
        """A ``Location`` naming every level down to ``code``, with the community's point."""
        chain = self.chain(code)
        codes = {level: a.code for level, a in zip(LEVELS, chain, strict=False)}
        community = chain[2] if len(chain) > 2 else None
        assert community is None or isinstance(community, Community)
        return Location(
            district=codes.get("district"),
            street=codes.get("street"),
            community=codes.get("community"),
            compound=codes.get("compound"),
            grid=codes.get("grid"),
            address=address,
            lat=community.lat if community else None,
            lon=community.lon if community else None,
        )

    def property_company(self, company_id: str | None) -> PropertyCompany | None:
        return next((p for p in self.property_companies if p.id == company_id), None)

    def streets(self) -> list[Street]:
        return [s for d in self.districts for s in d.streets]

    def communities(self) -> list[Community]:
        return [c for s in self.streets() for c in s.communities]

    def compounds(self) -> list[Compound]:
        return [c for m in self.communities() for c in m.compounds]

    def grids(self) -> list[Grid]:
        return [g for c in self.compounds() for g in c.grids]
