"""One year of the working-day calendar as an operator checks it (``jiesu calendar show``):
its source, whether it is provisional, and every day that is not an ordinary weekday or
weekend: the days off and the make-up working days (调休), with their festival."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from jiesu.domain.workcalendar import WEEKENDS_ONLY, WorkCalendar


@dataclass(frozen=True)
class SpecialDay:
    """A day off that would be a working day (or lies inside a break), or a weekend day
    worked. ``statutory``: one of the law's days; ``festival``: its name, where known."""

    day: date
    working: bool
    festival: str | None
    statutory: bool


@dataclass(frozen=True)
class YearView:
    year: int
    month: int | None
    source: str
    provisional: bool
    working_days: int
    days: tuple[SpecialDay, ...]


def year_view(calendar: WorkCalendar, year: int, month: int | None = None) -> YearView:
    """``year`` (or one ``month`` of it) as the calendar counts it."""
    data = calendar.year(year)
    law = calendar.law(year) if calendar.law is not None else None
    statutory: Mapping[date, str] = law.names if law is not None else {}
    names = {**(data.names if data is not None else {}), **statutory}
    off = set(data.holidays if data is not None else ()) | set(statutory)
    worked = set(data.workdays if data is not None else ())
    days = tuple(
        SpecialDay(d, d in worked, names.get(d), d in statutory)
        for d in sorted(off | worked)
        if month is None or d.month == month
    )
    span = _days_of(year, month)
    return YearView(
        year=year,
        month=month,
        source=data.source if data is not None else WEEKENDS_ONLY,
        provisional=calendar.is_provisional(year),
        working_days=sum(calendar.is_working_day(d) for d in span),
        days=days,
    )


def _days_of(year: int, month: int | None) -> list[date]:
    first = date(year, month or 1, 1)
    last = date(year + 1, 1, 1) if month in (None, 12) else date(year, (month or 0) + 1, 1)
    return [first + timedelta(days=i) for i in range((last - first).days)]
