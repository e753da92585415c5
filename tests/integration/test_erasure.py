"""Erasure end to end, on the real broker and database: after ``jiesu erase`` the phone and
the name are nowhere (database files and dumps, exports, the raw bytes of every topic),
the read models and a full replay say 已删除, and every decision replays the same."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from typer.testing import Result

from jiesu.bus.partitioning import partition_for
from jiesu.bus.reading import read_partition_until_caught_up
from jiesu.domain.privacy import ERASED
from jiesu.settings import Settings
from projections.dump import dump
from projections.export import export_read_models
from projections.kafka_io import producer_for
from projections.replay import replay
from projections.web.app import create_app as dashboard
from tests.access_support import city_headers
from tests.cli_support import run_cli
from tests.integration.test_intake_support import Harness
from tests.integration.test_intake_with_projections import decided
from tests.integration.test_projector_support import (
    REPO,
    env_for,
    projector_thread,
    wait_caught_up,
)

SECRET = "erasure-test-pii-key-of-forty-characters-x"
PHONE, NAME = "13912345678", "王秀英"
SPELLINGS = [PHONE, "139-1234-5678", "139 1234 5678", "1391234", "１３９１２３４５６７８", NAME]
ADDRESS = "春光山色小区7号楼2单元301室"


@pytest.fixture
def harness(unique_topics: Settings) -> Iterator[Harness]:
    made = Harness(unique_topics.model_copy(update={"pii_key": SECRET}))
    yield made
    made.close()


def order(call: str, name: str, phone: str, text: str) -> dict[str, Any]:
    return {
        "call_id": call,
        "agent_id": "A001",
        "call_time": "2026-11-22T08:00:00+08:00",
        "caller": {"name": name, "phone": phone},
        "text": text,
        "place": {"area": "zd.cz.cg.c01.g1", "address": ADDRESS},
    }


def erase_cli(settings: Settings, *args: str) -> Result:
    """``jiesu erase`` as the operator runs it: the keys are in DATABASE_URL."""
    env = env_for(settings, settings.database_url) | {"JIESU_PII_KEY": SECRET}
    return run_cli(env, "erase", *args)


def raw_topic(settings: Settings, topic: str, partitions: int) -> bytes:
    """Every record of ``topic`` as bytes: keys, values and headers."""
    found = b""
    for partition in range(partitions):
        for batch in read_partition_until_caught_up(settings, topic, partition, timeout_s=30):
            for record in batch:
                found += (record.key or b"") + (record.value or b"")
                found += b"".join(k.encode() + v for k, v in record.headers or [])
    return found


def poison(settings: Settings, petition_id: str) -> None:
    """The petition's sealed record again, with a trailing byte: the projector parks it on
    the dead-letter topic as it is, so that topic holds a petitioner's record too."""
    topic = settings.petition_events_topic
    partition = partition_for(petition_id, settings.petition_partitions)
    (batch, *_) = read_partition_until_caught_up(settings, topic, partition, timeout_s=30)
    record = next(r for r in batch if petition_id.encode() in (r.key or b""))
    producer = producer_for(settings)
    producer.send(topic, value=record.value + b"\x00", key=record.key, partition=partition).get(30)
    producer.close()


def holding(data: bytes) -> list[str]:
    return [s for s in SPELLINGS if s.encode() in data]


def decisions(url: str) -> list[tuple[Any, ...]]:
    rows = dump(url)["petitions"]
    fields = ("petition_id", "status", "unit", "category", "sla_tier", "resolution_deadline")
    return [tuple(row[f] for f in fields) for row in rows]


def test_an_erased_petitioner_is_nowhere_and_every_decision_replays_the_same(
    harness: Harness, sqlite_url: str, tmp_path: Path
) -> None:
    settings = harness.settings
    said = f"我叫{NAME}，电话{PHONE}，楼道灯坏了一个月"
    mine = [
        harness.client.post(
            "/hotline/work-orders", json=order(f"ER-{n}", NAME, phone, said), headers=auth
        ).json()["petition_id"]
        for n, phone in enumerate([PHONE, "+86 139-1234-5678"])
        for auth in [harness.auth("hotline_key")]
    ]
    other = harness.client.post(
        "/hotline/work-orders",
        json=order("ER-9", "赵六", "13700001111", "路灯不亮"),
        headers=harness.auth("hotline_key"),
    ).json()["petition_id"]
    for petition_id in [*mine, other]:
        decided(harness, petition_id)
    poison(settings, mine[0])
    assert holding(raw_topic(settings, settings.petition_events_topic, 6)) == []
    replay(settings, sqlite_url, show_progress=False)
    before = decisions(sqlite_url)
    rows = {r["petition_id"]: r for r in dump(sqlite_url)["petitions"]}
    assert rows[mine[0]]["phone_masked"] == "139****5678"
    assert rows[mine[0]]["address"].endswith(ADDRESS)

    erased = erase_cli(
        settings, "--phone", "139 1234 5678", "--reason", "本人申请 REQ-7", "--by", "ops"
    )
    assert erased.exit_code == 0, erased.stderr
    assert all(p in erased.stdout for p in mine)
    assert other not in erased.stdout
    replay(settings, sqlite_url, show_progress=False)  # the live read model folds the erasure
    fresh = str(sqlite_url).replace(".db", "-fresh.db")
    replay(settings, fresh, show_progress=False)  # a full replay from the log

    for url in (sqlite_url, fresh):
        received = min(
            (e for e in dump(url)["petition_timeline"] if e["petition_id"] == mine[1]),
            key=lambda e: e["seq"],
        )
        shown = json.loads(received["payload"])
        assert (shown["petitioner"]["phone"], shown["location"]["address"]) == (ERASED, ERASED)
        rows = {r["petition_id"]: r for r in dump(url)["petitions"]}
        for petition_id in mine:
            assert (rows[petition_id]["phone_masked"], rows[petition_id]["address"]) == (
                ERASED,
                ERASED,
            )
        assert rows[other]["phone_masked"] == "137****1111"
        assert decisions(url) == before
        assert holding(json.dumps(dump(url), ensure_ascii=False).encode()) == []
        assert holding(Path(url.removeprefix("sqlite:///")).read_bytes()) == []
    timeline = sorted(
        (e for e in dump(fresh)["petition_timeline"] if e["petition_id"] == mine[0]),
        key=lambda e: e["seq"],
    )
    assert [e["event_type"] for e in timeline][-1] == "PetitionerErased"
    assert json.loads(timeline[0]["payload"])["location"]["address"] == ERASED

    out = tmp_path / "export"
    export_read_models(fresh, out, "csv")
    events = subprocess.run(
        [sys.executable, "-m", "jiesu.cli", "export", "events", "--out", str(out)],
        cwd=REPO,
        env=env_for(settings, settings.database_url),
        capture_output=True,
        timeout=120,
    )
    assert events.returncode == 0, events.stderr
    for exported in out.iterdir():
        assert holding(exported.read_bytes()) == [], exported.name
    assert holding(Path(settings.database_url.removeprefix("sqlite:///")).read_bytes()) == []
    for topic, partitions in [
        (settings.petition_events_topic, 6),
        (settings.dead_letter_topic, 1),
        (settings.changes_topic, 1),
    ]:
        assert holding(raw_topic(settings, topic, partitions)) == [], topic
    assert raw_topic(settings, settings.dead_letter_topic, 1), "a sealed record was parked"


def test_erasing_an_unknown_phone_or_petition_says_so(harness: Harness) -> None:
    unknown = erase_cli(harness.settings, "--phone", "13600000000", "--reason", "r")
    assert unknown.exit_code == 1
    assert "no petition" in unknown.stderr
    assert "13600000000" not in unknown.stderr + unknown.stdout
    missing = erase_cli(harness.settings, "--petition", "nope", "--reason", "r")
    assert missing.exit_code == 1
    assert "nope" in missing.stderr
    both = erase_cli(harness.settings, "--petition", "x", "--phone", "13600000000", "--reason", "r")
    assert both.exit_code == 2
    bad = erase_cli(harness.settings, "--phone", "12345", "--reason", "r")
    assert bad.exit_code == 2
    assert "not a mainland" in bad.stderr


def test_the_live_projector_opens_sealed_fields_and_folds_the_erasure(
    harness: Harness, sqlite_url: str
) -> None:
    body = order("LIVE-1", NAME, PHONE, "井盖松动")
    answer = harness.client.post(
        "/hotline/work-orders", json=body, headers=harness.auth("hotline_key")
    )
    petition_id = answer.json()["petition_id"]
    with projector_thread(harness.settings, sqlite_url):
        wait_caught_up(sqlite_url, harness.settings)
        (row,) = dump(sqlite_url)["petitions"]
        assert (row["phone_masked"], row["address"]) == ("139****5678", ADDRESS)
        erased = erase_cli(harness.settings, "--petition", petition_id, "--reason", "申请删除")
        assert erased.exit_code == 0, erased.stderr
        wait_caught_up(sqlite_url, harness.settings)
        (row,) = dump(sqlite_url)["petitions"]
        assert (row["phone_masked"], row["address"]) == (ERASED, ERASED)
    app = dashboard(harness.settings, engine=create_engine(sqlite_url))
    with TestClient(app, headers=city_headers(harness.settings)) as client:
        shown = client.get(f"/api/petitions/{petition_id}")
    assert shown.status_code == 200, shown.text
    assert shown.json()["petition"]["address"] == ERASED
    assert holding(shown.content) == []
