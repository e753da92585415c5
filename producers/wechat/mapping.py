"""A mini-program / QR report → ``PetitionReceived``; the openid is personal data.

The channel reference is the keyed hash of the openid plus the client's own id of the report,
so the openid itself never travels in references, read models or logs.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, Field

from jiesu.domain.city import City
from jiesu.domain.events import Channel, Petitioner, PetitionReceived
from jiesu.domain.ids import derived_id, petition_id_for
from jiesu.domain.privacy import petitioner_key
from producers.forms import PetitionForm, Phone, Ref, event_time_of, location_of, photos_of

ACTOR = "channel:mini_program"


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
    petition_id = petition_id_for(Channel.MINI_PROGRAM.value, ref)
    return PetitionReceived(
        event_id=derived_id("received", petition_id),
        petition_id=petition_id,
        event_time=event_time_of(report.captured_at, now, "captured_at"),
        recorded_time=now,
        actor=ACTOR,
        correlation_id=petition_id,
        channel=Channel.MINI_PROGRAM,
        channel_ref=ref,
        text=report.text,
        title=report.title,
        category_hint=report.category_hint,
        location=location_of(report.place, city),
        petitioner=Petitioner(openid=report.openid, phone=report.phone, key=key),
        photos=photos_of(report),
    )
