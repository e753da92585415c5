"""What an action answers: the command's outcome, or where to find it later."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import Response
from pydantic import BaseModel

from jiesu.domain.events import ActionRejected, Event
from producers.http.errors import IntakeError


class ActionAccepted(BaseModel):
    """The answer to an action: ``recorded`` (200, ``event_id`` is the fact's) or ``pending``
    (202: the processor has not decided yet; ``status_url`` gives the outcome)."""

    petition_id: str
    command_id: str
    outcome: Literal["recorded", "pending"]
    event_id: str | None
    action: str | None
    acted_by: str | None
    status_url: str | None = None
    message_en: str = "action recorded"
    message_zh: str = "操作已记录"


def answer(
    petition_id: str,
    command_id: str,
    outcome: Event | None,
    response: Response,
    command: Event | None = None,
) -> ActionAccepted:
    """The outcome as the HTTP answer: 200 recorded, 409 refused, 202 not decided yet."""
    if isinstance(outcome, ActionRejected):
        reason = outcome.reason
        raise IntakeError(409, "action_refused", reason, f"当前状态不允许此操作：{reason}")
    said = command or outcome
    fields: dict[str, Any] = {
        "petition_id": petition_id,
        "command_id": command_id,
        "action": type(said).__name__ if said is not None else None,
        "acted_by": getattr(said, "acted_by", None),
    }
    if outcome is not None:
        return ActionAccepted(**fields, outcome="recorded", event_id=outcome.event_id)
    response.status_code = 202
    return ActionAccepted(
        **fields,
        outcome="pending",
        event_id=None,
        status_url=f"/petitions/{petition_id}/commands/{command_id}",
        message_en="action received; not decided yet",
        message_zh="操作已提交，尚待处理",
    )
