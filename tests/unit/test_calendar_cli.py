"""`jiesu calendar show|check`, and the processors refusing an invalid holiday file with the
same lines `check` prints."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiesu.cli import app
from jiesu.settings import get_settings
from tests.calendar_support import write_2027

BAD = "2027:\n  holidays: [2027-01-01]\n  workdays: [2027-02-10]\n"


@pytest.fixture
def runner() -> Iterator[CliRunner]:
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def invoke(runner: CliRunner, *args: str, holidays: Path | None = None) -> tuple[int, str, str]:
    env = {"JIESU_HOLIDAYS_FILE": str(holidays)} if holidays else {}
    get_settings.cache_clear()
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_show_json_gives_a_law_only_year_with_its_statutory_days_as_provisional(
    runner: CliRunner,
) -> None:
    code, out, _ = invoke(runner, "calendar", "show", "2031", "--json")
    assert code == 0
    shown = json.loads(out)
    assert (shown["source"], shown["provisional"]) == ("law-derived", True)
    assert len(shown["days"]) == 12  # 中秋 2031 falls on 1 October, a day off already
    assert all(d["kind"] == "day_off" and d["statutory"] for d in shown["days"])
    assert {"date": "2031-10-01", "festival": "国庆节", "source": "law-derived"}.items() <= (
        shown["days"][-3].items()
    )


def test_show_a_month_the_package_knows_with_its_make_up_saturday(runner: CliRunner) -> None:
    code, out, _ = invoke(runner, "calendar", "show", "2026", "--month", "10", "--json")
    assert code == 0
    shown = json.loads(out)
    assert (shown["source"], shown["provisional"], shown["month"]) == (
        "chinese-calendar",
        False,
        10,
    )
    made_up = [d for d in shown["days"] if d["kind"] == "working_day"]
    assert [(d["date"], d["weekday"]) for d in made_up] == [("2026-10-10", "六")]
    assert shown["working_days"] == 18  # 22 weekdays, 5 of them off, and Saturday the 10th


def test_show_2027_from_the_operator_file_is_final(runner: CliRunner, tmp_path: Path) -> None:
    path = write_2027(tmp_path)
    code, out, _ = invoke(runner, "calendar", "show", "2027", "--json", holidays=path)
    assert code == 0
    shown = json.loads(out)
    assert (shown["source"], shown["provisional"], shown["file"]) == (
        "operator file",
        False,
        str(path),
    )
    assert {d["date"] for d in shown["days"] if d["kind"] == "working_day"} >= {"2027-02-20"}


def test_show_prints_a_table_that_says_provisional(runner: CliRunner) -> None:
    code, out, _ = invoke(runner, "calendar", "show", "2031", "--month", "1")
    assert code == 0
    assert "2031年1月工作日历" in out
    assert "暂定" in out
    assert "春节" in out


def test_check_accepts_a_valid_file(runner: CliRunner, tmp_path: Path) -> None:
    code, out, _ = invoke(runner, "calendar", "check", str(write_2027(tmp_path)))
    assert code == 0
    assert "valid" in out


def test_check_lists_every_mistake_with_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text(BAD, encoding="utf-8")
    code, _, err = invoke(runner, "calendar", "check", str(path))
    assert code == 1
    assert f"{path}:1: 2027 lacks statutory days off" in err
    assert f"{path}:3: 2027.workdays: 2027-02-10 is a Wednesday" in err


@pytest.mark.parametrize("verb", [["streams"], ["demo", "--no-web", "--exit-when-done"]])
def test_the_processors_refuse_to_start_with_the_same_lines(
    runner: CliRunner, tmp_path: Path, verb: list[str]
) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text(BAD, encoding="utf-8")
    _, _, checked = invoke(runner, "calendar", "check", str(path))
    code, _, err = invoke(runner, *verb, holidays=path)
    assert code == 2
    assert checked.strip() in err
