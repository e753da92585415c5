"""The JSON forms of events: faithful, and without personal data when redacted."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiesu.domain import events as ev
from schemas.convert import from_json, redacted_json, to_json
from tests import factories
from tests.hypothesis_budget import examples
from tests.unit.event_strategies import dataclass_strategy

EVENTS = factories.one_of_each()


def report() -> ev.PetitionReceived:
    return replace(
        factories.received(),
        text="小区门口垃圾桶满了三天没人清运",
        petitioner=ev.Petitioner(name="李四", phone="13812341234", openid="oX9-openid", key="k1"),
    )


def test_json_has_iso_times_enum_values_and_lists() -> None:
    data = to_json(report())
    assert data["event_time"] == "2026-09-30T09:30:00+00:00"
    assert data["channel"] == "HOTLINE"
    assert data["photos"] == ["https://example.org/p/1.jpg"]
    assert data["attributes"] == {"垃圾类型": ["生活垃圾"]}
    assert data["location"]["grid"] == "zd.cz.cg.c01.g1"
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: type(e).__name__)
def test_every_event_comes_back_from_its_json(event: ev.Event) -> None:
    text = json.dumps(to_json(event), ensure_ascii=False)
    assert from_json(type(event).__name__, json.loads(text)) == event


@settings(max_examples=examples(25))
@given(st.sampled_from(ev.EVENT_TYPES).flatmap(dataclass_strategy))
def test_arbitrary_events_come_back_from_their_json(event: ev.Event) -> None:
    assert from_json(type(event).__name__, json.loads(json.dumps(to_json(event)))) == event


def test_redacted_json_drops_names_and_openids_and_masks_the_phone() -> None:
    data = redacted_json(report())
    assert data["petitioner"] == {"phone": "138****1234", "anonymous": False}
    assert data["text"] == "小区门口垃圾桶满了三天没人清运"
    text = json.dumps(data, ensure_ascii=False)
    for secret in ("李四", "13812341234", "oX9-openid"):
        assert secret not in text


def test_redacting_an_anonymous_petition_keeps_the_missing_phone_missing() -> None:
    event = replace(report(), petitioner=ev.Petitioner(anonymous=True))
    assert redacted_json(event)["petitioner"] == {"phone": None, "anonymous": True}


@pytest.mark.parametrize("event", EVENTS[1:], ids=lambda e: type(e).__name__)
def test_events_without_personal_data_are_not_changed_by_redaction(event: ev.Event) -> None:
    assert redacted_json(event) == to_json(event)


def test_an_unknown_event_type_is_refused() -> None:
    with pytest.raises(ValueError, match="PetitionVanished"):
        from_json("PetitionVanished", {})


def test_json_with_a_wrongly_typed_value_is_refused() -> None:
    data = to_json(EVENTS[8])
    assert type(EVENTS[8]).__name__ == "PetitionResolved"
    with pytest.raises(TypeError, match="expected str, got int"):
        from_json("PetitionResolved", {**data, "unit": 5})
    with pytest.raises(ValueError, match="Invalid isoformat"):
        from_json("PetitionResolved", {**data, "event_time": "yesterday"})
