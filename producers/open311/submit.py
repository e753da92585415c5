"""``POST requests``: the spec's form fields → ``PetitionReceived``.

Open311 clients send no idempotency key, so the token is a hash of the client's key and the
whole form: the same submission twice is one petition. Refusals carry the spec's status
(400) and a description that never repeats the caller's personal data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from pydantic import HttpUrl, TypeAdapter, ValidationError

from jiesu.domain.city import City
from jiesu.domain.events import Channel, Location, Petitioner, PetitionReceived
from jiesu.domain.privacy import InvalidPhone, normalise_phone, petitioner_key
from producers.forms import URL_MAX, new_petition
from producers.open311.services import Service

DESCRIPTION_MAX = 4000
_URL = TypeAdapter(HttpUrl)


class Open311Refused(Exception):
    """A request the spec says to refuse: ``status`` and a description for the error list."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


@dataclass(frozen=True)
class RequestForm:
    """The spec's fields of ``POST requests`` (all optional on the wire)."""

    service_code: str | None = None
    lat: str | None = None
    long: str | None = None
    address_string: str | None = None
    address_id: str | None = None
    email: str | None = None
    device_id: str | None = None
    account_id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    description: str | None = None
    media_url: str | None = None


def location_of(form: RequestForm, city: City) -> Location:
    """lat+long, address_string or address_id (an area code of the city) — one is required."""
    lat, lon = _coordinates(form)
    address = (form.address_string or "").strip() or None
    if form.address_id:
        if form.address_id not in city:
            raise Open311Refused(400, "address_id not found")
        found = city.location(form.address_id, address)
        return replace(found, lat=lat, lon=lon) if lat is not None else found
    if lat is None and address is None:
        raise Open311Refused(
            400, "a location is required: lat and long, address_string or address_id"
        )
    return Location(address=address, lat=lat, lon=lon)


def _coordinates(form: RequestForm) -> tuple[float | None, float | None]:
    if not form.lat and not form.long:
        return None, None
    try:
        lat, lon = float(form.lat or ""), float(form.long or "")
    except ValueError:
        raise Open311Refused(400, "lat and long must both be decimal degrees") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise Open311Refused(400, "lat/long out of range")
    return lat, lon


def petitioner_of(form: RequestForm, pii_key: str) -> Petitioner:
    name = " ".join(p.strip() for p in (form.first_name, form.last_name) if p and p.strip()) or None
    phone = None
    if form.phone and form.phone.strip():
        try:
            phone = normalise_phone(form.phone)
        except InvalidPhone:
            raise Open311Refused(
                400, "phone is not a mainland mobile or fixed-line number"
            ) from None
    identifier = phone or (form.email.strip().lower() if form.email else None)
    key = petitioner_key(identifier, pii_key) if identifier else None
    return Petitioner(
        name=name, phone=phone, anonymous=identifier is None and name is None, key=key
    )


def photos_of(form: RequestForm) -> tuple[str, ...]:
    if not form.media_url:
        return ()
    try:
        url = str(_URL.validate_python(form.media_url.strip()))
    except ValidationError:
        raise Open311Refused(400, "media_url must be an http(s) URL") from None
    if len(url) > URL_MAX:
        raise Open311Refused(400, f"media_url is longer than {URL_MAX} characters")
    return (url,)


def token_of(key_digest: str, items: Sequence[tuple[str, str]]) -> str:
    """The same client and the same form give the same token (the channel reference)."""
    canonical = "\x1e".join(f"{k}\x1f{v}" for k, v in sorted(items) if k != "api_key")
    return hashlib.sha256(f"{key_digest}\x1d{canonical}".encode()).hexdigest()[:32]


def received_from_open311(
    form: RequestForm,
    service: Service,
    attributes: dict[str, tuple[str, ...]],
    *,
    token: str,
    city: City,
    pii_key: str,
    now: datetime,
) -> PetitionReceived:
    description = (form.description or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise Open311Refused(400, f"description is longer than {DESCRIPTION_MAX} characters")
    return new_petition(
        Channel.OPEN311,
        token,
        event_time=now,
        now=now,
        text=description or service.name,
        title=service.name,
        category_hint=service.code,
        location=location_of(form, city),
        petitioner=petitioner_of(form, pii_key),
        photos=photos_of(form),
        attributes=attributes,
    )
