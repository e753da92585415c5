"""Guarantees every endpoint shares: size limits, no personal data in logs, OpenAPI for all."""

from __future__ import annotations

import logging

import pytest

from tests.intake_samples import ORDER
from tests.integration.test_intake_support import Harness, harness

__all__ = ["harness"]


def test_a_huge_body_is_refused_before_it_is_read(harness: Harness) -> None:
    body = b'{"text": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    answer = harness.client.post(
        "/hotline/work-orders",
        content=body,
        headers=harness.auth("hotline_key") | {"Content-Type": "application/json"},
    )
    assert answer.status_code == 413
    assert answer.json()["message_zh"].startswith("请求内容超过")
    assert harness.events() == []


def test_a_text_over_the_limit_names_the_field(harness: Harness) -> None:
    long = ORDER | {"text": "很长" * 1001}
    answer = harness.client.post(
        "/hotline/work-orders", json=long, headers=harness.auth("hotline_key")
    )
    assert answer.status_code == 422
    (error,) = answer.json()["errors"]
    assert (error["field"], error["reason"]) == ("text", "string_too_long")
    assert error["message_zh"] == "内容过长"


def test_personal_data_never_reaches_the_logs(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    harness.client.post("/hotline/work-orders", json=ORDER, headers=harness.auth("hotline_key"))
    bad = ORDER | {"call_id": "C-X", "caller": {"name": "王女士", "phone": "1380013"}}
    harness.client.post("/hotline/work-orders", json=bad, headers=harness.auth("hotline_key"))
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("kafka"))
    assert "accepted petition" in logged
    for secret in ("13800138000", "138-0013-8000", "1380013", "王女士"):
        assert secret not in logged


def test_the_openapi_document_describes_every_channel(harness: Harness) -> None:
    paths = harness.client.get("/openapi.json").json()["paths"]
    expected = {
        "/hotline/work-orders",
        "/wechat/webhook",
        "/grid/reports",
        "/grid/reports/batch",
        "/walk-in/petitions",
        "/open311/v2/discovery.{fmt}",
        "/open311/v2/services.{fmt}",
        "/open311/v2/services/{service_code}.{fmt}",
        "/open311/v2/requests.{fmt}",
        "/open311/v2/requests/{service_request_id}.{fmt}",
        "/petitions/{petition_id}/accept",
        "/petitions/{petition_id}/return",
        "/petitions/{petition_id}/resolve",
        "/petitions/{petition_id}/department-report",
        "/petitions/{petition_id}/feedback",
        "/petitions/{petition_id}/commands/{command_id}",
    }
    assert expected <= set(paths)
    post = paths["/open311/v2/requests.{fmt}"]["post"]
    assert "application/x-www-form-urlencoded" in post["requestBody"]["content"]


def test_the_api_documentation_needs_no_internet(harness: Harness) -> None:
    """A city's network often has no route to a CDN: Swagger UI's files come from the app."""
    page = harness.client.get("/docs")
    assert page.status_code == 200
    assert "cdn." not in page.text
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"/static-offline-docs/{asset}" in page.text
        assert harness.client.get(f"/static-offline-docs/{asset}").status_code == 200
