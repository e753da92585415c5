"""Handlers' actions: checked against the read model's state, published only when allowed.

The petitions table is the projections' own model (a real SQLite database); rows are put in
the states a projector leaves them in. No processor runs here, so an allowed action is a
command on petition-commands answered 202 with its status URL once the short wait is over
(``test_intake_commands.py`` runs the processor that decides them).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import insert

from jiesu.domain.events import DepartmentReported, FeedbackRecorded, PetitionAccepted, Satisfaction
from jiesu.domain.ids import derived_id
from jiesu.settings import Settings
from producers.credentials import Credentials, Handler, digest
from projections.models import Base, Petition
from tests.integration.test_intake_support import Harness

UNIT = "compound:zd.cz.cg.c01"
T0 = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)


@pytest.fixture
def actions(unique_topics: Settings) -> Iterator[Harness]:
    handlers = {
        digest("dispatch"): Handler("dispatch", frozenset({"*"}), callback=True),
        digest("c01"): Handler("c01 office", frozenset({UNIT})),
    }
    settings = unique_topics.model_copy(update={"action_wait_ms": 10})
    made = Harness(settings, credentials=Credentials(handlers=handlers))
    Base.metadata.create_all(made.engine)
    yield made
    made.close()


def petition(harness: Harness, status: str, **columns: Any) -> str:
    petition_id = derived_id("test-petition", status, str(columns))
    row: dict[str, Any] = {
        "petition_id": petition_id,
        "status": status,
        "unit": UNIT,
        "level": "COMPOUND",
    }
    row |= {"received_at": T0, "updated_at": T0, "last_event_id": derived_id("e", petition_id)}
    with harness.engine.begin() as conn:
        conn.execute(insert(Petition).values(**(row | columns)))
    return petition_id


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_a_routed_petition_is_accepted_by_its_unit(actions: Harness) -> None:
    pid = petition(actions, "ROUTED")
    body = {"unit": UNIT, "note": "马上到现场"}
    answer = actions.client.post(f"/petitions/{pid}/accept", json=body, headers=bearer("c01"))
    assert answer.status_code == 202, answer.text
    (event,) = actions.commands()
    assert isinstance(event, PetitionAccepted)
    assert (event.petition_id, event.unit, event.actor) == (pid, UNIT, f"unit:{UNIT}")
    assert event.acted_by == event.handler == "key:c01 office"
    assert answer.json()["command_id"] == event.event_id
    assert answer.json()["outcome"] == "pending"
    assert answer.json()["event_id"] is None
    status = answer.json()["status_url"]
    assert status == f"/petitions/{pid}/commands/{event.event_id}"
    later = actions.client.get(status, headers=bearer("c01"))
    assert later.status_code == 202
    assert later.json()["outcome"] == "pending"
    assert actions.events() == []


def test_an_action_the_state_machine_refuses_is_a_409_with_the_reason(actions: Harness) -> None:
    pid = petition(actions, "RESOLVED")
    answer = actions.client.post(
        f"/petitions/{pid}/accept", json={"unit": UNIT}, headers=bearer("dispatch")
    )
    assert answer.status_code == 409
    assert (
        answer.json()["message_en"] == "PetitionAccepted not allowed when the petition is RESOLVED"
    )
    other = petition(actions, "ROUTED", unit="grid:zd.cz.cg.c02.g1")
    wrong_unit = actions.client.post(
        f"/petitions/{other}/resolve",
        json={"unit": UNIT, "result": "已处理"},
        headers=bearer("dispatch"),
    )
    assert wrong_unit.status_code == 409
    assert "assigned to grid:zd.cz.cg.c02.g1" in wrong_unit.json()["message_en"]
    assert actions.commands() == []


def test_an_unknown_petition_and_another_units_petition_are_404(actions: Harness) -> None:
    unknown = derived_id("nobody")
    assert (
        actions.client.post(
            f"/petitions/{unknown}/accept", json={"unit": UNIT}, headers=bearer("dispatch")
        ).status_code
        == 404
    )
    pid = petition(actions, "ROUTED", unit="grid:zd.cz.cg.c02.g1")
    foreign = actions.client.post(
        f"/petitions/{pid}/accept", json={"unit": "grid:zd.cz.cg.c02.g1"}, headers=bearer("c01")
    )
    assert foreign.status_code == 404
    status = f"/petitions/{pid}/commands/{derived_id('a command')}"
    assert actions.client.get(status, headers=bearer("c01")).status_code == 404
    assert actions.client.get(status, headers=bearer("dispatch")).status_code == 202
    assert actions.client.post(f"/petitions/{pid}/accept", json={"unit": UNIT}).status_code == 401
    assert actions.commands() == []


def test_return_needs_a_reason(actions: Harness) -> None:
    pid = petition(actions, "ACCEPTED")
    answer = actions.client.post(
        f"/petitions/{pid}/return", json={"unit": UNIT, "reason": " "}, headers=bearer("c01")
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "reason"
    ok = actions.client.post(
        f"/petitions/{pid}/return",
        json={"unit": UNIT, "reason": "非本小区管辖"},
        headers=bearer("c01"),
    )
    assert ok.status_code == 202


def test_the_call_back_records_satisfaction_on_a_resolved_petition(actions: Harness) -> None:
    pid = petition(actions, "RESOLVED")
    body = {"satisfaction": "BASICALLY_SATISFIED", "comment": "处理及时，但还有些味道"}
    answer = actions.client.post(
        f"/petitions/{pid}/feedback", json=body, headers=bearer("dispatch")
    )
    assert answer.status_code == 202
    (event,) = actions.commands()
    assert isinstance(event, FeedbackRecorded)
    assert event.satisfaction is Satisfaction.BASICALLY_SATISFIED
    assert event.actor == "role:callback"
    assert event.acted_by == "key:dispatch"
    bad = actions.client.post(
        f"/petitions/{pid}/feedback", json={"satisfaction": "MEH"}, headers=bearer("dispatch")
    )
    assert bad.status_code == 422
    not_callback = actions.client.post(
        f"/petitions/{pid}/feedback", json={"satisfaction": "SATISFIED"}, headers=bearer("c01")
    )
    assert not_callback.status_code == 403
    assert "callback role" in not_callback.json()["message_en"]


def test_a_department_reports_only_to_an_open_whistle(actions: Harness) -> None:
    whistle = derived_id("whistle", "x")
    pid = petition(
        actions,
        "ROUTED",
        whistle_id=whistle,
        pending_departments="sanitation,urban_management",
    )
    body = {"whistle_id": whistle, "department": "sanitation", "note": "已派车"}
    answer = actions.client.post(
        f"/petitions/{pid}/department-report", json=body, headers=bearer("dispatch")
    )
    assert answer.status_code == 202, answer.text
    (event,) = actions.commands()
    assert isinstance(event, DepartmentReported)
    assert event.actor == "unit:dept:sanitation"
    wrong = body | {"department": "water"}
    refused = actions.client.post(
        f"/petitions/{pid}/department-report", json=wrong, headers=bearer("dispatch")
    )
    assert refused.status_code == 409
    assert "water" in refused.json()["message_en"]


def test_the_same_action_twice_on_the_same_version_has_one_event_id(actions: Harness) -> None:
    pid = petition(actions, "ROUTED")
    one = actions.client.post(
        f"/petitions/{pid}/accept", json={"unit": UNIT}, headers=bearer("c01")
    )
    two = actions.client.post(
        f"/petitions/{pid}/accept", json={"unit": UNIT}, headers=bearer("c01")
    )
    assert one.json()["command_id"] == two.json()["command_id"]
