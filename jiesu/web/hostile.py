"""Characters no petition, form or filter may carry: control characters, lone surrogates.

A NUL in a petition's text is accepted by Kafka and refused by PostgreSQL; other control
characters corrupt CSV files, terminals and log lines; a lone surrogate cannot be written as
UTF-8 at all. They are refused at the edge, naming the field, before anything is published.
Newline, carriage return and tab are text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SUSPECT_JSON = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\\u00[01][0-9a-fA-F]|\\u00[7-9][0-9a-fA-F]"
    rb"|\\u[dD][89a-fA-F][0-9a-fA-F]{2}|\xc2[\x80-\x9f]"
)


@dataclass(frozen=True)
class Hostile:
    """One refused value: where it was and which character."""

    field: str
    reason: str
    message: str


def bad_character(value: str) -> Hostile | None:
    """The first refused character of ``value`` as a problem with no field yet."""
    found = _BAD.search(value)
    if found is None:
        return None
    code = ord(found.group(0))
    if 0xD800 <= code <= 0xDFFF:
        return Hostile("", "lone_surrogate", f"lone surrogate U+{code:04X} is not text")
    return Hostile("", "control_character", f"control character U+{code:04X} is not allowed")


def in_json(body: bytes) -> list[Hostile]:
    """Refused characters in a JSON body (its keys too), each with its dotted path."""
    if not _SUSPECT_JSON.search(body):
        return []
    try:
        data = json.loads(body, strict=False)
    except ValueError:
        return []  # not JSON: the app's own parser names the problem
    return list(_walk(data, ""))


def in_form(body: bytes) -> list[Hostile]:
    return in_pairs(body.decode("utf-8", "replace"))


def in_pairs(query: str) -> list[Hostile]:
    """Refused characters in ``a=1&b=2`` pairs (a query string or a urlencoded form)."""
    found: list[Hostile] = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        problem = bad_character(key) or bad_character(value)
        if problem is not None:
            found.append(_at(problem, _BAD.sub("?", key) or "query"))
    return found


def in_path(path: str) -> list[Hostile]:
    problem = bad_character(path)
    return [] if problem is None else [_at(problem, "path")]


def _walk(node: Any, path: str) -> Iterator[Hostile]:
    if isinstance(node, str):
        problem = bad_character(node)
        if problem is not None:
            yield _at(problem, path or "body")
    elif isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{_BAD.sub('?', key)}" if path else _BAD.sub("?", key)
            problem = bad_character(key)
            if problem is not None:
                yield _at(problem, where)
            yield from _walk(value, where)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}.{index}" if path else str(index))


def _at(problem: Hostile, field: str) -> Hostile:
    return Hostile(field, problem.reason, f"{field}: {problem.message}")
