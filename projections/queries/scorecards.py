"""单位考评: what each handling unit and department was given and how it did."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import Engine, and_, func, select

from jiesu.domain.access import Scope
from projections.models_side import UnitScorecard
from projections.queries import scope as scoped
from projections.queries.common import Page, paged, rate
from projections.queries.labels import Labels
from projections.queries.rates import rate_of

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
DEFINITIONS = [
    {"name": "响应率", "definition": "按时签收次数 ÷ 派至本单位的诉求数（含提级派入）"},
    {"name": "解决率", "definition": "本单位办理反馈次数 ÷ 派至本单位的诉求数"},
    {"name": "满意率", "definition": "本单位承办诉求中回访“满意”或“基本满意”的数 ÷ 已回访评价数"},
    {"name": "时限达标率", "definition": "在办结时限内办理的次数 ÷ 办理次数"},
    {"name": "报到率", "definition": "吹哨后已报到次数 ÷ 被召集次数（职能部门）"},
]


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
    as_rates = {
        "responded_in_time": counters["accepted_in_time"],
        "routed": counters["assigned"],
        "resolved": counters["resolved"],
        "resolved_in_time": counters["resolved_in_time"],
        "satisfied": counters["satisfied"],
        "unsatisfied": counters["unsatisfied"],
    }
    resolution = rate("解决率", counters["resolved"], counters["assigned"], "")
    return {
        "unit": row["unit"],
        "label": labels.unit(row["unit"]),
        "level": row["level"],
        **counters,
        "response_rate": rate_of("response_rate", as_rates)["value"],
        "resolution_rate": resolution["value"],
        "satisfaction_rate": rate_of("satisfaction_rate", as_rates)["value"],
        "sla_compliance": rate_of("sla_compliance", as_rates)["value"],
        "report_rate": rate("报到率", counters["reported"], counters["summoned"], "")["value"],
    }
