"""Calendars as of December 2026, whatever the installed ``chinese-calendar`` has learnt
since: the package's years up to 2026, the law after. Tests of 2027 build theirs here, so
they keep testing the law-derived year when a newer package knows 2027."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path

from jiesu.config.holidays import load_calendar, statutory_years
from jiesu.domain.workcalendar import CHINA, HolidayYear, WorkCalendar

KNOWN_UNTIL = 2026

ARRANGEMENT_2027 = """\
# A made-up 2027 arrangement for tests only (not the State Council's): the law's days plus
# joined breaks and make-up Saturdays/Sundays.
2027:
  holidays:
    - 2027-01-01..2027-01-03
    - 2027-02-05..2027-02-11
    - 2027-04-03..2027-04-05
    - 2027-05-01..2027-05-05
    - 2027-06-09
    - 2027-09-15
    - 2027-10-01..2027-10-07
  workdays:
    - 2027-02-20
    - 2027-05-08
    - 2027-09-26
    - 2027-10-09
"""


@cache
def package_until_2026() -> dict[int, HolidayYear]:
    return {y: data for y, data in statutory_years().items() if y <= KNOWN_UNTIL}


def calendar_as_of_2026(holidays_file: Path | None = None) -> WorkCalendar:
    """A fresh calendar (its own metrics) that knows the package's years up to 2026."""
    return load_calendar(holidays_file, package_years=package_until_2026())


def write_2027(folder: Path) -> Path:
    path = folder / "holidays-2027.yaml"
    path.write_text(ARRANGEMENT_2027, encoding="utf-8")
    return path


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CHINA)
