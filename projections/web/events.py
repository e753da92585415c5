"""``GET /api/changes``: the change feed as server-sent events.

Each event says only which entity changed (``entity``, ``id``, ``op``, and ``petition_id``
when the row names one); the page refetches the JSON it shows. Row data is not forwarded,
so nothing reaches a browser that the JSON API would not serve. The first event, ``ready``,
tells the page the feed is positioned: what it fetches after that cannot miss a change.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from sse_starlette.sse import EventSourceResponse

from projections.web import metrics
from projections.web.feed import ChangeFeed

router = APIRouter(tags=["changes"])
READY_WAIT_S = 30.0
PING_S = 15


@router.get("/api/changes", summary="Server-sent events: one per committed read-model change")
async def changes(request: Request) -> EventSourceResponse:
    feed: ChangeFeed = request.app.state.feed
    return EventSourceResponse(_stream(request, feed), ping=PING_S)


async def _stream(request: Request, feed: ChangeFeed) -> AsyncIterator[dict[str, str]]:
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
            yield {"event": "change", "data": json.dumps(summary(change), ensure_ascii=False)}
    finally:
        metrics.SSE_CLIENTS.dec()
        feed.unsubscribe(queue)


def summary(change: dict[str, Any]) -> dict[str, str]:
    """What a browser is told of one change: which entity, which id, what happened, and
    the petition it concerns when the row names one (a timeline entry, a whistle)."""
    told = {key: str(change.get(key, "")) for key in ("entity", "id", "op")}
    data = change.get("data")
    if isinstance(data, dict) and isinstance(data.get("petition_id"), str):
        told["petition_id"] = data["petition_id"]
    return told
