"""单位考评: what each handling unit and department was given and how it did."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import Engine, and_, func, select

from jiesu.domain import rates as defined
from jiesu.domain.access import Scope
from projections.models_side import UnitScorecard
from projections.queries import scope as scoped
from projections.queries.common import Page, paged
from projections.queries.labels import Labels

Kind = Literal["unit", "department"]
COUNTERS: tuple[str, ...] = (
    "assigned",
    "accepted",
    "accepted_in_time",
    "returned",
    "escalated_away",
    "resolved",
    "resolved_in_time",
    "satisfied",
    "unsatisfied",
    "breaches",
    "summoned",
    "reported",
)
DEFINITIONS = [{"name": r.name, "definition": r.definition} for r in defined.UNIT]


def scorecards(
    engine: Engine, labels: Labels, kind: Kind, page: Page, scope: Scope
) -> dict[str, Any]:
    """Units (grid … district) or departments that ``scope`` sees, busiest first."""
    is_dept = UnitScorecard.level == "DEPARTMENT"
    clause = and_(is_dept if kind == "department" else ~is_dept, *scoped.scorecards(scope))
    stmt = (
        select(UnitScorecard.__table__)
        .where(clause)
        .order_by(UnitScorecard.assigned.desc(), UnitScorecard.summoned.desc(), UnitScorecard.unit)
        .limit(page.limit)
        .offset(page.offset)
    )
    with engine.connect() as conn:
        count = select(func.count()).select_from(UnitScorecard).where(clause)
        total = int(conn.execute(count).scalar() or 0)
        rows = conn.execute(stmt).mappings().all()
    items = [card_of(dict(row), labels) for row in rows]
    return {**paged(items, total, page), "definitions": DEFINITIONS}


def card_of(row: dict[str, Any], labels: Labels) -> dict[str, Any]:
    """One scorecard with its rates (None where nothing was counted yet)."""
    counters = {c: int(row[c] or 0) for c in COUNTERS}
    return {
        "unit": row["unit"],
        "label": labels.unit(row["unit"]),
        "level": row["level"],
        **counters,
        **{r.key: r.value(counters) for r in defined.UNIT},
    }
