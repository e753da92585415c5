"""A viewer's scope as SQL: the clauses each read model adds so a role sees only its own.

The rules are the domain's (:mod:`jiesu.domain.access`); this module only says them in SQL,
table by table. An empty list means everything (the city, the call-back centre).
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, literal, or_, select

from jiesu.domain.access import Role, Scope
from projections.models import Petition
from projections.models_side import (
    DailyStats,
    PetitionLink,
    Repeat,
    SlaBreach,
    UnitScorecard,
    Whistle,
    WhistleDepartment,
)

CITY = Scope(Role.CITY)
WIDE = (Role.CITY, Role.CALLBACK)
_BELOW = ("compound", "grid")
_Otherwise = TypeVar("_Otherwise", list[Any], None)


def _listed(column: Any, item: str) -> ColumnElement[bool]:
    """``item`` is one of the comma-separated values of ``column``."""
    escaped = item.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return (literal(",") + column + literal(",")).like(f"%,{escaped},%", escape="\\")


def _by_area(scope: Scope, model: Any, department: _Otherwise) -> list[Any] | _Otherwise:
    """The ladder of every table with ``street`` and ``community`` columns: the wide roles see
    everything, a street or community its own area, a department what ``department`` says."""
    if scope.role in WIDE:
        return []
    if scope.role is Role.STREET:
        return [model.street == scope.area]
    if scope.role is Role.COMMUNITY:
        return [model.community == scope.area]
    return department


def petitions(scope: Scope) -> list[Any]:
    area = str(scope.area)
    summoned = [
        or_(
            Petition.unit == scope.unit,
            _listed(Petition.departments, area),
            _listed(Petition.pending_departments, area),
        )
    ]
    return _by_area(scope, Petition, summoned)


def visible_ids(scope: Scope) -> Any:
    """A subquery of the petition ids ``scope`` sees."""
    return select(Petition.petition_id).where(*petitions(scope))


def whistles(scope: Scope) -> list[Any]:
    if scope.role in WIDE:
        return []
    if scope.role is Role.STREET:
        return [Whistle.street == scope.unit]
    if scope.role is Role.COMMUNITY:
        return [Whistle.petition_id.in_(visible_ids(scope))]
    summoned = select(WhistleDepartment.whistle_id).where(
        WhistleDepartment.department == scope.area
    )
    return [Whistle.whistle_id.in_(summoned)]


def stats(scope: Scope) -> list[Any] | None:
    """Clauses on ``daily_stats``; None when the scope cannot be said there (departments:
    their figures come from the petitions themselves)."""
    return _by_area(scope, DailyStats, None)


def breaches(scope: Scope) -> list[Any]:
    own = [or_(SlaBreach.department == scope.area, SlaBreach.unit == scope.unit)]
    return _by_area(scope, SlaBreach, own)


def scorecards(scope: Scope) -> list[Any]:
    """A territorial scope sees its own units and those inside it; a department its own."""
    if scope.role in WIDE:
        return []
    if scope.role is Role.DEPARTMENT:
        return [UnitScorecard.unit == scope.unit]
    inside = [UnitScorecard.unit.startswith(f"{level}:{scope.area}.") for level in _BELOW]
    if scope.role is Role.STREET:
        inside.append(UnitScorecard.unit.startswith(f"community:{scope.area}."))
    return [or_(UnitScorecard.unit == scope.unit, *inside)]


def repeats(scope: Scope) -> list[Any]:
    return _by_area(scope, Repeat, [Repeat.petition_id.in_(visible_ids(scope))])


def links(scope: Scope) -> list[Any]:
    return [] if scope.role in WIDE else [PetitionLink.petition_id.in_(visible_ids(scope))]
