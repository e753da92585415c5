"""Reading a call-centre export: CSV or JSONL rows with their line numbers, made mappable.

Exports come in UTF-8 (with or without BOM) or GB18030, with Chinese or English headers,
Beijing times without a zone, and places as names (区/街道/社区) rather than codes. This
module turns each row into what ``producers.hotline.mapping.work_order_from_row`` takes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from jiesu.domain.chinatime import CHINA
from jiesu.domain.city import City, UnknownArea
from producers.hotline.mapping import FLAT_HEADERS
from producers.http.errors import FieldError, field_error

TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M")
AREA_HEADERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("district", ("district", "区", "区县", "所属区县")),
    ("street", ("street", "街道", "镇街", "所属街道")),
    ("community", ("community", "社区", "所属社区")),
    ("compound", ("compound", "小区")),
)
SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv", ".txt")


class ExportUnreadable(Exception):
    """The file cannot be read at all (missing, unknown format, undecodable, no header)."""


@dataclass(frozen=True)
class Row:
    """One record of the export: where it starts in the file and its cells (or why not)."""

    line: int
    cells: dict[str, Any] | None
    error: FieldError | None = None


def read_rows(path: Path) -> list[Row]:
    """Every record of ``path`` in file order, numbered by the line it starts on."""
    if path.suffix.lower() not in SUFFIXES:
        raise ExportUnreadable(f"{path.name}: expected a .csv or .jsonl file")
    text = _decode(path)
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        return list(_jsonl(text))
    return list(_csv(text, path.name))


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ExportUnreadable(f"cannot read {path}: {exc.strerror}") from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExportUnreadable(f"{path.name}: neither UTF-8 nor GB18030 text")


def _jsonl(text: str) -> Iterator[Row]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            cells = json.loads(line)
        except json.JSONDecodeError:
            yield Row(number, None, field_error("line", "json_invalid", "not a JSON object"))
            continue
        if isinstance(cells, dict):
            yield Row(number, cells)
        else:
            yield Row(number, None, field_error("line", "json_invalid", "not a JSON object"))


def _csv(text: str, name: str) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise ExportUnreadable(f"{name}: no header row")
    keys = [h.strip() for h in header]
    start = reader.line_num + 1
    for record in reader:
        if any(cell.strip() for cell in record):
            if len(record) > len(keys):
                yield Row(
                    start, None, field_error("line", "extra_columns", "more cells than headers")
                )
            else:
                yield Row(start, dict(zip(keys, record, strict=False)))
        start = reader.line_num + 1


def normalise(cells: Mapping[str, Any], city: City) -> tuple[dict[str, Any], FieldError | None]:
    """The row with a zoned call time and an area code resolved from place names, and the
    error of a place name the city does not know (the row is still checked for the rest)."""
    row = {str(k).strip(): v for k, v in cells.items()}
    for name in FLAT_HEADERS["call_time"]:
        if isinstance(row.get(name), str):
            row[name] = zoned(row[name])
    if any(row.get(name) for name in FLAT_HEADERS["area"]):
        return row, None
    try:
        code = area_from_names(row, city)
    except AreaNotFound as exc:
        return row, field_error(exc.header, "unknown_area", str(exc))
    if code:
        row["area"] = code
    return row, None


def zoned(text: str) -> str:
    """A naive export time is Beijing time; anything unparsable is left for validation."""
    value = text.strip()
    for fmt in TIME_FORMATS:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=CHINA).isoformat()
        except ValueError:
            continue
    return value


def area_from_names(row: Mapping[str, Any], city: City) -> str | None:
    """The deepest area named by the 区/街道/社区/小区 columns; raises ``AreaNotFound``."""
    code: str | None = None
    for level, headers in AREA_HEADERS:
        header, name = next(
            ((h, row[h]) for h in headers if str(row.get(h) or "").strip()), ("", "")
        )
        if not header:
            continue
        try:
            code = city.named(str(name).strip(), level, within=code).code
        except UnknownArea:
            raise AreaNotFound(header, level) from None
    return code


class AreaNotFound(Exception):
    """A place name the city model does not know (under the names before it)."""

    def __init__(self, header: str, level: str) -> None:
        super().__init__(f"unknown {level} name in column {header}")
        self.header, self.level = header, level
