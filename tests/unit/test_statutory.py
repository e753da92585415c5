"""The law's statutory days, computed with the lunar calendar and the solar terms, against
the State Council's published years (``chinese-calendar``) and DOMAIN.md's 2027."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from jiesu.config import ConfigError
from jiesu.config.statutory import LunarAlmanac, load_statute, statute_from_data
from jiesu.domain.statutory import Statute, law_year, statutory_days
from jiesu.domain.workcalendar import LAW_DERIVED

ALMANAC = LunarAlmanac()


@pytest.fixture(scope="module")
def statute() -> Statute:
    return load_statute()


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_law_s_days_are_among_the_days_off_the_state_council_published(
    statute: Statute, year: int
) -> None:
    days = statutory_days(statute, ALMANAC, year)
    assert len(days) == 13
    assert set(days) <= set(chinese_calendar.holidays)


@pytest.mark.parametrize("year", range(2008, 2027))
def test_every_revision_s_days_were_days_off_in_every_published_year(
    statute: Statute, year: int
) -> None:
    # chinese-calendar leaves out 2012-06-23 (端午, a Saturday), so "off" rather than "listed".
    days = statutory_days(statute, ALMANAC, year)
    assert days
    assert [d for d in days if chinese_calendar.is_workday(d)] == []


def test_2027_has_the_days_domain_md_gives(statute: Statute) -> None:
    days = statutory_days(statute, ALMANAC, 2027)
    expected = {
        date(2027, 1, 1): "元旦",
        date(2027, 2, 5): "春节",  # 除夕
        date(2027, 2, 6): "春节",
        date(2027, 2, 7): "春节",
        date(2027, 2, 8): "春节",
        date(2027, 4, 5): "清明节",
        date(2027, 5, 1): "劳动节",
        date(2027, 5, 2): "劳动节",
        date(2027, 6, 9): "端午节",
        date(2027, 9, 15): "中秋节",
        date(2027, 10, 1): "国庆节",
        date(2027, 10, 2): "国庆节",
        date(2027, 10, 3): "国庆节",
    }
    assert days == expected


@pytest.mark.parametrize(
    ("year", "eve", "last_day"), [(2025, date(2025, 1, 28), 29), (2030, date(2030, 2, 2), 30)]
)
def test_new_year_s_eve_is_the_last_day_of_the_twelfth_lunar_month(
    statute: Statute, year: int, eve: date, last_day: int
) -> None:
    from lunar_python import Solar  # type: ignore[import-untyped]

    first = min(d for d, name in statutory_days(statute, ALMANAC, year).items() if name == "春节")
    assert first == eve
    lunar = Solar.fromYmd(eve.year, eve.month, eve.day).getLunar()
    assert (lunar.getMonth(), lunar.getDay()) == (12, last_day)
    assert ALMANAC.lunar_date(year, 1, 1) == eve + timedelta(days=1)


def test_qingming_follows_the_solar_term_on_the_4th_or_5th(statute: Statute) -> None:
    found = {y: ALMANAC.solar_term(y, "清明") for y in range(2025, 2041)}
    assert {d.day for d in found.values()} <= {4, 5}
    assert found[2027] == date(2027, 4, 5)
    assert found[2028] == date(2028, 4, 4)


def test_a_year_known_only_from_the_law_has_no_make_up_days(statute: Statute) -> None:
    year = law_year(statute, ALMANAC, 2031)
    assert year is not None
    assert year.source == LAW_DERIVED
    assert year.provisional
    assert year.workdays == frozenset()
    assert year.names[date(2031, 10, 1)] == "国庆节"


def test_before_the_first_revision_we_know_the_law_says_nothing(statute: Statute) -> None:
    assert law_year(statute, ALMANAC, 2007) is None


def test_the_revision_in_force_is_the_latest_not_after_the_year(statute: Statute) -> None:
    assert [statute.revision(y).since for y in (2008, 2013, 2014, 2024, 2025, 2040)] == [  # type: ignore[union-attr]
        2008,
        2008,
        2014,
        2014,
        2025,
        2025,
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"revisions": [{"festivals": []}]}, "since"),
        ({"revisions": [{"since": 2025, "festivals": [{"name": "x"}]}]}, "exactly one of"),
        ({"revisions": [{"since": 2025, "festivals": [{"name": "x", "solar": "02-30"}]}]}, "02-30"),
        ({"revisions": [{"since": 2025, "festivals": [{"name": "x", "lunar": "13-01"}]}]}, "13-01"),
        (
            {
                "revisions": [
                    {"since": 2025, "festivals": [{"name": "x", "term": "清明", "days": 0}]}
                ]
            },
            "positive",
        ),
        ([], "revisions"),
    ],
)
def test_a_mistake_in_the_law_s_file_is_a_clear_error(data: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        statute_from_data(data)
