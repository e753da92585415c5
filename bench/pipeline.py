"""The whole pipeline as it runs in production: `jiesu intake`, `streams` and `project`
children on fresh topics, watched through the projection change feed.

Latency is measured through the change feed (published by the projector right after each
commit, key ``petition:<id>``), read with a 10 ms fetch wait: the arrival of a petition's first
change is the moment its row is in the read model, plus at most that fetch wait.

The intake keeps its idempotency store in its own SQLite file, so that SQLite's one writer
lock is not shared with the projector (production runs both on PostgreSQL); the worker runs
without the wall-clock ticker, as event time alone drives its decisions here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bench.context import BenchContext
from bench.follow import Follower
from bench.load import Answer, open_loop, work_orders
from jiesu.bus.embedded import free_port
from jiesu.settings import Settings
from producers.http.serve import init_dev_credentials

ROW, DECIDED = "row", "decided"
"""Milestones: the petition's row exists; its row shows the streams' decisions (routed)."""
WARM_UP = 40
"""Petitions sent before any measurement: enough to reach every partition (6 by default)."""


def _milestones(key: bytes, value: bytes, headers: dict[str, bytes]) -> Iterator[str]:
    if not key.startswith(b"petition:"):
        return
    yield ROW
    data = json.loads(value).get("data") or {}
    if data.get("status") not in (None, "RECEIVED"):
        yield DECIDED


@dataclass
class Pipeline:
    """Running children, the intake's URL and hotline key, the follower and unsent orders."""

    url: str
    key: str
    follower: Follower
    settings: Settings
    """The children's topics and read-model database."""
    orders: list[dict[str, Any]] = field(default_factory=list)

    def take(self, count: int) -> list[dict[str, Any]]:
        taken, self.orders = self.orders[:count], self.orders[count:]
        if len(taken) < count:
            raise ValueError(f"the benchmark planned too few work orders ({len(taken)} < {count})")
        return taken


def start_pipeline(ctx: BenchContext, orders: int, warm_up: bool = True) -> Pipeline:
    """Start streams, projector and intake; return once petitions go through all of them
    (``warm_up``), else once the intake answers HTTP."""
    settings = ctx.fresh("pipeline")
    key = str(init_dev_credentials(settings)["hotline_key"])
    intake_db = settings.model_copy(
        update={"database_url": f"sqlite:///{settings.data_dir}/intake.db"}
    )
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    ctx.child("streams", ["streams", "--no-ticker", "--loglevel", "warning"], settings)
    ctx.child("projector", ["project", "--db", settings.database_url], settings)
    intake = ctx.child("intake", ["intake", "--port", str(port)], intake_db, f"{url}/openapi.json")
    topic, parts = settings.changes_topic, settings.petition_partitions
    follower = Follower(settings, topic, parts, _milestones).start()
    intake.wait_ready(60)
    orders_planned = work_orders(orders + WARM_UP * warm_up, 4242, settings.pii_key)
    pipe = Pipeline(url, key, follower, settings, orders_planned)
    if warm_up:
        _warm_up(pipe)
    return pipe


def _warm_up(pipe: Pipeline) -> None:
    """Send a few petitions through and wait for their decisions: no figure then includes
    faust's start-up (seconds) or a partition's first rebuild."""
    ok = accepted(open_loop(pipe.url, pipe.key, pipe.take(WARM_UP), 20.0))
    arrived = pipe.follower.wait_keys(DECIDED, keys_of(ok), 120.0)
    if not ok or len(arrived) < len(ok):
        raise TimeoutError(f"warm-up: {len(arrived)} of {WARM_UP} petitions decided in 120 s")


def accepted(answers: list[Answer]) -> list[Answer]:
    return [a for a in answers if a.acknowledged]


def keys_of(answers: list[Answer]) -> list[bytes]:
    return [f"petition:{a.petition_id}".encode() for a in answers]
