"""The operator's holiday file: every mistake is refused with the file, its line and what is
wrong; the State Council's own way of writing a break is valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiesu.config import ConfigError
from jiesu.config.holidaycheck import HolidayFileError
from jiesu.config.holidays import EXAMPLE, load_holiday_file, statutory_years
from tests.calendar_support import ARRANGEMENT_2027, write_2027

LAW_2027 = (
    "[2027-01-01, 2027-02-05..2027-02-08, 2027-04-05, 2027-05-01..2027-05-02, 2027-06-09,"
    " 2027-09-15, 2027-10-01..2027-10-03]"
)
"""Exactly the law's 2027 days, so that only the mistake under test is wrong."""


def problems_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "holidays.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HolidayFileError) as caught:
        load_holiday_file(path)
    lines = str(caught.value).splitlines()
    assert all(line.startswith(f"{path}:") for line in lines)
    return [line.removeprefix(f"{path}:") for line in lines]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"2027:\n  holidays: {LAW_2027}\n  workdays:\n    - 2027-02-20 08:00\n",
            "4: 2027.workdays: '2027-02-20 08:00' is a timestamp; give the date alone",
        ),
        (
            f"2027:\n  holidays: {LAW_2027}\ntwenty28:\n  holidays: []\n",
            "3: year 'twenty28' is not a whole year",
        ),
        (
            f"2027:\n  holidays: {LAW_2027}\n2028.5:\n  holidays: []\n",
            "3: year '2028.5' is not a whole year",
        ),
        ("2027: {}\n", "1: year 2027 is empty"),
        ("2027:\n", "1: year 2027 is empty"),
        ("2027:\n  holidays: []\n  workdays: []\n", "1: year 2027 is empty"),
        (
            f"2027:\n  holidays: {LAW_2027}\n  workdays: [2026-12-27]\n",
            "3: 2027.workdays: 2026-12-27 is not within 2027",
        ),
        (
            f"2027:\n  holidays: {LAW_2027}\n  workdays:\n    - 2027-02-20\n    - 2027-02-20\n",
            "5: 2027.workdays: 2027-02-20 listed twice (also on line 4)",
        ),
        (
            "2027:\n  holidays:\n    - 2027-01-01\n    - 2027-02-05..2027-02-11\n"
            "    - 2027-02-10..2027-02-12\n    - 2027-04-05\n    - 2027-05-01..2027-05-02\n"
            "    - 2027-06-09\n    - 2027-09-15\n    - 2027-10-01..2027-10-03\n",
            "5: 2027.holidays: 2027-02-10 and 1 more day(s) listed twice (also on line 4)",
        ),
        (
            f"2027:\n  holidays: {LAW_2027}\n2027:\n  holidays: {LAW_2027}\n",
            "3: year 2027 appears twice (first on line 1)",
        ),
        (
            f"2027:\n  holidays: {LAW_2027}\n  workdays: [2027-02-10]\n",
            "3: 2027.workdays: 2027-02-10 is a Wednesday; a make-up working day (调休) is a "
            "Saturday or Sunday worked",
        ),
        (
            f"2027:\n  holidays: {LAW_2027}\n  workdays: [2027-02-06]\n",
            "3: 2027-02-06 is both a day off (line 2) and a make-up working day",
        ),
        (
            "2027:\n  holidays:\n    - 2027-02-11..2027-02-05\n",
            "3: 2027.holidays: the range 2027-02-11..2027-02-05 ends before it starts",
        ),
        (
            "2027:\n  holidays: [2027-01-01, 2027-02-06..2027-02-11]\n",
            "1: 2027 lacks statutory days off of 全国年节及纪念日放假办法: 2027-02-05 (春节), "
            "2027-04-05 (清明节)",
        ),
        (f"2027:\n  holidays: {LAW_2027}\n  feasts: []\n", "3: 2027: unknown key 'feasts'"),
        (
            f"2027:\n  holidays: {LAW_2027}\n  workdays: 2027-02-20\n",
            "3: 2027.workdays must be a list",
        ),
        ("2027:\n  holidays: [2027-02-30]\n", "2: 2027.holidays: '2027-02-30' is not a date"),
        ("- 2027\n", "1: expected a mapping of year"),
        ("", "1: the file is empty"),
        ("2027:\n  holidays: [2027-01-01\n", "3: not valid YAML"),
    ],
)
def test_a_mistake_is_refused_with_its_line_and_what_is_wrong(
    tmp_path: Path, text: str, expected: str
) -> None:
    found = problems_of(tmp_path, text)
    assert any(p.startswith(expected) for p in found), found


def test_every_mistake_of_a_file_is_listed_in_line_order(tmp_path: Path) -> None:
    text = (
        f"2027:\n  holidays: {LAW_2027}\n  workdays: [2027-02-10, 2027-02-20 08:00]\n2028: {{}}\n"
    )
    found = problems_of(tmp_path, text)
    assert [p.split(":", 1)[0] for p in found] == ["3", "3", "4"]


def test_a_lacking_year_is_not_reported_twice_for_an_entry_already_refused(tmp_path: Path) -> None:
    found = problems_of(tmp_path, "2027:\n  holidays: [2027-01-01 00:00]\n")
    assert len(found) == 1


def test_ranges_as_the_state_council_writes_them_are_valid(tmp_path: Path) -> None:
    year = load_holiday_file(write_2027(tmp_path))[2027]
    assert len([d for d in year.holidays if d.month == 2]) == 7  # 5–11 February, weekend too
    assert year.names  # the law names its days
    assert "made-up 2027 arrangement for tests only" in ARRANGEMENT_2027


def test_json_is_read_with_lines_too(tmp_path: Path) -> None:
    path = tmp_path / "holidays.json"
    path.write_text('{\n  "2027": {\n    "workdays": ["2027-02-10"]\n  }\n}\n', encoding="utf-8")
    with pytest.raises(HolidayFileError, match=r"holidays\.json:3: 2027\.workdays: 2027-02-10"):
        load_holiday_file(path)


def test_the_shipped_example_is_valid_and_is_the_published_2026(tmp_path: Path) -> None:
    assert "EXAMPLE" in EXAMPLE.read_text(encoding="utf-8")
    example = load_holiday_file(EXAMPLE)
    assert set(example) == {2026}
    published = statutory_years()[2026]
    assert example[2026].holidays == published.holidays
    assert example[2026].workdays == published.workdays


def test_a_missing_holiday_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read holidays file"):
        load_holiday_file(tmp_path / "absent.yaml")
