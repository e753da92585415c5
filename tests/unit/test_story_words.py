"""A street office reads a petition's story in Chinese: the processors' own decisions (an
unanswered matter climbing the ladder, its whistle, its breaches) never show the English
the log keeps for them, nor an enum's code."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from jiesu.domain import events as ev
from jiesu.domain.reasons import SHOWN, shown
from projections.payload import timeline_payload
from projections.queries.labels import default_labels
from projections.queries.timeline import entry_of
from tests.unit.policy_support import START, make_policy, petition, receive, run_until

ENGLISH = re.compile(r"[A-Za-z]{3,}")


def row_of(event: ev.Event, seq: int) -> dict[str, Any]:
    """The timeline row the projector writes for ``event``."""
    return {
        "event_id": event.event_id,
        "seq": seq,
        "event_type": type(event).__name__,
        "event_time": event.event_time,
        "actor": event.actor,
        "payload": timeline_payload(event),
        "outcome": "applied",
        "refusal": None,
    }


def test_an_unanswered_matter_s_story_is_told_in_chinese() -> None:
    policy = make_policy()
    received = petition()
    decided = receive(policy, received)
    assert decided.record is not None
    _, later = run_until(policy, decided.record, START + timedelta(days=10))
    story = [received, *decided.events, *later]
    assert {ev.PetitionEscalated, ev.WhistleBlown, ev.SlaBreached} <= {type(e) for e in story}
    labels = default_labels()
    for seq, event in enumerate(story, 1):
        entry = entry_of(row_of(event, seq), labels)  # type: ignore[arg-type]
        words = f"{entry['label']} {entry['actor']} {entry['detail']}"
        assert not ENGLISH.search(words), words


def test_every_reason_a_processor_gives_has_its_words_and_others_stay_as_written() -> None:
    assert all(not ENGLISH.search(words) for words in SHOWN.values())
    assert shown("非本小区管辖") == "非本小区管辖"
    assert shown(None) == ""
