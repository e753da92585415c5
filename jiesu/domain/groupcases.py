"""Group cases (群体诉求): many petitioners on one matter, one lead that is handled for all.

Petitions with the same anchor (the employer when given, else the compound, else the
community) on one matter (their matter words overlap a member's by ``similarity`` or more)
cluster within the group window. When a
cluster reaches ``threshold`` petitioners it becomes a group case whose **lead** is the
petition that completed it (the newest, so still open when the group forms); later similar
petitions join it. The group is remembered, members and all, until ``memory`` has passed
since its last member: a lead's ``GroupCaseResolved`` is copied to every member, and to a
petition that joins the group after its resolution (the matter was resolved; the member's
own call-back says whether that answers it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from jiesu.domain.events import GroupCaseResolved
from jiesu.domain.ids import derived_id
from jiesu.domain.linkstate import Expiry, Key, PetitionSummary, overlap, who

_SAMPLE = 32


@dataclass(eq=False)
class Cluster:
    """Petitions on one matter: ``window`` those recent enough to be joined, ``ids`` every
    member ever; ``seed`` (the first petition) names the group; ``words`` every matter word
    its window held, ``number`` its place among the clusters opened (their order)."""

    seed: str
    key: Key
    number: int = 0
    window: list[PetitionSummary] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    lead: str | None = None
    last: datetime | None = None
    resolution: GroupCaseResolved | None = None

    @property
    def group_id(self) -> str:
        return derived_id("group", self.seed)


@dataclass(frozen=True)
class Joined:
    """What adding a petition did: it completed a group (``formed``) or joined one."""

    cluster: Cluster
    formed: bool
    petitioners: int


@dataclass
class GroupBook:
    """Open clusters by anchor, announced groups by id, and what to forget when.

    Only clusters that share a matter word with a petition can be similar enough to take it
    (when ``similarity`` > 0), so each anchor's clusters are indexed by their words: a
    petition is compared with those alone, however many clusters its compound holds."""

    window: timedelta
    memory: timedelta
    threshold: int
    similarity: float
    open: dict[Key, list[Cluster]] = field(default_factory=dict)
    groups: dict[str, Cluster] = field(default_factory=dict)
    _expiry: Expiry = field(default_factory=Expiry)
    _by_word: dict[Key, dict[str, list[Cluster]]] = field(default_factory=dict)
    _member_of: dict[tuple[Key, str], list[Cluster]] = field(default_factory=dict)
    _opened: int = 0

    def add(self, petition: PetitionSummary, anchor: Key) -> Joined | None:
        """File ``petition``; what it did to a group case, if anything."""
        cluster = self._cluster(petition, anchor)
        cluster.window.append(petition)
        cluster.ids.append(petition.petition_id)
        self._member_of.setdefault((anchor, petition.petition_id), []).append(cluster)
        self._index(cluster, anchor, petition.tokens)
        expires = petition.event_time + self.window
        self._expiry.add(expires, ("member", petition.petition_id, *anchor))
        if cluster.lead is not None:
            self._remember(cluster, petition.event_time)
            return Joined(cluster, formed=False, petitioners=len(cluster.ids))
        petitioners = len({who(p) for p in cluster.window})
        if petitioners < self.threshold:
            return None
        cluster.lead = petition.petition_id
        self._remember(cluster, petition.event_time)
        return Joined(cluster, formed=True, petitioners=petitioners)

    def resolve(self, lead: GroupCaseResolved) -> list[GroupCaseResolved]:
        """The lead's resolution, copied to each other member (and kept for late joiners)."""
        cluster = self.groups.get(lead.group_id)
        if cluster is None or cluster.lead != lead.petition_id:
            return []
        cluster.resolution = lead
        return [copy_of(lead, member) for member in cluster.ids if member != cluster.lead]

    def expire(self, now: datetime) -> None:
        for what in self._expiry.due(now):
            if what[0] == "member":
                self._forget_member(what[1], what[2:])
                continue
            cluster = self.groups.get(what[1])
            if (
                cluster is not None
                and cluster.last is not None
                and cluster.last + self.memory < now
            ):
                del self.groups[what[1]]

    def held(self) -> int:
        return sum(len(c.window) for cs in self.open.values() for c in cs)

    def _cluster(self, petition: PetitionSummary, anchor: Key) -> Cluster:
        """The most similar open cluster of the anchor (the earlier wins a tie), or a new one."""
        best, best_score = None, self.similarity
        for cluster in self._candidates(petition, anchor):
            sample = (cluster.window[0], *cluster.window[-_SAMPLE:])
            score = max(overlap(petition.tokens, m.tokens) for m in sample)
            if score > best_score or (best is None and score >= self.similarity):
                best, best_score = cluster, score
        if best is None:
            self._opened += 1
            best = Cluster(seed=petition.petition_id, key=anchor, number=self._opened)
            self.open.setdefault(anchor, []).append(best)
        return best

    def _candidates(self, petition: PetitionSummary, anchor: Key) -> list[Cluster]:
        """The anchor's clusters that share a word with ``petition``, in the order opened
        (every one of them when a petition sharing nothing could still be similar)."""
        if self.similarity <= 0:
            return self.open.get(anchor, [])
        index = self._by_word.get(anchor, {})
        found = {id(c): c for word in petition.tokens for c in index.get(word, ())}
        return sorted(found.values(), key=lambda c: c.number)

    def _index(self, cluster: Cluster, anchor: Key, words: frozenset[str]) -> None:
        index = self._by_word.setdefault(anchor, {})
        for word in words - cluster.words:
            index.setdefault(word, []).append(cluster)
        cluster.words |= words

    def _remember(self, cluster: Cluster, moment: datetime) -> None:
        """Keep the group for ``memory`` after its latest member."""
        cluster.last = moment
        self.groups[cluster.group_id] = cluster
        self._expiry.add(moment + self.memory, ("group", cluster.group_id))

    def _forget_member(self, petition_id: str, anchor: Key) -> None:
        emptied = []
        for cluster in self._member_of.pop((anchor, petition_id), []):
            cluster.window = [m for m in cluster.window if m.petition_id != petition_id]
            if not cluster.window:
                emptied.append(cluster)
        if emptied:
            self._close(anchor, emptied)

    def _close(self, anchor: Key, emptied: list[Cluster]) -> None:
        """Drop clusters whose window emptied from the anchor's list and word index."""
        kept = [c for c in self.open.get(anchor, []) if c not in emptied]
        if kept:
            self.open[anchor] = kept
        else:
            self.open.pop(anchor, None)
        index = self._by_word.get(anchor, {})
        for cluster in emptied:
            for word in cluster.words:
                left = [c for c in index.get(word, []) if c is not cluster]
                if left:
                    index[word] = left
                else:
                    index.pop(word, None)
        if not index:
            self._by_word.pop(anchor, None)


def copy_of(lead: GroupCaseResolved, member: str) -> GroupCaseResolved:
    """The lead's resolution as a fact of ``member``, with an id named after both."""
    return GroupCaseResolved(
        event_id=derived_id(lead.event_id, member),
        petition_id=member,
        event_time=lead.event_time,
        recorded_time=lead.event_time,
        actor="processor:linker",
        correlation_id=member,
        causation_id=lead.event_id,
        group_id=lead.group_id,
        lead_petition_id=lead.lead_petition_id,
        unit=lead.unit,
        result=lead.result,
    )
