"""Group cases on the lists: one line per group (its lead) with its member count.

A member (``lead_petition_id`` set to another petition) follows its lead: lists show the
lead's line with ``group_members``, and a member only when asked for (or on its own page,
where it names its lead and the lead's status).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from projections.models import Petition


def not_a_member() -> ColumnElement[bool]:
    """Rows that stand for themselves: no group, or a group's lead."""
    return or_(
        Petition.lead_petition_id.is_(None), Petition.lead_petition_id == Petition.petition_id
    )


def group_sizes(conn: Connection, group_ids: list[str]) -> dict[str, int]:
    """How many petitions each group holds (lead included)."""
    if not group_ids:
        return {}
    stmt = (
        select(Petition.group_id, func.count())
        .where(Petition.group_id.in_(group_ids))
        .group_by(Petition.group_id)
    )
    return {str(g): int(n) for g, n in conn.execute(stmt)}


def with_sizes(conn: Connection, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each lead's line gains ``group_members``; other lines get None."""
    leads = [i["group_id"] for i in items if i.get("group_id") and _leads(i)]
    sizes = group_sizes(conn, leads)
    for item in items:
        item["group_members"] = sizes.get(item["group_id"]) if _leads(item) else None
    return items


def group_of(conn: Connection, row: Any) -> dict[str, Any] | None:
    """A petition's group case as its page shows it, or None."""
    if not row["group_id"]:
        return None
    lead = row["lead_petition_id"]
    status = conn.execute(select(Petition.status).where(Petition.petition_id == lead)).scalar()
    return {
        "group_id": row["group_id"],
        "lead_petition_id": lead,
        "is_lead": lead == row["petition_id"],
        "lead_status": status,
        "members": group_sizes(conn, [row["group_id"]]).get(row["group_id"], 1),
    }


def _leads(item: dict[str, Any]) -> bool:
    return bool(item.get("group_id")) and item.get("lead_petition_id") == item.get("petition_id")
