"""Working days of the Chinese statutory calendar (法定节假日 and 调休 make-up working days).

Deadlines of "3 working days" count the days of the State Council's yearly calendar in
Asia/Shanghai local time (a fixed UTC+8: China has kept no daylight saving since 1991, so no
tz database is needed). The calendar is plain data, one :class:`HolidayYear` per year; the
loader in ``jiesu.config.holidays`` builds it from the ``chinese-calendar`` package and the
operator's holiday file. A year nobody has published yet falls back to weekends only: that
is logged once per year and counted, never fatal, because a petition must still get a
deadline.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone

CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")
DAY = timedelta(days=1)
_HORIZON_DAYS = 3660
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HolidayYear:
    """One year's statutory calendar: days off that would be working days, and make-up
    working days (调休) that fall on a weekend. ``source`` says where it came from."""

    year: int
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    source: str = ""


@dataclass
class CalendarMetrics:
    """What the worker exports: days decided by the weekends-only fallback, and their years."""

    fallback_days: int = 0
    fallback_years: set[int] = field(default_factory=set)
    _days: set[date] = field(default_factory=set, repr=False)

    def record(self, day: date) -> None:
        if day in self._days:
            return
        self._days.add(day)
        self.fallback_days += 1
        if day.year not in self.fallback_years:
            self.fallback_years.add(day.year)
            log.warning(
                "no statutory holiday data for %d: counting Monday-Friday as working days; "
                "add the State Council's %d calendar to the holidays file (JIESU_HOLIDAYS_FILE)",
                day.year,
                day.year,
            )


class WorkCalendar:
    """Answers working-day questions; deadlines are the same local clock time n working days
    later, returned in UTC."""

    def __init__(self, years: Mapping[int, HolidayYear]) -> None:
        self.years = dict(years)
        self.metrics = CalendarMetrics()

    def is_working_day(self, day: date) -> bool:
        data = self.years.get(day.year)
        if data is None:
            self.metrics.record(day)
            return day.weekday() < 5
        if day in data.workdays:
            return True
        return day.weekday() < 5 and day not in data.holidays

    def add_working_days(self, start: datetime, n: int) -> datetime:
        """The same Shanghai clock time on the ``n``-th working day after ``start``'s day."""
        local = start.astimezone(CHINA)
        day, left = local.date(), n
        for _ in range(_HORIZON_DAYS):
            if left <= 0:
                break
            day += DAY
            left -= self.is_working_day(day)
        else:
            raise ValueError("the calendar has no working day for ten years")
        return datetime.combine(day, local.timetz()).astimezone(UTC)

    def working_seconds(self, start: datetime, end: datetime) -> float:
        """Seconds between ``start`` and ``end`` that fall on working days (local time)."""
        total, cursor = 0.0, start.astimezone(CHINA)
        end_local = end.astimezone(CHINA)
        while cursor < end_local:
            boundary = min(_next_midnight(cursor), end_local)
            if self.is_working_day(cursor.date()):
                total += (boundary - cursor).total_seconds()
            cursor = boundary
        return total

    def after_working_seconds(self, start: datetime, seconds: float) -> datetime:
        """The instant when ``seconds`` of working time have passed since ``start``."""
        cursor, left = start.astimezone(CHINA), seconds
        for _ in range(_HORIZON_DAYS):
            boundary = _next_midnight(cursor)
            if self.is_working_day(cursor.date()):
                span = (boundary - cursor).total_seconds()
                if left <= span:
                    return (cursor + timedelta(seconds=left)).astimezone(UTC)
                left -= span
            cursor = boundary
        raise ValueError("the calendar has no working day for ten years")


def _next_midnight(moment: datetime) -> datetime:
    return datetime.combine(moment.date() + DAY, time(), tzinfo=CHINA)
