"""The category taxonomy: what the dispatch desk (智能研判区) knows, as plain data.

Categories, their Open311 service metadata, the weighted phrases that point to each, the
emergency signals (紧急通道) and the rules that raise a petition's tier (四级响应) all come
from ``taxonomy.yaml``; the classifier only reads them. Which department answers for a
category is the department catalogue's business (``departments.yaml``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from jiesu.domain.events import SlaTier

TIER_ORDER = (SlaTier.ORDINARY, SlaTier.DIFFICULT, SlaTier.THORNY, SlaTier.MAJOR_RISK)
"""Tiers from least to most serious; a rule only ever raises a tier along this order."""

MATTER_WEIGHT = 2.0
"""A phrase weighing less (小区, 老人, 收费) is context, not what a petition is about: it does
not make two petitions one matter when linking."""


@dataclass(frozen=True)
class Attribute:
    """An extra question of the category's Open311 service definition; ``values`` are the
    (key, name) choices of a single/multi value list."""

    code: str
    description: str
    datatype: str = "string"
    required: bool = False
    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Phrase:
    """A word or phrase that points to a category, and how strongly."""

    text: str
    weight: float


@dataclass(frozen=True)
class Condition:
    """Phrases found in a petition: every one of ``all_of``, one of each group of
    ``any_of``, none of ``none_of``; ``categories`` (empty: any) limits the condition to
    some categories."""

    all_of: tuple[str, ...] = ()
    any_of: tuple[tuple[str, ...], ...] = ()
    none_of: tuple[str, ...] = ()
    categories: frozenset[str] = frozenset()

    def phrases(self) -> tuple[str, ...]:
        return (*self.all_of, *(p for group in self.any_of for p in group), *self.none_of)


@dataclass(frozen=True)
class TierRule:
    """Raises the tier to ``tier`` when ``when`` holds (never lowers it)."""

    tier: SlaTier
    when: Condition


@dataclass(frozen=True)
class Category:
    """One category; ``id`` is also its Open311 ``service_code``."""

    id: str
    name: str
    description: str
    group: str | None = None
    keywords: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    default_tier: SlaTier = SlaTier.ORDINARY
    phrases: tuple[Phrase, ...] = ()
    attributes: tuple[Attribute, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    """The whole taxonomy, in file order (the order also breaks ties between categories).

    Below ``min_score`` a petition falls to the ``fallback`` category."""

    version: str
    categories: tuple[Category, ...]
    emergency: tuple[Condition, ...] = ()
    tier_rules: tuple[TierRule, ...] = ()
    stop_words: frozenset[str] = frozenset()
    fallback: str = "other"
    min_score: float = 1.5
    _hints: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _words: list[str] = field(default_factory=list, init=False, repr=False, compare=False)
    _scored: set[str] = field(default_factory=set, init=False, repr=False, compare=False)
    _matter: set[str] = field(default_factory=set, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for category in self.categories:
            for name in (category.id, category.name, *category.aliases):
                self._hints.setdefault(_hint_form(name), category.id)
        self._words.extend(sorted(_phrases_of(self)))
        self._scored.update(p.text for c in self.categories for p in c.phrases)
        self._matter.update(
            p.text for c in self.categories for p in c.phrases if p.weight >= MATTER_WEIGHT
        )

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def category_of_hint(self, hint: str | None) -> str | None:
        """The category a channel's own label names: an id, a Chinese name or an alias,
        whole or as one part of a path like ``城市管理/占道经营``."""
        if not hint:
            return None
        whole = self._hints.get(_hint_form(hint))
        if whole is not None:
            return whole
        parts = (_hint_form(p) for p in _split_hint(hint))
        return next((self._hints[p] for p in parts if p in self._hints), None)

    def category_phrases(self) -> set[str]:
        """The phrases that score categories (a subset of :meth:`vocabulary`)."""
        return self._scored

    def matter_phrases(self) -> set[str]:
        """The category phrases strong enough to say what a matter is (not 小区, 老人)."""
        return self._matter

    def vocabulary(self) -> tuple[str, ...]:
        """Every phrase of the taxonomy, sorted: the words the tokeniser must keep whole."""
        return tuple(self._words)


def _phrases_of(taxonomy: Taxonomy) -> set[str]:
    words: set[str] = set()
    for category in taxonomy.categories:
        words.update(p.text for p in category.phrases)
    for condition in (*taxonomy.emergency, *(rule.when for rule in taxonomy.tier_rules)):
        words.update(condition.phrases())
    return words


def _hint_form(text: str) -> str:
    return text.strip().casefold()


def _split_hint(hint: str) -> Iterable[str]:
    for separator in "/>|｜-－—·:：,，、":
        hint = hint.replace(separator, "/")
    return (part for part in hint.split("/") if part.strip())
