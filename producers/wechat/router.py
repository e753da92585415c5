"""The signed webhook: GET answers WeChat's server check, POST brings a report in.

Order of checks: signature, timestamp age, rate limit per client address, nonce replay;
then the body; then a rate limit per reporter (the QR code is anonymous by nature).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import PlainTextResponse

from jiesu.web.proxies import client_address
from producers.http.context import Accepted, Ctx
from producers.http.errors import IntakeError
from producers.http.submit import submit_petition
from producers.wechat.mapping import WechatReport, received_from_wechat
from producers.wechat.signature import signature_refusal

router = APIRouter(prefix="/wechat", tags=["WeChat mini-program / QR code"])

_MESSAGES = {
    "bad_signature": ("signature does not match", "签名校验失败"),
    "stale_timestamp": ("timestamp too old or in the future", "时间戳已过期"),
    "replayed_nonce": ("nonce already used", "请求已被使用（重放）"),
    "not_configured": ("the WeChat channel is not configured", "微信渠道未配置"),
}


def _refuse(code: str) -> IntakeError:
    english, chinese = _MESSAGES[code]
    return IntakeError(403, code, english, chinese)


IP_FACTOR = 6
"""One address may carry several reporters (a shared network): it gets six times the rate."""


def _per_minute(ctx: Ctx, factor: int = 1) -> str:
    return f"{ctx.credentials.wechat_per_minute * factor}/minute"


def _signed(
    ctx: Ctx,
    request: Request,
    signature: Annotated[str, Query(max_length=64)],
    timestamp: Annotated[str, Query(max_length=20)],
    nonce: Annotated[str, Query(max_length=64)],
) -> None:
    token = ctx.credentials.wechat_token
    if not token:
        raise _refuse("not_configured")
    max_age = ctx.credentials.wechat_max_age_s
    reason = signature_refusal(token, signature, timestamp, nonce, ctx.clock().timestamp(), max_age)
    if reason is not None:
        raise _refuse(reason)
    ctx.limiter.hit(_per_minute(ctx, IP_FACTOR), "wechat-address", client_address(request))
    window = timedelta(seconds=2 * max_age)
    if not ctx.intake.store.first_sight_of_nonce(f"wechat:{nonce}", ctx.clock(), window):
        raise _refuse("replayed_nonce")


Signed = Annotated[None, Depends(_signed)]


@router.get("/webhook", response_class=PlainTextResponse)
def verify_server(_: Signed, echostr: Annotated[str, Query(max_length=128)]) -> str:
    """WeChat's server check: echo ``echostr`` when the signature is right."""
    return echostr


@router.post("/webhook", status_code=202, response_model=Accepted)
async def post_report(report: WechatReport, _: Signed, ctx: Ctx, response: Response) -> Accepted:
    """A report from the mini-program; 202 once the broker holds it."""
    now = ctx.clock()
    return await submit_petition(
        ctx,
        response,
        lambda: received_from_wechat(report, city=ctx.city, pii_key=ctx.settings.pii_key, now=now),
        lambda event: ctx.limiter.hit(
            _per_minute(ctx), "wechat-reporter", str(event.petitioner.key)
        ),
    )
