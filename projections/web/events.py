"""``GET /api/changes``: the change feed as server-sent events, filtered by the viewer's scope.

Each event says only which entity changed (``entity``, ``id``, ``op``, and ``petition_id``
when the row names one); the page refetches the JSON it shows. Row data is not forwarded,
and a change outside the viewer's scope is not told at all, so nothing reaches a browser
that the JSON API would not serve it. The first event, ``ready``, tells the page the feed
is positioned: what it fetches after that cannot miss a change. Streams are capped per
process (``JIESU_SSE_MAX_CONNECTIONS``) and per account (``JIESU_SSE_MAX_PER_ACCOUNT``).
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from sse_starlette.sse import EventSourceResponse

from jiesu.accounts.account import Account
from jiesu.settings import Settings
from jiesu.web.ratelimit import RateLimited
from projections.web import metrics
from projections.web.access import Viewer
from projections.web.feed import ChangeFeed
from projections.web.feedscope import FeedScope

router = APIRouter(tags=["changes"])
READY_WAIT_S = 30.0
PING_S = 15
RETRY_S = 30


class Streams:
    """Open streams, in all and per account (one event loop: no lock needed)."""

    def __init__(self) -> None:
        self.per_account: Counter[str] = Counter()

    def check(self, settings: Settings, account: Account) -> None:
        """429 when the server or the account has as many streams open as allowed."""
        if sum(self.per_account.values()) >= settings.sse_max_connections:
            raise RateLimited(RETRY_S, "change streams of this server")
        if self.per_account[account.username] >= settings.sse_max_per_account:
            raise RateLimited(RETRY_S, "change streams of this account")

    def enter(self, account: Account) -> None:
        self.per_account[account.username] += 1

    def close(self, account: Account) -> None:
        self.per_account[account.username] -= 1
        if self.per_account[account.username] <= 0:
            del self.per_account[account.username]


@router.get("/api/changes", summary="Server-sent events: one per committed change in scope")
async def changes(request: Request, viewer: Viewer) -> EventSourceResponse:
    streams: Streams = request.app.state.streams
    streams.check(request.app.state.settings, viewer)
    return EventSourceResponse(_stream(request, viewer, streams), ping=PING_S)


async def _stream(
    request: Request, viewer: Account, streams: Streams
) -> AsyncIterator[dict[str, str]]:
    feed: ChangeFeed = request.app.state.feed
    scope: FeedScope = request.app.state.feed_scope
    streams.enter(viewer)  # counted while the stream runs: its finally always uncounts it
    queue = feed.subscribe()
    metrics.SSE_CLIENTS.inc()
    try:
        await asyncio.to_thread(feed.ready.wait, READY_WAIT_S)
        yield {"event": "ready", "data": json.dumps({"live": feed.ready.is_set()})}
        while not await request.is_disconnected():
            try:
                change = await asyncio.wait_for(queue.get(), timeout=1.0)
            except TimeoutError:
                continue
            scope.learn(change)
            if await asyncio.to_thread(scope.visible, viewer.scope, change):
                yield {"event": "change", "data": json.dumps(summary(change), ensure_ascii=False)}
    finally:
        metrics.SSE_CLIENTS.dec()
        feed.unsubscribe(queue)
        streams.close(viewer)


def summary(change: dict[str, Any]) -> dict[str, str]:
    """What a browser is told of one change: which entity, which id, what happened, and
    the petition it concerns when the row names one (a timeline entry, a whistle)."""
    told = {key: str(change.get(key, "")) for key in ("entity", "id", "op")}
    data = change.get("data")
    if isinstance(data, dict) and isinstance(data.get("petition_id"), str):
        told["petition_id"] = data["petition_id"]
    return told
