"""Petitions/s accepted over HTTP: a burst of work orders, many in flight, each answered only
after the broker acknowledged its event (the intake's contract)."""

from __future__ import annotations

from typing import Any

from bench.context import BenchContext
from bench.load import closed_loop
from bench.pipeline import DECIDED, Pipeline, accepted, keys_of

WORKERS = 32
BURST = (150, 3000)
"""Work orders of the burst: --quick, full."""


def measure_intake(ctx: BenchContext, pipe: Pipeline) -> dict[str, Any]:
    """Post the burst, then wait for the pipeline to absorb it (so later stages start idle)."""
    count = BURST[0] if ctx.quick else BURST[1]
    cpu = ctx.sampler.cpu_seconds("intake")
    answers = closed_loop(pipe.url, pipe.key, pipe.take(count), WORKERS)
    cpu = ctx.sampler.cpu_seconds("intake") - cpu
    ok = accepted(answers)
    seconds = max(a.answered for a in answers) - min(a.sent for a in answers)
    pipe.follower.wait_keys(DECIDED, keys_of(ok), 30.0 if ctx.quick else 120.0)
    return {
        "intake_rps": round(len(ok) / seconds),
        "intake_cpu_ms_per_request": round(cpu * 1000 / max(1, len(answers)), 2),
        "intake_refused": len(answers) - len(ok),
    }
