"""Handlers' actions decided by the real petitions processor: the intake answers with the
outcome, and petition-events receives the facts only (never a refused action)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import insert

from jiesu.domain import events as ev
from producers.credentials import Credentials, Handler, digest
from projections.models import Base, Petition
from streams.petitions.commands import fact_id
from tests.conftest import topics_in
from tests.integration.test_intake_support import Harness
from tests.integration.test_streams_scenario import petition
from tests.integration.test_streams_support import LogReader, Record, WorkerProcess, publish

T0 = datetime(2026, 11, 22, 1, 0, tzinfo=UTC)
DISPATCH = {"Authorization": "Bearer dispatch"}


@pytest.fixture(scope="module")
def stack(
    kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Harness, LogReader]]:
    """One intake and one worker for the module (each test acts on a petition of its own)."""
    tmp_path = tmp_path_factory.mktemp("commands")
    settings = topics_in(kafka_bootstrap, tmp_path).model_copy(update={"action_wait_ms": 20_000})
    handlers = {digest("dispatch"): Handler("dispatch", frozenset({"*"}), callback=True)}
    intake = Harness(settings, credentials=Credentials(handlers=handlers))
    Base.metadata.create_all(intake.engine)
    worker = WorkerProcess(settings, tmp_path / "worker.log")
    log = LogReader(settings, settings.petition_events_topic, settings.petition_partitions)
    try:
        yield intake, log
    finally:
        worker.stop()
        log.close()
        intake.close()


def routed(intake: Harness, log: LogReader, status: str, n: int) -> str:
    """Petition ``n``, routed by the processor, shown by the read model as ``status``."""
    received = petition(n, "commands")
    publish(intake.settings, [received])
    log.wait_until(lambda rs: bool(routes_of(rs, received.petition_id)), 90)
    (route,) = routes_of(log.records, received.petition_id)
    row: dict[str, Any] = {"petition_id": received.petition_id, "status": status}
    row["unit"] = route.unit
    row |= {"level": "COMPOUND", "last_event_id": "x"}
    row |= {"received_at": T0, "updated_at": T0}
    with intake.engine.begin() as conn:
        conn.execute(insert(Petition).values(**row))
    return received.petition_id


def routes_of(records: list[Record], pid: str) -> list[ev.PetitionRouted]:
    return [
        r.event
        for r in records
        if isinstance(r.event, ev.PetitionRouted) and r.event.petition_id == pid
    ]


def of(records: list[Record], pid: str) -> list[ev.Event]:
    return [r.event for r in records if r.event is not None and r.event.petition_id == pid]


def test_an_allowed_action_is_answered_with_the_fact_it_recorded(stack) -> None:
    intake, log = stack
    pid = routed(intake, log, "ROUTED", 1)
    answer = intake.client.post(f"/petitions/{pid}/accept", json={}, headers=DISPATCH)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["outcome"] == "recorded"
    assert body["event_id"] == fact_id(body["command_id"])
    again = intake.client.post(f"/petitions/{pid}/accept", json={}, headers=DISPATCH)
    assert (again.status_code, again.json()["event_id"]) == (200, body["event_id"])
    status = intake.client.get(f"/petitions/{pid}/commands/{body['command_id']}", headers=DISPATCH)
    assert (status.status_code, status.json()["event_id"]) == (200, body["event_id"])
    events = of(log.settle(quiet_s=2), pid)
    accepted = [e for e in events if isinstance(e, ev.PetitionAccepted)]
    assert [e.event_id for e in accepted] == [body["event_id"]]


def test_an_action_the_processor_refuses_is_a_409_and_never_on_the_log(stack) -> None:
    intake, log = stack
    pid = routed(intake, log, "ACCEPTED", 2)  # the read model is ahead of the processor's fold
    answer = intake.client.post(
        f"/petitions/{pid}/resolve", json={"result": "已处理"}, headers=DISPATCH
    )
    assert answer.status_code == 409, answer.text
    assert answer.json()["message_en"] == "PetitionResolved not allowed when the petition is ROUTED"
    kinds = {type(e) for e in of(log.settle(quiet_s=2), pid)}
    assert ev.PetitionResolved not in kinds
    assert ev.ActionRejected not in kinds
