"""Working days of the Chinese statutory calendar, the operator's holiday file and the fallback."""

from __future__ import annotations

import json
import logging
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from jiesu.config import ConfigError
from jiesu.config.holidays import load_calendar, load_holiday_file
from jiesu.domain.workcalendar import CHINA, WorkCalendar


def local(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CHINA)


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


def test_2027_without_data_falls_back_to_weekends_and_says_so_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calendar = load_calendar()
    with caplog.at_level(logging.WARNING, logger="jiesu.domain.workcalendar"):
        assert calendar.is_working_day(date(2027, 1, 1))  # a Friday: no data, so working
        assert not calendar.is_working_day(date(2027, 1, 2))
        assert calendar.add_working_days(local(2026, 12, 31, 9, 0), 1) == local(2027, 1, 1, 9, 0)
    warnings = [r for r in caplog.records if "2027" in r.getMessage()]
    assert len(warnings) == 1
    assert calendar.metrics.fallback_years == {2027}
    assert calendar.metrics.fallback_days == 2


def test_an_operator_file_gives_2027_its_holidays_and_make_up_days(tmp_path: Path) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text(
        "2027:\n  holidays: [2027-01-01, 2027-02-05..2027-02-11]\n  workdays: [2027-02-14]\n",
        encoding="utf-8",
    )
    calendar = load_calendar(path)
    assert calendar.add_working_days(local(2026, 12, 31, 9, 0), 1) == local(2027, 1, 4, 9, 0)
    assert calendar.is_working_day(date(2027, 2, 14))  # a Sunday worked
    assert calendar.add_working_days(local(2027, 2, 4, 9, 0), 1) == local(2027, 2, 12, 9, 0)
    assert calendar.metrics.fallback_days == 0


def test_the_operator_file_replaces_a_year_the_package_knows(tmp_path: Path) -> None:
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps({"2025": {"holidays": [], "workdays": []}}), encoding="utf-8")
    assert load_calendar(path).is_working_day(date(2025, 10, 6))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("2027:\n  holidays: [2026-12-31]\n", "not within 2027"),
        ("2027:\n  holidays: [tomorrow]\n", "not a date"),
        ("2027:\n  holidays: [2027-01-01]\n  workdays: [2027-01-01]\n", "holiday and as a working"),
        ("next:\n  holidays: []\n", "not a year"),
        ("2027:\n  feasts: []\n", "needs a mapping"),
        ("- 2027\n", "expected a mapping"),
    ],
)
def test_a_mistake_in_the_holiday_file_is_a_clear_error(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_holiday_file(path)


def test_a_missing_holiday_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read holidays file"):
        load_holiday_file(tmp_path / "absent.yaml")
