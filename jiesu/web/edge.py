"""The first thing every request meets: a cap on its body and a check of its characters.

The body is read here, up to ``max_bytes``, before any route sees it: a body over the cap is
answered 413 whether it declared its length or streamed in chunks (once a framework is
parsing a body it turns any failure into a 400), and the body is then handed on as it came.
Path, query and JSON or form bodies are checked for refused characters (:mod:`hostile`),
answered 422 with the field. Each app says how its refusals look (``Refuse``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jiesu.web.hostile import Hostile, in_form, in_json, in_pairs, in_path

MAX_BODY_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Refusal:
    """What the edge refuses: a status, a code and messages, and the fields at fault."""

    status: int
    code: str
    message_en: str
    message_zh: str
    problems: tuple[Hostile, ...] = ()


Refuse = Callable[[Scope, Refusal], Response]


def too_large(limit: int) -> Refusal:
    return Refusal(
        413,
        "too_large",
        f"request body larger than {limit} bytes",
        f"请求内容超过 {limit} 字节上限",
    )


def hostile(problems: list[Hostile]) -> Refusal:
    return Refusal(
        422,
        "invalid_request",
        "control characters and lone surrogates are not allowed",
        "内容含有不允许的控制字符",
        tuple(problems),
    )


class EdgeGuard:
    """Answers 413 to bodies over ``max_bytes`` and 422 to refused characters."""

    def __init__(self, app: ASGIApp, refuse: Refuse, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.refuse = refuse
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._answer(scope, receive, send, too_large(self.max_bytes))
            return
        body = await _read(receive, self.max_bytes)
        if body is None:
            await self._answer(scope, receive, send, too_large(self.max_bytes))
            return
        problems = _problems(scope, headers.get(b"content-type", b""), body)
        if problems:
            await self._answer(scope, receive, send, hostile(problems))
            return
        await self.app(scope, _replay(body, receive), send)

    async def _answer(self, scope: Scope, receive: Receive, send: Send, refusal: Refusal) -> None:
        await self.refuse(scope, refusal)(scope, receive, send)


async def _read(receive: Receive, limit: int) -> bytes | None:
    """The whole body, or None once it passes ``limit`` (the rest is not read)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Callable[[], Awaitable[Message]]:
    """The body in one message, then the real channel (for disconnects)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def _problems(scope: Scope, content_type: bytes, body: bytes) -> list[Hostile]:
    found = in_path(scope.get("path", ""))
    query = scope.get("query_string", b"")
    if query:
        found += in_pairs(query.decode("utf-8", "replace"))
    kind = content_type.split(b";", 1)[0].strip().lower()
    if body and (kind in (b"", b"application/json") or kind.endswith(b"+json")):
        found += in_json(body)
    elif body and kind == b"application/x-www-form-urlencoded":
        found += in_form(body)
    return found
