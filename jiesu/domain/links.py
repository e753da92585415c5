"""Link decisions and the ``PetitionsLinked`` events they become."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from jiesu.domain.events import LinkKind, PetitionReceived, PetitionsLinked
from jiesu.domain.groupcases import Joined
from jiesu.domain.ids import derived_id
from jiesu.domain.linkstate import Key, PetitionSummary


@dataclass(frozen=True)
class Link:
    """A decision to link petitions; ``petition_id``/``cause_event_id``/``event_time`` are
    those of the petition whose arrival decided it."""

    kind: LinkKind
    group_id: str
    petition_ids: tuple[str, ...]
    reason: str
    petition_id: str
    cause_event_id: str
    event_time: datetime
    lead: str | None = None


def group_link(joined: Joined, anchor: Key, petition: PetitionSummary) -> Link:
    cluster, where = joined.cluster, f"{anchor[0]} {anchor[1]}"
    if joined.formed:
        reason = f"group case: {joined.petitioners} petitioners on one matter at {where}"
        ids = tuple(cluster.ids)
    else:
        reason = f"group case: joins {len(cluster.ids) - 1} petitions at {where}"
        ids = (petition.petition_id,)
    link = link_of(LinkKind.GROUP_CASE, cluster.group_id, ids, reason, petition)
    return replace(link, lead=cluster.lead)


def link_of(
    kind: LinkKind, group_id: str, ids: tuple[str, ...], reason: str, cause: PetitionSummary
) -> Link:
    return Link(kind, group_id, ids, reason, cause.petition_id, cause.event_id, cause.event_time)


def linked_event(link: Link, cause: PetitionReceived) -> PetitionsLinked:
    """The event of a link, caused by the received petition that decided it."""
    return PetitionsLinked(
        event_id=derived_id(cause.event_id, "linked", link.kind.value, link.group_id),
        petition_id=link.petition_id,
        event_time=link.event_time,
        recorded_time=link.event_time,
        actor="processor:linker",
        correlation_id=cause.correlation_id,
        causation_id=cause.event_id,
        kind=link.kind,
        group_id=link.group_id,
        petition_ids=link.petition_ids,
        reason=link.reason,
        lead_petition_id=link.lead,
    )


def repeat_of(event: PetitionsLinked) -> str | None:
    """The matter's first petition, when this copy of a repeat link is the petition that
    repeats it: the linker (:mod:`jiesu.domain.linking`) lists the earlier petitions first
    and the repeat last, and every petition named gets a copy (the earlier repeat nothing)."""
    ids = event.petition_ids
    if event.kind is not LinkKind.REPEAT or len(ids) < 2 or event.petition_id != ids[-1]:
        return None
    return ids[0]
