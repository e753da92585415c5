"""Open311 services: our category taxonomy seen as the spec's service list and definitions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")


@dataclass(frozen=True)
class Attribute:
    """One question of a service definition (the spec's ``attribute``)."""

    code: str
    description: str
    datatype: str = "string"
    required: bool = False
    variable: bool = True
    datatype_description: str | None = None
    order: int = 1
    values: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "variable": self.variable,
            "code": self.code,
            "datatype": self.datatype,
            "required": self.required,
            "datatype_description": self.datatype_description,
            "order": self.order,
            "description": self.description,
            "values": [{"key": k, "name": n} for k, n in self.values],
        }


@dataclass(frozen=True)
class Service:
    """One service type (a category of petition)."""

    code: str
    name: str
    description: str
    group: str | None = None
    keywords: tuple[str, ...] = ()
    attributes: tuple[Attribute, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "service_code": self.code,
            "service_name": self.name,
            "description": self.description,
            "metadata": bool(self.attributes),
            "type": "realtime",
            "keywords": ", ".join(self.keywords),
            "group": self.group,
        }

    def definition(self) -> dict[str, Any]:
        return {"service_code": self.code, "attributes": [a.as_dict() for a in self.attributes]}


@dataclass(frozen=True)
class Services:
    """The service list, in the taxonomy's order."""

    items: tuple[Service, ...] = ()
    _by_code: dict[str, Service] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._by_code.update({s.code: s for s in self.items})

    def get(self, code: str) -> Service | None:
        return self._by_code.get(code)
