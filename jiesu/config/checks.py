"""The shape checks every configuration file needs (a mapping, a list, a number, no
duplicates), written once; each refusal names the file, so an operator knows what to fix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jiesu.config import ConfigError


@dataclass(frozen=True)
class YamlChecks:
    """The checks of one file (``file`` is its name in every message)."""

    file: str

    def mapping(self, raw: Any, where: str) -> dict[str, Any]:
        """``raw`` itself, which must be a mapping."""
        if not isinstance(raw, dict):
            raise ConfigError(f"{self.file}: {where} must be a mapping")
        return raw

    def listed(
        self, raw: Any, key: str, where: str = "top level", required: bool = False
    ) -> list[Any]:
        """The list under ``key`` (empty when absent, unless ``required``)."""
        value = raw.get(key) if isinstance(raw, dict) else None
        if value is None and not required:
            return []
        if not isinstance(value, list) or (required and not value):
            wanted = "non-empty list" if required else "list"
            raise ConfigError(f"{self.file}: {where or 'top level'} needs a {wanted} '{key}'")
        return value

    def number(self, value: Any, where: str) -> float:
        """A number ≥ 0 (a YAML ``true`` is not one)."""
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ConfigError(f"{self.file}: {where} must be a number ≥ 0")
        return float(value)

    def unique(self, values: list[str], what: str) -> None:
        """Refuses the first value given twice."""
        seen: set[str] = set()
        for value in values:
            if value in seen:
                raise ConfigError(f"{self.file}: duplicate {what}: {value!r}")
            seen.add(value)
