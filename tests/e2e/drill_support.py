"""The burst drill's pipeline: `jiesu intake`, `streams` and `project` as real processes on
fresh topics (the benchmark's own start-up), watched through the projection change feed."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from sqlalchemy import create_engine, select

from bench.context import BenchContext
from bench.latency import percentile
from bench.load import Answer
from bench.memory import RssSampler
from bench.pipeline import ROW, start_pipeline
from bench.pipeline import Pipeline as Running
from jiesu.domain.events import PetitionReceived
from jiesu.settings import Settings
from projections.models import Petition, TimelineEntry
from tests.e2e.callers import offer
from tests.e2e.city_support import read_log

RESENDS = 20
"""Rounds of re-sending refused requests before the drill gives up on them."""
REPEAT_EVERY, REPEAT_AFTER = 10, 3
"""Every 10th order is offered again three orders later: in flight with the first under a
burst, maybe in the same group commit."""
RESEND_RATE = 25.0
"""Requests/s of a re-sending round: a fraction of what one intake process takes."""


@dataclass
class Phase:
    """One load phase: the acknowledging reply of every order, and how it went."""

    answers: list[Answer]
    firsts: list[Answer]
    """Orders acknowledged as new at their first attempt (latency is measured on these)."""
    repeats: int
    """Orders offered a second time although their first attempt was not refused."""
    resent: int = 0
    """Requests sent again (refused, or unanswered in time) until acknowledged."""
    offered_rps: float = 0.0
    """The rate the first attempts actually went out at (the load generator may lag)."""

    def settled(self, after_s: float) -> list[Answer]:
        """First-attempt acknowledgments of orders sent ``after_s`` or more into the phase."""
        start = min(a.sent for a in self.firsts)
        return [a for a in self.firsts if a.sent >= start + after_s]

    @property
    def duplicates(self) -> int:
        """Re-sent orders answered as duplicates: their first attempt had gone through."""
        return sum(a.duplicate for a in self.answers)


@dataclass
class Pipeline:
    running: Running
    sent: int = 0

    @classmethod
    @contextlib.contextmanager
    def start(cls, bootstrap: str, workdir: Path) -> Iterator[Pipeline]:
        base = Settings(kafka_bootstrap_servers=bootstrap, data_dir=workdir / "data")
        ctx = BenchContext(base, workdir, Console(stderr=True), RssSampler().start(), quick=True)
        ctx.log_dir = workdir / "logs"
        ctx.log_dir.mkdir()
        try:
            running = start_pipeline(ctx, 1500, warm_up=False)  # every petition counted
            try:
                yield cls(running)
            finally:
                running.follower.stop()
        finally:
            ctx.stop_children()
            ctx.delete_topics()
            ctx.sampler.stop()

    def send(self, rate: float, seconds: float) -> Phase:
        """Offer ``rate`` petitions/s for ``seconds`` (open loop), every
        :data:`REPEAT_EVERY`-th order twice (a caller's system that lost the answer); send
        what was refused or unanswered again, with the same call id, until every order is
        acknowledged."""
        bodies = self.running.take(int(rate * seconds))
        self.sent += len(bodies)
        offered = _with_repeats(bodies)
        first = offer(self.running.url, self.running.key, offered, rate)
        ok = [r for r in first if r.acknowledged]
        phase = Phase(ok, [r for r in ok if not r.duplicate], len(offered) - len(bodies))
        phase.offered_rps = (len(first) - 1) / (first[-1].sent - first[0].sent)
        pending = [b for b, r in zip(offered, first, strict=True) if not r.acknowledged]
        for _ in range(RESENDS):
            if not pending:
                break
            phase.resent += len(pending)
            again = offer(self.running.url, self.running.key, pending, RESEND_RATE)
            phase.answers += [r for r in again if r.acknowledged]
            pending = [b for b, r in zip(pending, again, strict=True) if not r.acknowledged]
        assert not pending, f"{len(pending)} orders never acknowledged"
        return phase

    def wait_rows(self, petition_ids: set[str], timeout_s: float) -> None:
        keys = [f"petition:{p}".encode() for p in petition_ids]
        arrived = self.running.follower.wait_keys(ROW, keys, timeout_s)
        assert len(arrived) == len(keys), f"{len(keys) - len(arrived)} rows never appeared"

    def read_model_counts(self) -> tuple[Counter[str], Counter[str]]:
        """Per petition id: rows of the petitions read model, receipts on its timeline."""
        engine = create_engine(self.running.settings.database_url)
        receipt = TimelineEntry.event_type == "PetitionReceived"
        try:
            with engine.connect() as conn:
                rows = Counter(conn.scalars(select(Petition.petition_id)))
                timeline = Counter(conn.scalars(select(TimelineEntry.petition_id).where(receipt)))
        finally:
            engine.dispose()
        return rows, timeline

    def receipts_on_the_log(self) -> tuple[dict[str, set[str]], int]:
        """PetitionReceived event ids per petition on petition-events, and how many records
        carried an id already on the log (a publish repeated after a timeout)."""
        ids: dict[str, set[str]] = {}
        records = 0
        for r in read_log(self.running.settings):
            if isinstance(r.event, PetitionReceived):
                ids.setdefault(r.event.petition_id, set()).add(r.event.event_id)
                records += 1
        return ids, records - sum(len(v) for v in ids.values())


def _with_repeats(bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    offered = list(bodies)
    for n in reversed(range(0, len(bodies), REPEAT_EVERY)):
        offered.insert(min(n + REPEAT_AFTER, len(offered)), bodies[n])
    return offered


def burst_drill(pipe: Pipeline, rate: float, factor: int, seconds: float) -> list[Phase]:
    """Steady load, a burst of ``factor`` times it, steady load again (twice as long: the
    first half drains what the burst left behind)."""
    return [
        pipe.send(rate, seconds),
        pipe.send(rate * factor, seconds),
        pipe.send(rate, 2 * seconds),
    ]


def latency_ms(pipe: Pipeline, replies: list[Answer]) -> dict[str, float]:
    """p50 and p90 from an acknowledgment to its petition's row (a row seen before the client
    handled the answer, a starved client, counts as 0), and p90 from request to answer."""
    keys = [f"petition:{a.petition_id}".encode() for a in replies]
    arrived = pipe.running.follower.wait_keys(ROW, keys, 60.0)
    values = [
        max(0.0, arrived[k] - a.answered) * 1000
        for k, a in zip(keys, replies, strict=True)
        if k in arrived
    ]
    answered = [(a.answered - a.sent) * 1000 for a in replies]
    return {
        "p50": round(percentile(values, 0.5)),
        "p90": round(percentile(values, 0.9)),
        "ack_p90": round(percentile(answered, 0.9)),
        "n": len(values),
    }
