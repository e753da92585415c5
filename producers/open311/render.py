"""Open311 answers in XML (the spec's required format) and JSON, UTF-8, times with zone.

One generic writer: dicts become elements, lists repeat a singular child tag, ``None`` an
empty element, booleans ``true``/``false`` and datetimes W3C/ISO 8601 with a +08:00 offset.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from fastapi import Response

from jiesu.domain.chinatime import CHINA

XML_TYPE = "text/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
_CHILD = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "service_requests": "request",
    "errors": "error",
}


def w3c(moment: datetime | None) -> str | None:
    """A time zone-aware timestamp in China time (UTC+8), to the second."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(CHINA).isoformat(timespec="seconds")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return w3c(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _element(tag: str, value: Any) -> ET.Element:
    element = ET.Element(tag)
    if isinstance(value, dict):
        for key, child in value.items():
            element.append(_element(key, child))
    elif isinstance(value, list):
        for child in value:
            element.append(_element(_CHILD.get(tag, "item"), child))
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)
    return element


def xml_bytes(root: str, value: Any) -> bytes:
    body = ET.tostring(_element(root, _plain(value)), encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode("utf-8")


def respond(fmt: str, root: str, value: Any, status: int = 200) -> Response:
    """The same document as XML (root element ``root``) or as JSON (without the root)."""
    if fmt == "json":
        content = json.dumps(_plain(value), ensure_ascii=False).encode("utf-8")
        return Response(content, status_code=status, media_type=JSON_TYPE)
    return Response(xml_bytes(root, value), status_code=status, media_type=XML_TYPE)


def error_response(fmt: str, status: int, description: str) -> Response:
    """The spec's error list: ``[{"code": 400, "description": "..."}]`` / ``<errors>``."""
    return respond(fmt, "errors", [{"code": status, "description": description}], status)


def format_of_path(path: str) -> str:
    return "json" if path.endswith(".json") else "xml"
