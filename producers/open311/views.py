"""Read-side answers of Open311: the filters of ``GET requests`` and a request's fields."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from jiesu.domain.readmodel import PetitionView, RequestQuery
from jiesu.domain.reporting import is_done
from producers.open311.submit import Open311Refused

DEFAULT_WINDOW = timedelta(days=90)
MAX_REQUESTS = 1000
_STATUSES = {"open", "closed"}


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split(",") if part.strip())


def _moment(name: str, value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise Open311Refused(400, f"{name} must be a W3C datetime with time zone") from None
    if moment.tzinfo is None:
        raise Open311Refused(400, f"{name} must include a time zone")
    if not 1970 <= moment.year <= 2200:
        raise Open311Refused(400, f"{name} is out of range")
    return moment


def request_query(
    now: datetime,
    service_request_id: str | None = None,
    service_code: str | None = None,
    start_date: str | None = None,
    end_date: str | None = None,
    status: str | None = None,
) -> RequestQuery:
    """The spec's filters: ids override the rest; by default the last 90 days, ≤ 1000."""
    ids = _split(service_request_id)
    if ids:
        return RequestQuery(ids=ids[:MAX_REQUESTS], limit=MAX_REQUESTS)
    statuses = {s.lower() for s in _split(status)}
    if statuses - _STATUSES:
        raise Open311Refused(400, "status must be open, closed or both")
    start, end = _moment("start_date", start_date), _moment("end_date", end_date)
    end = end or (start + DEFAULT_WINDOW if start else now)
    start = start or end - DEFAULT_WINDOW
    if start > end:
        raise Open311Refused(400, "start_date is after end_date")
    closed = None if len(statuses) != 1 else statuses == {"closed"}
    return RequestQuery(
        service_codes=_split(service_code), start=start, end=end, closed=closed, limit=MAX_REQUESTS
    )


def request_fields(view: PetitionView, service_names: dict[str, str]) -> dict[str, Any]:
    """A service request as the spec lists its fields (ids as strings, times with zone)."""
    closed = is_done(view.state.status)
    return {
        "service_request_id": view.petition_id,
        "status": "closed" if closed else "open",
        "status_notes": view.status_notes,
        "service_name": service_names.get(view.category or ""),
        "service_code": view.category,
        "description": view.description,
        "agency_responsible": view.agency,
        "service_notice": None,
        "requested_datetime": view.received_at,
        "updated_datetime": (view.closed_at or view.updated_at) if closed else view.updated_at,
        "expected_datetime": view.expected_at,
        "address": view.address,
        "address_id": view.area,
        "zipcode": None,
        "lat": view.lat,
        "long": view.lon,
        "media_url": view.media_url,
    }
