"""POST /petitions/{id}/reclassify and /petitions/{id}/whistle: the dispatch desk's and the
community's own actions, checked against the configuration before the state machine.

A category that is not one of the taxonomy's, a department that is not in the catalogue, or
a whistle blown by a community or street that is not the petition's own, is a 422 naming
the field; the state machine's refusal (a closed petition, a group member) is a 409 as for
every action.
"""

from __future__ import annotations

from fastapi import APIRouter, Response

from jiesu.config.departments import load_catalogue
from jiesu.domain.ladder import unit_within
from producers.actions.forms import ReclassifyBody, WhistleBody
from producers.actions.router import ANSWERS, ActionAccepted, ActorDep, PetitionId, record
from producers.http.context import Ctx
from producers.http.errors import IntakeError, field_error, invalid

router = APIRouter(prefix="/petitions", tags=["handlers' actions"])


@router.post("/{petition_id}/reclassify", responses=ANSWERS)
def reclassify(
    petition_id: PetitionId, body: ReclassifyBody, actor: ActorDep, ctx: Ctx, response: Response
) -> ActionAccepted:
    """改类 (the dispatch desk changes the category; the petition is routed again)."""
    if ctx.services.get(body.category) is None:
        raise invalid([field_error("category", "unknown", "not a category of the taxonomy")])
    return record(ctx, petition_id, body, actor, response)


@router.post("/{petition_id}/whistle", responses=ANSWERS)
def whistle(
    petition_id: PetitionId, body: WhistleBody, actor: ActorDep, ctx: Ctx, response: Response
) -> ActionAccepted:
    """吹哨 (a community or street summons departments to report, by hand)."""
    known = load_catalogue(ctx.settings.config_dir).ids()
    unknown = [d for d in body.departments if d not in known]
    if unknown:
        message = f"not a department of the catalogue: {unknown[0]}"
        raise invalid([field_error("departments", "unknown", message)])
    view = ctx.read_model.petition(petition_id)
    if view is None or not actor.sees(view.facts):
        raise IntakeError(404, "unknown_petition", "no such petition (yet)", "未找到该诉求")
    if (
        not view.area
        or view.area not in ctx.city
        or not unit_within(body.unit, ctx.city.location(view.area))
    ):
        message = "only the petition's own community or street may blow its whistle"
        raise invalid([field_error("unit", "not_the_petitions", message)])
    return record(ctx, petition_id, body, actor, response)
