"""The edge guard, the rate limiter, the production secrets and the export's cells, alone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from starlette.responses import JSONResponse, Response
from starlette.types import Scope

from jiesu.config import ConfigError
from jiesu.production import require_secrets
from jiesu.settings import Settings
from jiesu.web.edge import EdgeGuard, Refusal
from jiesu.web.hostile import in_json, in_pairs
from jiesu.web.ratelimit import RateLimited, RateLimiter
from projections.export_redaction import neutralised, redacted_rows


def refuse(scope: Scope, refusal: Refusal) -> Response:
    fields = [p.field for p in refusal.problems]
    return JSONResponse({"code": refusal.code, "fields": fields}, status_code=refusal.status)


@pytest.fixture
def client() -> Iterator[TestClient]:
    app = FastAPI()

    @app.post("/echo")
    async def echo(request: Request) -> dict[str, Any]:
        return {"size": len(await request.body())}

    @app.get("/q")
    def query(q: str = "") -> dict[str, str]:
        return {"q": q}

    app.add_middleware(EdgeGuard, refuse=refuse, max_bytes=1000)
    with TestClient(app) as made:
        yield made


def test_a_body_over_the_cap_is_413_with_or_without_a_declared_length(client) -> None:
    assert client.post("/echo", content=b"x" * 1001).status_code == 413

    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield b"y" * 100

    streamed = client.post("/echo", content=chunks())
    assert streamed.status_code == 413
    assert streamed.json()["code"] == "too_large"
    assert client.post("/echo", content=b"x" * 1000).json() == {"size": 1000}


def test_control_characters_and_lone_surrogates_are_422_with_the_field(client) -> None:
    body = b'{"text": "ok", "place": {"address": "a\\u0000b"}}'
    answer = client.post("/echo", content=body, headers={"content-type": "application/json"})
    assert answer.status_code == 422
    assert answer.json() == {"code": "invalid_request", "fields": ["place.address"]}
    assert client.get("/q", params={"q": "x\x07"}).json()["fields"] == ["q"]
    newline_and_tab = b'{"text": "line\\none\\tand CRLF\\r\\n"}'
    json_type = {"content-type": "application/json"}
    fine = client.post("/echo", content=newline_and_tab, headers=json_type)
    assert fine.status_code == 200


def test_what_the_guard_finds_in_json_and_forms() -> None:
    assert [h.reason for h in in_json(b'{"a": ["\\ud800"]}')] == ["lone_surrogate"]
    assert [h.field for h in in_json(b'{"a": ["ok", "\\u001b[31m"]}')] == ["a.1"]
    assert in_json('{"a": "\\ud83d\\ude00 春"}'.encode()) == []
    assert [h.field for h in in_pairs("description=x%00y&lat=1")] == ["description"]
    assert in_pairs("q=%E6%98%A5") == []


def test_the_limiter_counts_per_key_and_says_when_to_retry() -> None:
    limiter = RateLimiter()
    for _ in range(2):
        limiter.hit("2/minute", "key", "a")
    limiter.hit("2/minute", "key", "b")
    with pytest.raises(RateLimited) as refused:
        limiter.hit("2/minute", "key", "a")
    assert 1 <= refused.value.retry_after <= 60


def test_a_bad_limit_or_storage_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="not a rate limit"):
        RateLimiter().hit("lots", "key", "a")
    with pytest.raises(ConfigError, match="storage"):
        RateLimiter("nowhere://")


def test_outside_development_a_missing_or_short_secret_stops_a_service() -> None:
    with pytest.raises(ConfigError, match=r"JIESU_PII_KEY is not set.*jiesu secret"):
        require_secrets(Settings(), "pii_key")
    with pytest.raises(ConfigError, match="JIESU_SESSION_SECRET is too short"):
        require_secrets(Settings(session_secret="short"), "session_secret")
    real = Settings(pii_key="k" * 40, session_secret="s" * 40)
    require_secrets(real, "pii_key", "session_secret")
    require_secrets(Settings(development=True), "pii_key", "session_secret")


def test_export_rows_are_redacted_and_csv_cells_cannot_start_a_formula() -> None:
    rows = [
        {
            "title": '=HYPERLINK("http://x")',
            "text": "电话 138-0013-8000",
            "channel_ref": "k:1",
            "count": -3,
            "payload": json.dumps(
                {"petitioner": {"key": "abc", "phone": "138****8000"}, "text": "13800138000"}
            ),
            "event_type": "PetitionReceived",
        }
    ]
    out = neutralised(redacted_rows(rows))[0]
    assert out["title"].startswith("'=")
    assert out["text"] == "电话 138****8000"
    assert "channel_ref" not in out
    assert out["count"] == -3
    assert '"key"' not in out["payload"]
    assert "13800138000" not in out["payload"]
    for start in ("+1", "-1+1", "@SUM(A1)", "\tx"):
        assert neutralised([{"c": start}])[0]["c"] == "'" + start
