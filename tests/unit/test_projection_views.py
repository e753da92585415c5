"""Statistics, scorecards, whistles, breaches and links folded from generated stories,
checked against counts taken from the stories and the events themselves."""

from __future__ import annotations

from collections import Counter

import pytest

from jiesu.domain import events as ev
from projections.memory import MemoryStore, fold_events
from projections.stats import COUNTERS, rates
from tests.unit.test_projection_support import city_events

EVENTS, TRUTH = city_events(150, seed=5)
DISTINCT = list({e.event_id: e for e in EVENTS}.values())


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    return fold_events(EVENTS)


def test_daily_statistics_equal_the_stories_counted_by_hand(store):
    expected: dict[tuple, Counter] = {}
    for t in TRUTH.values():
        key = (t.day, t.channel, t.category, t.street, t.community)
        c = expected.setdefault(key, Counter())
        c["received"] += 1
        c["routed"] += 1
        c["responded_in_time"] += bool(t.responded_in_time)
        c["resolved"] += t.status in ("RESOLVED", "CLOSED")
        c["on_time"] += t.on_time
        c["closed"] += t.status == "CLOSED"
        c["unreachable"] += t.unreachable
        c["satisfied"] += t.satisfaction in ("SATISFIED", "BASICALLY_SATISFIED")
        c["unsatisfied"] += t.satisfaction == "UNSATISFIED"
        c["breaches"] += t.breaches
        c["reopened"] += t.reopened
    got = {
        (r["day"], r["channel"], r["category"], r["street"], r["community"]): r
        for r in store.rows("daily_stats")
    }
    assert set(got) == set(expected)
    for key, counts in expected.items():
        for name, value in counts.items():
            assert got[key][name] == value, (key, name)


def test_the_stories_hold_late_escalated_and_unreachable_petitions():
    assert any(t.unreachable for t in TRUTH.values())
    assert any(
        t.resolved_in_time and not t.on_time for t in TRUTH.values()
    )  # the old rate's blind spot
    assert any(t.on_time for t in TRUTH.values())


def test_the_rates_follow_their_definitions():
    row = dict.fromkeys(COUNTERS, 0) | {"received": 10, "routed": 8, "responded_in_time": 6}
    row |= {"resolved": 5, "satisfied": 3, "unsatisfied": 1}
    assert rates(row) == {
        "response_rate": 6 / 8,
        "resolution_rate": 5 / 10,
        "satisfaction_rate": 3 / 4,
    }
    assert rates(dict.fromkeys(COUNTERS, 0))["response_rate"] is None


def test_every_breach_is_listed_and_scored_against_the_late_unit(store):
    breaches = [e for e in DISTINCT if isinstance(e, ev.SlaBreached)]
    assert {r["event_id"] for r in store.rows("sla_breaches")} == {e.event_id for e in breaches}
    late = Counter(f"dept:{e.department}" if e.department else e.unit for e in breaches)
    cards = {r["unit"]: r for r in store.rows("unit_scorecards")}
    assert {u: cards[u]["breaches"] for u in late} == dict(late)


def test_the_whistle_list_shows_who_reported_and_who_is_overdue(store):
    departments = {(r["whistle_id"], r["department"]): r for r in store.rows("whistle_departments")}
    whistles = {r["petition_id"]: r for r in store.rows("whistles")}
    stories = {pid: t for pid, t in TRUTH.items() if t.whistle}
    assert set(whistles) == set(stories)
    for pid, truth in stories.items():
        whistle = whistles[pid]
        assert whistle["reported"] == sum(truth.whistle.values())
        assert whistle["open"] == (truth.status not in ("RESOLVED", "CLOSED"))
        for dept, reported in truth.whistle.items():
            row = departments[(whistle["whistle_id"], dept)]
            assert (row["reported_at"] is not None) == reported
            assert row["overdue"] == (not reported)


def test_each_unit_is_credited_with_the_acceptances_it_made(store):
    applied = [e for e in DISTINCT if isinstance(e, ev.PetitionAccepted) and e.unit != "grid:other"]
    expected = Counter(e.unit for e in applied)
    cards = {r["unit"]: r for r in store.rows("unit_scorecards")}
    assert {u: c["accepted"] for u, c in cards.items() if c["accepted"]} == dict(expected)
    assert "grid:other" not in cards


def test_repeats_are_on_the_special_handling_list(store):
    flagged = {
        e.petition_id: e.repeat_of
        for e in DISTINCT
        if isinstance(e, ev.PetitionClassified) and e.repeat_of
    }
    assert flagged, "the generator should have produced repeats"
    assert {r["petition_id"]: r["repeat_of"] for r in store.rows("repeats")} == flagged
