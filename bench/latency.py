"""End-to-end latency at the offered load, and the highest load the pipeline keeps up with.

Latency runs from the intake's acknowledgment (the HTTP answer) to the petition's row in the
read model (its first change on the change feed); the "decided" latency runs to the row that
shows the streams' decisions (classified and routed), i.e. through the whole pipeline.

A load step is kept up with when the intake answers ≥ 98 % of it, at ≥ 90 % of the offered
rate, and every accepted petition of the step is decided in the read model, 99 % of them
within ``LAG_BOUND_MS`` of their acknowledgment: the lag stays under a fixed bound instead
of growing with the step. Each stage starts once the previous one's petitions are decided.
"""

from __future__ import annotations

from typing import Any

from bench.context import BenchContext
from bench.intake import BURST
from bench.load import Answer, open_loop
from bench.pipeline import DECIDED, ROW, Pipeline, accepted, keys_of

LAG_BOUND_MS = 2000.0
DRAIN_S = {True: 20.0, False: 60.0}
"""How long to wait (quick, full) for a stage's stragglers before the next stage."""
LATENCY_S = {True: 6, False: 30}
QUICK_STEPS, STEPS = (25, 50, 100, 200), (25, 50, 100, 150, 200, 300, 400, 600, 800)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _latencies_ms(
    pipe: Pipeline, ok: list[Answer], milestone: str, wait_s: float, since_send: bool = False
) -> list[float]:
    """Milliseconds from each acknowledgment (or request) to its milestone; a change seen
    before the client processed the answer (a starved client) counts as 0."""
    arrived = pipe.follower.wait_keys(milestone, keys_of(ok), wait_s)
    return [
        max(0.0, arrived[k] - (a.sent if since_send else a.answered)) * 1000
        for k, a in zip(keys_of(ok), ok, strict=True)
        if k in arrived
    ]


def _spread(prefix: str, values: list[float]) -> dict[str, float]:
    p50, p99 = percentile(values, 0.50), percentile(values, 0.99)
    return {f"{prefix}_p50_ms": round(p50, 1), f"{prefix}_p99_ms": round(p99, 1)}


def measure_latency(ctx: BenchContext, pipe: Pipeline) -> dict[str, Any]:
    """Rows after acks (``e2e``), after requests (``e2e_from_request``: an upper bound that
    a slow client cannot bend), acks after requests (``ack``), decisions after acks."""
    bodies = pipe.take(int(ctx.offered_rps * LATENCY_S[ctx.quick]))
    ok = accepted(open_loop(pipe.url, pipe.key, bodies, ctx.offered_rps))
    rows = _latencies_ms(pipe, ok, ROW, 10.0 if ctx.quick else 30.0)
    decided = _latencies_ms(pipe, ok, DECIDED, DRAIN_S[ctx.quick])
    return {
        "offered_rps": ctx.offered_rps,
        **_spread("e2e", rows),
        **_spread("e2e_from_request", _latencies_ms(pipe, ok, ROW, 0.0, since_send=True)),
        **_spread("ack", [(a.answered - a.sent) * 1000 for a in ok]),
        **_spread("e2e_decided", decided),
        "e2e_refused": len(bodies) - len(ok),
        "e2e_not_projected": len(ok) - len(rows),
        "e2e_not_decided": len(ok) - len(decided),
    }


def _step(ctx: BenchContext, pipe: Pipeline, rate: float, seconds: float) -> dict[str, Any]:
    bodies = pipe.take(int(rate * seconds))
    before = ctx.sampler.cpu_snapshot()
    answers = open_loop(pipe.url, pipe.key, bodies, rate)
    ok = accepted(answers)
    span = max(a.answered for a in answers) - min(a.sent for a in answers)
    decided = _latencies_ms(pipe, ok, DECIDED, DRAIN_S[ctx.quick])
    bounded = len(decided) == len(ok) and percentile(decided, 0.99) <= LAG_BOUND_MS
    kept = len(ok) >= 0.98 * len(bodies) and len(ok) / span >= 0.9 * rate and bounded
    p99 = percentile(decided, 0.99)
    return {
        "offered": rate,
        "achieved": round(len(ok) / span, 1),
        "p99_ms": round(p99),
        "max_ms": round(max(decided, default=0.0)),
        "kept": kept,
        "cpu_ms_per_petition": _cpu_per_petition(ctx, before, len(ok)),
    }


def _cpu_per_petition(ctx: BenchContext, before: dict[str, float], count: int) -> dict[str, float]:
    """CPU ms each process spent per petition, from the step's first request until its
    last petition was decided: where the machine goes (``bench`` is the load generator)."""
    after = ctx.sampler.cpu_snapshot()
    return {
        name: round((seconds - before.get(name, 0.0)) * 1000 / max(1, count), 2)
        for name, seconds in sorted(after.items())
    }


def measure_sustained(ctx: BenchContext, pipe: Pipeline) -> dict[str, Any]:
    """Step the offered load up until a step is not kept up with."""
    steps, best, cpu = [], 0.0, {}
    for rate in QUICK_STEPS if ctx.quick else STEPS:
        result = _step(ctx, pipe, rate, 3.0 if ctx.quick else 10.0)
        steps.append(result)
        if not result["kept"]:
            break
        best, cpu = rate, result["cpu_ms_per_petition"]
    return {"max_sustained_rps": best, "load_steps": steps, "pipeline_cpu_ms_per_petition": cpu}


def orders_needed(ctx: BenchContext) -> int:
    """Work orders the intake, latency and load stages will send, at most."""
    steps = QUICK_STEPS if ctx.quick else STEPS
    step_s, burst = (3.0, BURST[0]) if ctx.quick else (10.0, BURST[1])
    latency_s = LATENCY_S[ctx.quick]
    return burst + int(ctx.offered_rps * latency_s) + int(sum(steps) * step_s) + 10
