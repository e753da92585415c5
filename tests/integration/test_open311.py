"""Open311 GeoReport v2 as a standard client uses it: form posts, XML documents, error lists."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

import httpx
import pytest
from sqlalchemy import insert

from jiesu.domain.events import Channel, PetitionReceived
from jiesu.domain.ids import derived_id
from jiesu.domain.taxonomy import Attribute, Category, Taxonomy
from jiesu.settings import Settings
from producers.open311.catalog import services_from_taxonomy
from producers.open311.render import CHINA
from projections.models import Base, Petition
from tests.integration.test_intake_support import Harness

SANITATION = Category(
    id="sanitation",
    name="环境卫生",
    description="垃圾清运、道路保洁、公厕",
    group="城市环境",
    keywords=("垃圾", "保洁"),
    attributes=(
        Attribute(
            "WASTE",
            "垃圾类型",
            "multivaluelist",
            True,
            (("household", "生活垃圾"), ("bulky", "大件垃圾")),
        ),
        Attribute("DAYS", "已持续天数", "number"),
    ),
)
OTHER = Category(id="other", name="其他", description="其他诉求")
SERVICES = services_from_taxonomy(Taxonomy(version="t1", categories=(SANITATION, OTHER)))


@pytest.fixture
def open311(unique_topics: Settings) -> Iterator[Harness]:
    made = Harness(unique_topics, services=SERVICES)
    yield made
    made.close()


def form(key: str, **extra: str) -> list[tuple[str, str]]:
    """The spec's example request, in a Chinese city."""
    fields = {
        "api_key": key,
        "service_code": "sanitation",
        "lat": "36.8131",
        "long": "118.0548",
        "address_string": "张店区春光山色小区北门",
        "email": "resident@example.cn",
        "device_id": "tt222111",
        "first_name": "Lei",
        "last_name": "Li",
        "phone": "13800138000",
        "description": "北门垃圾桶满溢，已经三天没有清运",
        "media_url": "https://img.example.cn/media/123.jpg",
    } | extra
    pairs = [(k, v) for k, v in fields.items() if v]
    return [
        *pairs,
        ("attribute[WASTE][]", "household"),
        ("attribute[WASTE][]", "bulky"),
        ("attribute[DAYS]", "3"),
    ]


def post(harness: Harness, path: str, pairs: list[tuple[str, str]]) -> httpx.Response:
    """A form post as the spec says: application/x-www-form-urlencoded, repeated keys kept."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return harness.client.post(path, content=urlencode(pairs), headers=headers)


def xml(response_content: bytes) -> ET.Element:
    assert response_content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(response_content)


def test_a_form_post_creates_a_request_and_publishes_it(open311: Harness) -> None:
    answer = post(open311, "/open311/v2/requests.xml", form(open311.secrets["open311_key"]))
    assert answer.status_code == 201, answer.text
    request_id = xml(answer.content).findtext("request/service_request_id")
    (event,) = open311.events()
    assert isinstance(event, PetitionReceived)
    assert (event.petition_id, event.channel, event.category_hint) == (
        request_id,
        Channel.OPEN311,
        "sanitation",
    )
    assert event.attributes == {"WASTE": ("household", "bulky"), "DAYS": ("3",)}
    assert event.location.lat == 36.8131
    assert event.location.address == "张店区春光山色小区北门"
    assert event.petitioner.name == "Lei Li"
    assert event.petitioner.phone == "13800138000"
    assert event.photos == ("https://img.example.cn/media/123.jpg",)
    again = post(open311, "/open311/v2/requests.json", form(open311.secrets["open311_key"]))
    assert again.status_code == 200
    assert again.json()[0]["service_request_id"] == request_id
    token = again.json()[0]["token"]
    assert (
        open311.client.get(f"/open311/v2/tokens/{token}.json").json()[0]["service_request_id"]
        == request_id
    )
    assert len(open311.events()) == 1


def stored(harness: Harness, n: int, status: str, received: datetime, **columns: Any) -> str:
    """A petition row as the projector leaves it (the projections' own table)."""
    petition_id = derived_id("open311-test", str(n))
    row: dict[str, Any] = {
        "petition_id": petition_id,
        "status": status,
        "category": "sanitation",
        "text": f"第{n}件：垃圾清运",
        "received_at": received,
        "updated_at": received + timedelta(hours=1),
        "street": "zd.cz",
        "community": "zd.cz.cg",
        "compound": "zd.cz.cg.c01",
        "address": "春光山色小区3号楼",
        "lat": 36.813149,
        "lon": 118.054861,
        "unit": "compound:zd.cz.cg.c01",
    }
    Base.metadata.create_all(harness.engine)
    with harness.engine.begin() as conn:
        conn.execute(insert(Petition).values(**(row | columns)))
    return petition_id


def test_get_requests_answers_from_the_read_model_with_the_spec_filters(open311: Harness) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    deadline = now + timedelta(hours=20)
    opened = stored(open311, 1, "ROUTED", now - timedelta(days=2), resolution_deadline=deadline)
    closed_at = now - timedelta(hours=3)
    closed = stored(
        open311, 2, "CLOSED", now - timedelta(days=3), closed_at=closed_at, result="已清运"
    )
    old = stored(open311, 3, "ACCEPTED", now - timedelta(days=120))
    other = stored(open311, 4, "RECEIVED", now - timedelta(days=1), category="other")
    root = xml(open311.client.get("/open311/v2/requests.xml").content)
    found = {r.findtext("service_request_id"): r for r in root.findall("request")}
    assert set(found) == {opened, closed, other}, "the last 90 days by default"
    assert found[opened].findtext("status") == "open"
    assert found[opened].findtext("expected_datetime") == deadline.astimezone(CHINA).isoformat()
    assert found[closed].findtext("status") == "closed"
    assert found[closed].findtext("updated_datetime") == closed_at.astimezone(CHINA).isoformat()
    assert found[closed].findtext("status_notes") == "已清运"
    assert found[closed].findtext("agency_responsible") == "compound:zd.cz.cg.c01"
    assert found[closed].findtext("address_id") == "zd.cz.cg", "the public sees the community"
    assert found[closed].findtext("address") == "张店区车站街道春光山色社区"
    assert found[closed].findtext("lat") == "36.813"
    assert found[closed].findtext("service_name") == "环境卫生"
    key = open311.secrets["open311_key"]
    (full,) = open311.client.get(f"/open311/v2/requests/{closed}.json?api_key={key}").json()
    assert (full["address_id"], full["address"]) == ("zd.cz.cg.c01", "春光山色小区3号楼")
    assert (full["lat"], full["long"]) == (36.813149, 118.054861)

    def ids(query: str) -> set[str]:
        return {
            r["service_request_id"]
            for r in open311.client.get(f"/open311/v2/requests.json?{query}").json()
        }

    assert ids("status=closed") == {closed}
    assert ids("status=open&service_code=other") == {other}
    assert ids(f"service_request_id={old},{closed}&status=open") == {old, closed}
    start = (now - timedelta(days=150)).astimezone(CHINA).isoformat()
    end = (now - timedelta(days=100)).isoformat()
    assert ids(urlencode({"start_date": start, "end_date": end})) == {old}
    one = open311.client.get(f"/open311/v2/requests/{closed}.json").json()
    assert len(one) == 1
    assert one[0]["requested_datetime"].endswith("+08:00")
    bad = open311.client.get("/open311/v2/requests.json?start_date=yesterday")
    assert bad.status_code == 400
    assert "start_date" in bad.json()[0]["description"]


def test_the_shipped_taxonomy_is_the_service_list(unique_topics: Settings) -> None:
    shipped = Harness(unique_topics)
    try:
        services = shipped.client.get("/open311/v2/services.json").json()
        codes = [s["service_code"] for s in services]
        assert {"sanitation", "property", "dispute", "other"} <= set(codes)
        definition = shipped.client.get("/open311/v2/services/sanitation.json").json()
        (waste,) = [a for a in definition["attributes"] if a["code"] == "垃圾类型"]
        assert waste["datatype"] == "singlevaluelist"
        assert "生活垃圾" in [v["name"] for v in waste["values"]]
    finally:
        shipped.close()
