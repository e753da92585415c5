"""Where the taxonomy's phrases occur in a petition, counted once and read in context.

Three faults of plain word matching are mended here:

- **Sub-word matches.** jieba may cut a short phrase apart ("小区里的路灯不亮了" → 路 / 灯不亮),
  so the segmenter is told the taxonomy's phrases with a high frequency (:mod:`tokens`), and
  a phrase of two characters counts where it is a word or lies inside one, never where it
  straddles two words ("的路" is not 路灯; "停车" is not in 不停 / 车辆). Longer phrases count
  wherever they occur.
- **Double counting.** For a category's score, an occurrence inside a longer matched
  category phrase is dropped: 安全隐患 counts once, not again as 隐患 and 安全. (Emergency
  and tier signals read every occurrence: 孤寡 inside 孤寡老人 is still a signal.)
- **Negation.** An occurrence right after a negation (没有停电, 未发现明火, 不是漏气) is marked
  negated, so emergency signals can ignore it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick

from jiesu.domain.taxonomy import Condition, Taxonomy
from jiesu.domain.tokens import word_spans

NEGATIONS = (
    *("没有发现", "没发现", "未发现", "未见", "没闻到", "并未", "没有", "并非", "不是"),
    *("没", "未", "无", "非", "不"),
)
"""Words that deny what follows them, right before a phrase (未发现明火, 没有停电)."""


@dataclass(frozen=True)
class Hit:
    """One occurrence of a phrase: ``start``/``end`` are character offsets in the text."""

    phrase: str
    start: int
    end: int
    negated: bool = False

    def inside(self, other: Hit) -> bool:
        """True when this occurrence lies within a longer one."""
        longer = other.end - other.start > self.end - self.start
        return longer and other.start <= self.start and self.end <= other.end


def find_hits(text: str, words: Iterable[tuple[int, int]], phrases: Iterable[str]) -> list[Hit]:
    """Every occurrence of ``phrases`` in ``text`` that counts as one, phrase by phrase in
    their order, each at every place it occurs; ``words`` are the (start, end) spans of the
    segmented words. The phrases are found in one pass over the text (Aho–Corasick), not
    one search per phrase: a taxonomy holds over a thousand."""
    spans = list(words)
    found: list[Hit] = []
    for _, start, phrase in _occurrences(text, tuple(phrases)):
        end = start + len(phrase)
        if len(phrase) >= 3 or _fits(spans, start, end):
            found.append(Hit(phrase, start, end, _negated(text, start)))
    return found


def _occurrences(text: str, phrases: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """(the phrase's index, start, phrase) of every occurrence, overlapping ones included."""
    if not phrases:
        return []
    matches = _automaton(phrases).iter(text)
    return sorted((index, end - len(phrase) + 1, phrase) for end, (index, phrase) in matches)


@lru_cache(maxsize=16)
def _automaton(phrases: tuple[str, ...]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for index, phrase in enumerate(phrases):
        if phrase and not automaton.exists(phrase):  # the first of a repeated phrase counts
            automaton.add_word(phrase, (index, phrase))
    automaton.make_automaton()
    return automaton


def _fits(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """A short phrase is a whole word, or lies inside one word (search-mode semantics)."""
    return any(s <= start and end <= e for s, e in spans)


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start]
    return any(before.endswith(word) for word in NEGATIONS)


def outermost(hits: list[Hit]) -> list[Hit]:
    """The hits not inside a longer hit, in text order."""
    ordered = sorted(hits, key=lambda h: (h.start, -(h.end - h.start), h.phrase))
    return [h for h in ordered if not any(h.inside(other) for other in ordered)]


@dataclass(frozen=True)
class Words:
    """A petition's normalised text and the phrase occurrences in it; ``scored`` are the
    phrases that count for a category's score (category phrases not inside a longer one)."""

    text: str
    hits: tuple[Hit, ...]
    scored: frozenset[str] = frozenset()
    _found: frozenset[str] = field(init=False, repr=False, compare=False)
    _affirmed: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_found", frozenset(h.phrase for h in self.hits))
        affirmed = frozenset(h.phrase for h in self.hits if not h.negated)
        object.__setattr__(self, "_affirmed", affirmed)

    def scores(self, phrase: str) -> bool:
        """The category phrase counts: found, and not only inside a longer category phrase."""
        return phrase in self.scored

    def has(self, phrase: str) -> bool:
        return phrase in self._found

    def affirms(self, phrase: str) -> bool:
        """The phrase occurs at least once without a negation before it."""
        return phrase in self._affirmed

    def holds(self, condition: Condition, category: str) -> tuple[str, ...] | None:
        """The phrases that make ``condition`` hold (affirmed ones only), or None."""
        if condition.categories and category not in condition.categories:
            return None
        if not all(self.affirms(p) for p in condition.all_of):
            return None
        if any(self.has(p) for p in condition.none_of):
            return None
        found: list[str] = []
        for group in condition.any_of:
            hits = [p for p in group if self.affirms(p)]
            if not hits:
                return None
            found.extend(hits)
        return (*condition.all_of, *found)


def normalise(text: str) -> str:
    """Full-width forms folded (ＡＢＣ１２３ → abc123), Latin letters in one case."""
    return unicodedata.normalize("NFKC", text).casefold()


def words_in(raw: str, taxonomy: Taxonomy) -> Words:
    text = normalise(raw)
    hits = find_hits(text, word_spans(text, taxonomy), taxonomy.vocabulary())
    categorical = taxonomy.category_phrases()
    scored = frozenset(h.phrase for h in outermost([h for h in hits if h.phrase in categorical]))
    return Words(text, tuple(hits), scored)
