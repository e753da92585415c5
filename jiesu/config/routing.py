"""Loads ``routing.yaml`` into the domain's :class:`RoutingTable`, checking every rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jiesu.config import ConfigError, load_yaml
from jiesu.domain.events import HandlingLevel, SlaTier
from jiesu.domain.ladder import LADDER, level_of_unit
from jiesu.domain.routing import RoutingRule, RoutingTable

FILE = "routing.yaml"
_LEVELS = {level.value.lower(): level for level in LADDER}
_WHEN = {"categories", "tiers", "emergency", "keywords", "none", "areas"}
_THEN = {"level", "department", "co_departments", "property", "note"}
_TARGETS = {*(t.value for t in SlaTier if t is not SlaTier.UNKNOWN), "emergency"}


def load_routing(config_dir: Path | None = None) -> RoutingTable:
    return routing_from_data(load_yaml(FILE, config_dir))


def routing_from_data(data: Any) -> RoutingTable:
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ConfigError(f"{FILE}: expected a mapping with a list 'rules'")
    lists = _word_lists(data.get("word_lists") or {})
    rules = tuple(_rule(i, raw, lists) for i, raw in enumerate(data["rules"]))
    ids = [rule.id for rule in rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ConfigError(f"{FILE}: duplicate rule id {duplicates[0]!r}")
    fallback = str(data.get("fallback_unit") or "")
    if level_of_unit(fallback) not in LADDER:
        raise ConfigError(f"{FILE}: fallback_unit {fallback!r} must be a unit like district:zd")
    return RoutingTable(
        version=str(data.get("version") or ""),
        rules=rules,
        fallback_unit=fallback,
        not_ours_markers=_strings(data.get("not_ours_markers") or [], "not_ours_markers"),
        targets=_targets(data.get("targets") or {}),
    )


def _word_lists(raw: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise ConfigError(f"{FILE}: word_lists must map a name to a list of words")
    return {str(name): _strings(words, f"word_lists.{name}") for name, words in raw.items()}


def _targets(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict) or set(raw) - _TARGETS:
        raise ConfigError(f"{FILE}: targets may only name {sorted(_TARGETS)}")
    return {str(k): str(v) for k, v in raw.items()}


def _rule(index: int, raw: Any, lists: dict[str, tuple[str, ...]]) -> RoutingRule:
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
        keywords=_words(when.get("keywords") or [], where, lists),
        excluded=_words(when.get("none") or [], where, lists),
        areas=_strings(when.get("areas") or [], where),
        department=department,
        co_departments=_strings(then.get("co_departments") or [], where),
        property=_flag(then.get("property", False), where),
        note=str(then.get("note") or ""),
    )


def _words(value: Any, where: str, lists: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """Words, where ``@name`` stands for the word list of that name."""
    words: list[str] = []
    for word in _strings(value, where):
        if word.startswith("@"):
            if word[1:] not in lists:
                raise ConfigError(f"{FILE}: {where}: unknown word list {word!r}")
            words.extend(lists[word[1:]])
        else:
            words.append(word)
    return tuple(dict.fromkeys(words))


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{FILE}: {where}: property must be true or false")
    return value


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
