"""The public Open311 view: what anyone may read, and no more.

A petition whose text holds the petitioner's phone (in several spellings), an ID-card number
and the petitioner's own name is folded by the real projector; the anonymous GET shows the
description redacted, the point rounded to about 100 m and the place no finer than the
community; a key with the read right sees the exact place; a wrong key is refused; the
public reader is limited per client address, and a forged X-Forwarded-For does not escape it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from jiesu.domain import events as ev
from jiesu.settings import Settings
from tests.integration import test_dashboard_support as world
from tests.integration.test_intake_support import Harness

NAME = "王秀兰"
TEXT = (
    f"我叫{NAME}，家住3号楼，电话138.0013.8000或１３８－００１３－８０００，"
    "身份证370302199001011234，小区垃圾三天没人清运"
)


def private_petition() -> tuple[str, list[ev.Event]]:
    petition = world.pid("PUBLIC-1")
    at = world.T0 + timedelta(hours=14)
    received = ev.PetitionReceived(
        **world.env(petition, 0, at, "channel:hotline"),
        channel=ev.Channel.HOTLINE,
        channel_ref="DASH-PUBLIC-1",
        text=TEXT,
        location=ev.Location(
            district="zd",
            street="zd.cz",
            community="zd.cz.cg",
            compound="zd.cz.cg.c01",
            address="春光山色小区3号楼2单元",
            lat=36.813149,
            lon=118.054861,
        ),
        petitioner=ev.Petitioner(name=NAME, phone="13800138000", key="k" * 32),
    )
    return petition, [received, world.classified(petition, at + timedelta(minutes=1), "sanitation")]


@pytest.fixture
def intake(unique_topics: Settings) -> Iterator[tuple[Harness, str]]:
    petition, made = private_petition()
    world.publish(unique_topics, made)
    with world.ProjectorThread(unique_topics, unique_topics.database_url):
        world.wait_until_projected(unique_topics, unique_topics.database_url)
    harness = Harness(unique_topics.model_copy(update={"rate_limit_public": "5/minute"}))
    yield harness, petition
    harness.close()


def test_anyone_reads_the_public_view_and_nothing_personal(intake) -> None:
    harness, petition = intake
    (public,) = harness.client.get(f"/open311/v2/requests/{petition}.json").json()
    description = public["description"]
    for secret in (NAME, "13800138000", "0013", "１３８", "370302199001011234"):
        assert secret not in description, secret
    assert "138****8000" in description
    assert "垃圾三天没人清运" in description
    assert (public["lat"], public["long"]) == (36.813, 118.055)
    assert public["address_id"] == "zd.cz.cg"
    assert public["address"] == "张店区车站街道春光山色社区"
    key = harness.secrets["open311_key"]
    (full,) = harness.client.get(f"/open311/v2/requests/{petition}.json?api_key={key}").json()
    assert (full["lat"], full["address_id"]) == (36.813149, "zd.cz.cg.c01")
    assert NAME not in full["description"]
    wrong = harness.client.get(f"/open311/v2/requests/{petition}.json?api_key=guess")
    assert wrong.status_code == 403


def test_the_public_reader_is_limited_per_address_and_xff_does_not_help(intake) -> None:
    harness, _ = intake
    answers = [
        harness.client.get("/open311/v2/requests.json", headers={"X-Forwarded-For": f"10.0.0.{n}"})
        for n in range(6)
    ]
    assert [a.status_code for a in answers[:5]] == [200] * 5
    assert answers[5].status_code == 429
    assert int(answers[5].headers["retry-after"]) >= 1
    assert answers[5].json()[0]["code"] == 429


def test_behind_a_trusted_proxy_each_client_address_counts_apart(unique_topics) -> None:
    settings = unique_topics.model_copy(
        update={"rate_limit_public": "2/minute", "trusted_proxies": ["testclient", "127.0.0.1"]}
    )
    harness = Harness(settings)
    try:
        for client in ("203.0.113.7", "203.0.113.8"):
            for _ in range(2):
                answer = harness.client.get(
                    "/open311/v2/services.json", headers={"X-Forwarded-For": client}
                )
                assert answer.status_code == 200, client
        third = harness.client.get(
            "/open311/v2/services.json", headers={"X-Forwarded-For": "203.0.113.7"}
        )
        assert third.status_code == 429
    finally:
        harness.close()
