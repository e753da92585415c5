"""The special-handling list (重难点诉求处置清单: repeats) and group cases (一事多诉)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, case, func, select

from jiesu.domain.access import Scope
from jiesu.domain.reporting import DONE_VALUES as DONE
from projections.models import Petition
from projections.models_side import PetitionLink, Repeat
from projections.queries import scope as scoped
from projections.queries.common import Page, headline, iso, paged, redact
from projections.queries.labels import Labels


def special_handling(engine: Engine, labels: Labels, page: Page, scope: Scope) -> dict[str, Any]:
    """Petitions raised again by the same petitioner on the same matter, newest first."""
    clauses = scoped.repeats(scope)
    stmt = (
        select(
            Repeat.__table__, Petition.title, Petition.text, Petition.status, Petition.received_at
        )
        .join(Petition, Petition.petition_id == Repeat.petition_id, isouter=True)
        .where(*clauses)
        .order_by(Repeat.flagged_at.desc(), Repeat.petition_id)
        .limit(page.limit)
        .offset(page.offset)
    )
    with engine.connect() as conn:
        count = select(func.count()).select_from(Repeat).where(*clauses)
        total = int(conn.execute(count).scalar() or 0)
        rows = conn.execute(stmt).mappings().all()
    items = [
        {
            "petition_id": r["petition_id"],
            "repeat_of": r["repeat_of"],
            "title": redact(r["title"]),
            "headline": headline(r["title"], r["text"]),
            "status": r["status"],
            "category": r["category"],
            "category_label": labels.category(r["category"]),
            "street": r["street"],
            "street_label": labels.area(r["street"]),
            "community": r["community"],
            "community_label": labels.area(r["community"]),
            "flagged_at": iso(r["flagged_at"]),
            "received_at": iso(r["received_at"]),
        }
        for r in rows
    ]
    return paged(items, total, page)


def group_cases(engine: Engine, page: Page, scope: Scope) -> dict[str, Any]:
    """Groups of petitions that share one underlying matter, largest first (counted over
    the members ``scope`` sees)."""
    open_ = func.sum(case((Petition.status.not_in(DONE), 1), else_=0))
    inside = [PetitionLink.kind == "GROUP_CASE", *scoped.links(scope)]
    groups = (
        select(PetitionLink.group_id, func.count(), open_, func.min(PetitionLink.reason))
        .join(Petition, Petition.petition_id == PetitionLink.petition_id, isouter=True)
        .where(*inside)
        .group_by(PetitionLink.group_id)
        .order_by(func.count().desc(), PetitionLink.group_id)
    )
    with engine.connect() as conn:
        count = select(func.count(func.distinct(PetitionLink.group_id)))
        total = int(conn.execute(count.where(*inside)).scalar() or 0)
        rows = conn.execute(groups.limit(page.limit).offset(page.offset)).all()
        members = _members(conn, [r[0] for r in rows], inside)
    items = [
        {
            "group_id": g,
            "size": int(n),
            "open": int(o or 0),
            "reason": reason,
            "petition_ids": members.get(g, []),
        }
        for g, n, o, reason in rows
    ]
    return paged(items, total, page)


def _members(conn: Any, group_ids: list[str], inside: list[Any]) -> dict[str, list[str]]:
    stmt = (
        select(PetitionLink.group_id, PetitionLink.petition_id)
        .where(PetitionLink.group_id.in_(group_ids), *inside)
        .order_by(PetitionLink.group_id, PetitionLink.petition_id)
    )
    found: dict[str, list[str]] = {}
    for group_id, petition_id in conn.execute(stmt):
        found.setdefault(group_id, []).append(petition_id)
    return found
