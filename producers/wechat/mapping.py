"""A mini-program / QR report → ``PetitionReceived``; the openid is personal data.

The channel reference is the keyed hash of the openid plus the client's own id of the report,
so the openid itself never travels in references, read models or logs.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, Field

from jiesu.domain.city import City
from jiesu.domain.events import Channel, Petitioner, PetitionReceived
from jiesu.domain.privacy import petitioner_key
from producers.forms import (
    PetitionForm,
    Phone,
    Ref,
    event_time_of,
    location_of,
    new_petition,
    photos_of,
)


class WechatReport(PetitionForm):
    """One tap in the mini-program: what, where, photos, when it was captured."""

    openid: str = Field(
        min_length=1,
        max_length=64,
        pattern=r"^[\w\-]+$",
        description="WeChat openid (personal data)",
    )
    client_id: Ref = Field(description="the mini-program's own id of this report")
    captured_at: AwareDatetime | None = Field(default=None, description="when the report was made")
    phone: Phone = Field(default=None, description="optional contact phone (personal data)")


def received_from_wechat(
    report: WechatReport, *, city: City, pii_key: str, now: datetime
) -> PetitionReceived:
    key = petitioner_key(report.openid, pii_key)
    ref = f"{key}:{report.client_id}"
    return new_petition(
        Channel.MINI_PROGRAM,
        ref,
        event_time=event_time_of(report.captured_at, now, "captured_at"),
        now=now,
        text=report.text,
        title=report.title,
        category_hint=report.category_hint,
        location=location_of(report.place, city),
        petitioner=Petitioner(openid=report.openid, phone=report.phone, key=key),
        photos=photos_of(report),
    )
