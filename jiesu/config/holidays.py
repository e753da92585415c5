"""The statutory working-day calendar, from three sources, the most trusted first:

1. the operator's file (``JIESU_HOLIDAYS_FILE``, YAML or JSON): the State Council's notice
   for a year, typed in when it is published (usually in November), without waiting for a
   new package; a year there replaces every other source for that year;
2. the ``chinese-calendar`` package: the notices it was released with (2004 to 2026 in 1.11);
3. the law (``statutory.yaml``): for any later year, weekends plus the statutory days, with
   deadlines marked provisional (:mod:`jiesu.domain.statutory`).

The file's format (``holidays.example.yaml`` beside this module is a complete example)::

    2027:
      holidays: [2027-01-01, 2027-02-05..2027-02-11]   # days off; ranges are inclusive
      workdays: [2027-02-20]                           # 调休: weekend days worked
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import chinese_calendar

from jiesu.config.holidaycheck import check_holiday_file
from jiesu.config.statutory import LunarAlmanac, load_statute
from jiesu.domain.statutory import Almanac, Statute, law_year
from jiesu.domain.workcalendar import PACKAGE, HolidayYear, WorkCalendar

EXAMPLE = Path(__file__).resolve().parent / "holidays.example.yaml"


def load_calendar(
    holidays_file: Path | None = None,
    config_dir: Path | None = None,
    package_years: dict[int, HolidayYear] | None = None,
) -> WorkCalendar:
    """The operator's file over the package's years (``package_years``: instead of the
    installed package's, e.g. to pin what a test knows), over the law."""
    statute, almanac = load_statute(config_dir), LunarAlmanac()
    years = dict(statutory_years() if package_years is None else package_years)
    if holidays_file is not None:
        years.update(load_holiday_file(holidays_file, statute, almanac))
    return WorkCalendar(years, partial(law_year, statute, almanac))


def statutory_years() -> dict[int, HolidayYear]:
    """Every year the ``chinese-calendar`` package has data for."""
    years: dict[int, HolidayYear] = {}
    for year in sorted({day.year for day in chinese_calendar.holidays}):
        off = {d: name for d, name in chinese_calendar.holidays.items() if d.year == year}
        worked = {d: name for d, name in chinese_calendar.workdays.items() if d.year == year}
        years[year] = HolidayYear(
            year=year,
            holidays=frozenset(off),
            workdays=frozenset(worked),
            source=PACKAGE,
            names={d: chinese_calendar.Holiday(n).chinese for d, n in (off | worked).items()},
        )
    return years


def load_holiday_file(
    path: Path, statute: Statute | None = None, almanac: Almanac | None = None
) -> dict[int, HolidayYear]:
    """Parse and check the operator's file; every mistake is reported with its line."""
    return check_holiday_file(path, statute or load_statute(), almanac or LunarAlmanac())
