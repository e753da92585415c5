"""The days off fixed by law (全国年节及纪念日放假办法), for years nobody has published yet.

The law names the festivals and how many days each gives; only the yearly make-up
arrangement (放假调休: which weekend days are worked, how the days off are joined into longer
breaks) is announced by the State Council each November. So a year neither the
``chinese-calendar`` package nor the operator's file knows is still certain in its
statutory days: this module computes them from the law's revisions (data, in
``statutory.yaml``) and an :class:`Almanac` that knows the lunar calendar and the solar terms.
Deadlines counted on such a year are marked provisional: the arrangement may add days off.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from jiesu.domain.workcalendar import LAW_DERIVED, HolidayYear


class Almanac(Protocol):
    """The lunar calendar and the solar terms (a library, behind our own interface)."""

    def lunar_date(self, year: int, month: int, day: int) -> date:
        """The Gregorian date of ``month``/``day`` of the lunar year beginning in ``year``
        (never a leap month)."""
        ...

    def solar_term(self, year: int, name: str) -> date:
        """The day (Beijing time) of the solar term ``name`` (e.g. 清明) in ``year``."""
        ...


class Anchor(StrEnum):
    """What a festival's first day is counted from."""

    SOLAR = "solar"  # a Gregorian month and day
    LUNAR = "lunar"  # a month and day of the lunar year
    TERM = "term"  # a solar term


@dataclass(frozen=True)
class Festival:
    """One festival of the law: ``days`` consecutive days off from its anchor plus
    ``offset`` (春节 since 2025: 除夕, the day before 正月初一, and three more days)."""

    name: str
    anchor: Anchor
    month: int = 0
    day: int = 0
    term: str = ""
    offset: int = 0
    days: int = 1

    def dates(self, year: int, almanac: Almanac) -> list[date]:
        first = self._anchor_date(year, almanac) + timedelta(days=self.offset)
        return [first + timedelta(days=i) for i in range(self.days)]

    def _anchor_date(self, year: int, almanac: Almanac) -> date:
        if self.anchor is Anchor.LUNAR:
            return almanac.lunar_date(year, self.month, self.day)
        if self.anchor is Anchor.TERM:
            return almanac.solar_term(year, self.term)
        return date(year, self.month, self.day)


@dataclass(frozen=True)
class Revision:
    """The law as revised, in force from 1 January of ``since``."""

    since: int
    festivals: tuple[Festival, ...]
    title: str = ""


@dataclass(frozen=True)
class Statute:
    """Every revision of the law; the one in force in a year is the latest not after it."""

    revisions: tuple[Revision, ...]

    def revision(self, year: int) -> Revision | None:
        known = [r for r in self.revisions if r.since <= year]
        return max(known, key=lambda r: r.since) if known else None


def statutory_days(statute: Statute, almanac: Almanac, year: int) -> dict[date, str]:
    """Every statutory day off of ``year`` with its festival's name (empty before the first
    revision we know). A day that would fall outside the year is left out."""
    revision = statute.revision(year)
    if revision is None:
        return {}
    days: dict[date, str] = {}
    for festival in revision.festivals:
        days.update((d, festival.name) for d in festival.dates(year, almanac) if d.year == year)
    return days


def law_year(statute: Statute, almanac: Almanac, year: int) -> HolidayYear | None:
    """``year`` as the law alone knows it: weekends plus the statutory days, no make-up
    working days. None for a year before every revision we know."""
    days = statutory_days(statute, almanac, year)
    if not days:
        return None
    return HolidayYear(year, frozenset(days), frozenset(), LAW_DERIVED, names=days)


def missing_statutory_days(
    statute: Statute, almanac: Almanac, year: int, holidays: frozenset[date]
) -> Mapping[date, str]:
    """The statutory days of ``year`` a published arrangement does not give off."""
    return {d: n for d, n in statutory_days(statute, almanac, year).items() if d not in holidays}
