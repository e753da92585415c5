"""The whistle (吹哨): the street office and the departments concerned are summoned to report.

A whistle is blown when a petition reaches the street, by routing or by escalation, or when
its routing names several departments (部门联动); a community or street may also blow it by
hand, naming the departments. A whistle always summons someone: the route's departments,
else the departments of the catalogue whose matters the petition's words name, else those
answering for its category; with nobody to summon no whistle is blown (the petition has
already climbed to the street, which handles it). Its summary goes on the street's whistle
list, which must never show personal data: the text a citizen typed may hold a phone
number, so every run of seven or more digits (spaces or dashes between them allowed) is cut.
"""

from __future__ import annotations

import re
from datetime import datetime

from jiesu.domain.derived import derive
from jiesu.domain.events import HandlingLevel, WhistleBlown, WhistleRequested
from jiesu.domain.ids import derived_id
from jiesu.domain.ladder import unit_at
from jiesu.domain.record import PetitionRecord
from jiesu.domain.rules import PolicyConfig

EXCERPT_CHARS = 40
REASON_CHARS = 200
_LONG_NUMBER = re.compile(r"\d(?:[\s\-－]?\d){6,}")
_SPACE = re.compile(r"\s+")


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The first ``limit`` characters of ``text`` with long digit runs (phones, ids) removed."""
    cleaned = _SPACE.sub(" ", _LONG_NUMBER.sub("", text)).strip()
    return cleaned[:limit]


def summary(category_name: str, text_excerpt: str) -> str:
    return f"{category_name}：{text_excerpt}" if category_name else text_excerpt


def should_blow(level: HandlingLevel, departments: tuple[str, ...]) -> bool:
    return level is HandlingLevel.STREET or len(departments) >= 2


def summoned(config: PolicyConfig, record: PetitionRecord) -> tuple[str, ...]:
    """Whom a whistle on ``record`` summons (possibly nobody)."""
    return record.departments or config.catalogue.concerned(record.category, record.terms)


def blow(
    config: PolicyConfig, record: PetitionRecord, cause: str, now: datetime, reason: str
) -> WhistleBlown | None:
    """The whistle a petition that was just (re)assigned calls for, or None."""
    if record.follows_lead or not should_blow(record.level, record.departments):
        return None
    departments = summoned(config, record)
    if not departments:
        return None
    return _whistle(config, record, cause, now, departments, reason, None)


def blow_by_hand(
    config: PolicyConfig, record: PetitionRecord, request: WhistleRequested, now: datetime
) -> WhistleBlown | None:
    """The whistle a community or street blew by hand; None when it names no known
    department (the intake refuses that, so it only happens with a changed catalogue)."""
    known = config.catalogue.ids()
    departments = tuple(d for d in dict.fromkeys(request.departments) if d in known)
    if not departments:
        return None
    reason = excerpt(request.reason, REASON_CHARS)
    return _whistle(config, record, request.event_id, now, departments, reason, request.unit)


def _whistle(
    config: PolicyConfig,
    record: PetitionRecord,
    cause: str,
    now: datetime,
    departments: tuple[str, ...],
    reason: str,
    blown_by: str | None,
) -> WhistleBlown:
    street, _ = unit_at(record.location, HandlingLevel.STREET, config.routing.fallback_unit)
    name = config.category_names.get(record.category, record.category)
    report_by = config.sla.report_within.deadline(config.calendar, now)
    return derive(
        WhistleBlown,
        petition_id=record.petition_id,
        correlation_id=record.correlation_id,
        cause=cause,
        decision="whistle",
        now=now,
        actor="whistle",
        whistle_id=derived_id("whistle", cause),
        street=street,
        departments=departments,
        report_by=report_by.at,
        summary=summary(name, record.excerpt),
        reason=reason,
        provisional=report_by.provisional,
        blown_by=blown_by,
    )
