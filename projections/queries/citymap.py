"""The map's figures: per community, street and district, the petitions the viewer sees,
how many are open and how many of those are overdue, beside the city's shapes.

The shapes are the GeoJSON shipped with jiesu (:mod:`jiesu.domain.citymap`); the figures
follow the viewer's scope like every list (an area outside it shows zero). A group case's
members count as petitions here: each is a resident who called.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from sqlalchemy import Engine, case, func, select

from jiesu.domain.access import Scope
from jiesu.domain.citymap import SHIPPED
from jiesu.domain.reporting import DONE_VALUES as DONE
from projections.models import Petition
from projections.queries import scope as scoped
from projections.queries.common import iso, now_of
from projections.queries.labels import Labels

MEASURES = ("petitions", "open", "overdue")


@cache
def shapes() -> dict[str, Any]:
    """The city's GeoJSON (communities, streets, districts), read once."""
    loaded: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return loaded


def figures(engine: Engine, labels: Labels, scope: Scope) -> dict[str, Any]:
    """Every area of the map with its three figures, communities summed up to their street
    and district."""
    still_open = Petition.status.not_in(DONE)
    stmt = (
        select(
            Petition.community,
            func.count(),
            func.sum(case((still_open, 1), else_=0)),
            func.sum(case((still_open & Petition.breached.is_(True), 1), else_=0)),
        )
        .where(Petition.community.is_not(None), *scoped.petitions(scope))
        .group_by(Petition.community)
    )
    with engine.connect() as conn:
        now = now_of(conn)
        rows = conn.execute(stmt).all()
    totals: dict[str, dict[str, int]] = {}
    for feature in shapes()["features"]:
        totals[feature["id"]] = dict.fromkeys(MEASURES, 0)
    for community, *counts in rows:
        parts = str(community).split(".")
        for depth in (1, 2, 3):
            code = ".".join(parts[:depth])
            known = totals.setdefault(code, dict.fromkeys(MEASURES, 0))
            for measure, n in zip(MEASURES, counts, strict=True):
                known[measure] += int(n or 0)
    areas = [
        {"code": code, "level": _level(code), "label": labels.area(code), **counts}
        for code, counts in totals.items()
    ]
    return {"as_of": iso(now), "areas": areas}


def _level(code: str) -> str:
    return ("district", "street", "community")[min(code.count("."), 2)]
