"""吹哨清单: per street office, the open whistles and each summoned department's report.

One line per matter: a petition whistled again shows its latest whistle (the projector
closes the one before), with ``whistles`` counting them all (its page lists the history); a
group case is one line, under its lead, with ``group_members``, whichever of its petitions
was whistled.

Each summoned department's 报到 is judged by :func:`jiesu.domain.reporting.report_state`
against the read model's "now": a whistle that ended (its petition resolved, or whistled
again) before a department's report was due asks nothing more of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, RowMapping, func, select

from jiesu.domain.access import Role, Scope, covers_area
from jiesu.domain.reasons import shown
from jiesu.domain.reporting import report_state
from projections.models import Petition
from projections.models_side import Whistle, WhistleDepartment
from projections.queries import scope as scoped
from projections.queries.common import Page, iso, now_of, paged, redact, utc
from projections.queries.groups import group_sizes
from projections.queries.labels import Labels


def street_code(street: str | None) -> str | None:
    """Whistles name the street as a unit ('street:zd.cz'); pages may pass the bare code."""
    if not street:
        return None
    return street if ":" in street else f"street:{street}"


def whistles(
    engine: Engine,
    labels: Labels,
    street: str | None,
    overdue: bool | None,
    page: Page,
    scope: Scope,
) -> dict[str, Any]:
    """Open whistles ``scope`` sees, newest first; ``overdue`` keeps those (not) overdue."""
    clauses: list[Any] = [Whistle.open.is_(True), *scoped.whistles(scope)]
    if street:
        clauses.append(Whistle.street == street_code(street))
    stmt = (
        select(Whistle.__table__, Petition.group_id, Petition.lead_petition_id)
        .join(Petition, Petition.petition_id == Whistle.petition_id, isouter=True)
        .where(*clauses)
        .order_by(Whistle.report_by, Whistle.whistle_id)
    )
    with engine.connect() as conn:
        now = now_of(conn)
        rows = conn.execute(stmt).mappings().all()
        summoned = _departments(conn, [r["whistle_id"] for r in rows])
        groups = group_sizes(conn, [r["group_id"] for r in rows if r["group_id"]])
        blown = _blown(conn, [r["petition_id"] for r in rows])
    items = []
    for matter in _matters(rows):
        row = matter[-1]
        item = _item(dict(row), summoned.get(row["whistle_id"], []), labels, now)
        item["whistled_petition_id"] = row["petition_id"]
        item["petition_id"] = row["lead_petition_id"] or row["petition_id"]
        item["whistles"] = max(len(matter), blown.get(row["petition_id"], 0))
        item["group_members"] = groups.get(row["group_id"]) if row["group_id"] else None
        items.append(item)
    if overdue is not None:
        items = [i for i in items if i["overdue"] is overdue]
    window = items[page.offset : page.offset + page.limit]
    return {**paged(window, len(items), page), "as_of": iso(now)}


def _matters(rows: Sequence[RowMapping]) -> list[list[RowMapping]]:
    """Whistles by matter (a group case's lead, else the petition), each oldest first; the
    matters in the order of their latest whistle's report-by time."""
    matters: dict[str, list[RowMapping]] = {}
    for row in sorted(rows, key=lambda r: (r["blown_at"], r["whistle_id"])):
        matters.setdefault(row["lead_petition_id"] or row["petition_id"], []).append(row)
    return sorted(matters.values(), key=lambda m: (m[-1]["report_by"], m[-1]["whistle_id"]))


def _blown(conn: Connection, petition_ids: list[str]) -> dict[str, int]:
    """How many whistles each petition was ever blown (a new one closes the one before)."""
    stmt = (
        select(Whistle.petition_id, func.count())
        .where(Whistle.petition_id.in_(petition_ids))
        .group_by(Whistle.petition_id)
    )
    return {str(p): int(n) for p, n in conn.execute(stmt)}


def history(engine: Engine, labels: Labels, petition_id: str) -> list[dict[str, Any]]:
    """Every whistle of one petition (open or not), oldest first, for its page; the caller
    has checked that the viewer sees the petition."""
    stmt = (
        select(Whistle.__table__)
        .where(Whistle.petition_id == petition_id)
        .order_by(Whistle.blown_at, Whistle.whistle_id)
    )
    with engine.connect() as conn:
        now = now_of(conn)
        rows = conn.execute(stmt).mappings().all()
        summoned = _departments(conn, [r["whistle_id"] for r in rows])
    made = []
    for row in rows:
        item = _item(dict(row), summoned.get(row["whistle_id"], []), labels, now)
        item["open"] = bool(row["open"])
        made.append(item)
    return made


def _departments(conn: Connection, whistle_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    stmt = (
        select(WhistleDepartment.__table__)
        .where(WhistleDepartment.whistle_id.in_(whistle_ids))
        .order_by(WhistleDepartment.whistle_id, WhistleDepartment.department)
    )
    found: dict[str, list[dict[str, Any]]] = {}
    for row in conn.execute(stmt).mappings():
        found.setdefault(row["whistle_id"], []).append(dict(row))
    return found


def _item(
    row: dict[str, Any], summoned: list[dict[str, Any]], labels: Labels, now: datetime | None
) -> dict[str, Any]:
    departments = [_department(d, labels, now, bool(row["open"])) for d in summoned]
    street = row["street"].partition(":")[2] or row["street"]
    return {
        "whistle_id": row["whistle_id"],
        "petition_id": row["petition_id"],
        "street": street,
        "street_label": labels.area(street),
        "category": row["category"],
        "category_label": labels.category(row["category"]),
        "summary": redact(row["summary"]),
        "reason": redact(shown(row["reason"])),
        "blown_by": row["blown_by"],
        "blown_by_label": labels.unit(row["blown_by"]),
        "blown_at": iso(row["blown_at"]),
        "report_by": iso(row["report_by"]),
        "provisional": bool(row["provisional"]),
        "departments": departments,
        "reported": sum(1 for d in departments if d["reported"]),
        "overdue": any(d["overdue"] for d in departments),
    }


def _department(
    row: dict[str, Any], labels: Labels, now: datetime | None, still_open: bool
) -> dict[str, Any]:
    """One summoned department, its 报到 judged by :func:`report_state`; ``overdue`` also
    when it reported after a breach (reported late)."""
    reported = row["reported_at"] is not None
    state = report_state(reported, bool(row["overdue"]), still_open, now, utc(row["report_by"]))
    return {
        "department": row["department"],
        "label": labels.department(row["department"]),
        "reported": reported,
        "reported_at": iso(row["reported_at"]),
        "report_by": iso(row["report_by"]),
        "state": state,
        "overdue": state == "overdue" or bool(row["overdue"]),
        "ended": state == "ended",
    }


def streets(engine: Engine, labels: Labels, scope: Scope) -> list[dict[str, Any]]:
    """The streets ``scope`` sees, each with its number of open whistles (the picker)."""
    stmt = (
        select(Whistle.street, func.count())
        .where(Whistle.open.is_(True), *scoped.whistles(scope))
        .group_by(Whistle.street)
    )
    with engine.connect() as conn:
        counts = {s.partition(":")[2] or s: int(n) for s, n in conn.execute(stmt)}
    territory = {c for c in labels.areas if c.count(".") == 1 and _street_of(scope, c)}
    codes = sorted(territory | set(counts))
    return [{"code": c, "label": labels.area(c), "open_whistles": counts.get(c, 0)} for c in codes]


def _street_of(scope: Scope, street: str) -> bool:
    """Whether the picker offers ``street``: a territory's own; every street to the city."""
    if scope.role in (Role.STREET, Role.COMMUNITY):
        return covers_area(scope, street) or str(scope.area).startswith(f"{street}.")
    return scope.role is not Role.DEPARTMENT
