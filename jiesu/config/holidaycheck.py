"""The checks of the operator's holiday file across its entries, and the years it yields.

A year the file gives replaces every other source for that year, so a mistake there moves
real deadlines: each one is refused with its line. Ranges are written as the State Council
writes them (``2027-02-05..2027-02-11``, weekends included).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jiesu.config import ConfigError
from jiesu.config.holidayfile import Entry, Reading, YearEntries, read_holiday_file
from jiesu.domain.statutory import Almanac, Statute, missing_statutory_days, statutory_days
from jiesu.domain.workcalendar import OPERATOR_FILE, HolidayYear

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class HolidayFileError(ConfigError):
    """The holiday file is invalid; the message has one ``FILE:LINE: what`` per mistake."""

    def __init__(self, path: Path, problems: list[tuple[int, str]]) -> None:
        self.path = path
        self.problems = sorted(problems)
        super().__init__("\n".join(f"{path}:{line}: {what}" for line, what in self.problems))


def check_holiday_file(path: Path, statute: Statute, almanac: Almanac) -> dict[int, HolidayYear]:
    """The years of the file, each checked; raises :class:`HolidayFileError` listing every
    mistake (and ConfigError when the file cannot be read at all)."""
    try:
        reading = read_holiday_file(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read holidays file {path}: {exc}") from exc
    years = {y.year: _checked(reading, y, statute, almanac) for y in reading.years}
    if reading.problems:
        raise HolidayFileError(path, reading.problems)
    return years


def _checked(
    reading: Reading, year: YearEntries, statute: Statute, almanac: Almanac
) -> HolidayYear:
    holidays = _days(reading, year, "holidays")
    workdays = _days(reading, year, "workdays")
    if not holidays and not workdays:
        if not year.broken:
            reading.wrong(year.line, f"year {year.year} is empty: list its days off (holidays)")
        return HolidayYear(year.year, source=OPERATOR_FILE)
    for day, line in sorted(workdays.items()):
        if day in holidays:
            also = holidays[day]
            reading.wrong(line, f"{day} is both a day off (line {also}) and a make-up working day")
        elif day.weekday() < 5:
            reading.wrong(
                line,
                f"{year.year}.workdays: {day} is a {WEEKDAYS[day.weekday()]}; a make-up working "
                "day (调休) is a Saturday or Sunday worked",
            )
    if not year.broken:
        _statutory(reading, year, frozenset(holidays), statute, almanac)
    names = statutory_days(statute, almanac, year.year)
    return HolidayYear(year.year, frozenset(holidays), frozenset(workdays), OPERATOR_FILE, names)


def _days(reading: Reading, year: YearEntries, name: str) -> dict[date, int]:
    """Every day of one list with the line that gives it; a day given twice is a mistake,
    reported once per entry that repeats days."""
    days: dict[date, int] = {}
    for entry in year.lists[name]:
        again = [day for day in entry.days() if day in days]
        if again:
            _twice(reading, year, name, entry, again, days[again[0]])
        days.update((day, entry.line) for day in entry.days() if day not in days)
    return days


def _twice(
    reading: Reading, year: YearEntries, name: str, entry: Entry, again: list[date], line: int
) -> None:
    where = "the same line" if line == entry.line else f"line {line}"
    more = f" and {len(again) - 1} more day(s)" if len(again) > 1 else ""
    reading.wrong(
        entry.line, f"{year.year}.{name}: {again[0]}{more} listed twice (also on {where})"
    )


def _statutory(
    reading: Reading,
    year: YearEntries,
    holidays: frozenset[date],
    statute: Statute,
    almanac: Almanac,
) -> None:
    missing = missing_statutory_days(statute, almanac, year.year, holidays)
    if missing:
        listed = ", ".join(f"{day} ({name})" for day, name in sorted(missing.items()))
        reading.wrong(
            year.line,
            f"{year.year} lacks statutory days off of 全国年节及纪念日放假办法: {listed}",
        )
