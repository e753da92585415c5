"""Deadlines and warning times of the four tiers, from the shipped ``sla.yaml``."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from jiesu.config import ConfigError
from jiesu.config.holidays import load_calendar
from jiesu.config.policy import load_sla, sla_from_data
from jiesu.domain.events import SlaTier
from jiesu.domain.sla import SlaConfig, deadlines, warn_time
from jiesu.domain.workcalendar import CHINA, WorkCalendar

ORDINARY = {"response": {"hours": 2}, "resolution": {"hours": 24}}
EVE = datetime(2025, 9, 30, 10, 0, tzinfo=CHINA)


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    return load_calendar()


@pytest.fixture(scope="module")
def sla() -> SlaConfig:
    return load_sla()


def test_an_ordinary_matter_has_24_wall_hours_even_over_a_holiday(
    sla: SlaConfig, calendar: WorkCalendar
) -> None:
    due = deadlines(sla, calendar, SlaTier.ORDINARY, False, EVE)
    assert due.resolution == EVE + timedelta(hours=24)
    assert due.response == EVE + timedelta(hours=2)
    assert not due.resolution_working


def test_difficult_and_thorny_matters_count_working_days(
    sla: SlaConfig, calendar: WorkCalendar
) -> None:
    assert deadlines(sla, calendar, SlaTier.DIFFICULT, False, EVE).resolution == datetime(
        2025, 10, 11, 10, 0, tzinfo=CHINA
    )
    assert deadlines(sla, calendar, SlaTier.THORNY, False, EVE).resolution == datetime(
        2025, 10, 16, 10, 0, tzinfo=CHINA
    )


def test_the_emergency_channel_signs_within_half_an_hour(
    sla: SlaConfig, calendar: WorkCalendar
) -> None:
    due = deadlines(sla, calendar, SlaTier.DIFFICULT, True, EVE)
    assert due.response == EVE + timedelta(minutes=30)
    assert due.resolution == EVE + timedelta(hours=12)
    assert not due.resolution_working


def test_a_major_risk_gets_one_working_day_per_step_but_never_more_than_24_hours(
    sla: SlaConfig, calendar: WorkCalendar
) -> None:
    # The evening before National Day: one working day would be 9 October; an ordinary
    # matter received at the same moment is due on 1 October, so the major risk is too.
    evening = datetime(2025, 9, 30, 20, 0, tzinfo=CHINA)
    for escalated in (False, True):
        due = deadlines(sla, calendar, SlaTier.MAJOR_RISK, False, evening, escalated)
        assert due.resolution == evening + timedelta(hours=24)
        assert not due.resolution_working
    monday = datetime(2025, 9, 22, 9, 0, tzinfo=CHINA)
    due = deadlines(sla, calendar, SlaTier.MAJOR_RISK, False, monday, escalated=True)
    assert due.resolution == monday + timedelta(hours=24)  # a working day is 24 h or more


def test_an_unknown_tier_runs_on_the_default_tier(sla: SlaConfig, calendar: WorkCalendar) -> None:
    assert deadlines(sla, calendar, SlaTier.UNKNOWN, False, EVE).resolution == EVE + timedelta(
        hours=24
    )


def test_the_warning_comes_at_80_percent_of_wall_time(calendar: WorkCalendar) -> None:
    due = EVE + timedelta(hours=24)
    assert warn_time(calendar, EVE, due, 0.8, working=False) == EVE + timedelta(hours=19.2)


def test_the_warning_of_a_working_day_clock_skips_the_holiday(calendar: WorkCalendar) -> None:
    due = datetime(2025, 10, 11, 10, 0, tzinfo=CHINA)
    warn = warn_time(calendar, EVE, due, 0.8, working=True)
    assert warn == datetime(2025, 10, 10, 19, 36, tzinfo=CHINA)  # 57.6 of 72 working hours


def test_the_shipped_file_has_all_four_tiers_and_warns_at_80_percent(sla: SlaConfig) -> None:
    assert set(sla.tiers) == {
        SlaTier.ORDINARY,
        SlaTier.DIFFICULT,
        SlaTier.THORNY,
        SlaTier.MAJOR_RISK,
    }
    assert sla.warn_fraction == 0.8
    assert sla.report_within.minutes == 24 * 60
    assert sla.callback_within.working_days == 3


def test_a_list_of_allowances_is_whichever_comes_first(calendar: WorkCalendar) -> None:
    resolution = [{"working_days": 1}, {"hours": 30}]
    tier = {"response": {"hours": 2}, "resolution": resolution}
    sla = sla_from_data({"tiers": {"ORDINARY": tier}})
    holiday_eve = deadlines(sla, calendar, SlaTier.ORDINARY, False, EVE)
    assert holiday_eve.resolution == EVE + timedelta(hours=30)
    assert not holiday_eve.resolution_working
    monday = datetime(2025, 9, 22, 10, 0, tzinfo=CHINA)
    ordinary_week = deadlines(sla, calendar, SlaTier.ORDINARY, False, monday)
    assert ordinary_week.resolution == monday + timedelta(hours=24)
    assert ordinary_week.resolution_working


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"tiers": {"ORDINARY": {"response": {"hours": 2}, "resolution": {"days": 1}}}}, "days"),
        ({"tiers": {"ORDINARY": {"response": {"hours": 2}}}}, "exactly one"),
        ({"tiers": {"CALM": {}}}, "unknown tier"),
        ({"tiers": {"ORDINARY": {"response": {"hours": -1}, "resolution": {"hours": 1}}}}, "-1"),
        ({"tiers": {}, "default_tier": "ORDINARY"}, "no entry"),
        (
            {
                "tiers": {
                    "ORDINARY": {"response": {"working_days": 1.5}, "resolution": {"hours": 1}}
                }
            },
            "whole",
        ),
        ({"warn_fraction": 2, "tiers": {"ORDINARY": ORDINARY}}, "warn_fraction"),
        (
            {"tiers": {"ORDINARY": {"response": {"hours": 2}, "resolution": [{"hours": 1}, {}]}}},
            r"resolution\[1\] needs exactly one",
        ),
        ({"tiers": {"ORDINARY": ORDINARY}, "callback": {"within": {"days": 3}}}, "callback"),
    ],
)
def test_a_mistake_in_the_sla_file_is_a_clear_error(data: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        sla_from_data(data)
