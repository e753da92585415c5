"""Forged identities: who acted always comes from the key, whatever a body claims.

An attacker holding one key tries to act as another agent, clerk, unit, department or
person, to score a call-back without the call-back role, or to act on another unit's
petition: each is refused with the reason, and nothing is published.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import insert

from jiesu.domain.access import Role
from jiesu.domain.events import PetitionAccepted
from jiesu.domain.ids import derived_id
from jiesu.settings import Settings
from projections.models import Base, Petition
from tests.access_support import bearer, store, token_for
from tests.integration.test_intake_support import Harness

T0 = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)
ORDER = {
    "call_id": "FORGE-1",
    "call_time": "2026-11-22T09:00:00+08:00",
    "text": "小区门口垃圾没人清运",
    "place": {"area": "zd.cz.cg.c01"},
}


@pytest.fixture
def intake(unique_topics: Settings) -> Iterator[Harness]:
    made = Harness(unique_topics.model_copy(update={"action_wait_ms": 10}))  # no processor
    Base.metadata.create_all(made.engine)
    yield made
    made.close()


def petition(harness: Harness, unit: str, status: str = "ROUTED", **columns: Any) -> str:
    petition_id = derived_id("forge", unit, status, str(columns))
    row = {
        "petition_id": petition_id,
        "status": status,
        "unit": unit,
        "street": unit.split(":")[1][:5] if unit.startswith(("street", "community")) else "zd.cz",
        "community": "zd.cz.cg",
        "received_at": T0,
        "updated_at": T0,
        "last_event_id": derived_id("e", petition_id),
    }
    with harness.engine.begin() as conn:
        conn.execute(insert(Petition).values(**(row | columns)))
    return petition_id


def test_a_hotline_key_cannot_type_another_agents_id(intake: Harness) -> None:
    forged = intake.client.post(
        "/hotline/work-orders",
        json=ORDER | {"agent_id": "A999"},
        headers=intake.auth("hotline_key"),
    )
    assert forged.status_code == 403
    assert forged.json()["error"] == "identity_mismatch"
    assert "agent_id" in forged.json()["message_en"]
    assert intake.events() == []
    honest = intake.client.post(
        "/hotline/work-orders", json=ORDER, headers=intake.auth("hotline_key")
    )
    assert honest.status_code == 202
    (event,) = intake.events()
    assert event.attributes["agent_id"] == ("A001",)  # type: ignore[attr-defined]


def test_a_walk_in_key_cannot_claim_another_window_or_clerk(intake: Harness) -> None:
    form = ORDER | {"form_no": "W-FORGE"}
    form.pop("call_id")
    form.pop("call_time")
    for claim in ({"window": 9}, {"clerk": "C77"}):
        answer = intake.client.post(
            "/walk-in/petitions", json=form | claim, headers=intake.auth("walkin_key")
        )
        assert answer.status_code == 403, claim
    assert intake.events() == []


def test_a_machine_token_of_one_street_cannot_act_for_another(intake: Harness) -> None:
    token = token_for(intake.settings, Role.STREET, "zd.cz")
    own = petition(intake, "street:zd.cz", street="zd.cz")
    forged_unit = intake.client.post(
        f"/petitions/{own}/accept", json={"unit": "street:zd.ky"}, headers=bearer(token)
    )
    assert forged_unit.status_code == 403
    forged_person = intake.client.post(
        f"/petitions/{own}/accept", json={"handler": "张主任"}, headers=bearer(token)
    )
    assert forged_person.status_code == 403
    extra = intake.client.post(
        f"/petitions/{own}/accept", json={"acted_by": "someone"}, headers=bearer(token)
    )
    assert extra.status_code == 422
    other_street = petition(intake, "street:zd.ky", street="zd.ky", community="zd.ky.hjy")
    hidden = intake.client.post(f"/petitions/{other_street}/accept", json={}, headers=bearer(token))
    assert hidden.status_code == 404, "another street's petition is not even known"
    assert intake.commands() == []
    accepted = intake.client.post(f"/petitions/{own}/accept", json={}, headers=bearer(token))
    assert accepted.status_code == 202, accepted.text
    (event,) = intake.commands()
    assert isinstance(event, PetitionAccepted)
    assert (event.unit, event.acted_by) == ("street:zd.cz", "street-zd-cz (street-zd-cz)")


def test_a_community_may_not_act_on_a_petition_assigned_to_a_department(intake: Harness) -> None:
    token = token_for(intake.settings, Role.COMMUNITY, "zd.cz.cg")
    pid = petition(intake, "dept:sanitation", departments="sanitation")
    answer = intake.client.post(
        f"/petitions/{pid}/resolve", json={"result": "已清运"}, headers=bearer(token)
    )
    assert answer.status_code == 409
    assert "assigned to dept:sanitation" in answer.json()["message_en"]


def test_only_the_callback_role_scores_and_only_a_summoned_department_reports(
    intake: Harness,
) -> None:
    resolved = petition(intake, "street:zd.cz", "RESOLVED", street="zd.cz")
    street = token_for(intake.settings, Role.STREET, "zd.cz")
    score = {"satisfaction": "SATISFIED"}
    refused = intake.client.post(
        f"/petitions/{resolved}/feedback", json=score, headers=bearer(street)
    )
    assert refused.status_code == 403
    callback = token_for(intake.settings, Role.CALLBACK)
    scored = intake.client.post(
        f"/petitions/{resolved}/feedback", json=score, headers=bearer(callback)
    )
    assert scored.status_code == 202, scored.text
    whistle = derived_id("forge-whistle")
    whistled = petition(
        intake, "street:zd.cz", whistle_id=whistle, pending_departments="housing", street="zd.cz"
    )
    police = token_for(intake.settings, Role.DEPARTMENT, "police")
    report = {"whistle_id": whistle}
    assert (
        intake.client.post(
            f"/petitions/{whistled}/department-report", json=report, headers=bearer(police)
        ).status_code
        == 404
    ), "a department not summoned does not see the petition"
    housing = token_for(intake.settings, Role.DEPARTMENT, "housing")
    as_other = intake.client.post(
        f"/petitions/{whistled}/department-report",
        json=report | {"department": "police"},
        headers=bearer(housing),
    )
    assert as_other.status_code == 403


def test_a_disabled_machine_account_stops_at_once(intake: Harness) -> None:
    token = token_for(intake.settings, Role.STREET, "zd.cz", name="soon-gone")
    pid = petition(intake, "street:zd.cz", street="zd.cz")
    store(intake.settings).disable("soon-gone")
    answer = intake.client.post(f"/petitions/{pid}/accept", json={}, headers=bearer(token))
    assert answer.status_code == 401
