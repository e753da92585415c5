"""The JSON API over the read models: thin handlers that validate filters and call
:mod:`projections.queries` with the viewer's scope. A bad filter is a 422 naming the field
and the reason; an offset past ``JIESU_MAX_PAGE_OFFSET`` is one too."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from sqlalchemy import Engine

from jiesu.domain.events import Channel, Status
from projections import queries as q
from projections.web.access import Viewer
from projections.web.errors import BadFilter, NotFound

router = APIRouter(prefix="/api", tags=["read models"])
DAY = r"^\d{4}-\d{2}-\d{2}$"
Limit = Annotated[int, Query(ge=1, le=500, description="Rows per page (1–500).")]
Offset = Annotated[int, Query(ge=0, description="Rows to skip (at most JIESU_MAX_PAGE_OFFSET).")]


def engine_of(request: Request) -> Engine:
    """The read-model database in force now (it follows a blue/green switch)."""
    engine: Engine = request.app.state.engines.current()
    return engine


def labels_of(request: Request) -> q.Labels:
    labels: q.Labels = request.app.state.labels
    return labels


EngineDep = Annotated[Engine, Depends(engine_of)]
LabelsDep = Annotated[q.Labels, Depends(labels_of)]


def page(request: Request, limit: int, offset: int) -> q.Page:
    """A page, its offset capped: deep offsets cost the database a scan for nothing."""
    cap: int = request.app.state.settings.max_page_offset
    if offset > cap:
        raise BadFilter("offset", f"at most {cap}; narrow the filters instead")
    return q.Page(limit, offset)


def known_area(labels: q.Labels, field: str, code: str | None, depth: int) -> str | None:
    """A territory code must exist in the city and be of the expected level."""
    if code is not None and (code not in labels.areas or code.count(".") != depth):
        raise BadFilter(field, f"unknown {('district', 'street', 'community')[depth]} code")
    return code


def aware(field: str, moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        raise BadFilter(field, "datetime needs a timezone (e.g. 2026-09-30T08:00:00+08:00)")
    return moment


def ordered(field: str, low: Any, high: Any) -> None:
    if low is not None and high is not None and low > high:
        raise BadFilter(field, "the start of the range is after its end")


@router.get("/overview", summary="城市总览: volumes, the three rates, SLA, ageing, hot spots")
def overview(
    engine: EngineDep,
    labels: LabelsDep,
    viewer: Viewer,
    street: Annotated[str | None, Query(description="Street code, e.g. zd.cz")] = None,
    day_from: Annotated[str | None, Query(pattern=DAY)] = None,
    day_to: Annotated[str | None, Query(pattern=DAY)] = None,
) -> dict[str, Any]:
    ordered("day_from", day_from, day_to)
    where = q.OverviewFilter(
        scope=viewer.scope,
        street=known_area(labels, "street", street, 1),
        day_from=day_from,
        day_to=day_to,
    )
    return q.overview(engine, labels, where)


@router.get("/petitions", summary="Petitions, newest first, filtered and paginated")
def petitions(
    request: Request,
    engine: EngineDep,
    labels: LabelsDep,
    viewer: Viewer,
    status: Status | None = None,
    channel: Channel | None = None,
    category: Annotated[str | None, Query(max_length=40)] = None,
    street: str | None = None,
    community: str | None = None,
    unit: Annotated[str | None, Query(max_length=120)] = None,
    breached: bool | None = None,
    received_from: datetime | None = None,
    received_to: datetime | None = None,
    members: Annotated[bool, Query(description="also list group cases' members")] = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    if category is not None and labels.categories and category not in labels.categories:
        raise BadFilter("category", "unknown category id")
    ordered(
        "received_from", aware("received_from", received_from), aware("received_to", received_to)
    )
    where = q.PetitionFilter(
        status=status.value if status else None,
        channel=channel.value if channel else None,
        category=category,
        street=known_area(labels, "street", street, 1),
        community=known_area(labels, "community", community, 2),
        unit=unit,
        breached=breached,
        received_from=received_from,
        received_to=received_to,
        members=members,
    )
    return q.petitions(engine, labels, where, page(request, limit, offset), viewer.scope)


@router.get("/petitions/{petition_id}", summary="诉求详情: one petition and its timeline")
def petition(
    petition_id: Annotated[str, Path(max_length=64)],
    engine: EngineDep,
    labels: LabelsDep,
    viewer: Viewer,
) -> dict[str, Any]:
    found = q.petition(engine, labels, petition_id, viewer.scope)
    if found is None:
        raise NotFound("petition", petition_id)
    return found


@router.get("/provisional", summary="Open petitions whose deadlines are provisional")
def provisional(engine: EngineDep, viewer: Viewer) -> dict[str, Any]:
    """For the banner: the viewer's open petitions whose deadlines reach a year whose 调休
    arrangement is not known yet."""
    return q.provisional_deadlines(engine, viewer.scope)


@router.get("/whistles", summary="吹哨清单: open whistles, per street office")
def whistles(
    request: Request,
    engine: EngineDep,
    labels: LabelsDep,
    viewer: Viewer,
    street: str | None = None,
    overdue: bool | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    code = known_area(labels, "street", street, 1)
    return q.whistles(engine, labels, code, overdue, page(request, limit, offset), viewer.scope)


@router.get("/streets", summary="Street offices with their number of open whistles")
def streets(engine: EngineDep, labels: LabelsDep, viewer: Viewer) -> dict[str, Any]:
    return {"items": q.streets(engine, labels, viewer.scope)}


@router.get("/scorecards", summary="单位考评: unit or department scorecards")
def scorecards(
    request: Request,
    engine: EngineDep,
    labels: LabelsDep,
    viewer: Viewer,
    kind: Literal["unit", "department"] = "unit",
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    return q.scorecards(engine, labels, kind, page(request, limit, offset), viewer.scope)


@router.get("/special-handling", summary="重难点诉求处置清单: repeat petitions")
def special_handling(
    request: Request,
    engine: EngineDep,
    labels: LabelsDep,
    viewer: Viewer,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    return q.special_handling(engine, labels, page(request, limit, offset), viewer.scope)


@router.get("/group-cases", summary="群体诉求: petitions sharing one underlying matter")
def group_cases(
    request: Request, engine: EngineDep, viewer: Viewer, limit: Limit = 100, offset: Offset = 0
) -> dict[str, Any]:
    return q.group_cases(engine, page(request, limit, offset), viewer.scope)


@router.get("/me", summary="Who is logged in: name, role and scope")
def me(viewer: Viewer) -> dict[str, Any]:
    return viewer.as_dict()
