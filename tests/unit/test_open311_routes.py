"""Open311 GeoReport v2 documents and parameter errors, on the unit-tier fakes.

The request that is accepted and reaches the broker, and ``GET requests`` on the projections'
table, stay in ``tests/integration/test_open311.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from jiesu.domain.events import Status
from jiesu.domain.lifecycle import PetitionState
from jiesu.domain.readmodel import PetitionView
from tests.integration.test_open311 import SERVICES, form, xml
from tests.unit.intake_unit_support import FakeHarness


@pytest.fixture
def open311(tmp_path: Path) -> Iterator[FakeHarness]:
    made = FakeHarness(tmp_path, services=SERVICES)
    yield made
    made.close()


def post(harness: FakeHarness, path: str, pairs: list[tuple[str, str]]) -> httpx.Response:
    """A form post as the spec says (application/x-www-form-urlencoded, repeated keys)."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return harness.client.post(path, content=urlencode(pairs), headers=headers)


def test_discovery_names_the_spec_and_both_formats(open311: FakeHarness) -> None:
    answer = open311.client.get("/open311/v2/discovery.xml")
    assert answer.headers["content-type"] == "text/xml; charset=utf-8"
    root = xml(answer.content)
    assert (
        root.findtext("endpoints/endpoint/specification") == "http://wiki.open311.org/GeoReport_v2"
    )
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_services_and_a_definition_come_from_the_taxonomy(open311: FakeHarness) -> None:
    root = xml(open311.client.get("/open311/v2/services.xml").content)
    codes = [(s.findtext("service_code"), s.findtext("metadata")) for s in root.findall("service")]
    assert codes == [("sanitation", "true"), ("other", "false")]
    as_json = open311.client.get("/open311/v2/services.json").json()
    assert as_json[0]["service_name"] == "环境卫生"
    assert as_json[0]["keywords"] == "垃圾, 保洁"
    definition = xml(open311.client.get("/open311/v2/services/sanitation.xml").content)
    waste = definition.find("attributes/attribute")
    assert waste is not None
    assert (waste.findtext("code"), waste.findtext("datatype"), waste.findtext("required")) == (
        "WASTE",
        "multivaluelist",
        "true",
    )
    assert [v.findtext("key") for v in waste.findall("values/value")] == ["household", "bulky"]
    missing = open311.client.get("/open311/v2/services/potholes.xml")
    assert missing.status_code == 404
    assert xml(missing.content).findtext("error/code") == "404"


def test_no_api_key_is_403_no_location_400_missing_attribute_400(open311: FakeHarness) -> None:
    key = open311.secrets["open311_key"]
    no_key = post(open311, "/open311/v2/requests.xml", form(""))
    assert no_key.status_code == 403
    assert xml(no_key.content).findtext("error/code") == "403"
    nowhere = form(key, lat="", long="", address_string="")
    answer = post(open311, "/open311/v2/requests.json", nowhere)
    assert answer.status_code == 400
    assert "location" in answer.json()[0]["description"]
    without = [(k, v) for k, v in form(key) if not k.startswith("attribute[WASTE]")]
    required = post(open311, "/open311/v2/requests.json", without)
    assert (required.status_code, required.json()[0]["description"]) == (
        400,
        "attribute[WASTE] is required",
    )
    bad_value = [*without, ("attribute[WASTE][]", "nuclear")]
    assert post(open311, "/open311/v2/requests.json", bad_value).status_code == 400
    bad_phone = post(open311, "/open311/v2/requests.json", form(key, phone="111111111"))
    assert bad_phone.status_code == 400
    assert "111111111" not in bad_phone.text
    assert open311.events() == []


def test_an_address_id_is_an_area_code_of_the_city(open311: FakeHarness) -> None:
    key = open311.secrets["open311_key"]
    fields = form(key, lat="", long="", address_string="", address_id="zd.cz.cg.c02")
    assert post(open311, "/open311/v2/requests.json", fields).status_code == 201
    (event,) = open311.events()
    assert event.location.compound == "zd.cz.cg.c02"  # type: ignore[attr-defined]
    unknown = form(key, lat="", long="", address_string="", address_id="nowhere")
    assert post(open311, "/open311/v2/requests.json", unknown).status_code == 400


def test_an_unknown_request_is_404_in_the_spec_format(open311: FakeHarness) -> None:
    answer = open311.client.get("/open311/v2/requests/00000000-0000-0000-0000-000000000000.json")
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/json; charset=utf-8"
    assert json.loads(answer.content) == [
        {"code": 404, "description": "service_request_id not found"}
    ]


def test_get_requests_filters_and_refuses_a_bad_date(open311: FakeHarness) -> None:
    now = datetime.now(UTC)

    def view(n: int, status: Status, days: int) -> PetitionView:
        return PetitionView(
            f"p-{n}", PetitionState(status), "v1", category="sanitation",
            received_at=now - timedelta(days=days),
        )  # fmt: skip

    open311.read_model.add([view(1, Status.CLOSED, 2), view(2, Status.RECEIVED, 1)])
    closed = open311.client.get("/open311/v2/requests.json?status=closed").json()
    assert [r["service_request_id"] for r in closed] == ["p-1"]
    newest = open311.client.get("/open311/v2/requests.json").json()
    assert [r["service_request_id"] for r in newest] == ["p-2", "p-1"]
    bad = open311.client.get("/open311/v2/requests.json?start_date=yesterday")
    assert bad.status_code == 400
    assert "start_date" in bad.json()[0]["description"]
