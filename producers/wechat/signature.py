"""WeChat's request signature: SHA-1 of the sorted token, timestamp and nonce, joined.

Pure functions, so the rule (and its replay window) is tested without HTTP.
"""

from __future__ import annotations

import hashlib
import hmac


def wechat_signature(token: str, timestamp: str, nonce: str) -> str:
    """The signature WeChat sends: sha1(''.join(sorted([token, timestamp, nonce])))."""
    return hashlib.sha1("".join(sorted([token, timestamp, nonce])).encode()).hexdigest()


def signature_refusal(
    token: str, signature: str, timestamp: str, nonce: str, now: float, max_age_s: int
) -> str | None:
    """Why a signed request is refused ('bad_signature', 'stale_timestamp'), or None."""
    expected = wechat_signature(token, timestamp, nonce)
    if not hmac.compare_digest(expected.encode(), signature.lower().encode()):
        return "bad_signature"
    try:
        sent = int(timestamp)
    except ValueError:
        return "bad_signature"
    if abs(now - sent) > max_age_s:
        return "stale_timestamp"
    return None
