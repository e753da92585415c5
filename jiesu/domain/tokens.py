"""Chinese word segmentation (jieba), with the taxonomy's phrases kept whole.

jieba's module-level tokenizer is global state that any import may change, so we keep our
own: one base dictionary, loaded once per process on first use, and for each vocabulary a
copy with that vocabulary's phrases added in sorted order. The same vocabulary therefore
segments the same text the same way in every process, whatever else ran before.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from jiesu.domain import wordcache
from jiesu.domain.taxonomy import Taxonomy

_LOCK = threading.Lock()


PHRASE_FREQUENCY = 100_000
"""How often the segmenter believes a taxonomy phrase occurs: high enough that it keeps the
phrase whole against a neighbour it would otherwise join ("的路" + "灯不亮" → 的 / 路灯 / 不亮)."""


def word_spans(text: str, taxonomy: Taxonomy) -> tuple[tuple[int, int], ...]:
    """The (start, end) character offsets of the precise-mode words of ``text``."""
    spans, start = [], 0
    for word in _precise(text, taxonomy.vocabulary()):
        spans.append((start, start + len(word)))
        start += len(word)
    return tuple(spans)


def content_tokens(text: str, taxonomy: Taxonomy) -> frozenset[str]:
    """The words that carry the matter: precise-mode tokens of two characters or more,
    without stop words or plain numbers (years and counts vary between petitions on one
    matter; single characters are mostly particles). Words are interned: the linker keeps
    tens of thousands of these sets, drawn from one city's vocabulary."""
    words = _precise(text, taxonomy.vocabulary())
    return frozenset(sys.intern(w) for w in _meaningful(words) if w not in taxonomy.stop_words)


@lru_cache(maxsize=4096)
def _precise(text: str, vocabulary: tuple[str, ...]) -> tuple[str, ...]:
    """Precise-mode words; cached, since the classifier and the linker read the same text,
    the linker up to a few thousand petitions later when it lags under load."""
    return tuple(_tokenizer(vocabulary).cut(text, HMM=True))


def _meaningful(words: Iterable[str]) -> Iterable[str]:
    for word in words:
        word = word.strip()
        if len(word) > 1 and any(ch.isalnum() for ch in word) and not word.isdigit():
            yield word


@lru_cache(maxsize=4)
def _tokenizer(vocabulary: tuple[str, ...]) -> Any:
    """A tokenizer that knows ``vocabulary``: a copy of the base dictionary (cheap next to
    loading it again) with the phrases added in sorted order."""
    jieba = _jieba()
    base = _base()
    with _LOCK:
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total = dict(base.FREQ), base.total
        tokenizer.initialized = True
        for word in sorted(vocabulary):
            if len(word) > 1:
                tokenizer.add_word(word, max(PHRASE_FREQUENCY, base.FREQ.get(word) or 0))
    return tokenizer


@lru_cache(maxsize=1)
def _base() -> Any:
    jieba = _jieba()
    path, source = wordcache.cache_path(jieba), wordcache.stamp(jieba)
    with _LOCK:
        tokenizer = jieba.Tokenizer()
        if (cached := wordcache.load(path, source)) is None:
            tokenizer.initialize()
            wordcache.save(path, source, tokenizer.FREQ, tokenizer.total)
        else:
            tokenizer.FREQ, tokenizer.total = cached
            tokenizer.initialized = True
    return tokenizer


@lru_cache(maxsize=1)
def _jieba() -> Any:
    """jieba, imported on first use and told to keep quiet (it logs its dictionary loading
    to stderr at DEBUG level by default)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba
