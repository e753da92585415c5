"""Petition lifecycle events: facts in the past tense, immutable, versioned.

Each class here has one Avro schema of the same name under ``schemas/avro/``; the codec in
``schemas.codec`` converts between the two, so the domain never sees Avro. Categories, units
and departments are plain strings keyed to the configuration files (variation is data);
enums are kept for closed sets only, and each has an ``UNKNOWN`` member that old readers
fall back to when a newer writer adds a symbol.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Channel(StrEnum):
    """Where a petition came in."""

    HOTLINE = "HOTLINE"  # 12345市民热线
    MINI_PROGRAM = "MINI_PROGRAM"  # 微信小程序 / 民情诉递二维码
    GRID_APP = "GRID_APP"  # 网格员 APP
    WALK_IN = "WALK_IN"  # 现场受理
    OPEN311 = "OPEN311"  # GeoReport v2 API
    UNKNOWN = "UNKNOWN"


class HandlingLevel(StrEnum):
    """Who handles a petition. GRID < COMPOUND < COMMUNITY < STREET < DISTRICT; DEPARTMENT
    is a functional department (职能部门), outside the territorial ladder."""

    GRID = "GRID"
    COMPOUND = "COMPOUND"
    COMMUNITY = "COMMUNITY"
    STREET = "STREET"
    DISTRICT = "DISTRICT"
    DEPARTMENT = "DEPARTMENT"
    UNKNOWN = "UNKNOWN"


class SlaTier(StrEnum):
    """The four-level response (四级响应) of the seeds."""

    ORDINARY = "ORDINARY"  # 24 hours
    DIFFICULT = "DIFFICULT"  # 3 working days
    THORNY = "THORNY"  # 7 working days
    MAJOR_RISK = "MAJOR_RISK"  # case by case, escalated to the district (包案提级)
    UNKNOWN = "UNKNOWN"


class Status(StrEnum):
    """A petition's place in the closed loop (闭环)."""

    RECEIVED = "RECEIVED"
    CLASSIFIED = "CLASSIFIED"
    ROUTED = "ROUTED"
    ACCEPTED = "ACCEPTED"
    RETURNED = "RETURNED"
    RESOLVED = "RESOLVED"
    REOPENED = "REOPENED"
    CLOSED = "CLOSED"
    UNKNOWN = "UNKNOWN"


class Satisfaction(StrEnum):
    """The call-back's score (回访满意度)."""

    SATISFIED = "SATISFIED"
    BASICALLY_SATISFIED = "BASICALLY_SATISFIED"
    UNSATISFIED = "UNSATISFIED"
    UNKNOWN = "UNKNOWN"


class DeadlineKind(StrEnum):
    """Which clock ran: sign-for (签收), resolution (办结) or a department's report (报到)."""

    RESPONSE = "RESPONSE"
    RESOLUTION = "RESOLUTION"
    REPORT = "REPORT"
    UNKNOWN = "UNKNOWN"


class LinkKind(StrEnum):
    """Why petitions were linked."""

    REPEAT = "REPEAT"  # same petitioner, place and matter: special-handling list
    GROUP_CASE = "GROUP_CASE"  # many petitioners, one underlying matter
    DUPLICATE = "DUPLICATE"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, kw_only=True)
class Location:
    """Where the matter is: the territorial grid plus an address and optional coordinates."""

    district: str | None = None
    street: str | None = None
    community: str | None = None
    compound: str | None = None
    grid: str | None = None
    address: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, kw_only=True)
class Petitioner:
    """Who raised the petition. ``name``, ``phone`` and ``openid`` are personal data;
    ``key`` is a keyed hash of the phone/openid, stable enough to spot repeat petitioners."""

    name: str | None = None
    phone: str | None = None
    openid: str | None = None
    anonymous: bool = False
    key: str | None = None


@dataclass(frozen=True, kw_only=True)
class Event:
    """The envelope every event carries."""

    event_id: str
    petition_id: str
    event_time: datetime
    recorded_time: datetime
    actor: str
    correlation_id: str
    causation_id: str | None = None
    schema_version: int = 1


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
class PetitionAccepted(Event):
    schema_version: int = 2
    unit: str
    handler: str | None = None
    note: str | None = None
    acted_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class PetitionReturned(Event):
    schema_version: int = 2
    unit: str
    reason: str
    acted_by: str | None = None


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
class WhistleRequested(Event):
    """A community or street blew the whistle by hand (a handler's action)."""

    unit: str
    departments: tuple[str, ...]
    reason: str
    acted_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class DepartmentReported(Event):
    schema_version: int = 2
    whistle_id: str
    department: str
    note: str | None = None
    acted_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class PetitionResolved(Event):
    schema_version: int = 2
    unit: str
    result: str
    acted_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class PetitionReclassified(Event):
    """A dispatcher changed the petition's category (a handler's action); it is re-routed."""

    category: str
    sla_tier: SlaTier | None = None
    emergency: bool | None = None
    reason: str
    acted_by: str | None = None


@dataclass(frozen=True, kw_only=True)
class GroupCaseResolved(Event):
    """The lead of a group case was resolved; on a member, the member is resolved with it."""

    group_id: str
    lead_petition_id: str
    unit: str
    result: str


@dataclass(frozen=True, kw_only=True)
class FeedbackRecorded(Event):
    schema_version: int = 2
    satisfaction: Satisfaction
    comment: str | None = None
    acted_by: str | None = None


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
class SlaWarned(Event):
    kind: DeadlineKind
    deadline: datetime
    unit: str
    level: HandlingLevel
    department: str | None = None


@dataclass(frozen=True, kw_only=True)
class SlaBreached(Event):
    kind: DeadlineKind
    deadline: datetime
    unit: str
    level: HandlingLevel
    department: str | None = None


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
