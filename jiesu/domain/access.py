"""Who may see and do what: roles, their scopes, and the rules both apply.

A person or a machine acts under one role and, for the territorial roles and departments,
one scope (an area code or a department id). What a scope sees is decided here over plain
facts of a petition (street, community, unit, departments), so the SQL filters of the
dashboard, the change feed and the intake's action checks all ask the same rules.

- ``city``: leaders and analysts see everything; they do not act for a unit.
- ``street``: a street office (街道办事处) sees its street and acts for ``street:<code>``.
- ``community``: a community (社区居委会) sees its community and acts for it and for the
  compounds and grids inside it (小事不出小区: the community signs for them).
- ``department``: a functional department sees the petitions and whistles that name it
  and acts for ``dept:<id>``.
- ``callback``: the call-back centre (回访) records satisfaction scores on any petition;
  it sees petitions only to score them, without territory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    CITY = "city"
    STREET = "street"
    COMMUNITY = "community"
    DEPARTMENT = "department"
    CALLBACK = "callback"


AREA_DEPTH = {Role.STREET: 1, Role.COMMUNITY: 2}
"""How many dots the scope's area code has (``zd.cz`` a street, ``zd.cz.cg`` a community)."""
SCOPED = (Role.STREET, Role.COMMUNITY, Role.DEPARTMENT)
_BELOW_COMMUNITY = ("compound", "grid")


class ScopeError(ValueError):
    """A role given a scope it cannot have (or none where it needs one)."""


@dataclass(frozen=True)
class Scope:
    """A role and what it is bound to: an area code, a department id, or nothing."""

    role: Role
    area: str | None = None

    def __post_init__(self) -> None:
        if (self.role in SCOPED) != bool(self.area):
            need = "needs a scope" if self.role in SCOPED else "takes no scope"
            raise ScopeError(f"role {self.role.value} {need}")
        depth = AREA_DEPTH.get(self.role)
        if depth is not None and str(self.area).count(".") != depth:
            kind = "street (zd.cz)" if depth == 1 else "community (zd.cz.cg)"
            raise ScopeError(f"role {self.role.value} needs a {kind} code")

    @property
    def unit(self) -> str | None:
        """The handling unit this scope acts for (None: it acts for no unit)."""
        if self.role is Role.STREET:
            return f"street:{self.area}"
        if self.role is Role.COMMUNITY:
            return f"community:{self.area}"
        if self.role is Role.DEPARTMENT:
            return f"dept:{self.area}"
        return None

    @property
    def label(self) -> str:
        return f"{self.role.value}:{self.area}" if self.area else self.role.value


@dataclass(frozen=True)
class PetitionFacts:
    """What a scope decision needs to know of a petition (all codes, nothing personal)."""

    street: str | None = None
    community: str | None = None
    unit: str | None = None
    departments: frozenset[str] = field(default_factory=frozenset)


def may_see(scope: Scope, petition: PetitionFacts) -> bool:
    """Whether ``scope`` may see ``petition`` at all (a 404 otherwise, never a 403)."""
    if scope.role in (Role.CITY, Role.CALLBACK):
        return True
    if scope.role is Role.STREET:
        return petition.street == scope.area
    if scope.role is Role.COMMUNITY:
        return petition.community == scope.area
    return petition.unit == scope.unit or scope.area in petition.departments


def covers_unit(scope: Scope, unit: str | None) -> bool:
    """Whether ``scope`` acts for ``unit`` (a community for its compounds and grids too)."""
    if unit is None or scope.unit is None:
        return False
    if unit == scope.unit:
        return True
    level, _, code = unit.partition(":")
    return (
        scope.role is Role.COMMUNITY
        and level in _BELOW_COMMUNITY
        and code.startswith(f"{scope.area}.")
    )


def covers_area(scope: Scope, code: str) -> bool:
    """Whether an area code (street, community, compound, grid) lies inside ``scope``."""
    if scope.role in (Role.CITY, Role.CALLBACK):
        return True
    if scope.role is Role.DEPARTMENT or scope.area is None:
        return False
    return code == scope.area or code.startswith(f"{scope.area}.")


def sees_unit(scope: Scope, unit: str | None) -> bool:
    """Whether a unit's figures (its scorecard) are ``scope``'s business: a territory's own
    units and those inside it, a department its own."""
    if scope.role in (Role.CITY, Role.CALLBACK):
        return True
    if unit is None:
        return False
    if scope.role is Role.DEPARTMENT:
        return unit == scope.unit
    level, _, code = unit.partition(":")
    return level != "dept" and covers_area(scope, code)


def departments_of(*lists: Iterable[str] | str | None) -> frozenset[str]:
    """Department ids from lists or comma-separated read-model columns."""
    found: set[str] = set()
    for value in lists:
        if isinstance(value, str):
            found.update(part for part in value.split(",") if part)
        elif value is not None:
            found.update(value)
    return frozenset(found)
