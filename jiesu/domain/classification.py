"""Classification (评估研判): a petition's category, tier and emergency flag.

A category chosen by the channel (an Open311 service_code, the mini-program's picker, the
hotline agent's 诉求类别) *is* the petition's category; the classifier judges the category
only where none was given (or the channel's was the fallback "其他"), and always judges the
tier and the emergency flag from the words. Its own guess is kept beside a channel's choice
(``suggested``), so the dispatch desk sees when the two differ.

The classifier scores each category by the weights of its phrases found in the title and
text (see :mod:`jiesu.domain.matching`: each phrase once, never again inside a longer one);
the best score wins, ties go to the earlier category in the file, and a score below
``min_score`` falls to the fallback category. Tier rules can only raise the category's
default tier; tier and emergency signals ignore negated words (没有停电). Everything reads
the taxonomy and the text, nothing else, so every process decides the same.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from jiesu.domain.events import PetitionReceived, SlaTier
from jiesu.domain.matching import Words, words_in
from jiesu.domain.taxonomy import TIER_ORDER, Category, Taxonomy

CHANNEL = "channel"
CLASSIFIER = "classifier"


@dataclass(frozen=True)
class Classification:
    """The judgement, as ``PetitionClassified`` carries it; ``source`` says who chose the
    category (the channel or the classifier), ``suggested`` the classifier's own category
    when the channel chose another."""

    category: str
    sla_tier: SlaTier
    emergency: bool
    keywords: tuple[str, ...]
    score: float
    taxonomy_version: str
    source: str = CLASSIFIER
    suggested: str | None = None


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
    return judge(f"{received.title or ''}\n{received.text}", received.category_hint, taxonomy)


def judge(text: str, hint: str | None, taxonomy: Taxonomy) -> Classification:
    """The judgement of a title and text (joined) under the channel's category ``hint``."""
    words = words_in(text, taxonomy)
    guessed, score, found = _best(words, taxonomy)
    chosen = taxonomy.category(taxonomy.category_of_hint(hint) or "")
    by_channel = chosen is not None and chosen.id != taxonomy.fallback
    category = chosen if by_channel and chosen is not None else guessed
    if category is not guessed:
        score = category_scores(words, taxonomy)[taxonomy.categories.index(category)]
        found = _matched(words, category)
    tier, tier_words = _tier(words, taxonomy, category)
    emergency_words = _emergency(words, taxonomy, category.id)
    return Classification(
        category=category.id,
        sla_tier=tier,
        emergency=bool(emergency_words),
        keywords=tuple(dict.fromkeys((*found, *tier_words, *emergency_words))),
        score=score,
        taxonomy_version=taxonomy.version,
        source=CHANNEL if by_channel else CLASSIFIER,
        suggested=guessed.id if by_channel and guessed.id != category.id else None,
    )


def category_scores(words: Words, taxonomy: Taxonomy) -> list[float]:
    """Each category's score, in taxonomy order (rounded, so sums never differ by ulps)."""
    return [
        round(sum(p.weight for p in c.phrases if words.scores(p.text)), 3)
        for c in taxonomy.categories
    ]


def _best(words: Words, taxonomy: Taxonomy) -> tuple[Category, float, tuple[str, ...]]:
    scores = category_scores(words, taxonomy)
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    best = taxonomy.categories[order[0]] if order else None
    if best is None or scores[order[0]] < taxonomy.min_score:
        fallback = taxonomy.category(taxonomy.fallback)
        if fallback is None:
            raise ValueError(f"taxonomy {taxonomy.version}: no fallback category")
        return fallback, scores[order[0]] if order else 0.0, ()
    return best, scores[order[0]], _matched(words, best)


def _matched(words: Words, category: Category) -> tuple[str, ...]:
    matched = sorted((p for p in category.phrases if words.scores(p.text)), key=lambda p: -p.weight)
    return tuple(p.text for p in matched)


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
