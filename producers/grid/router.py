"""Grid workers' endpoints: one report, or a batch synced after working offline."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from jiesu.domain.events import PetitionReceived
from producers.credentials import Worker
from producers.forms import InputRejected
from producers.grid.mapping import BATCH_MAX, GridReport, parse_grid_report, received_from_grid
from producers.http.auth import admit
from producers.http.context import Accepted, Bearer, Ctx, IntakeContext, token_of
from producers.http.submit import submit_petition
from producers.intake import Outcome

router = APIRouter(prefix="/grid", tags=["grid workers' app"])


async def _worker(ctx: Ctx, creds: Bearer, request: Request) -> Worker:
    token = token_of(creds)
    return admit(ctx, request, token, ctx.credentials.worker(token), "worker token")


WorkerDep = Annotated[Worker, Depends(_worker)]


class Batch(BaseModel):
    """Reports kept on the phone while offline; each item is a GridReport."""

    items: list[dict[str, Any]] = Field(min_length=1, max_length=BATCH_MAX)


class ItemResult(BaseModel):
    client_item_id: str | None
    result: Literal["accepted", "duplicate", "rejected"]
    petition_id: str | None = None
    errors: list[dict[str, str]] = Field(default_factory=list)


class BatchResult(BaseModel):
    accepted: int
    duplicate: int
    rejected: int
    items: list[ItemResult]


@router.post("/reports", status_code=202, response_model=Accepted)
async def post_report(
    report: GridReport, worker: WorkerDep, ctx: Ctx, response: Response
) -> Accepted:
    """One report; its client item id makes a re-send a duplicate (200)."""
    now, key = ctx.clock(), ctx.settings.pii_key
    return await submit_petition(
        ctx,
        response,
        lambda: received_from_grid(report, worker, city=ctx.city, pii_key=key, now=now),
    )


@router.post("/reports/batch", response_model=BatchResult)
async def post_batch(batch: Batch, worker: WorkerDep, ctx: Ctx) -> BatchResult:
    """Offline sync: every valid item is published (one round trip), each item answered."""
    parsed = [_parse(raw, worker, ctx) for raw in batch.items]
    valid = [p for p in parsed if isinstance(p, PetitionReceived)]
    outcomes = iter(await ctx.intake.submit_many_async(valid))
    items = [
        _rejected(raw, p) if isinstance(p, InputRejected) else _answer(p, next(outcomes), worker)
        for raw, p in zip(batch.items, parsed, strict=True)
    ]
    count = Counter(i.result for i in items)
    return BatchResult(
        accepted=count["accepted"],
        duplicate=count["duplicate"],
        rejected=count["rejected"],
        items=items,
    )


def _parse(
    raw: dict[str, Any], worker: Worker, ctx: IntakeContext
) -> PetitionReceived | InputRejected:
    try:
        report = parse_grid_report(raw)
        key = ctx.settings.pii_key
        return received_from_grid(report, worker, city=ctx.city, pii_key=key, now=ctx.clock())
    except InputRejected as exc:
        return exc


def _rejected(raw: dict[str, Any], exc: InputRejected) -> ItemResult:
    item_id = raw.get("client_item_id")
    return ItemResult(
        client_item_id=item_id if isinstance(item_id, str) else None,
        result="rejected",
        errors=[e.as_dict() for e in exc.errors],
    )


def _answer(event: PetitionReceived, outcome: Outcome, worker: Worker) -> ItemResult:
    client_id = event.channel_ref.removeprefix(f"{worker.worker_id}:")
    result: Literal["accepted", "duplicate"] = "duplicate" if outcome.duplicate else "accepted"
    return ItemResult(client_item_id=client_id, result=result, petition_id=outcome.petition_id)
