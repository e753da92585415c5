"""Who sees and does what: the domain's rules of roles and scopes, without any adapter."""

from __future__ import annotations

import pytest

from jiesu.domain.access import (
    PetitionFacts,
    Role,
    Scope,
    ScopeError,
    covers_unit,
    may_see,
    sees_unit,
)
from jiesu.domain.acting import Action, Actor, Permission, Refusal, RefusalKind, decide

IN_CG = PetitionFacts("zd.cz", "zd.cz.cg", "compound:zd.cz.cg.c01", frozenset({"sanitation"}))
IN_KY = PetitionFacts("zd.ky", "zd.ky.hjy", "street:zd.ky", frozenset())
STREET = Scope(Role.STREET, "zd.cz")
COMMUNITY = Scope(Role.COMMUNITY, "zd.cz.cg")
SANITATION = Scope(Role.DEPARTMENT, "sanitation")


def test_a_scope_must_fit_its_role() -> None:
    with pytest.raises(ScopeError, match="needs a scope"):
        Scope(Role.STREET)
    with pytest.raises(ScopeError, match="takes no scope"):
        Scope(Role.CITY, "zd")
    with pytest.raises(ScopeError, match="community"):
        Scope(Role.COMMUNITY, "zd.cz")


def test_each_role_sees_its_own_territory_or_department_only() -> None:
    assert may_see(Scope(Role.CITY), IN_KY)
    assert may_see(STREET, IN_CG)
    assert not may_see(STREET, IN_KY)
    assert may_see(COMMUNITY, IN_CG)
    assert not may_see(COMMUNITY, IN_KY)
    assert may_see(SANITATION, IN_CG)
    assert not may_see(SANITATION, IN_KY)
    assert may_see(Scope(Role.DEPARTMENT, "police"), PetitionFacts(unit="dept:police"))


def test_a_community_acts_for_its_compounds_and_grids_and_a_street_for_itself() -> None:
    assert covers_unit(COMMUNITY, "compound:zd.cz.cg.c01")
    assert covers_unit(COMMUNITY, "grid:zd.cz.cg.c01.g1")
    assert not covers_unit(COMMUNITY, "compound:zd.cz.cgx.c01"), "a prefix is not a parent"
    assert not covers_unit(STREET, "community:zd.cz.cg")
    assert covers_unit(STREET, "street:zd.cz")
    assert not covers_unit(Scope(Role.CITY), "street:zd.cz")


def test_scorecards_of_units_inside_a_territory_are_its_business() -> None:
    assert sees_unit(STREET, "grid:zd.cz.cg.c01.g1")
    assert not sees_unit(STREET, "dept:sanitation")
    assert sees_unit(SANITATION, "dept:sanitation")
    assert not sees_unit(COMMUNITY, "street:zd.cz")


def kind(decision: Permission | Refusal) -> RefusalKind | None:
    return decision.kind if isinstance(decision, Refusal) else None


def street_actor(area: str = "zd.cz") -> Actor:
    return Actor(name="wang", scope=Scope(Role.STREET, area))


def test_a_unit_acts_only_on_what_is_assigned_to_it() -> None:
    assigned = PetitionFacts("zd.cz", "zd.cz.cg", "street:zd.cz")
    assert decide(street_actor(), Action.ACCEPT, assigned) == Permission("street:zd.cz")
    elsewhere = PetitionFacts("zd.cz", "zd.cz.cg", "community:zd.cz.cg")
    refused = decide(street_actor(), Action.RESOLVE, elsewhere)
    assert kind(refused) is RefusalKind.NOT_ASSIGNED
    hidden = decide(street_actor("zd.ky"), Action.ACCEPT, assigned)
    assert kind(hidden) is RefusalKind.NOT_VISIBLE


def test_a_body_cannot_name_a_unit_the_credential_does_not_act_for() -> None:
    assigned = PetitionFacts("zd.cz", "zd.cz.cg", "street:zd.cz")
    forged = decide(street_actor(), Action.ACCEPT, assigned, unit="street:zd.ky")
    assert kind(forged) is RefusalKind.NOT_PERMITTED


def test_call_back_scores_need_the_callback_role() -> None:
    closed = PetitionFacts("zd.cz", "zd.cz.cg", "street:zd.cz")
    refused = decide(street_actor(), Action.FEEDBACK, closed)
    assert kind(refused) is RefusalKind.NOT_PERMITTED
    callback = Actor(name="li", scope=Scope(Role.CALLBACK), may_score=True)
    assert decide(callback, Action.FEEDBACK, closed) == Permission(None)
    unit_action = decide(callback, Action.ACCEPT, closed)
    assert kind(unit_action) is RefusalKind.NOT_PERMITTED


def test_a_department_reports_for_itself_only_and_only_when_summoned() -> None:
    dept = Actor(name="zhao", scope=SANITATION)
    assert decide(dept, Action.DEPARTMENT_REPORT, IN_CG) == Permission(
        "dept:sanitation", "sanitation"
    )
    other = decide(dept, Action.DEPARTMENT_REPORT, IN_CG, department="police")
    assert kind(other) is RefusalKind.NOT_PERMITTED
    unsummoned = decide(dept, Action.DEPARTMENT_REPORT, PetitionFacts(unit="dept:sanitation"))
    assert kind(unsummoned) is RefusalKind.NOT_ASSIGNED


def test_a_machine_key_limited_to_units_sees_and_acts_for_those_only() -> None:
    key = Actor(name="key:c01", units=frozenset({"compound:zd.cz.cg.c01"}))
    assert decide(key, Action.ACCEPT, IN_CG) == Permission("compound:zd.cz.cg.c01")
    hidden = decide(key, Action.ACCEPT, IN_KY)
    assert kind(hidden) is RefusalKind.NOT_VISIBLE


def test_a_community_s_key_sees_and_acts_for_its_compounds_as_its_login_does() -> None:
    key = Actor(name="key:cg", units=frozenset({"community:zd.cz.cg"}))
    assert decide(key, Action.ACCEPT, IN_CG) == Permission("compound:zd.cz.cg.c01")
    assert kind(decide(key, Action.ACCEPT, IN_KY)) is RefusalKind.NOT_VISIBLE
    assert kind(decide(key, Action.RECLASSIFY, IN_CG)) is RefusalKind.NOT_PERMITTED


def test_the_dispatch_desk_sees_every_petition_and_alone_reclassifies() -> None:
    desk = Actor(name="key:desk", units=frozenset({"dispatch"}))
    assert decide(desk, Action.RECLASSIFY, IN_KY) == Permission("dispatch")
    assert kind(decide(desk, Action.ACCEPT, IN_KY)) is RefusalKind.NOT_ASSIGNED
    whistle = decide(desk, Action.BLOW_WHISTLE, IN_CG, unit="community:zd.cz.cg")
    assert kind(whistle) is RefusalKind.NOT_PERMITTED
