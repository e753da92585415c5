"""Classification (评估研判): a petition's category, tier and emergency flag from its words.

Each category scores the weights of its phrases found in the title and text, plus
``hint_weight`` when the channel's own label (an Open311 service_code, the hotline's 诉求类别)
names it; the best score wins, ties go to the hinted category and then to the earlier
category in the file, and a score below ``min_score`` falls to the fallback category. Tier
rules can only raise the category's default tier. Everything reads the taxonomy and the
text, nothing else, so every process decides the same.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass

from jiesu.domain.events import PetitionReceived, SlaTier
from jiesu.domain.taxonomy import TIER_ORDER, Category, Condition, Taxonomy
from jiesu.domain.tokens import search_tokens


@dataclass(frozen=True)
class Classification:
    """The judgement, as ``PetitionClassified`` carries it."""

    category: str
    sla_tier: SlaTier
    emergency: bool
    keywords: tuple[str, ...]
    score: float
    taxonomy_version: str


@dataclass(frozen=True)
class Words:
    """A petition's normalised text and its search-mode tokens."""

    text: str
    tokens: frozenset[str]

    def has(self, phrase: str) -> bool:
        """Short phrases must be whole words ("火" is not in "火车站"); longer ones may
        occur anywhere, since jieba may join them with a neighbour."""
        return phrase in self.tokens or (len(phrase) >= 3 and phrase in self.text)

    def holds(self, condition: Condition, category: str) -> tuple[str, ...] | None:
        """The phrases that make ``condition`` hold, or None when it does not."""
        if condition.categories and category not in condition.categories:
            return None
        if not all(self.has(p) for p in condition.all_of):
            return None
        found = tuple(p for p in condition.any_of if self.has(p))
        if condition.any_of and not found:
            return None
        return (*condition.all_of, *found)


def normalise(text: str) -> str:
    """Full-width forms folded (ＡＢＣ１２３ → abc123), Latin letters in one case."""
    return unicodedata.normalize("NFKC", text).casefold()


def words_of(received: PetitionReceived, taxonomy: Taxonomy) -> Words:
    text = normalise(f"{received.title or ''}\n{received.text}")
    return Words(text, frozenset(search_tokens(text, taxonomy)))


def classify(received: PetitionReceived, taxonomy: Taxonomy) -> Classification:
    """The category, tier, emergency flag and the words that decided them.

    Remembered for the last few petitions: the policy and the linker each classify every
    petition, and the answer depends only on these fields and the taxonomy.
    """
    key = (id(taxonomy), received.title, received.text, received.category_hint)
    with _RECENT_LOCK:
        hit = _RECENT.get(key)
    if hit is not None and hit[0] is taxonomy:
        return hit[1]
    judged = _classify(received, taxonomy)
    with _RECENT_LOCK:
        if len(_RECENT) >= _RECENT_SIZE:
            del _RECENT[next(iter(_RECENT))]
        _RECENT[key] = (taxonomy, judged)
    return judged


_RECENT_SIZE = 4096
_RECENT: dict[tuple[int, str | None, str, str | None], tuple[Taxonomy, Classification]] = {}
_RECENT_LOCK = threading.Lock()


def _classify(received: PetitionReceived, taxonomy: Taxonomy) -> Classification:
    words = words_of(received, taxonomy)
    category, score, found = _best(
        words, taxonomy, taxonomy.category_of_hint(received.category_hint)
    )
    tier, tier_words = _tier(words, taxonomy, category)
    emergency_words = _emergency(words, taxonomy, category.id)
    return Classification(
        category=category.id,
        sla_tier=tier,
        emergency=bool(emergency_words),
        keywords=tuple(dict.fromkeys((*found, *tier_words, *emergency_words))),
        score=score,
        taxonomy_version=taxonomy.version,
    )


def category_scores(words: Words, taxonomy: Taxonomy, hinted: str | None) -> list[float]:
    """Each category's score, in taxonomy order (rounded, so sums never differ by ulps)."""
    return [
        round(
            sum(p.weight for p in c.phrases if words.has(p.text))
            + (taxonomy.hint_weight if c.id == hinted else 0.0),
            3,
        )
        for c in taxonomy.categories
    ]


def _best(
    words: Words, taxonomy: Taxonomy, hinted: str | None
) -> tuple[Category, float, tuple[str, ...]]:
    scores = category_scores(words, taxonomy, hinted)
    order = sorted(
        range(len(scores)),
        key=lambda i: (-scores[i], taxonomy.categories[i].id != hinted, i),
    )
    best = taxonomy.categories[order[0]] if order else None
    if best is None or scores[order[0]] < taxonomy.min_score:
        fallback = taxonomy.category(taxonomy.fallback)
        if fallback is None:
            raise ValueError(f"taxonomy {taxonomy.version}: no fallback category")
        return fallback, scores[order[0]] if order else 0.0, ()
    matched = sorted((p for p in best.phrases if words.has(p.text)), key=lambda p: -p.weight)
    return best, scores[order[0]], tuple(p.text for p in matched)


def _tier(words: Words, taxonomy: Taxonomy, category: Category) -> tuple[SlaTier, tuple[str, ...]]:
    tier, found = category.default_tier, list[str]()
    for rule in taxonomy.tier_rules:
        held = words.holds(rule.when, category.id)
        if held is not None:
            found.extend(held)
            if TIER_ORDER.index(rule.tier) > TIER_ORDER.index(tier):
                tier = rule.tier
    return tier, tuple(found)


def _emergency(words: Words, taxonomy: Taxonomy, category: str) -> tuple[str, ...]:
    found: list[str] = []
    for condition in taxonomy.emergency:
        found.extend(words.holds(condition, category) or ())
    return tuple(found)
