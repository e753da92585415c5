"""Events ↔ plain values (dicts, lists, strings), driven by the dataclass fields.

One generic walk serves both edges: the codec (Avro keeps datetimes as datetimes) and the JSON
form (datetimes as ISO-8601 strings). Adding a field to an event needs no code here.
"""

from __future__ import annotations

import dataclasses
import types
import uuid
from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar, Union, cast, get_args, get_origin, get_type_hints

T = TypeVar("T")
DatetimeOut = Callable[[datetime], Any]
DatetimeIn = Callable[[Any], datetime]


_ATOMS = frozenset({str, int, float, bool, type(None)})
"""Types passed through as they are: checked by exact type, so subclasses (enums) are not."""


def to_plain(value: Any, datetime_out: DatetimeOut) -> Any:
    """``value`` with dataclasses as dicts, enums as values, tuples as lists."""
    names = _field_names(cast(Hashable, type(value)))
    if names is not None:
        plain = {}
        for name in names:
            item = getattr(value, name)
            kind = type(item)
            if kind in _ATOMS:
                plain[name] = item
            elif kind is datetime:
                plain[name] = datetime_out(item)
            elif isinstance(item, Enum):
                plain[name] = item.value
            else:
                plain[name] = to_plain(item, datetime_out)
        return plain
    if type(value) in _ATOMS:
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return datetime_out(value)
    if isinstance(value, tuple | list):
        return [to_plain(item, datetime_out) for item in value]
    if isinstance(value, dict):
        return {key: to_plain(item, datetime_out) for key, item in value.items()}
    return value


def from_plain(cls: type[T], data: dict[str, Any], datetime_in: DatetimeIn) -> T:
    """An instance of dataclass ``cls`` from its plain dict; absent keys take the defaults.

    Values of the wrong type raise ``TypeError`` instead of being coerced."""
    return cast(T, _builder(cast(Hashable, cls), datetime_in)(data))


@cache
def _builder(cls: Any, datetime_in: DatetimeIn) -> Callable[[Any], Any]:
    """A function building ``cls`` from a dict, its field converters worked out once."""
    hints = get_type_hints(cls)
    steps = [
        (f.name, _exact(hints[f.name]), _converter(hints[f.name], datetime_in))
        for f in dataclasses.fields(cls)
    ]

    def build(data: Any) -> Any:
        if not isinstance(data, dict):
            raise TypeError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
        kwargs = {}
        for name, exact, step in steps:
            if name in data:
                value = data[name]
                kwargs[name] = value if type(value) is exact else step(value)
        return cls(**kwargs)

    return build


def _exact(hint: Any) -> type | None:
    """The type whose values a field's converter would return unchanged (a fast path that
    skips the call; None when every value needs converting)."""
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        hint = args[0] if len(args) == 1 else None
    return hint if hint in (str, int, float, bool) else None


@cache
def _converter(hint: Any, datetime_in: DatetimeIn) -> Callable[[Any], Any]:
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        inner = _converter(next(a for a in args if a is not type(None)), datetime_in)
        return lambda value: None if value is None else inner(value)
    if origin is tuple:
        item = _converter(args[0], datetime_in)
        return lambda value: tuple(item(v) for v in _sequence(value))
    if origin is dict:
        entry = _converter(args[1], datetime_in)
        return lambda value: {_text(k): entry(v) for k, v in _mapping(value).items()}
    if hint is datetime:
        return datetime_in
    if isinstance(hint, type) and issubclass(hint, Enum):
        return lambda value: _member(hint, value)
    if dataclasses.is_dataclass(hint):
        return _builder(cast(Hashable, hint), datetime_in)
    return _SCALARS[hint]


def _text(value: Any) -> str:
    if isinstance(value, uuid.UUID):
        return str(value)
    return cast(str, _checked(value, str))


def _number(value: Any) -> float:
    return float(_checked(value, int | float))


def _checked(value: Any, kind: Any) -> Any:
    if isinstance(value, bool) and kind is not bool:
        raise TypeError("expected a number or text, got a boolean")
    if not isinstance(value, kind):
        raise TypeError(f"expected {getattr(kind, '__name__', kind)}, got {type(value).__name__}")
    return value


_SCALARS: dict[Any, Callable[[Any], Any]] = {
    str: _text,
    float: _number,
    int: lambda value: _checked(value, int),
    bool: lambda value: _checked(value, bool),
}


def _sequence(value: Any) -> list[Any] | tuple[Any, ...]:
    return cast(list[Any], _checked(value, list | tuple))


def _mapping(value: Any) -> dict[Any, Any]:
    return cast(dict[Any, Any], _checked(value, dict))


def _member(enum: type[Enum], value: Any) -> Enum:
    """The member named ``value``; ``UNKNOWN`` for a symbol this code does not know."""
    try:
        return enum(value)
    except ValueError:
        return enum["UNKNOWN"]


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC; naive datetimes are refused, since their zone is a guess."""
    if moment.tzinfo is UTC:
        return moment
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime: events carry timezone-aware UTC times")
    return moment.astimezone(UTC)


@cache
def _field_names(kind: Any) -> tuple[str, ...] | None:
    """The field names of a dataclass type, or None for any other type."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(f.name for f in dataclasses.fields(kind))
