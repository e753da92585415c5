"""`jiesu calendar show|check`: the working-day calendar as the processors count it, and the
operator's holiday file checked before any worker reads it.

The processors (`jiesu streams`, and `jiesu demo` before it starts them) call
:func:`require_valid_calendar` and refuse to start with the very lines `check` prints.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from jiesu.config import ConfigError
from jiesu.config.holidays import load_calendar, load_holiday_file
from jiesu.domain.workcalendar import (
    LAW_DERIVED,
    OPERATOR_FILE,
    PACKAGE,
    WEEKENDS_ONLY,
    WorkCalendar,
)
from jiesu.domain.yearview import YearView, year_view
from jiesu.settings import Settings, get_settings

WEEKDAYS = "一二三四五六日"
SHORT = {PACKAGE: "chinese-calendar", OPERATOR_FILE: "节假日文件", LAW_DERIVED: "法律推算"}
SOURCES = {
    PACKAGE: "chinese-calendar（国务院已发布的安排）",
    OPERATOR_FILE: "节假日文件（JIESU_HOLIDAYS_FILE）",
    LAW_DERIVED: "按《全国年节及纪念日放假办法》推算（调休安排未发布）",
    WEEKENDS_ONLY: "仅周末（无任何数据）",
}


def require_valid_calendar(settings: Settings) -> WorkCalendar:
    """The calendar the processors will count on; an invalid holiday file (or statutory
    file) stops the process here with every mistake and exit code 2."""
    try:
        return load_calendar(settings.holidays_file, settings.config_dir)
    except ConfigError as exc:
        typer.echo(f"error: invalid calendar configuration:\n{exc}", err=True)
        raise typer.Exit(2) from exc


def check_command(file: Path) -> None:
    """Print every mistake of ``file`` as FILE:LINE: what (exit 1), or what it gives (exit 0)."""
    try:
        years = load_holiday_file(file)
    except ConfigError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    console = Console()
    for year, data in sorted(years.items()):
        console.print(
            f"{file}: {year}: {len(data.holidays)} days off, {len(data.workdays)} make-up "
            "working days; every statutory day off is there"
        )
    console.print(f"{file}: valid")


def show_command(year: int, month: int | None, as_json: bool) -> None:
    """The year's calendar (or one month) as a table, or one JSON object."""
    logging.getLogger("jiesu.domain.workcalendar").setLevel(logging.ERROR)  # shown below
    settings = get_settings()
    view = year_view(require_valid_calendar(settings), year, month)
    if as_json:
        typer.echo(json.dumps(as_data(view, settings), ensure_ascii=False, indent=2))
        return
    Console().print(_table(view, settings))


def as_data(view: YearView, settings: Settings) -> dict[str, Any]:
    return {
        "year": view.year,
        "month": view.month,
        "source": view.source,
        "file": str(settings.holidays_file) if view.source == OPERATOR_FILE else None,
        "provisional": view.provisional,
        "working_days": view.working_days,
        "days": [
            {
                "date": d.day.isoformat(),
                "weekday": WEEKDAYS[d.day.weekday()],
                "kind": "working_day" if d.working else "day_off",
                "festival": d.festival,
                "statutory": d.statutory,
                "source": view.source,
            }
            for d in view.days
        ],
    }


def _table(view: YearView, settings: Settings) -> Table:
    span = f"{view.year}年{view.month}月" if view.month else f"{view.year}年"
    source = SOURCES.get(view.source, view.source)
    if view.source == OPERATOR_FILE:
        source += f" {settings.holidays_file}"
    status = "暂定：调休安排尚未发布，期限可能变动" if view.provisional else "已确定"
    table = Table(
        title=f"{span}工作日历 · {view.working_days}个工作日",
        caption=f"来源：{source}\n{status}",
    )
    for header in ("日期", "星期", "类型", "节日", "法定假日", "来源"):
        table.add_column(header)
    for d in view.days:
        kind = "[green]调休上班[/green]" if d.working else "[red]休息[/red]"
        table.add_row(
            d.day.isoformat(),
            f"周{WEEKDAYS[d.day.weekday()]}",
            kind,
            d.festival or "–",
            "是" if d.statutory else "",
            SHORT.get(view.source, view.source),
        )
    return table
