"""The timeline payload's fast path writes exactly what the generic redacted JSON would."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from jiesu.domain.events import EVENT_TYPES, Event
from projections.payload import json_text, timeline_payload
from schemas.convert import redacted_json
from tests.factories import one_of_each
from tests.hypothesis_budget import examples
from tests.unit.event_strategies import dataclass_strategy
from tests.unit.test_projection_support import city_events

ANY_EVENT = st.one_of(*(dataclass_strategy(t) for t in EVENT_TYPES))


def generic(event: Event) -> str:
    return json_text(redacted_json(event))


@settings(max_examples=examples(300), deadline=None)
@given(ANY_EVENT)
def test_every_event_of_every_type_has_the_generic_payload(event: Event) -> None:
    assert timeline_payload(event) == generic(event)


def test_a_city_s_events_have_the_generic_payload_and_no_name() -> None:
    events, _ = city_events(40, seed=5)
    for event in [*events, *one_of_each()]:
        text = timeline_payload(event)
        assert text == generic(event)
        assert "张三" not in text


def test_a_payload_is_compact_sorted_json_with_chinese_as_it_is() -> None:
    data = {"text": "路面塌陷", "b": 1.5, "a": [1, None, True], "location": {"z": 1, "y": "西"}}
    assert (
        json_text(data)
        == '{"a":[1,null,true],"b":1.5,"location":{"y":"西","z":1},"text":"路面塌陷"}'
    )
    assert json.loads(json_text(data)) == data
