"""Loads ``taxonomy.yaml`` into the domain's :class:`~jiesu.domain.taxonomy.Taxonomy`,
checking it first (its ``linking:`` section is :mod:`jiesu.config.linking`'s).

A mistake in the file (an unknown tier, a category without a name, a weight
that is not a number) is a :class:`ConfigError` naming the place, never a half-built taxonomy.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from jiesu.config import ConfigError, load_yaml
from jiesu.config.checks import YamlChecks
from jiesu.domain.events import SlaTier
from jiesu.domain.taxonomy import (
    TIER_ORDER,
    Attribute,
    Category,
    Condition,
    Phrase,
    Taxonomy,
    TierRule,
)

FILE = "taxonomy.yaml"
CHECK = YamlChecks(FILE)
_DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}


def load_taxonomy(config_dir: Path | None = None) -> Taxonomy:
    """The taxonomy of the configuration directory (the shipped one by default)."""
    if config_dir is None:
        return _default_taxonomy()
    return taxonomy_from_data(load_yaml(FILE, config_dir))


@lru_cache(maxsize=1)
def _default_taxonomy() -> Taxonomy:
    return taxonomy_from_data(load_yaml(FILE))


def taxonomy_from_data(data: Any) -> Taxonomy:
    """Build and validate a taxonomy from the parsed YAML."""
    data = CHECK.mapping(data, "top level")
    categories = tuple(_category(raw) for raw in CHECK.listed(data, "categories", required=True))
    CHECK.unique([c.id for c in categories], "category id")
    ids = {c.id for c in categories}
    fallback = str(data.get("fallback") or "other")
    if fallback not in ids:
        raise ConfigError(f"{FILE}: fallback category {fallback!r} is not a category")
    return Taxonomy(
        version=_required(data, "version", "top level"),
        categories=categories,
        emergency=tuple(_condition(r, ids, "emergency") for r in CHECK.listed(data, "emergency")),
        tier_rules=tuple(
            _tier_rule(i, r, ids) for i, r in enumerate(CHECK.listed(data, "tier_rules"))
        ),
        stop_words=frozenset(_norm(str(w)) for w in CHECK.listed(data, "stop_words")),
        fallback=fallback,
        min_score=CHECK.number(data.get("min_score", 1.5), "min_score"),
    )


def _category(raw: Any) -> Category:
    raw = CHECK.mapping(raw, "a category")
    cid = _required(raw, "id", "a category")
    where = f"categories.{cid}"
    phrases = CHECK.mapping(raw.get("phrases") or {}, f"{where}.phrases")
    return Category(
        id=cid,
        name=_required(raw, "name", where),
        description=str(raw.get("description") or ""),
        group=str(raw["group"]) if raw.get("group") else None,
        keywords=_strings(raw, "keywords", where),
        aliases=_strings(raw, "aliases", where),
        default_tier=_tier(raw.get("tier", "ORDINARY"), where),
        phrases=tuple(
            Phrase(_norm(str(k)), CHECK.number(v, f"{where}.phrases.{k}"))
            for k, v in phrases.items()
        ),
        attributes=tuple(_attribute(a, where) for a in CHECK.listed(raw, "attributes", where)),
    )


def _attribute(raw: Any, where: str) -> Attribute:
    raw = CHECK.mapping(raw, f"{where}.attributes")
    code = _required(raw, "code", f"{where}.attributes")
    datatype = str(raw.get("datatype") or "string")
    if datatype not in _DATATYPES:
        raise ConfigError(f"{FILE}: {where}.attributes.{code}: unknown datatype {datatype!r}")
    values = tuple(
        (str(v["key"]), str(v.get("name") or v["key"])) if isinstance(v, dict) else (str(v),) * 2
        for v in CHECK.listed(raw, "values", where)
    )
    if datatype.endswith("valuelist") and not values:
        raise ConfigError(f"{FILE}: {where}.attributes.{code}: a value list needs values")
    return Attribute(
        code=code,
        description=str(raw.get("description") or code),
        datatype=datatype,
        required=bool(raw.get("required", False)),
        values=values,
    )


def _tier_rule(index: int, raw: Any, categories: set[str]) -> TierRule:
    where = f"tier_rules[{index}]"
    return TierRule(
        _tier(CHECK.mapping(raw, where).get("tier"), where), _condition(raw, categories, where)
    )


def _condition(raw: Any, categories: set[str], where: str) -> Condition:
    if isinstance(raw, str):
        return Condition(any_of=((_norm(raw),),))
    raw = CHECK.mapping(raw, where)
    condition = Condition(
        all_of=tuple(_norm(p) for p in _strings(raw, "all", where)),
        any_of=_groups(raw, where),
        none_of=tuple(_norm(p) for p in _strings(raw, "none", where)),
        categories=frozenset(_strings(raw, "categories", where)),
    )
    if not condition.all_of and not condition.any_of:
        raise ConfigError(f"{FILE}: {where}: a condition needs phrases under 'all' or 'any'")
    if not condition.categories <= categories:
        raise ConfigError(f"{FILE}: {where} names an unknown category")
    return condition


def _groups(raw: dict[str, Any], where: str) -> tuple[tuple[str, ...], ...]:
    """``any: [a, b]`` is one group (one of a, b); ``any: [[a, b], [c]]`` several groups,
    each of which needs one of its phrases."""
    items = CHECK.listed(raw, "any", where)
    if items and all(isinstance(item, list) for item in items):
        groups = tuple(tuple(_norm(str(p)) for p in item) for item in items)
    elif any(isinstance(item, list) for item in items):
        raise ConfigError(f"{FILE}: {where}: 'any' is a list of phrases or a list of lists")
    else:
        groups = (tuple(_norm(str(p)) for p in items),) if items else ()
    if any(not group for group in groups):
        raise ConfigError(f"{FILE}: {where}: an 'any' group is empty")
    return groups


def _tier(value: Any, where: str) -> SlaTier:
    names = {t.value: t for t in TIER_ORDER}
    if value not in names:
        raise ConfigError(f"{FILE}: {where}: tier must be one of {', '.join(names)}")
    return names[value]


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _strings(raw: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    return tuple(str(v) for v in CHECK.listed(raw, key, where))


def _required(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if value is None or str(value).strip() == "":
        raise ConfigError(f"{FILE}: {where} needs '{key}'")
    return str(value)
