"""Who may record which handler action on which petition, and for which unit.

The acting unit and the person always come from the credential (an :class:`Actor`), never
from a request body: a body can only repeat them. A petition outside the actor's scope is
"not visible" (the caller learns nothing of it); a role that never does this action is
"not permitted"; a petition assigned to someone else is "not assigned" (that may change).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from jiesu.domain.access import PetitionFacts, Role, Scope, ScopeError, covers_unit, may_see

ANY = "*"
DISPATCH = "dispatch"
"""The dispatch desk's pseudo-unit (智能研判区): credentials that act for it may reclassify."""


class Action(StrEnum):
    ACCEPT = "accept"
    RETURN = "return"
    RESOLVE = "resolve"
    DEPARTMENT_REPORT = "department_report"
    FEEDBACK = "feedback"
    RECLASSIFY = "reclassify"
    BLOW_WHISTLE = "blow_whistle"


UNIT_ACTIONS = (Action.ACCEPT, Action.RETURN, Action.RESOLVE)


class RefusalKind(StrEnum):
    NOT_VISIBLE = "not_visible"
    NOT_PERMITTED = "not_permitted"
    NOT_ASSIGNED = "not_assigned"


@dataclass(frozen=True)
class Refusal:
    kind: RefusalKind
    reason: str


@dataclass(frozen=True)
class Actor:
    """Whoever holds the credential: the name recorded in the log, a scope (accounts) or
    explicit units (machine keys of ``channels.yaml``; ``*`` any unit), and whether it may
    record call-back scores."""

    name: str
    scope: Scope | None = None
    units: frozenset[str] = field(default_factory=frozenset)
    may_score: bool = False

    def covers(self, unit: str | None) -> bool:
        if unit is None:
            return False
        if ANY in self.units or unit in self.units:
            return True
        return any(covers_unit(scope, unit) for scope in self._scopes())

    def sees(self, petition: PetitionFacts) -> bool:
        if self.may_score or self.units & {ANY, DISPATCH} or (petition.unit in self.units):
            return True
        return any(may_see(scope, petition) for scope in self._scopes())

    def _scopes(self) -> list[Scope]:
        """The account's scope, and a key's street, community and department units read as
        scopes: a community's key sees and acts for its compounds and grids, as its login does."""
        found = [self.scope] if self.scope is not None else []
        return found + [s for s in (scope_of_unit(u) for u in sorted(self.units)) if s]

    @property
    def department(self) -> str | None:
        if self.scope is not None and self.scope.role is Role.DEPARTMENT:
            return self.scope.area
        return None


@dataclass(frozen=True)
class Permission:
    """The action is allowed; ``unit`` is the unit it is recorded for (None: call-back)."""

    unit: str | None
    department: str | None = None


def decide(
    actor: Actor,
    action: Action,
    petition: PetitionFacts,
    department: str | None = None,
    unit: str | None = None,
) -> Permission | Refusal:
    """Allow ``action`` on ``petition`` for ``actor``, or say why not.

    ``department`` and ``unit`` are what a body names, if anything: a credential that does
    not act for them is refused; a department's own credential needs none."""
    if not actor.sees(petition):
        return Refusal(RefusalKind.NOT_VISIBLE, "no such petition")
    if action is Action.FEEDBACK:
        if not actor.may_score:
            return Refusal(RefusalKind.NOT_PERMITTED, "call-back scores need the callback role")
        return Permission(None)
    if action is Action.DEPARTMENT_REPORT:
        return _report(actor, petition, department)
    if action is Action.RECLASSIFY:
        return _reclassify(actor)
    if action is Action.BLOW_WHISTLE:
        if unit is None or not actor.covers(unit):
            return Refusal(RefusalKind.NOT_PERMITTED, f"you do not act for {unit or 'any unit'}")
        return Permission(unit)
    if not actor.units and (actor.scope is None or actor.scope.unit is None):
        return Refusal(RefusalKind.NOT_PERMITTED, f"{_who(actor)} acts for no handling unit")
    if unit is not None and not actor.covers(unit):
        return Refusal(RefusalKind.NOT_PERMITTED, f"you do not act for {unit}")
    if not actor.covers(petition.unit) or (unit is not None and unit != petition.unit):
        where = petition.unit or "no unit yet"
        return Refusal(RefusalKind.NOT_ASSIGNED, f"petition is assigned to {where}, not to you")
    return Permission(petition.unit)


def scope_of_unit(unit: str) -> Scope | None:
    """``street:``, ``community:`` and ``dept:`` units as the scope of that role."""
    level, _, code = unit.partition(":")
    role = _UNIT_ROLES.get(level)
    if role is None:
        return None
    try:
        return Scope(role, code)
    except ScopeError:
        return None


_UNIT_ROLES = {"street": Role.STREET, "community": Role.COMMUNITY, "dept": Role.DEPARTMENT}


def _reclassify(actor: Actor) -> Permission | Refusal:
    """The dispatch desk's keys (units ``dispatch`` or ``*``) and the city's own accounts."""
    city = actor.scope is not None and actor.scope.role is Role.CITY
    if city or actor.covers(DISPATCH):
        return Permission(DISPATCH)
    return Refusal(RefusalKind.NOT_PERMITTED, "reclassification is the dispatch desk's")


def _report(actor: Actor, petition: PetitionFacts, named: str | None) -> Permission | Refusal:
    own = actor.department
    if own is not None and named is not None and named != own:
        return Refusal(RefusalKind.NOT_PERMITTED, f"you report for dept:{own}, not dept:{named}")
    department = own or named
    if department is None:
        return Refusal(RefusalKind.NOT_PERMITTED, f"{_who(actor)} is no department")
    if own is None and not actor.covers(f"dept:{department}"):
        return Refusal(RefusalKind.NOT_PERMITTED, f"not allowed to report for dept:{department}")
    if department not in petition.departments:
        return Refusal(
            RefusalKind.NOT_ASSIGNED, f"no whistle of this petition summons dept:{department}"
        )
    return Permission(f"dept:{department}", department)


def _who(actor: Actor) -> str:
    return f"role {actor.scope.role.value}" if actor.scope is not None else "this key"
