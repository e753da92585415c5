"""Working days of the Chinese statutory calendar: its three sources, provisional years and
the weekends-only fallback."""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from jiesu.config.holidays import load_calendar
from jiesu.domain.workcalendar import PACKAGE, WorkCalendar
from tests.calendar_support import calendar_as_of_2026, local, write_2027


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return load_calendar()


def test_a_petition_on_the_eve_of_golden_week_2025_is_due_on_the_make_up_saturday(
    calendar: WorkCalendar,
) -> None:
    due = calendar.add_working_days(local(2025, 9, 30, 10, 0), 3)
    assert due == local(2025, 10, 11, 10, 0)
    assert due.tzinfo is UTC
    assert due.hour == 2


def test_make_up_weekends_are_working_days_and_golden_week_is_not(calendar: WorkCalendar) -> None:
    assert calendar.is_working_day(date(2025, 10, 11))  # Saturday, 调休
    assert calendar.is_working_day(date(2025, 9, 28))  # Sunday, 调休
    assert not calendar.is_working_day(date(2025, 10, 6))  # Monday, National Day
    assert not calendar.is_working_day(date(2025, 10, 12))  # an ordinary Sunday


def test_spring_festival_2026_pauses_the_working_day_count(calendar: WorkCalendar) -> None:
    assert calendar.add_working_days(local(2026, 2, 13, 9, 0), 1) == local(2026, 2, 14, 9, 0)
    assert calendar.add_working_days(local(2026, 2, 14, 9, 0), 1) == local(2026, 2, 24, 9, 0)
    assert not calendar.is_working_day(date(2026, 2, 17))


def test_a_late_evening_in_utc_counts_from_the_shanghai_day(calendar: WorkCalendar) -> None:
    start = datetime(2025, 9, 30, 20, 0, tzinfo=UTC)  # 1 October, 04:00 in Shanghai
    assert calendar.add_working_days(start, 1) == local(2025, 10, 9, 4, 0)


def test_working_time_skips_the_holiday(calendar: WorkCalendar) -> None:
    start, end = local(2025, 9, 30, 12, 0), local(2025, 10, 9, 12, 0)
    assert calendar.working_seconds(start, end) == timedelta(hours=24).total_seconds()
    assert calendar.after_working_seconds(start, 12 * 3600) == local(2025, 10, 1, 0, 0)
    assert calendar.after_working_seconds(start, 13 * 3600) == local(2025, 10, 9, 1, 0)


def test_2027_unknown_to_the_package_counts_the_law_s_days_and_says_so_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calendar = calendar_as_of_2026()
    with caplog.at_level(logging.WARNING, logger="jiesu.domain.workcalendar"):
        assert not calendar.is_working_day(date(2027, 1, 1))  # 元旦, a Friday
        assert not calendar.is_working_day(date(2027, 2, 8))  # 正月初三, a Monday
        assert calendar.add_working_days(local(2026, 12, 31, 9, 0), 1) == local(2027, 1, 4, 9, 0)
    warnings = [r for r in caplog.records if "2027" in r.getMessage()]
    assert len(warnings) == 1
    assert "provisional" in warnings[0].getMessage()
    assert calendar.metrics.law_derived_years == {2027}
    assert calendar.metrics.fallback_days == 0
    assert calendar.is_provisional(2027)
    assert not calendar.is_provisional(2026)


def test_a_year_before_every_law_we_know_falls_back_to_weekends_and_is_counted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calendar = calendar_as_of_2026()
    with caplog.at_level(logging.WARNING, logger="jiesu.domain.workcalendar"):
        assert calendar.is_working_day(date(2003, 1, 1))
        assert not calendar.is_working_day(date(2003, 1, 4))
    assert calendar.metrics.fallback_years == {2003}
    assert calendar.metrics.fallback_days == 2
    assert len([r for r in caplog.records if "2003" in r.getMessage()]) == 1


def test_a_deadline_is_provisional_only_when_it_counts_a_law_only_day() -> None:
    calendar = calendar_as_of_2026()
    assert calendar.counts_provisional(local(2026, 12, 30, 10), local(2027, 1, 5, 10))
    assert not calendar.counts_provisional(local(2026, 12, 28, 10), local(2026, 12, 31, 10))
    # Received on New Year's Eve: the first day counted is 1 January.
    assert calendar.counts_provisional(local(2026, 12, 31, 23), local(2027, 1, 4, 23))


def test_an_operator_file_gives_2027_its_holidays_and_make_up_days(tmp_path: Path) -> None:
    calendar = calendar_as_of_2026(write_2027(tmp_path))
    assert calendar.add_working_days(local(2026, 12, 31, 9, 0), 1) == local(2027, 1, 4, 9, 0)
    assert calendar.is_working_day(date(2027, 2, 20))  # a Saturday worked
    assert calendar.add_working_days(local(2027, 2, 4, 9, 0), 1) == local(2027, 2, 12, 9, 0)
    assert not calendar.is_provisional(2027)
    assert calendar.year(2027) is not None
    assert calendar.metrics.law_derived_years == set()


def test_the_operator_file_replaces_a_year_the_package_knows(tmp_path: Path) -> None:
    path = tmp_path / "holidays.json"
    days = ["2025-01-01", "2025-01-28..2025-01-31", "2025-04-04", "2025-05-01..2025-05-02"]
    days += ["2025-05-31", "2025-10-01..2025-10-03", "2025-10-06"]
    path.write_text(json.dumps({"2025": {"holidays": days}}), encoding="utf-8")
    calendar = load_calendar(path)
    assert not calendar.is_working_day(date(2025, 10, 6))
    assert calendar.is_working_day(date(2025, 10, 7))  # the package has it off; the file not
    assert not calendar.is_working_day(date(2025, 10, 11))  # no make-up day in the file


def test_the_package_wins_over_the_law_for_the_years_it_knows() -> None:
    calendar = load_calendar()
    year = calendar.year(2026)
    assert year is not None
    assert year.source == PACKAGE
    assert calendar.is_working_day(date(2026, 10, 10))  # the make-up Saturday
    assert not calendar.is_working_day(date(2026, 10, 7))  # a day off the law does not give
