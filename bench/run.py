"""`jiesu bench`: every stage in one run, on its own broker (unless KAFKA_BOOTSTRAP_SERVERS is
set), fresh topics and a temp dir; children and topics are gone when it returns.

Per scale (events in the log): produce → streams → ceiling → replay, so the ceiling and the
replay read the same log, the one the streams left (petitions and their decisions). Then,
once: the whole pipeline (intake, latency, load steps).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from bench.ceiling import measure_ceiling, measure_produce
from bench.context import BenchContext
from bench.intake import measure_intake
from bench.latency import measure_latency, measure_sustained, orders_needed
from bench.log import encode_all, petitions
from bench.memory import RssSampler
from bench.pipeline import start_pipeline
from bench.replay import measure_replay
from bench.report import machine
from bench.streams import measure_streams
from jiesu.bus.embedded import EmbeddedBroker
from jiesu.settings import get_settings
from schemas.codec import default_codec

STAGES = ("ceiling", "streams", "replay", "intake", "latency", "sustained")
PIPELINE = {"intake", "latency", "sustained"}


@dataclass(frozen=True)
class BenchOptions:
    scales: tuple[int, ...]
    stages: frozenset[str]
    quick: bool = False
    offered_rps: float = 50.0


@contextlib.contextmanager
def bench_context(options: BenchOptions, console: Console) -> Iterator[BenchContext]:
    """A broker (embedded unless configured), a temp dir and the sampler; all torn down."""
    settings = get_settings()
    sampler = RssSampler().start()
    sampler.watch("bench", os.getpid())
    with contextlib.ExitStack() as stack:
        if not settings.kafka_bootstrap_servers:
            broker = stack.enter_context(EmbeddedBroker())
            assert broker.process is not None
            sampler.watch("broker", broker.process.pid)
            settings = settings.model_copy(update={"kafka_bootstrap_servers": broker.bootstrap})
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="jiesu-bench-")))
        ctx = BenchContext(settings, workdir, console, sampler, options.quick, options.offered_rps)
        try:
            yield ctx
        finally:
            ctx.stop_children()
            ctx.delete_topics()
            sampler.stop()


def run_scale(ctx: BenchContext, events: int, stages: frozenset[str]) -> dict[str, Any]:
    """The log-size stages at one scale; the scale's topics are deleted afterwards."""
    ctx.scale, ctx.figures, ctx.log = events, {"events": events}, None
    ctx.sampler.reset()
    with ctx.console.status(f"[{events:,} events] planning petitions"):
        records = encode_all(default_codec(ctx.base), petitions(events, events, ctx.base.pii_key))
    steps = [("produce", lambda: measure_produce(ctx, records))]
    steps += [("streams", lambda: measure_streams(ctx, records))] if "streams" in stages else []
    steps += [("ceiling", lambda: measure_ceiling(ctx))] if "ceiling" in stages else []
    steps += [("replay", lambda: measure_replay(ctx))] if "replay" in stages else []
    timings: dict[str, float] = {}
    for name, step in steps:
        with ctx.console.status(f"[{events:,} events] {name}"):
            started = time.monotonic()
            ctx.figures |= step()
            timings[name] = round(time.monotonic() - started, 1)
    ctx.figures["stage_seconds"] = timings
    ctx.figures["peak_rss_mb"] = ctx.sampler.peaks_mb()
    ctx.delete_topics()
    return ctx.figures


def run_pipeline(ctx: BenchContext, stages: frozenset[str]) -> dict[str, Any]:
    """Intake, latency and load steps against one running pipeline."""
    ctx.sampler.reset()
    timings: dict[str, float] = {}
    figures: dict[str, Any] = {"pipeline_stage_seconds": timings}
    started = time.monotonic()
    with ctx.console.status("starting intake, streams and projector"):
        pipe = start_pipeline(ctx, orders_needed(ctx))
    timings["start"] = round(time.monotonic() - started, 1)
    try:
        for name, measure in (
            ("intake", measure_intake),
            ("latency", measure_latency),
            ("sustained", measure_sustained),
        ):
            if name in stages:
                with ctx.console.status(f"pipeline: {name}"):
                    started = time.monotonic()
                    figures |= measure(ctx, pipe)
                    timings[name] = round(time.monotonic() - started, 1)
    finally:
        pipe.follower.stop()
        started = time.monotonic()
        ctx.stop_children()
        timings["stop"] = round(time.monotonic() - started, 1)
    figures["peak_rss_mb"] = ctx.sampler.peaks_mb()
    return figures


def run_bench(options: BenchOptions, console: Console) -> dict[str, Any]:
    started = time.monotonic()
    external = bool(get_settings().kafka_bootstrap_servers)
    with bench_context(options, console) as ctx:
        log_stages = options.stages - PIPELINE
        scales = [run_scale(ctx, n, options.stages) for n in options.scales] if log_stages else []
        pipeline = run_pipeline(ctx, options.stages) if options.stages & PIPELINE else {}
    return assemble(scales, pipeline, options, external, time.monotonic() - started)


def assemble(
    scales: list[dict[str, Any]],
    pipeline: dict[str, Any],
    options: BenchOptions,
    external: bool,
    seconds: float,
) -> dict[str, Any]:
    """Top level: the largest scale's figures, the pipeline's, and peak RSS over the run."""
    peaks: dict[str, float] = {}
    for part in [*scales, pipeline]:
        for name, mb in part.get("peak_rss_mb", {}).items():
            peaks[name] = max(peaks.get(name, 0.0), mb)
    last = scales[-1] if scales else {}
    result = {k: v for k, v in last.items() if k not in ("peak_rss_mb", "stage_seconds")}
    result |= {k: v for k, v in pipeline.items() if k != "peak_rss_mb"}
    result |= {
        "peak_rss_mb": peaks,
        "pipeline_peak_rss_mb": pipeline.get("peak_rss_mb", {}),
        "scales": scales,
        "stages": sorted(options.stages),
        "quick": options.quick,
        "e2e_measured_via": "projection change feed, consumer fetch wait 10 ms",
        "seconds": round(seconds, 1),
        "machine": machine("external (KAFKA_BOOTSTRAP_SERVERS)" if external else "embedded Tansu"),
    }
    return result
