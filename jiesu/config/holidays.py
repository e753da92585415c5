"""The statutory working-day calendar: the ``chinese-calendar`` package plus the operator's file.

The package knows the State Council's calendars it was released with (2004 to 2026 in
1.11). When the next year's calendar is published (usually in November), an operator writes
it into the file named by ``JIESU_HOLIDAYS_FILE`` (YAML or JSON) without waiting for a new
package; a year in that file replaces the package's year. The format::

    2027:
      holidays: [2027-01-01, 2027-02-05..2027-02-12]   # days off; ranges are inclusive
      workdays: [2027-02-14]                           # 调休: weekend days worked
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import chinese_calendar
import yaml

from jiesu.config import ConfigError
from jiesu.domain.workcalendar import HolidayYear, WorkCalendar


def load_calendar(holidays_file: Path | None = None) -> WorkCalendar:
    """The package's years overlaid with the operator's file (which wins for its years)."""
    years = statutory_years()
    if holidays_file is not None:
        years.update(load_holiday_file(holidays_file))
    return WorkCalendar(years)


def statutory_years() -> dict[int, HolidayYear]:
    """Every year the ``chinese-calendar`` package has data for."""
    years: dict[int, HolidayYear] = {}
    for year in sorted({day.year for day in chinese_calendar.holidays}):
        years[year] = HolidayYear(
            year=year,
            holidays=frozenset(d for d in chinese_calendar.holidays if d.year == year),
            workdays=frozenset(d for d in chinese_calendar.workdays if d.year == year),
            source="chinese-calendar",
        )
    return years


def load_holiday_file(path: Path) -> dict[int, HolidayYear]:
    """Parse and check the operator's file; any mistake is a ConfigError naming the entry."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read holidays file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of year → holidays/workdays")
    return {year.year: year for year in (_year(path, key, raw) for key, raw in data.items())}


def _year(path: Path, key: Any, raw: Any) -> HolidayYear:
    try:
        year = int(key)
    except (TypeError, ValueError):
        raise ConfigError(f"{path}: {key!r} is not a year") from None
    if not isinstance(raw, dict) or set(raw) - {"holidays", "workdays"}:
        raise ConfigError(f"{path}: {year} needs a mapping with 'holidays' and/or 'workdays'")
    holidays = _days(path, year, "holidays", raw.get("holidays") or [])
    workdays = _days(path, year, "workdays", raw.get("workdays") or [])
    if holidays & workdays:
        both = min(holidays & workdays)
        raise ConfigError(f"{path}: {both} is listed as a holiday and as a working day")
    return HolidayYear(year, holidays, workdays, source=str(path))


def _days(path: Path, year: int, field: str, items: Any) -> frozenset[date]:
    if not isinstance(items, list):
        raise ConfigError(f"{path}: {year}.{field} must be a list of dates")
    days: set[date] = set()
    for item in items:
        first, last = _span(path, year, field, item)
        days.update(first + timedelta(days=i) for i in range((last - first).days + 1))
    return frozenset(days)


def _span(path: Path, year: int, field: str, item: Any) -> tuple[date, date]:
    """One entry: a date, or an inclusive range ``first..last``, within ``year``."""
    try:
        if isinstance(item, date):
            first = last = item
        else:
            head, _, tail = str(item).partition("..")
            first, last = (
                date.fromisoformat(head.strip()),
                date.fromisoformat((tail or head).strip()),
            )
    except ValueError:
        raise ConfigError(f"{path}: {year}.{field}: {item!r} is not a date or a range") from None
    if first > last or first.year != year or last.year != year:
        raise ConfigError(f"{path}: {year}.{field}: {item!r} is not within {year}")
    return first, last
