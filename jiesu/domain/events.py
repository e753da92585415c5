"""Petition lifecycle events: facts in the past tense, immutable, versioned.

Each event class has one Avro schema of the same name under ``schemas/avro/``; the codec in
``schemas.codec`` converts between the two, so the domain never sees Avro. This module holds
the intake's and the processors' events and :data:`EVENT_TYPES`, the registry of every type;
the closed sets (:mod:`jiesu.domain.codes`), the envelope (:mod:`jiesu.domain.envelope`), the
handlers' events and the deadline watch's live beside it and are importable from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from jiesu.domain.codes import Channel, HandlingLevel, LinkKind, Satisfaction, SlaTier, Status
from jiesu.domain.codes import DeadlineKind as DeadlineKind
from jiesu.domain.deadline_events import SlaBreached, SlaWarned
from jiesu.domain.envelope import Event, Location, Petitioner
from jiesu.domain.handler_events import (
    DepartmentReported,
    FeedbackRecorded,
    PetitionAccepted,
    PetitionReclassified,
    PetitionResolved,
    PetitionReturned,
    WhistleRequested,
)


@dataclass(frozen=True, kw_only=True)
class PetitionReceived(Event):
    """A petition came in. Since v4 the petitioner's name, phone, openid and the address line
    are sealed under ``sealed_subject``'s data key (:mod:`jiesu.domain.erasure`)."""

    schema_version: int = 4
    channel: Channel
    channel_ref: str
    text: str
    title: str | None = None
    category_hint: str | None = None
    location: Location = field(default_factory=Location)
    petitioner: Petitioner = field(default_factory=Petitioner)
    photos: tuple[str, ...] = ()
    employer: str | None = None
    attributes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sealed_subject: str | None = None


@dataclass(frozen=True, kw_only=True)
class PetitionClassified(Event):
    schema_version: int = 2
    category: str
    sla_tier: SlaTier
    emergency: bool = False
    repeat_of: str | None = None
    keywords: tuple[str, ...] = ()
    score: float = 0.0
    taxonomy_version: str = ""
    source: str = "classifier"
    suggested_category: str | None = None


@dataclass(frozen=True, kw_only=True)
class PetitionRouted(Event):
    """The task order (任务单): the unit, the responsible person, the target, the deadlines."""

    schema_version: int = 3
    unit: str
    level: HandlingLevel
    rule: str
    departments: tuple[str, ...] = ()
    response_deadline: datetime
    resolution_deadline: datetime
    provisional: bool = False
    co_handler: str | None = None
    responsible: str | None = None
    responsible_role: str | None = None
    target: str = ""
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class PetitionEscalated(Event):
    schema_version: int = 2
    from_unit: str
    from_level: HandlingLevel
    to_unit: str
    to_level: HandlingLevel
    reason: str
    response_deadline: datetime
    resolution_deadline: datetime
    provisional: bool = False


@dataclass(frozen=True, kw_only=True)
class WhistleBlown(Event):
    schema_version: int = 3
    whistle_id: str
    street: str
    departments: tuple[str, ...]
    report_by: datetime
    summary: str
    reason: str
    provisional: bool = False
    blown_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class GroupCaseResolved(Event):
    """The lead of a group case was resolved; on a member, the member is resolved with it."""

    group_id: str
    lead_petition_id: str
    unit: str
    result: str


@dataclass(frozen=True, kw_only=True)
class PetitionReopened(Event):
    reason: str
    reopen_count: int


@dataclass(frozen=True, kw_only=True)
class PetitionClosed(Event):
    schema_version: int = 2
    satisfaction: Satisfaction
    reason: str
    unreachable: bool = False


@dataclass(frozen=True, kw_only=True)
class PetitionsLinked(Event):
    schema_version: int = 2
    kind: LinkKind
    group_id: str
    petition_ids: tuple[str, ...]
    reason: str
    lead_petition_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class ClockTicked(Event):
    """Time is an event: ``event_time`` is the new "now". ``petition_id`` is empty."""

    source: str


@dataclass(frozen=True, kw_only=True)
class ActionRejected(Event):
    """A handler's action the state machine refused; the petition did not change."""

    action_event_id: str
    action: str
    status: Status
    reason: str


@dataclass(frozen=True, kw_only=True)
class PetitionerErased(Event):
    """The petitioner's data key was deleted (PIPL art. 47): the petition's personal fields
    read as 已删除 from now on. Carries no personal data; ``subject`` is the keyed hash."""

    subject: str
    received_event_id: str | None = None
    reason: str
    erased_by: str


EVENT_TYPES: tuple[type[Event], ...] = (
    PetitionReceived,
    PetitionClassified,
    PetitionRouted,
    PetitionAccepted,
    PetitionReturned,
    PetitionEscalated,
    WhistleBlown,
    DepartmentReported,
    PetitionResolved,
    FeedbackRecorded,
    PetitionReopened,
    PetitionClosed,
    SlaWarned,
    SlaBreached,
    PetitionsLinked,
    ClockTicked,
    ActionRejected,
    PetitionReclassified,
    WhistleRequested,
    GroupCaseResolved,
    PetitionerErased,
)
"""Every event type, in lifecycle order (types added later go at the end). The codec and the
tests iterate this tuple."""

EVENTS_BY_NAME: dict[str, type[Event]] = {t.__name__: t for t in EVENT_TYPES}
