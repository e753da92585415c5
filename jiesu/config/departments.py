"""Loads ``departments.yaml`` into the domain's :class:`~jiesu.domain.departments.Catalogue`.

A mistake in the file (a duplicate id, a department without a name, a category the taxonomy
does not have) is a :class:`ConfigError` naming the place, never a half-built catalogue.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache
from pathlib import Path
from typing import Any

from jiesu.config import ConfigError, load_yaml
from jiesu.domain.departments import Catalogue, Department

FILE = "departments.yaml"
_KINDS = {"bureau", "police", "utility", "enterprise"}
_FIELDS = {"id", "name", "full_name", "kind", "aliases", "categories", "keywords"}


def load_catalogue(config_dir: Path | None = None) -> Catalogue:
    """The catalogue of the configuration directory (the shipped one by default)."""
    if config_dir is None:
        return _default_catalogue()
    return catalogue_from_data(load_yaml(FILE, config_dir))


@lru_cache(maxsize=1)
def _default_catalogue() -> Catalogue:
    return catalogue_from_data(load_yaml(FILE))


def catalogue_from_data(data: Any, categories: Collection[str] | None = None) -> Catalogue:
    """Build and validate a catalogue; with ``categories``, every category it names must be
    one of them."""
    if not isinstance(data, dict) or not isinstance(data.get("departments"), list):
        raise ConfigError(f"{FILE}: expected a mapping with a list 'departments'")
    departments = tuple(_department(i, raw) for i, raw in enumerate(data["departments"]))
    ids = [d.id for d in departments]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ConfigError(f"{FILE}: duplicate department id {duplicates[0]!r}")
    catalogue = Catalogue(version=str(data.get("version") or ""), departments=departments)
    if categories is not None:
        check_categories(catalogue, categories)
    return catalogue


def check_categories(catalogue: Catalogue, categories: Collection[str]) -> None:
    for department in catalogue.departments:
        unknown = [c for c in department.categories if c not in categories]
        if unknown:
            raise ConfigError(f"{FILE}: {department.id} names unknown category {unknown[0]!r}")


def _department(index: int, raw: Any) -> Department:
    where = f"departments[{index}]"
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("name"):
        raise ConfigError(f"{FILE}: {where} needs an id and a name")
    where = f"department {raw['id']!r}"
    if set(raw) - _FIELDS:
        raise ConfigError(f"{FILE}: {where}: unknown field {sorted(set(raw) - _FIELDS)[0]!r}")
    kind = str(raw.get("kind") or "bureau")
    if kind not in _KINDS:
        raise ConfigError(f"{FILE}: {where}: kind must be one of {sorted(_KINDS)}")
    return Department(
        id=str(raw["id"]),
        name=str(raw["name"]),
        full_name=str(raw.get("full_name") or ""),
        kind=kind,
        aliases=_strings(raw, "aliases", where),
        categories=_strings(raw, "categories", where),
        keywords=_strings(raw, "keywords", where),
    )


def _strings(raw: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str | int) and str(v) for v in value):
        raise ConfigError(f"{FILE}: {where}: '{key}' must be a list of words")
    return tuple(str(v) for v in value)
