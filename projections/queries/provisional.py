"""Provisional deadlines still running: what the dashboard's banner says.

A deadline is provisional when it counted a day of a year whose make-up arrangement
(放假调休) was not in the calendar yet, only the law's statutory days; it may move once the
State Council's notice is added to the holiday file. The banner stays while any open
petition (not yet resolved) has one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from jiesu.domain.access import Scope
from jiesu.domain.reporting import DONE_VALUES as DONE
from projections.models import Petition
from projections.queries import scope as scoped
from projections.queries.common import utc


def provisional_deadlines(engine: Engine, scope: Scope) -> dict[str, Any]:
    """How many open petitions ``scope`` sees have a provisional deadline, and the years
    they run into."""
    deadline = Petition.resolution_deadline
    stmt = select(func.count(), func.min(deadline), func.max(deadline)).where(
        Petition.status.not_in(DONE), Petition.provisional.is_(True), *scoped.petitions(scope)
    )
    with engine.connect() as conn:
        count, first, last = conn.execute(stmt).one()
    start, end = utc(first), utc(last)
    years = list(range(start.year, end.year + 1)) if start and end else []
    return {
        "open": int(count or 0),
        "years": years,
        "definition": "暂定时限：计算时所跨年份的国务院放假调休安排尚未录入，仅按法定节假日推算，"
        "安排发布并录入节假日文件后可能变动",
    }
