"""A grid worker's report → ``PetitionReceived``; reports keep the time they were captured.

Workers sync offline reports later, so ``captured_at`` (not the upload time) is the event
time, and the client's item id (with the worker id) is the channel reference.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, Field, ValidationError

from jiesu.domain.city import City
from jiesu.domain.events import Channel, PetitionReceived
from producers.credentials import Worker
from producers.forms import (
    InputRejected,
    Person,
    PetitionForm,
    Place,
    Ref,
    event_time_of,
    location_of,
    new_petition,
    petitioner_of,
    photos_of,
)
from producers.http.errors import from_pydantic

BATCH_MAX = 200


class GridReport(PetitionForm):
    """One report from the app, captured on the spot (maybe offline)."""

    client_item_id: Ref = Field(description="the app's own id of this report (idempotency key)")
    captured_at: AwareDatetime = Field(description="when the worker captured it, with time zone")
    petitioner: Person | None = Field(default=None, description="the resident, if any")


def parse_grid_report(data: Any) -> GridReport:
    try:
        return GridReport.model_validate(data)
    except ValidationError as exc:
        raise InputRejected(from_pydantic(exc.errors(include_input=False), False)) from None


def received_from_grid(
    report: GridReport, worker: Worker, *, city: City, pii_key: str, now: datetime
) -> PetitionReceived:
    ref = f"{worker.worker_id}:{report.client_item_id}"
    place = report.place
    if place == Place():
        place = Place(area=worker.grid)
    return new_petition(
        Channel.GRID_APP,
        ref,
        event_time=event_time_of(report.captured_at, now, "captured_at"),
        now=now,
        text=report.text,
        title=report.title,
        category_hint=report.category_hint,
        location=location_of(place, city),
        petitioner=petitioner_of(report.petitioner, pii_key),
        photos=photos_of(report),
        attributes={"worker": (worker.worker_id,)},
    )
