"""Simulated events as the requests each channel's client would send to the intake.

Pure: an event in, a :class:`Request` out (path, credential to use, JSON or form body).
Petition ids the intake derives may differ from the simulator's (WeChat and grid references
are the intake's own), which is fine: handlers act on decisions read back from the log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jiesu.domain.events import (
    Channel,
    DepartmentReported,
    Event,
    FeedbackRecorded,
    PetitionAccepted,
    PetitionReceived,
    PetitionReclassified,
    PetitionResolved,
    PetitionReturned,
    WhistleRequested,
)
from jiesu.domain.ids import derived_id


@dataclass(frozen=True)
class Request:
    path: str
    credential: str
    json: dict[str, Any] | None = None
    form: dict[str, str] | None = None
    signed: bool = False
    query: dict[str, str] = field(default_factory=dict)


def _place(event: PetitionReceived) -> dict[str, Any]:
    where = event.location
    place: dict[str, Any] = {"area": where.grid or where.compound, "address": where.address}
    if where.lat is not None:
        place |= {"lat": where.lat, "lon": where.lon}
    return {k: v for k, v in place.items() if v is not None}


def _person(event: PetitionReceived) -> dict[str, Any] | None:
    who = event.petitioner
    if who.anonymous or not (who.phone or who.name):
        return None
    return {"name": who.name, "phone": who.phone}


def _common(event: PetitionReceived) -> dict[str, Any]:
    body: dict[str, Any] = {"text": event.text, "title": event.title, "place": _place(event)}
    if event.photos:
        body["photos"] = list(event.photos)
    return body


def petition_request(event: PetitionReceived) -> Request:
    """The request of the petition's own channel."""
    when = event.event_time.isoformat()
    if event.channel is Channel.HOTLINE:
        body = _common(event) | {"call_id": event.channel_ref}
        body |= {"call_time": when, "caller": _person(event), "category_hint": event.category_hint}
        return Request("/hotline/work-orders", "hotline_key", json=body | _employer(event))
    if event.channel is Channel.WALK_IN:
        body = _common(event) | {"form_no": event.channel_ref}
        body |= {"petitioner": _person(event), "category_hint": event.category_hint}
        return Request("/walk-in/petitions", "walkin_key", json=body | _employer(event))
    if event.channel is Channel.MINI_PROGRAM:
        openid = event.petitioner.openid or "o" + derived_id("sim-openid", event.channel_ref)[:27]
        body = _common(event) | {"openid": openid.replace("_", "-"), "client_id": event.channel_ref}
        return Request(
            "/wechat/webhook", "wechat_token", json=body | {"captured_at": when}, signed=True
        )
    if event.channel is Channel.GRID_APP:
        body = _common(event) | {"client_item_id": event.channel_ref, "captured_at": when}
        return Request("/grid/reports", f"worker:{event.location.grid}", json=body)
    return Request("/open311/v2/requests.json", "open311_key", form=_open311(event))


def _employer(event: PetitionReceived) -> dict[str, Any]:
    return {"employer": event.employer} if event.employer else {}


def _open311(event: PetitionReceived) -> dict[str, str]:
    form = {
        "service_code": event.category_hint or "other",
        "description": event.text,
        "address_string": event.location.address or "",
        "device_id": event.channel_ref,
    }
    if event.location.lat is not None:
        form |= {"lat": str(event.location.lat), "long": str(event.location.lon)}
    if event.petitioner.phone:
        form["phone"] = event.petitioner.phone
    return form


def action_request(event: Event) -> Request | None:
    """The handlers' action endpoint for ``event`` (None: not an action)."""
    base = f"/petitions/{event.petition_id}"
    if isinstance(event, PetitionAccepted):
        body: dict[str, Any] = {"unit": event.unit, "note": event.note}
        return Request(f"{base}/accept", "handler_key", json=body)
    if isinstance(event, PetitionReturned):
        return Request(
            f"{base}/return", "handler_key", json={"unit": event.unit, "reason": event.reason}
        )
    if isinstance(event, PetitionResolved):
        return Request(
            f"{base}/resolve", "handler_key", json={"unit": event.unit, "result": event.result}
        )
    if isinstance(event, DepartmentReported):
        body = {"whistle_id": event.whistle_id, "department": event.department, "note": event.note}
        return Request(f"{base}/department-report", "handler_key", json=body)
    if isinstance(event, FeedbackRecorded):
        body = {"satisfaction": event.satisfaction.value, "comment": event.comment}
        return Request(f"{base}/feedback", "handler_key", json=body)
    return _desk_request(event, base)


def _desk_request(event: Event, base: str) -> Request | None:
    """The dispatch desk's and a community's own actions (None: not an action)."""
    if isinstance(event, WhistleRequested):
        body: dict[str, Any] = {"unit": event.unit, "departments": list(event.departments)}
        return Request(f"{base}/whistle", "handler_key", json=body | {"reason": event.reason})
    if isinstance(event, PetitionReclassified):
        body = {"category": event.category, "reason": event.reason, "emergency": event.emergency}
        tier = event.sla_tier.value if event.sla_tier else None
        return Request(f"{base}/reclassify", "handler_key", json=body | {"sla_tier": tier})
    return None
