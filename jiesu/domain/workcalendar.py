"""Working days of the Chinese statutory calendar (法定节假日 and 调休 make-up working days).

Deadlines of "3 working days" count the days of the State Council's yearly calendar in
Asia/Shanghai local time (a fixed UTC+8: China has kept no daylight saving since 1991, so no
tz database is needed). The calendar is plain data, one :class:`HolidayYear` per year; the
loader in ``jiesu.config.holidays`` builds it from the operator's holiday file, the
``chinese-calendar`` package and, for a year neither knows, the law's statutory days
(:mod:`jiesu.domain.statutory`). A year known only from the law is *provisional*: its
make-up arrangement is unknown, so a deadline that counts one of its days may still move.
A year beyond even the law we know falls back to weekends only (logged and counted, never
fatal, because a petition must still get a deadline).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from jiesu.domain.calendarmetrics import CalendarMetrics
from jiesu.domain.chinatime import CHINA

DAY = timedelta(days=1)
_HORIZON_DAYS = 3660
PACKAGE = "chinese-calendar"
OPERATOR_FILE = "operator file"
LAW_DERIVED = "law-derived"
WEEKENDS_ONLY = "weekends only"
"""Where a year's calendar came from, most trusted first."""


@dataclass(frozen=True)
class HolidayYear:
    """One year's statutory calendar: days off (weekend days inside a break included), and
    make-up working days (调休) that fall on a weekend. ``source`` says where it came from;
    ``names`` gives the festival of a day off where it is known."""

    year: int
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()
    source: str = ""
    names: Mapping[date, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def provisional(self) -> bool:
        """True when only the law is known: the make-up arrangement may add days off."""
        return self.source in (LAW_DERIVED, WEEKENDS_ONLY)


YearSource = Callable[[int], HolidayYear | None]
"""A year's calendar for a year the data does not hold (the law), or None."""


class WorkCalendar:
    """Answers working-day questions; deadlines are the same local clock time n working days
    later, returned in UTC."""

    def __init__(self, years: Mapping[int, HolidayYear], law: YearSource | None = None) -> None:
        self.years = dict(years)
        self.law = law
        self.metrics = CalendarMetrics()
        self._derived: dict[int, HolidayYear | None] = {}

    def year(self, year: int) -> HolidayYear | None:
        """The year's data: published (file or package) first, else the law's, else None."""
        data = self.years.get(year)
        if data is not None or self.law is None:
            return data
        if year not in self._derived:
            self._derived[year] = self.law(year)
        derived = self._derived[year]
        if derived is not None:
            self.metrics.derived(year)
        return derived

    def is_working_day(self, day: date) -> bool:
        data = self.year(day.year)
        if data is None:
            self.metrics.record(day)
            return day.weekday() < 5
        if day in data.workdays:
            return True
        return day.weekday() < 5 and day not in data.holidays

    def is_provisional(self, year: int) -> bool:
        """Whether ``year``'s make-up arrangement is unknown (law only, or nothing at all)."""
        data = self.year(year)
        return data is None or data.provisional

    def counts_provisional(self, start: datetime, due: datetime) -> bool:
        """Whether a deadline from ``start`` to ``due`` reaches a provisional year (the days
        after ``start``'s local day, up to ``due``'s)."""
        first = start.astimezone(CHINA).date() + DAY
        last = due.astimezone(CHINA).date()
        return any(self.is_provisional(y) for y in range(first.year, last.year + 1))

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
