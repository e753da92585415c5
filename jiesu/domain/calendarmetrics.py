"""What the stream worker tells operators about its calendar (plain attributes, exported as
they are): years answered from the law alone or from weekends alone, and how many
deadlines it decided that count such days and are therefore provisional."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

log = logging.getLogger("jiesu.domain.workcalendar")


@dataclass
class CalendarMetrics:
    """``fallback_*``: days of years with no data at all, counted as Monday–Friday
    (beyond the law we know); ``law_derived_years``: years whose make-up arrangement is
    unknown, counted as weekends plus the law's statutory days; ``provisional_deadlines``
    and ``deadlines``: deadlines decided (a rebuild decides again), and how many of them
    are provisional."""

    fallback_days: int = 0
    fallback_years: set[int] = field(default_factory=set)
    law_derived_years: set[int] = field(default_factory=set)
    deadlines: int = 0
    provisional_deadlines: int = 0
    _days: set[date] = field(default_factory=set, repr=False)

    def record(self, day: date) -> None:
        """A day of a year with no data at all was asked about (warned once per year)."""
        if day in self._days:
            return
        self._days.add(day)
        self.fallback_days += 1
        if day.year not in self.fallback_years:
            self.fallback_years.add(day.year)
            log.warning(
                "no statutory holiday data for %d, not even the law's: counting Monday-Friday "
                "as working days; add the State Council's %d calendar to the holidays file "
                "(JIESU_HOLIDAYS_FILE)",
                day.year,
                day.year,
            )

    def derived(self, year: int) -> None:
        """``year`` was answered from the law alone (warned once)."""
        if year in self.law_derived_years:
            return
        self.law_derived_years.add(year)
        log.warning(
            "the State Council's %d arrangement (放假调休) is not in the data: counting "
            "weekends and the law's statutory days; deadlines that count %d are provisional "
            "until the notice is added to the holidays file (JIESU_HOLIDAYS_FILE)",
            year,
            year,
        )

    def decided(self, provisional: bool) -> None:
        """A deadline was decided."""
        self.deadlines += 1
        self.provisional_deadlines += int(provisional)
