"""Simulated petitions as channel requests: each one passes its channel's own validation."""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import BaseModel

from jiesu.config.city import load_city
from jiesu.domain.events import (
    Channel,
    FeedbackRecorded,
    PetitionReceived,
    PetitionReclassified,
    Satisfaction,
    WhistleRequested,
)
from jiesu.domain.ids import derived_id
from producers.actions.forms import ReclassifyBody, WhistleBody
from producers.grid.mapping import GridReport
from producers.hotline.mapping import HotlineWorkOrder
from producers.simulator.intake_payloads import action_request, petition_request
from producers.simulator.petitions import plan_petitions
from producers.simulator.traffic import SimulationConfig
from producers.walkin.router import WalkInForm
from producers.wechat.mapping import WechatReport

MODELS: dict[str, type[BaseModel]] = {
    "/hotline/work-orders": HotlineWorkOrder,
    "/walk-in/petitions": WalkInForm,
    "/wechat/webhook": WechatReport,
    "/grid/reports": GridReport,
}


def planned() -> list[PetitionReceived]:
    return plan_petitions(load_city(), SimulationConfig(seed=4, petitions=600, days=3))


def test_every_simulated_petition_is_a_valid_request_of_its_channel() -> None:
    paths: Counter[str] = Counter()
    for petition in planned():
        request = petition_request(petition)
        paths[request.path] += 1
        if request.path in MODELS:
            assert request.json is not None
            MODELS[request.path].model_validate(request.json)
        else:
            assert request.form is not None
            assert request.form["service_code"]
            assert request.form["description"] == petition.text
    assert set(paths) == {*MODELS, "/open311/v2/requests.json"}


def test_hotline_work_orders_keep_the_call_time_and_the_call_id() -> None:
    petition = next(p for p in planned() if p.channel is Channel.HOTLINE)
    request = petition_request(petition)
    assert request.credential == "hotline_key"
    assert request.json is not None
    assert request.json["call_id"] == petition.channel_ref
    assert request.json["call_time"] == petition.event_time.isoformat()


def test_grid_reports_use_the_token_of_a_worker_of_that_grid() -> None:
    petition = next(p for p in planned() if p.channel is Channel.GRID_APP)
    assert petition_request(petition).credential == f"worker:{petition.location.grid}"


def test_a_call_back_is_posted_to_the_feedback_endpoint() -> None:
    petition = planned()[0]
    feedback = FeedbackRecorded(
        event_id=derived_id("x"),
        petition_id=petition.petition_id,
        event_time=petition.event_time,
        recorded_time=petition.event_time,
        actor="channel:hotline",
        correlation_id=petition.petition_id,
        satisfaction=Satisfaction.BASICALLY_SATISFIED,
    )
    request = action_request(feedback)
    assert request is not None
    assert request.path == f"/petitions/{petition.petition_id}/feedback"
    assert request.json == {"satisfaction": "BASICALLY_SATISFIED", "comment": None}
    assert action_request(petition) is None


def test_every_handler_action_goes_to_an_actions_endpoint_with_a_valid_body() -> None:
    """So the intake mode sends no action past the intake (none falls back to the broker)."""
    petition = planned()[0]
    common: dict[str, Any] = {
        "event_id": derived_id("y"),
        "petition_id": petition.petition_id,
        "event_time": petition.event_time,
        "recorded_time": petition.event_time,
        "actor": "unit:community:x",
        "correlation_id": petition.petition_id,
    }
    whistle = WhistleRequested(
        **common, unit="community:zd.cz.x", departments=("sanitation",), reason="吹哨"
    )
    reclassified = PetitionReclassified(**common, category="sanitation", reason="改类")
    for event, model, path in (
        (whistle, WhistleBody, "whistle"),
        (reclassified, ReclassifyBody, "reclassify"),
    ):
        request = action_request(event)
        assert request is not None
        assert request.path == f"/petitions/{petition.petition_id}/{path}"
        model.model_validate(request.json)
