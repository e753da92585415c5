"""Loads ``routing.yaml`` into the domain's :class:`RoutingTable`, checking every rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jiesu.config import ConfigError, load_yaml
from jiesu.domain.events import HandlingLevel, SlaTier
from jiesu.domain.routing import LADDER, RoutingRule, RoutingTable, level_of_unit

FILE = "routing.yaml"
_LEVELS = {level.value.lower(): level for level in LADDER}
_WHEN = {"categories", "tiers", "emergency", "keywords", "areas"}
_THEN = {"level", "department", "co_departments"}


def load_routing(config_dir: Path | None = None) -> RoutingTable:
    return routing_from_data(load_yaml(FILE, config_dir))


def routing_from_data(data: Any) -> RoutingTable:
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ConfigError(f"{FILE}: expected a mapping with a list 'rules'")
    rules = tuple(_rule(i, raw) for i, raw in enumerate(data["rules"]))
    ids = [rule.id for rule in rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ConfigError(f"{FILE}: duplicate rule id {duplicates[0]!r}")
    fallback = str(data.get("fallback_unit") or "")
    if level_of_unit(fallback) not in LADDER:
        raise ConfigError(f"{FILE}: fallback_unit {fallback!r} must be a unit like district:zd")
    departments = data.get("whistle_departments") or {}
    if not isinstance(departments, dict):
        raise ConfigError(f"{FILE}: whistle_departments must map category → departments")
    return RoutingTable(
        version=str(data.get("version") or ""),
        rules=rules,
        fallback_unit=fallback,
        whistle_departments={
            str(k): _strings(v, f"whistle_departments.{k}") for k, v in departments.items()
        },
        not_ours_markers=_strings(data.get("not_ours_markers") or [], "not_ours_markers"),
    )


def _rule(index: int, raw: Any) -> RoutingRule:
    where = f"rules[{index}]"
    if not isinstance(raw, dict) or not raw.get("id"):
        raise ConfigError(f"{FILE}: {where} needs an id")
    where = f"rule {raw['id']!r}"
    when, then = raw.get("when") or {}, raw.get("then")
    if not isinstance(when, dict) or set(when) - _WHEN:
        raise ConfigError(f"{FILE}: {where}: 'when' may only hold {sorted(_WHEN)}")
    if not isinstance(then, dict) or set(then) - _THEN:
        raise ConfigError(f"{FILE}: {where}: 'then' may only hold {sorted(_THEN)}")
    emergency = when.get("emergency")
    if emergency is not None and not isinstance(emergency, bool):
        raise ConfigError(f"{FILE}: {where}: emergency must be true or false")
    level, department = _target(where, then)
    return RoutingRule(
        id=str(raw["id"]),
        level=level,
        categories=frozenset(_strings(when.get("categories") or [], where)),
        tiers=frozenset(_tier(where, t) for t in _strings(when.get("tiers") or [], where)),
        emergency=emergency,
        keywords=_strings(when.get("keywords") or [], where),
        areas=_strings(when.get("areas") or [], where),
        department=department,
        co_departments=_strings(then.get("co_departments") or [], where),
    )


def _target(where: str, then: dict[str, Any]) -> tuple[HandlingLevel, str | None]:
    if ("level" in then) == ("department" in then):
        raise ConfigError(f"{FILE}: {where}: 'then' needs exactly one of level or department")
    if "department" in then:
        return HandlingLevel.DEPARTMENT, str(then["department"])
    level = _LEVELS.get(str(then["level"]))
    if level is None:
        raise ConfigError(f"{FILE}: {where}: level must be one of {sorted(_LEVELS)}")
    return level, None


def _tier(where: str, name: str) -> SlaTier:
    if name not in SlaTier.__members__ or name == "UNKNOWN":
        raise ConfigError(f"{FILE}: {where}: unknown tier {name!r}")
    return SlaTier[name]


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{FILE}: {where}: expected a list of non-empty strings")
    return tuple(value)
