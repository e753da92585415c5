"""The fold of petition events into read models, on dicts (no database, no broker)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

import pytest

from jiesu.domain import events as ev
from jiesu.domain.privacy import petitioner_key
from projections.memory import MemoryStore, fold_events
from tests.factories import one_of_each, received
from tests.unit.test_projection_support import city_events, ticks

EVENTS, TRUTH = city_events(150, seed=11)


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    return fold_events(EVENTS)


def petitions(store: MemoryStore) -> dict[str, dict]:
    return {row["petition_id"]: row for row in store.rows("petitions")}


def test_every_petition_ends_as_its_story_says(store):
    rows = petitions(store)
    assert set(rows) == set(TRUTH)
    for pid, truth in TRUTH.items():
        row = rows[pid]
        assert row["status"] == truth.status, pid
        assert row["responded_in_time"] == truth.responded_in_time, pid
        assert row["breach_count"] == truth.breaches, pid
        assert row["breached"] == (truth.breaches > 0), pid
        assert row["satisfaction"] == truth.satisfaction, pid
        assert row["reopen_count"] == int(truth.reopened), pid
        assert row["unreachable"] == truth.unreachable, pid
        if truth.status in ("RESOLVED", "CLOSED"):
            assert row["resolved_in_time"] == truth.resolved_in_time, pid


def test_a_refused_action_changes_nothing_and_is_on_the_timeline_as_refused():
    first = one_of_each()[:3]  # received, classified, routed
    resolve_too_early = ev.PetitionResolved(
        **{**_envelope_of(first[2]), "event_id": "00000000-0000-4000-8000-000000000001"},
        unit="compound:zd.cz.cg.c01",
        result="已处理",
    )
    before = fold_events(first).rows("petitions")
    after_store = fold_events([*first, resolve_too_early])
    after = after_store.rows("petitions")
    unchanged = {"updated_at", "last_event_id"}
    assert {k: v for k, v in after[0].items() if k not in unchanged} == {
        k: v for k, v in before[0].items() if k not in unchanged
    }
    assert after[0]["last_event_id"] == before[0]["last_event_id"]
    last = max(after_store.rows("petition_timeline"), key=lambda r: r["seq"])
    assert (last["event_type"], last["outcome"]) == ("PetitionResolved", "refused")
    assert "not allowed when the petition is ROUTED" in last["refusal"]


def _envelope_of(event: ev.Event) -> dict:
    names = ("event_id", "petition_id", "event_time", "recorded_time", "actor", "correlation_id")
    return {name: getattr(event, name) for name in names}


def test_refused_actions_and_their_rejections_are_all_in_the_timeline(store):
    outcomes = Counter(row["outcome"] for row in store.rows("petition_timeline"))
    assert outcomes["refused"] == sum(t.refused for t in TRUTH.values())
    rejections = [r for r in store.rows("petition_timeline") if r["event_type"] == "ActionRejected"]
    assert len(rejections) == sum(t.refused for t in TRUTH.values())


def test_an_event_published_twice_appears_once(store):
    per_petition = Counter(row["petition_id"] for row in store.rows("petition_timeline"))
    assert per_petition == {pid: truth.entries for pid, truth in TRUTH.items()}
    assert len(EVENTS) > sum(truth.entries for truth in TRUTH.values())


def test_the_timeline_is_in_log_order_and_numbered_without_gaps(store):
    by_petition: dict[str, list[int]] = {}
    for row in store.rows("petition_timeline"):
        by_petition.setdefault(row["petition_id"], []).append(row["log_offset"])
    for pid, offsets in by_petition.items():
        seqs = sorted(
            (r["seq"], r["log_offset"])
            for r in store.rows("petition_timeline")
            if r["petition_id"] == pid
        )
        assert [s for s, _ in seqs] == list(range(1, len(offsets) + 1))
        assert [o for _, o in seqs] == sorted(offsets)


def test_no_name_or_full_phone_reaches_any_read_model():
    first, *rest = one_of_each()
    assert isinstance(first, ev.PetitionReceived)
    key = petitioner_key("13812341234", "secret")
    first = replace(first, petitioner=replace(first.petitioner, key=key))
    store = fold_events([first, *rest])
    text = json.dumps({t: store.rows(t) for t in store.tables}, default=str, ensure_ascii=False)
    assert "张三" not in text
    assert "13812341234" not in text
    assert store.rows("petitions")[0]["phone_masked"] == "138****1234"


def test_clock_ticks_leave_no_trace_in_the_read_models():
    store = fold_events([received(), *ticks(5)])
    assert len(store.rows("petition_timeline")) == 1


def test_how_the_log_is_cut_into_batches_does_not_change_the_result(store):
    one_by_one = fold_events(EVENTS, batch=1)
    all_at_once = fold_events(EVENTS, batch=len(EVENTS))
    for table in store.tables:
        assert one_by_one.rows(table) == store.rows(table) == all_at_once.rows(table), table
