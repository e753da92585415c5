"""Open311 documents: XML with the declaration, JSON, times with zone, the error list."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import pytest

from producers.open311.render import error_response, respond, w3c
from producers.open311.submit import Open311Refused
from producers.open311.views import MAX_REQUESTS, request_query

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


def test_times_carry_the_china_offset() -> None:
    assert w3c(datetime(2026, 11, 22, 1, 15, 30, tzinfo=UTC)) == "2026-11-22T09:15:30+08:00"
    assert w3c(datetime(2026, 11, 22, 1, 15, 30)) == "2026-11-22T09:15:30+08:00"


def test_xml_has_the_utf8_declaration_and_singular_children() -> None:
    response = respond(
        "xml",
        "services",
        [{"service_code": "sanitation", "service_name": "环境卫生", "metadata": True}],
    )
    assert response.media_type == "text/xml; charset=utf-8"
    body = bytes(response.body)
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(body)
    assert root.tag == "services"
    service = root.find("service")
    assert service is not None
    assert service.findtext("service_name") == "环境卫生"
    assert service.findtext("metadata") == "true"


def test_the_error_list_in_both_formats() -> None:
    as_json = error_response("json", 403, "api_key missing or invalid")
    assert as_json.status_code == 403
    assert json.loads(bytes(as_json.body)) == [
        {"code": 403, "description": "api_key missing or invalid"}
    ]
    root = ET.fromstring(bytes(error_response("xml", 400, "bad").body))
    assert (root.tag, root.findtext("error/code"), root.findtext("error/description")) == (
        "errors",
        "400",
        "bad",
    )


def test_the_default_window_is_the_last_90_days() -> None:
    query = request_query(NOW)
    assert query.end == NOW
    assert query.start is not None
    assert (NOW - query.start).days == 90
    assert query.limit == MAX_REQUESTS
    assert query.closed is None


def test_ids_override_every_other_filter() -> None:
    query = request_query(NOW, service_request_id="a, b", service_code="x", status="closed")
    assert query.ids == ("a", "b")
    assert query.service_codes == ()
    assert query.closed is None


def test_status_and_dates_are_checked() -> None:
    assert request_query(NOW, status="closed").closed is True
    assert request_query(NOW, status="open,closed").closed is None
    with pytest.raises(Open311Refused):
        request_query(NOW, status="pending")
    with pytest.raises(Open311Refused, match="time zone"):
        request_query(NOW, start_date="2026-11-01T00:00:00")
    with pytest.raises(Open311Refused):
        request_query(NOW, start_date="2026-11-20T00:00:00Z", end_date="2026-11-01T00:00:00Z")


def test_dates_far_out_of_range_are_a_400_not_a_crash() -> None:
    with pytest.raises(Open311Refused, match="out of range"):
        request_query(NOW, end_date="0001-01-01T00:00:00+00:00")
    with pytest.raises(Open311Refused, match="out of range"):
        request_query(NOW, start_date="9999-12-31T23:00:00+00:00")
