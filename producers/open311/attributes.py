"""Service attributes of ``POST requests``: ``attribute[CODE]`` and ``attribute[CODE][]``.

Checked against the service definition: required ones present, list values among the listed
keys, numbers numeric, unknown codes refused. Values are capped (length and number, 413):
the event must stay small whatever a client sends.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from producers.open311.services import Service
from producers.open311.submit import Open311Refused

_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]{1,64})\](\[\])?$")
VALUE_MAX = 500
VALUES_MAX = 20


def attributes_of(items: Sequence[tuple[str, str]], service: Service) -> dict[str, tuple[str, ...]]:
    """``attribute[CODE]`` and ``attribute[CODE][]`` values, checked against the definition."""
    given: dict[str, list[str]] = {}
    for key, value in items:
        match = _ATTRIBUTE.match(key)
        if match and value.strip():
            given.setdefault(match.group(1), []).append(value.strip())
    for code, values in given.items():
        if len(values) > VALUES_MAX:
            raise Open311Refused(413, f"attribute[{code}] has more than {VALUES_MAX} values")
        if any(len(value) > VALUE_MAX for value in values):
            raise Open311Refused(
                413, f"attribute[{code}] has a value longer than {VALUE_MAX} characters"
            )
    for attribute in service.attributes:
        values = given.get(attribute.code, [])
        if attribute.required and not values:
            raise Open311Refused(400, f"attribute[{attribute.code}] is required")
        _check_values(attribute.code, attribute.datatype, attribute.values, values)
    known = {a.code for a in service.attributes}
    unknown = sorted(set(given) - known)
    if unknown:
        raise Open311Refused(400, f"attribute[{unknown[0]}] is not an attribute of this service")
    return {code: tuple(values) for code, values in given.items()}


def _check_values(
    code: str, datatype: str, allowed: Sequence[tuple[str, str]], values: list[str]
) -> None:
    keys = {k for k, _ in allowed}
    if datatype == "singlevaluelist" and len(values) > 1:
        raise Open311Refused(400, f"attribute[{code}] takes one value")
    for value in values:
        if datatype.endswith("valuelist") and value not in keys:
            raise Open311Refused(400, f"attribute[{code}] value is not one of the listed keys")
        if datatype == "number" and not _is_number(value):
            raise Open311Refused(400, f"attribute[{code}] must be a number")


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
