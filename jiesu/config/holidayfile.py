"""Reading the operator's holiday file with the line of every entry, so each mistake can be
reported as ``FILE:LINE: what is wrong`` (the form editors and CI logs link to).

PyYAML's composer keeps each node's position (``start_mark``), which ``safe_load`` throws
away; and ``safe_load`` silently keeps the last of two equal keys, so a year written twice
could never be caught after it. JSON files are read the same way (JSON is YAML here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

LISTS = ("holidays", "workdays")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Entry:
    """One date or inclusive range of a year's list, with its line (1-based)."""

    line: int
    text: str
    first: date
    last: date

    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]


@dataclass
class YearEntries:
    """What the file says about one year, before any check across entries."""

    year: int
    line: int
    lists: dict[str, list[Entry]] = field(default_factory=lambda: {k: [] for k in LISTS})
    broken: bool = False
    """Some entry could not be read: the law's days are not checked against the rest."""


@dataclass
class Reading:
    """The years read and every mistake found on the way, as ``LINE: what``."""

    path: Path
    years: list[YearEntries] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)

    def wrong(self, node: yaml.Node | int, what: str) -> None:
        line = node if isinstance(node, int) else node.start_mark.line + 1
        self.problems.append((line, what))


def read_holiday_file(path: Path) -> Reading:
    """Every year of the file with its entries; unreadable YAML is one problem at its line."""
    reading = Reading(path)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reading.wrong(mark.line + 1 if mark else 1, f"not valid YAML: {exc.problem}")
        return reading
    if root is None:
        reading.wrong(1, "the file is empty: expected years, e.g. 2027: {holidays: [...]}")
    elif not isinstance(root, yaml.MappingNode):
        reading.wrong(root, "expected a mapping of year → holidays/workdays")
    else:
        for key, value in root.value:
            _year(reading, key, value)
    return reading


def _year(reading: Reading, key: yaml.Node, value: yaml.Node) -> None:
    text = key.value if isinstance(key, yaml.ScalarNode) else "?"
    if not isinstance(key, yaml.ScalarNode) or not _YEAR.match(text):
        reading.wrong(key, f"year {text!r} is not a whole year such as 2027")
        return
    year = YearEntries(int(text), key.start_mark.line + 1)
    if any(y.year == year.year for y in reading.years):
        first = next(y.line for y in reading.years if y.year == year.year)
        reading.wrong(key, f"year {year.year} appears twice (first on line {first})")
        return
    reading.years.append(year)
    if isinstance(value, yaml.ScalarNode) and value.value in ("", "~", "null"):
        return  # an empty year: reported with the checks of the year as a whole
    if not isinstance(value, yaml.MappingNode):
        reading.wrong(value, f"{year.year} must map 'holidays' and/or 'workdays' to dates")
        return
    for name_node, items in value.value:
        name = str(name_node.value)
        if name not in LISTS:
            reading.wrong(name_node, f"{year.year}: unknown key {name!r} (holidays, workdays)")
        elif isinstance(items, yaml.ScalarNode) and items.value in ("", "~", "null"):
            continue
        elif not isinstance(items, yaml.SequenceNode):
            reading.wrong(items, f"{year.year}.{name} must be a list of dates and ranges")
        else:
            for item in items.value:
                _entry(reading, year, name, item)


def _entry(reading: Reading, year: YearEntries, name: str, node: yaml.Node) -> None:
    where = f"{year.year}.{name}"
    if not isinstance(node, yaml.ScalarNode):
        reading.wrong(node, f"{where}: expected a date or a range first..last, not a list")
        year.broken = True
        return
    text = node.value.strip()
    head, dots, tail = text.partition("..")
    first = _date(reading, node, where, head.strip())
    last = _date(reading, node, where, tail.strip()) if dots else first
    if first is None or last is None:
        year.broken = True
        return
    if last < first:
        reading.wrong(node, f"{where}: the range {text} ends before it starts")
    elif first.year != year.year or last.year != year.year:
        reading.wrong(node, f"{where}: {text} is not within {year.year}")
    else:
        year.lists[name].append(Entry(node.start_mark.line + 1, text, first, last))
        return
    year.broken = True


def _date(reading: Reading, node: yaml.Node, where: str, text: str) -> date | None:
    if _TIMESTAMP.match(text):
        reading.wrong(node, f"{where}: {text!r} is a timestamp; give the date alone (YYYY-MM-DD)")
        return None
    try:
        if not _DATE.match(text):
            raise ValueError("expected YYYY-MM-DD")
        return date.fromisoformat(text)
    except ValueError as exc:
        reading.wrong(node, f"{where}: {text!r} is not a date or a range first..last ({exc})")
        return None
