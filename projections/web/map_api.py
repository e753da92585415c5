"""The city map's figures and shapes: every viewer sees its own scope's figures."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from projections import queries as q
from projections.web.access import Viewer
from projections.web.api import EngineDep, LabelsDep

router = APIRouter(prefix="/api", tags=["read models"])


@router.get("/map", summary="地图: petitions, open and overdue per community, street, district")
def city_map(engine: EngineDep, labels: LabelsDep, viewer: Viewer) -> dict[str, Any]:
    return q.map_figures(engine, labels, viewer.scope)


@router.get("/map/shapes", summary="The city's shapes (GeoJSON shipped with jiesu)")
def city_shapes(viewer: Viewer) -> dict[str, Any]:
    """The shapes are the same for everyone; a login is still needed, as for every route."""
    return q.map_shapes()
