"""What anyone may read of a request: the public view a city publishes (as FixMyStreet does).

The description without personal data (phones in any spelling, ID-card numbers, e-mails
and the petitioner's name were masked when the read model was written; masked again here),
coordinates rounded to about 100 m, and the place named no finer than its community. The
full record (exact point, address, area code) is for API keys granted the read right.
"""

from __future__ import annotations

from typing import Any

from jiesu.domain.city import City
from jiesu.domain.readmodel import PetitionView
from jiesu.domain.redaction import redact_text, rounded
from producers.open311.views import request_fields

PUBLIC_MAX = 100
"""Requests per answer for anonymous callers (a key with the read right gets 1000)."""


def public_fields(view: PetitionView, service_names: dict[str, str], city: City) -> dict[str, Any]:
    """The public view of one request."""
    fields = request_fields(view, service_names)
    place = view.community or view.street or view.district
    fields.update(
        description=redact_text(view.description),
        status_notes=redact_text(view.status_notes),
        address=_place_name(place, city),
        address_id=place,
        lat=rounded(view.lat),
        long=rounded(view.lon),
        media_url=None,
    )
    return fields


def full_fields(view: PetitionView, service_names: dict[str, str]) -> dict[str, Any]:
    """The record for a key with the read right: exact place; free text still masked."""
    fields = request_fields(view, service_names)
    fields.update(
        description=redact_text(view.description), status_notes=redact_text(view.status_notes)
    )
    return fields


def _place_name(code: str | None, city: City) -> str | None:
    """'张店区车站街道春光山色社区': the names down to the community, never below."""
    if code is None or code not in city:
        return None
    return "".join(area.name for area in city.chain(code))
