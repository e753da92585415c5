"""The group book compares a petition only with the clusters that share a matter word with
it: the clusters it forms and joins are those of comparing it with every cluster of its
anchor, as the book did before it had the word index (kept here as the oracle)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from jiesu.domain.groupcases import GroupBook
from jiesu.domain.linkstate import Key, PetitionSummary, overlap, who
from tests.hypothesis_budget import examples

T0 = datetime(2026, 9, 1)
WINDOW, MEMORY = timedelta(days=2), timedelta(days=5)
WORDS = ("物业", "电梯", "漏水", "噪音", "停车", "供暖", "工龄")


@dataclass(eq=False)
class Cluster:
    seed: str
    members: list[PetitionSummary] = field(default_factory=list)
    lead: str | None = None


@dataclass
class Oracle:
    """Every open cluster of an anchor compared with every petition, in the order opened."""

    threshold: int
    similarity: float
    open: dict[Key, list[Cluster]] = field(default_factory=dict)

    def add(self, petition: PetitionSummary, anchor: Key) -> tuple[str, str | None] | None:
        self._expire(petition.event_time)
        clusters = self.open.setdefault(anchor, [])
        best, best_score = None, self.similarity
        for cluster in clusters:
            sample = (cluster.members[0], *cluster.members[-32:])
            score = max(overlap(petition.tokens, m.tokens) for m in sample)
            if score > best_score or (best is None and score >= self.similarity):
                best, best_score = cluster, score
        if best is None:
            best = Cluster(petition.petition_id)
            clusters.append(best)
        best.members.append(petition)
        if best.lead is None and len({who(p) for p in best.members}) >= self.threshold:
            best.lead = petition.petition_id
        return None if best.lead is None else (best.seed, best.lead)

    def _expire(self, now: datetime) -> None:
        for anchor, clusters in list(self.open.items()):
            for cluster in clusters:
                cluster.members = [m for m in cluster.members if m.event_time + WINDOW >= now]
            self.open[anchor] = [c for c in clusters if c.members]


petitions = st.lists(
    st.tuples(
        st.integers(0, 30),  # hours since the previous petition
        st.sampled_from([("compound", "c1"), ("compound", "c2")]),
        st.frozensets(st.sampled_from(WORDS), max_size=3),
        st.integers(0, 6),  # the petitioner
    ),
    max_size=80,
)


@settings(max_examples=examples(300), deadline=None)
@given(petitions, st.sampled_from([0.0, 0.5, 1.0]), st.integers(2, 4))
def test_the_word_index_forms_and_joins_the_clusters_a_full_comparison_would(
    steps: list[tuple[int, Key, frozenset[str], int]], similarity: float, threshold: int
) -> None:
    book = GroupBook(WINDOW, MEMORY, threshold, similarity)
    oracle = Oracle(threshold, similarity)
    moment = T0
    for n, (hours, anchor, words, person) in enumerate(steps):
        moment += timedelta(hours=hours)
        petition = PetitionSummary(f"p{n}", f"e{n}", moment, f"person{person}", tokens=words)
        book.expire(moment)
        joined = book.add(petition, anchor)
        got = None if joined is None else (joined.cluster.seed, joined.cluster.lead)
        assert got == oracle.add(petition, anchor), n
