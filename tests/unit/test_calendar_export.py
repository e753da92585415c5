"""The calendar's counts become gauges named after their fields, new fields included."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, generate_latest

from jiesu.domain.workcalendar import CalendarMetrics
from streams.calendar_export import CalendarExport


@dataclass
class GrownMetrics:
    """CalendarMetrics as issue 10 grows it: provisional days beside the fallback ones."""

    fallback_days: int = 0
    fallback_years: set[int] = field(default_factory=set)
    provisional_days: int = 0
    provisional_years: set[int] = field(default_factory=set)
    _days: set[int] = field(default_factory=set)


def exported(metrics: object) -> str:
    registry = CollectorRegistry()
    CalendarExport(registry).export(metrics)
    return generate_latest(registry).decode()


def test_fallback_days_are_exported_as_dates_with_their_years() -> None:
    metrics = CalendarMetrics()
    metrics.fallback_days, metrics.fallback_years = 3, {2027}
    text = exported(metrics)
    assert "jiesu_calendar_fallback_dates 3.0" in text
    assert 'jiesu_calendar_fallback_years{year="2027"} 1.0' in text
    assert "jiesu_calendar_fallback_days" not in text


def test_a_field_added_later_is_exported_without_a_change() -> None:
    text = exported(GrownMetrics(provisional_days=12, provisional_years={2028}))
    assert "jiesu_calendar_provisional_dates 12.0" in text
    assert 'jiesu_calendar_provisional_years{year="2028"} 1.0' in text
    assert "jiesu_calendar__days" not in text  # private fields stay private
