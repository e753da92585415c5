"""``/healthz``: the database answers; whether the read models exist and changes stream."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import inspect, text

from projections.web.api import EngineDep

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    summary="200 when the database answers; says if read models exist and changes stream",
)
def healthz(request: Request, engine: EngineDep) -> dict[str, Any]:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return {
        "status": "ok",
        "database": "ok",
        "read_models": inspect(engine).has_table("petitions"),
        "changes": request.app.state.feed.ready.is_set(),
    }
