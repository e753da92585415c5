"""Credentials at the intake: who holds a key, rate limits per key and per address.

A request with a valid key is counted against that key's limit; one without (or with a
wrong key) against its client address, so guessing keys is slowed down as well. What a key
names (agent, clerk, unit, person) is the truth: a body may repeat it, never change it.
"""

from __future__ import annotations

from typing import TypeVar

from fastapi import Request

from jiesu.web.proxies import client_address
from producers.credentials import digest
from producers.http.context import IntakeContext
from producers.http.errors import IntakeError, unauthorized

T = TypeVar("T")


def admit(
    ctx: IntakeContext, request: Request, token: str | None, holder: T | None, what: str
) -> T:
    """``holder`` (what the key stands for), counted; 401 (or 429) when there is none."""
    if holder is None:
        ctx.limiter.hit(ctx.settings.rate_limit_address, "auth", client_address(request))
        raise unauthorized(f"a valid {what} is required", f"需要有效的{_ZH.get(what, what)}")
    ctx.limiter.hit(ctx.settings.rate_limit_key, "key", digest(token or ""))
    return holder


def public(ctx: IntakeContext, request: Request) -> None:
    """Count an anonymous request against its client address."""
    ctx.limiter.hit(ctx.settings.rate_limit_public, "public", client_address(request))


def same_as_credential(claims: dict[str, str | None], truth: dict[str, str | None]) -> None:
    """403 when a body names someone else than the credential does."""
    for name, given in claims.items():
        if given is not None and given != truth.get(name):
            raise IntakeError(
                403,
                "identity_mismatch",
                f"{name} comes from your credential ({truth.get(name) or 'none'}); leave it out",
                f"{name} 由凭证决定，请勿在请求中填写其他值",
            )


_ZH = {
    "hotline key": "热线密钥",
    "walk-in key": "窗口密钥",
    "worker token": "网格员令牌",
    "handler key": "办理单位密钥",
}
