"""Signing WeChat webhook requests as WeChat does, for the tests."""

from __future__ import annotations

import time
import uuid

from producers.wechat.signature import wechat_signature


def signed(token: str, timestamp: int | None = None, nonce: str | None = None) -> dict[str, str]:
    ts = str(timestamp if timestamp is not None else int(time.time()))
    nonce = nonce or uuid.uuid4().hex
    return {"signature": wechat_signature(token, ts, nonce), "timestamp": ts, "nonce": nonce}
