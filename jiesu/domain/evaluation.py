"""How good the classifier is, measured on labelled petitions: plain arithmetic, no I/O.

Per category precision and recall, their macro-averaged F1, the confusion matrix, the tier's
accuracy and the emergency flag's precision and recall. A category without any labelled
petition and without any prediction does not count in the macro average.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Labelled:
    """One petition of an evaluation set, with what a dispatcher decided for it."""

    text: str
    category: str
    tier: str = "ORDINARY"
    emergency: bool = False


@dataclass(frozen=True)
class Judged:
    """What the classifier said about a labelled petition."""

    category: str
    tier: str
    emergency: bool


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 of one class (None where undefined: nothing to divide by)."""

    precision: float | None
    recall: float | None
    support: int

    @property
    def f1(self) -> float:
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Report:
    """The figures of one evaluation run."""

    size: int
    categories: dict[str, Scores]
    macro_f1: float
    accuracy: float
    confusion: dict[str, dict[str, int]]
    tier_accuracy: float
    emergency: Scores
    misses: tuple[tuple[Labelled, Judged], ...]


def evaluate(items: Sequence[Labelled], judged: Sequence[Judged], order: Iterable[str]) -> Report:
    """The figures of ``judged`` against ``items`` (same order); ``order`` lists the
    categories (the taxonomy's), which the tables follow."""
    if len(items) != len(judged):
        raise ValueError("one judgement per labelled petition")
    pairs = list(zip(items, judged, strict=True))
    names = list(dict.fromkeys([*order, *(i.category for i in items)]))
    confusion = {a: dict.fromkeys(names, 0) for a in names}
    for item, got in pairs:
        confusion[item.category][got.category] = confusion[item.category].get(got.category, 0) + 1
    scores = {name: _category(confusion, name) for name in names}
    counted = [s.f1 for s in scores.values() if s.support or s.precision is not None]
    return Report(
        size=len(pairs),
        categories=scores,
        macro_f1=sum(counted) / len(counted) if counted else 0.0,
        accuracy=_share(sum(i.category == g.category for i, g in pairs), len(pairs)) or 0.0,
        confusion=confusion,
        tier_accuracy=_share(sum(i.tier == g.tier for i, g in pairs), len(pairs)) or 0.0,
        emergency=_binary((i.emergency, g.emergency) for i, g in pairs),
        misses=tuple((i, g) for i, g in pairs if i.category != g.category),
    )


def _category(confusion: dict[str, dict[str, int]], name: str) -> Scores:
    hits = confusion[name].get(name, 0)
    labelled = sum(confusion[name].values())
    predicted = sum(row.get(name, 0) for row in confusion.values())
    return Scores(_share(hits, predicted), _share(hits, labelled), labelled)


def _binary(pairs: Iterable[tuple[bool, bool]]) -> Scores:
    counts = Counter(pairs)
    hits = counts[(True, True)]
    predicted = hits + counts[(False, True)]
    labelled = hits + counts[(True, False)]
    return Scores(_share(hits, predicted), _share(hits, labelled), labelled)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None
