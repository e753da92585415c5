"""What every channel's petition looks like on the way in: limits, place, person, photos.

The pydantic models only check shape and size; turning them into the domain's ``Location``
and ``Petitioner`` (city lookups, phone normalisation, keyed hashes) happens in the functions
below, which raise :class:`InputRejected` with field errors, so the hotline import can reuse
them row by row without HTTP.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, StringConstraints
from pydantic_core import PydanticCustomError

from jiesu.domain.city import City
from jiesu.domain.events import Channel, Location, Petitioner, PetitionReceived
from jiesu.domain.ids import derived_id, petition_id_for
from jiesu.domain.privacy import InvalidPhone, normalise_phone, petitioner_key
from producers.http.errors import FieldError, field_error

TEXT_MAX = 2000
TITLE_MAX = 100
PHOTOS_MAX = 9
URL_MAX = 1024
CLOCK_SKEW = timedelta(minutes=5)
EARLIEST_YEAR = 2000


class InputRejected(Exception):
    """Input that cannot become a petition; ``errors`` name each field and reason."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message_en}" for e in errors))
        self.errors = errors


def _phone(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    try:
        return normalise_phone(raw)
    except InvalidPhone:
        raise PydanticCustomError(
            "invalid_phone", "not a mainland mobile or fixed-line number"
        ) from None


def _url(url: HttpUrl) -> HttpUrl:
    if len(str(url)) > URL_MAX:
        raise PydanticCustomError(
            "url_too_long", "URL longer than {max} characters", {"max": URL_MAX}
        )
    return url


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Ref = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[\w.:\-]+$"),
]
Phone = Annotated[str | None, Field(default=None, max_length=32), AfterValidator(_phone)]
PhotoUrl = Annotated[HttpUrl, AfterValidator(_url)]


class Place(BaseModel):
    """Where: an area code of the city model (grid … district), an address, coordinates."""

    model_config = ConfigDict(extra="forbid")

    area: str | None = Field(default=None, max_length=64, pattern=r"^[a-z0-9]+(\.[a-z0-9]+){0,4}$")
    address: str | None = Field(default=None, max_length=200)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)


class Person(BaseModel):
    """Who: personal data, kept in the event only, never in logs or answers in clear."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=50)
    phone: Phone = None
    anonymous: bool = False


class PetitionForm(BaseModel):
    """The fields every channel shares."""

    model_config = ConfigDict(extra="forbid")

    text: Text = Field(description="诉求内容 / what the petition is about")
    title: Title | None = None
    category_hint: Short | None = Field(default=None, description="a category id or name")
    place: Place = Field(default_factory=Place)
    photos: list[PhotoUrl] = Field(default_factory=list, max_length=PHOTOS_MAX)


def location_of(place: Place, city: City, path: str = "place") -> Location:
    """The domain location; an unknown area code or no place at all is refused."""
    if (place.lat is None) != (place.lon is None):
        raise InputRejected(
            [field_error(f"{path}.lat", "location_required", "lat and lon go together")]
        )
    if place.area:
        if place.area not in city:
            raise InputRejected([field_error(f"{path}.area", "unknown_area", "unknown area code")])
        found = city.location(place.area, place.address)
        if place.lat is not None:
            found = replace(found, lat=place.lat, lon=place.lon)
        return found
    if place.address or place.lat is not None:
        return Location(address=place.address, lat=place.lat, lon=place.lon)
    raise InputRejected(
        [field_error(path, "location_required", "an area, address or lat/lon is required")]
    )


def petitioner_of(person: Person | None, pii_key: str) -> Petitioner:
    """The petitioner with a keyed hash of the phone (to spot repeat petitioners)."""
    if person is None or (person.phone is None and person.name is None):
        return Petitioner(anonymous=True)
    key = petitioner_key(person.phone, pii_key) if person.phone else None
    return Petitioner(name=person.name, phone=person.phone, anonymous=person.anonymous, key=key)


def event_time_of(moment: datetime | None, now: datetime, path: str) -> datetime:
    """A caller's time in UTC; later than now (beyond clock skew) is refused."""
    if moment is None:
        return now
    if moment.tzinfo is None:
        raise InputRejected([field_error(path, "timezone_aware", "time zone required")])
    if moment.year < EARLIEST_YEAR:
        raise InputRejected([field_error(path, "past_time", f"time before {EARLIEST_YEAR}")])
    if moment - now > CLOCK_SKEW:
        raise InputRejected([field_error(path, "future_time", "time is in the future")])
    return moment.astimezone(UTC)


def photos_of(form: PetitionForm) -> tuple[str, ...]:
    return tuple(str(url) for url in form.photos)


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_petition(
    channel: Channel, ref: str, *, event_time: datetime, now: datetime, **fields: Any
) -> PetitionReceived:
    """The envelope every channel shares: the petition and event ids are named after the
    channel's own reference, so a retried report names the same petition and the same fact."""
    petition_id = petition_id_for(channel.value, ref)
    return PetitionReceived(
        event_id=derived_id("received", petition_id),
        petition_id=petition_id,
        event_time=event_time,
        recorded_time=now,
        actor=f"channel:{channel.value.lower()}",
        correlation_id=petition_id,
        channel=channel,
        channel_ref=ref,
        **fields,
    )
