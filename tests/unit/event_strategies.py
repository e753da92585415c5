"""Hypothesis strategies for every event type, derived from the dataclass fields.

Times are UTC-aware with whole milliseconds (what ``timestamp-millis`` holds); floats are
finite, since NaN never equals itself; event ids are UUIDs, as the schema says.
"""

from __future__ import annotations

import dataclasses
import types
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Union, get_args, get_origin, get_type_hints

from hypothesis import strategies as st

from jiesu.domain.events import Event

MOMENTS = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=moment.microsecond // 1000 * 1000))
INT32 = st.integers(min_value=-(2**31), max_value=2**31 - 1)


def strategy_for(hint: Any) -> st.SearchStrategy[Any]:
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        inner = next(arg for arg in args if arg is not type(None))
        return st.none() | strategy_for(inner)
    if origin is tuple:
        return st.lists(strategy_for(args[0]), max_size=4).map(tuple)
    if origin is dict:
        return st.dictionaries(st.text(max_size=8), strategy_for(args[1]), max_size=3)
    if dataclasses.is_dataclass(hint):
        return dataclass_strategy(hint)  # type: ignore[arg-type]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return st.sampled_from(list(hint))
    simple: dict[Any, st.SearchStrategy[Any]] = {
        str: st.text(),
        int: INT32,
        float: st.floats(allow_nan=False, allow_infinity=False),
        bool: st.booleans(),
        datetime: MOMENTS,
    }
    return simple[hint]


def dataclass_strategy(cls: type[Any]) -> st.SearchStrategy[Any]:
    hints = get_type_hints(cls)
    fields = {f.name: strategy_for(hints[f.name]) for f in dataclasses.fields(cls)}
    if issubclass(cls, Event):
        fields["event_id"] = st.uuids().map(str)
    return st.builds(cls, **fields)
