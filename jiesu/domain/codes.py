"""The closed sets of the events: channels, handling levels, tiers, statuses, satisfaction,
deadline and link kinds.

Enums are kept for closed sets only (categories, units and departments are plain strings keyed
to the configuration files), and each has an ``UNKNOWN`` member that old readers fall back to
when a newer writer adds a symbol. Each is an Avro enum of the same name in ``schemas/``.
"""

from __future__ import annotations

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
