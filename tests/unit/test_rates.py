"""The rates, defined once in the domain: what each counts, over what, and what on time
means (the first deadline; a breach anywhere makes a petition late)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jiesu.domain import rates

FIRST = datetime(2026, 12, 31, 2, 0, tzinfo=UTC)
H = timedelta(hours=1)


def test_a_petition_resolved_by_its_first_deadline_without_a_breach_is_on_time() -> None:
    assert rates.on_time(True, FIRST - H, FIRST, breaches=0)
    assert rates.on_time(True, FIRST - timedelta(seconds=1), FIRST, breaches=0)


def test_the_due_instant_itself_is_late_as_the_stream_breaches_it_then() -> None:
    assert not rates.on_time(True, FIRST, FIRST, breaches=0)


@pytest.mark.parametrize(
    ("resolved", "at", "breaches", "why"),
    [
        (True, FIRST + H, 0, "after the first deadline, within a later one"),
        (True, FIRST - H, 1, "a breach anywhere (a late sign-for, a department's report)"),
        (False, FIRST - H, 0, "not resolved (any more: reopened)"),
        (True, None, 0, "no resolution time"),
    ],
)
def test_anything_else_is_late(
    resolved: bool, at: datetime | None, breaches: int, why: str
) -> None:
    assert not rates.on_time(resolved, at, FIRST, breaches), why


def test_a_petition_never_given_a_deadline_is_not_on_time() -> None:
    assert not rates.on_time(True, FIRST, None, breaches=0)


def test_the_seeds_community_s_year_reads_as_its_rates() -> None:
    # 春光山色社区: 1,224 petitions received in a year, 1,025 closed. Of the scores given,
    # say 1,000, 999 satisfied; 25 closed as 无法回访 count in neither part.
    counters = {"received": 1224, "resolved": 1025, "satisfied": 999, "unsatisfied": 1}
    counters |= {"unreachable": 25, "routed": 1224, "responded_in_time": 1200, "on_time": 990}
    assert rates.RESOLUTION.value(counters) == pytest.approx(1025 / 1224)
    assert rates.SATISFACTION.value(counters) == pytest.approx(0.999)
    assert rates.SATISFACTION.parts(counters) == (999, 1000)
    assert rates.ON_TIME.parts(counters) == (990, 1025)


def test_a_rate_over_nothing_is_none_not_zero() -> None:
    assert rates.RESPONSE.value({}) is None


def test_every_rate_has_a_chinese_name_and_a_definition_that_names_its_rule() -> None:
    for rate in (*rates.CITY, rates.ON_TIME, *rates.UNIT):
        assert rate.name
        assert rate.definition
    assert "首次" in rates.ON_TIME.definition
    assert "无法回访" in rates.SATISFACTION.definition
