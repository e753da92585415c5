"""Intake and read model together: what the intake publishes, the projector folds, and the
intake's state checks and Open311 answers read back (the stream processor's decisions are
published here as it would publish them)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from jiesu.domain.events import HandlingLevel, PetitionClassified, PetitionRouted, SlaTier
from jiesu.domain.ids import derived_id
from producers.open311.render import w3c
from projections.replay import replay
from streams.petitions.commands import fact_id
from tests.integration.test_intake_support import Harness, harness

__all__ = ["harness"]
UNIT = "grid:zd.cz.cg.c01.g1"


def decided(harness: Harness, petition_id: str) -> PetitionRouted:
    """Classify and route the petition, as the stream processor would."""
    (received,) = [e for e in harness.events() if e.petition_id == petition_id]
    base: dict[str, Any] = {
        "petition_id": petition_id,
        "event_time": received.event_time,
        "recorded_time": received.event_time,
        "actor": "processor:router",
        "correlation_id": petition_id,
        "causation_id": received.event_id,
    }
    classified = PetitionClassified(
        **base,
        event_id=derived_id(received.event_id, "c"),
        category="sanitation",
        sla_tier=SlaTier.ORDINARY,
    )
    routed = PetitionRouted(
        **base,
        event_id=derived_id(received.event_id, "r"),
        unit=UNIT,
        level=HandlingLevel.GRID,
        rule="ordinary-grid",
        response_deadline=received.event_time + timedelta(hours=2),
        resolution_deadline=received.event_time + timedelta(hours=24),
    )
    harness.publisher.publish_many([classified, routed])
    return routed


def project(harness: Harness) -> None:
    replay(harness.settings, harness.settings.database_url, show_progress=False)


def test_a_petition_goes_from_the_hotline_through_the_read_model_to_accepted(
    harness: Harness,
) -> None:
    order = {
        "call_id": "E2E-1",
        "agent_id": "A001",
        "call_time": "2026-11-22T08:00:00+08:00",
        "text": "小区门口垃圾桶满溢",
        "place": {"area": "zd.cz.cg.c01.g1"},
    }
    posted = harness.client.post(
        "/hotline/work-orders", json=order, headers=harness.auth("hotline_key")
    )
    petition_id = posted.json()["petition_id"]
    handler = harness.auth("handler_key")
    early = harness.client.post(
        f"/petitions/{petition_id}/accept", json={"unit": UNIT}, headers=handler
    )
    assert early.status_code == 404, "not in the read model yet"
    project(harness)
    refused = harness.client.post(
        f"/petitions/{petition_id}/accept", json={"unit": UNIT}, headers=handler
    )
    assert refused.status_code == 409, "RECEIVED: not routed yet"
    routed = decided(harness, petition_id)
    project(harness)
    accepted = harness.client.post(
        f"/petitions/{petition_id}/accept", json={"unit": UNIT}, headers=handler
    )
    assert accepted.status_code == 202, accepted.text  # no processor here: not decided yet
    (command,) = harness.commands()
    harness.publisher.publish(replace(command, event_id=fact_id(command.event_id)))
    project(harness)
    view = harness.client.get(f"/open311/v2/requests/{petition_id}.json").json()[0]
    assert view["status"] == "open"
    assert view["agency_responsible"] == UNIT
    assert view["service_code"] == "sanitation"
    assert view["expected_datetime"] == w3c(routed.resolution_deadline)
    assert view["requested_datetime"] == "2026-11-22T08:00:00+08:00"
    twice = harness.client.post(
        f"/petitions/{petition_id}/accept", json={"unit": UNIT}, headers=handler
    )
    assert twice.status_code == 409
    assert "ACCEPTED" in twice.json()["message_en"]
