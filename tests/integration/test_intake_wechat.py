"""The signed mini-program / QR webhook, end to end through the real broker."""

from __future__ import annotations

import time
import uuid

from jiesu.domain.events import Channel, PetitionReceived
from jiesu.domain.privacy import petitioner_key
from producers.wechat.signature import wechat_signature
from tests.intake_samples import REPORT
from tests.integration.test_intake_support import Harness, harness

__all__ = ["harness"]


def signed(token: str, timestamp: int | None = None, nonce: str | None = None) -> dict[str, str]:
    ts = str(timestamp if timestamp is not None else int(time.time()))
    nonce = nonce or uuid.uuid4().hex
    return {"signature": wechat_signature(token, ts, nonce), "timestamp": ts, "nonce": nonce}


def test_a_signed_report_is_published_with_the_openid_as_personal_data(harness: Harness) -> None:
    token = harness.secrets["wechat_token"]
    answer = harness.client.post("/wechat/webhook", params=signed(token), json=REPORT)
    assert answer.status_code == 202, answer.text
    assert REPORT["openid"] not in answer.text
    (event,) = harness.events()
    assert isinstance(event, PetitionReceived)
    assert event.channel is Channel.MINI_PROGRAM
    assert event.petitioner.openid == REPORT["openid"]
    assert event.petitioner.key == petitioner_key(REPORT["openid"], harness.settings.pii_key)
    assert REPORT["openid"] not in event.channel_ref
    assert event.photos == ("https://img.example.cn/wx/1.jpg",)
    assert event.location.lat == 36.81
    assert event.location.compound == "zd.cz.cg.c02"
    assert event.event_time.isoformat() == "2026-11-22T00:00:00+00:00"


def test_a_replayed_nonce_is_rejected(harness: Harness) -> None:
    params = signed(harness.secrets["wechat_token"])
    first = harness.client.post("/wechat/webhook", params=params, json=REPORT)
    replay = harness.client.post(
        "/wechat/webhook", params=params, json=REPORT | {"client_id": "r-2"}
    )
    assert first.status_code == 202
    assert (replay.status_code, replay.json()["error"]) == (403, "replayed_nonce")
    assert len(harness.events()) == 1


def test_the_same_report_resent_is_a_duplicate(harness: Harness) -> None:
    token = harness.secrets["wechat_token"]
    first = harness.client.post("/wechat/webhook", params=signed(token), json=REPORT)
    again = harness.client.post("/wechat/webhook", params=signed(token), json=REPORT)
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["status"] == "duplicate"
    assert len(harness.events()) == 1


def test_one_reporter_is_rate_limited(harness: Harness) -> None:
    token = harness.secrets["wechat_token"]
    codes = [
        harness.client.post(
            "/wechat/webhook", params=signed(token), json=REPORT | {"client_id": f"c{i}"}
        ).status_code
        for i in range(11)
    ]
    assert codes[:10] == [202] * 10
    assert codes[10] == 429
    assert len(harness.events()) == 10
