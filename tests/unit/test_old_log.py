"""A log written before handlers' commands (actions published straight to petition-events,
refusals as ``ActionRejected``) replays with today's code to the read models it had then."""

from __future__ import annotations

import base64
import json
from collections import Counter
from typing import Any

import pytest

from jiesu.domain.events import Event
from projections.memory import fold_events
from schemas.codec import Codec
from schemas.registry import FileRegistry
from tests.fixtures.old_log import FIXTURE, read_models


@pytest.fixture(scope="module")
def recorded() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(FIXTURE.read_text())
    return loaded


def events_of(recorded: dict[str, Any]) -> list[Event]:
    codec = Codec(FileRegistry())
    events = []
    for record in recorded["records"]:
        event = codec.decode(base64.b64decode(record["value"]))
        headers = dict(record["headers"])
        assert (headers["event_id"], headers["event_type"]) == (
            event.event_id,
            type(event).__name__,
        )
        assert record["key"] == event.petition_id
        events.append(event)
    return events


def test_the_old_log_holds_direct_actions_and_refusals(recorded):
    kinds = Counter(dict(r["headers"])["event_type"] for r in recorded["records"])
    assert kinds["PetitionAccepted"] > 0
    assert kinds["PetitionResolved"] > 0
    assert kinds["ActionRejected"] > 0


def test_the_old_log_replays_to_the_same_read_models(recorded):
    replayed = read_models(fold_events(events_of(recorded)))
    assert parsed_payloads(replayed) == parsed_payloads(recorded["read_models"])
    assert len(replayed["petitions"]) == 24


def test_timeline_payloads_are_written_compact_now_and_say_the_same(recorded):
    """Payloads lost their spaces after ``,`` and ``:`` (msgspec writes them; see
    ``projections.payload``): the text differs from the recording's, what it says does not."""
    then = recorded["read_models"]["petition_timeline"]
    now = read_models(fold_events(events_of(recorded)))["petition_timeline"]
    assert all(", " in row["payload"] for row in then)
    assert [json.loads(row["payload"]) for row in now] == [
        json.loads(row["payload"]) for row in then
    ]


def parsed_payloads(models: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The read models with each timeline payload as the JSON value its text spells."""
    timeline = [
        row | {"payload": json.loads(row["payload"])} for row in models["petition_timeline"]
    ]
    return models | {"petition_timeline": timeline}
