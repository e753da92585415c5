"""The petitions list (filtered, paginated) and one petition with its full trace (全程留痕).

Rows are shown without anything personal: the phone only masked, no name, and long digit
runs in the citizen's text masked too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, RowMapping, func, select

from jiesu.domain.access import Scope
from jiesu.domain.reporting import DONE_VALUES as DONE
from projections.models import Petition, TimelineEntry
from projections.queries import scope as scoped
from projections.queries import story
from projections.queries.common import Page, headline, iso, now_of, paged, redact
from projections.queries.groups import group_of, not_a_member, with_sizes
from projections.queries.labels import Labels
from projections.queries.timeline import entry_of
from projections.queries.whistles import history
from projections.stats import on_time

SUMMARY: tuple[str, ...] = (
    "petition_id",
    "title",
    "channel",
    "category",
    "status",
    "sla_tier",
    "street",
    "community",
    "unit",
    "level",
    "breached",
    "provisional",
    "emergency",
    "repeat_of",
    "group_id",
    "lead_petition_id",
    "category_source",
    "co_handler",
    "responsible_role",
)
DETAIL: tuple[str, ...] = (
    *SUMMARY,
    "suggested_category",
    "responsible",
    "target",
    "route_rule",
    "route_reason",
    "address",
    "phone_masked",
    "anonymous",
    "whistle_id",
    "satisfaction",
    "unreachable",
    "reopen_count",
    "escalation_count",
    "return_count",
    "breach_count",
)
MOMENTS: tuple[str, ...] = (
    "received_at",
    "response_deadline",
    "resolution_deadline",
    "first_resolution_deadline",
    "accepted_at",
    "resolved_at",
    "closed_at",
    "updated_at",
)


@dataclass(frozen=True)
class PetitionFilter:
    """The list's filters; each one that is set must match."""

    status: str | None = None
    channel: str | None = None
    category: str | None = None
    street: str | None = None
    community: str | None = None
    unit: str | None = None
    breached: bool | None = None
    received_from: datetime | None = None
    received_to: datetime | None = None
    members: bool = False
    """Also list group cases' members (by default a group is its lead's line)."""


def _clauses(where: PetitionFilter) -> list[Any]:
    equal = ("status", "channel", "category", "street", "community", "unit", "breached")
    clauses = [
        getattr(Petition, f) == getattr(where, f) for f in equal if getattr(where, f) is not None
    ]
    if not where.members:
        clauses.append(not_a_member())
    if where.received_from is not None:
        clauses.append(Petition.received_at >= where.received_from)
    if where.received_to is not None:
        clauses.append(Petition.received_at < where.received_to)
    return clauses


def petitions(
    engine: Engine, labels: Labels, where: PetitionFilter, page: Page, scope: Scope
) -> dict[str, Any]:
    """The newest petitions first that ``scope`` sees and match ``where``: a page and the
    total."""
    clauses = _clauses(where) + scoped.petitions(scope)
    stmt = (
        select(Petition.__table__)
        .where(*clauses)
        .order_by(Petition.received_at.desc(), Petition.petition_id)
        .limit(page.limit)
        .offset(page.offset)
    )
    with engine.connect() as conn:
        total = int(
            conn.execute(select(func.count()).select_from(Petition).where(*clauses)).scalar() or 0
        )
        rows = conn.execute(stmt).mappings().all()
        items = with_sizes(conn, [summary_of(row, labels) for row in rows])
    return paged(items, total, page)


def summary_of(
    row: RowMapping, labels: Labels, fields: tuple[str, ...] = SUMMARY
) -> dict[str, Any]:
    """One row as the lists show it, with names beside codes (and its :func:`headline`)."""
    made: dict[str, Any] = {f: row[f] for f in fields}
    made.update({m: iso(row[m]) for m in MOMENTS})
    made.update(
        title=redact(row["title"]),
        headline=headline(row["title"], row.get("text")),
        category_label=labels.category(row["category"]),
        street_label=labels.area(row["street"]),
        community_label=labels.area(row["community"]),
        unit_label=labels.unit(row["unit"]),
        co_handler_label=labels.unit(row["co_handler"]),
    )
    return made


def petition(
    engine: Engine, labels: Labels, petition_id: str, scope: Scope
) -> dict[str, Any] | None:
    """One petition and its timeline in log order, or None when it is not known (or not
    in ``scope``: the caller cannot tell the two apart)."""
    clauses = [Petition.petition_id == petition_id, *scoped.petitions(scope)]
    with engine.connect() as conn:
        row = conn.execute(select(Petition.__table__).where(*clauses)).mappings().first()
        if row is None:
            return None
        stmt = select(TimelineEntry.__table__).where(TimelineEntry.petition_id == petition_id)
        entries = conn.execute(stmt.order_by(TimelineEntry.seq)).mappings().all()
        group = group_of(conn, row)
        now = now_of(conn)
    whistles = history(engine, labels, petition_id)
    timeline = [entry_of(e, labels) for e in entries]
    detail = summary_of(row, labels, DETAIL)
    detail.update(
        on_time=on_time(dict(row), True) if row["status"] in DONE else None,
        text=redact(row["text"]),
        result=redact(row["result"]),
        address=redact(row["address"]),
        departments=_split(row["departments"]),
        co_department_labels=[  # the departments beside the handling unit (会同)
            labels.department(d) or d
            for d in _split(row["departments"])
            if row["unit"] != f"dept:{d}"
        ],
        pending_departments=_split(row["pending_departments"]),
        suggested_category_label=labels.category(row["suggested_category"]),
        target=redact(row["target"]),
        route_reason=redact(row["route_reason"]),
        group=group,
    )
    return {
        "petition": detail,
        "timeline": timeline,
        "whistles": whistles,
        "deadlines": story.deadlines(row, whistles, now),
        "actors": story.actors(timeline),
    }


def _split(value: str | None) -> list[str]:
    return [part for part in (value or "").split(",") if part]
