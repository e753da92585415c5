"""`jiesu bench`: every stage in one run, on its own broker (unless KAFKA_BOOTSTRAP_SERVERS is
set), fresh topics and a temp dir; children and topics are gone when it returns.

Per scale (events in the log): a city's log of that length is made offline
(:mod:`bench.city`) and produced, then streams (a real worker decides the log's inputs
again, on topics of its own), ceiling and replay (both read the produced log). Then, once:
the whole pipeline (intake, latency, load steps).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from bench.ceiling import measure_ceiling, measure_produce
from bench.city import city_log, encode_entries
from bench.context import BenchContext
from bench.intake import measure_intake
from bench.latency import measure_latency, measure_sustained, orders_needed
from bench.memory import RssSampler
from bench.pipeline import start_pipeline
from bench.progress import StageProgress
from bench.replay import PAIRS, measure_replays
from bench.report import assemble, machine
from bench.streams import measure_streams
from jiesu.bus.embedded import EmbeddedBroker
from jiesu.settings import get_settings
from schemas.codec import default_codec

STAGES = ("ceiling", "streams", "replay", "intake", "latency", "sustained")
PIPELINE = {"intake", "latency", "sustained"}
MEASURES = {"intake": measure_intake, "latency": measure_latency, "sustained": measure_sustained}


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
        ctx.log_dir = fresh_dir(settings.data_dir / "bench-logs")
        try:
            yield ctx
        finally:
            ctx.stop_children()
            ctx.delete_topics()
            sampler.stop()


def fresh_dir(path: Path) -> Path:
    """An empty directory at ``path`` (the previous run's logs are removed)."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def run_scale(
    ctx: BenchContext, events: int, stages: frozenset[str], bar: StageProgress
) -> dict[str, Any]:
    """The log-size stages at one scale; the scale's topics are deleted afterwards."""
    ctx.scale, ctx.figures, ctx.log = events, {"events": events}, None
    ctx.sampler.reset()
    with bar.stage(f"{events:,} events: simulating the city", "plan"):
        city = city_log(ctx.base, events, seed=events)
        records = encode_entries(default_codec(ctx.base), city.entries)
        inputs = [r for r, e in zip(records, city.entries, strict=True) if not e.decided]
    ctx.figures |= {"petitions": city.petitions, "closed": city.closed, "inputs": len(inputs)}
    pairs = PAIRS if "ceiling" in stages and not ctx.quick else 1
    steps = {
        "produce": lambda: measure_produce(ctx, records),
        "streams": lambda: measure_streams(ctx, inputs),
        "ceiling": lambda: measure_ceiling(ctx),
        "replay": lambda: measure_replays(ctx, pairs),
    }
    for name, step in steps.items():
        if name == "produce" or name in stages:
            with bar.stage(f"{events:,} events: {name}", name):
                ctx.figures |= step()
    ctx.figures["stage_seconds"] = bar.take_seconds()
    ctx.figures["peak_rss_mb"] = ctx.sampler.peaks_mb()
    ctx.delete_topics()
    return ctx.figures


def run_pipeline(ctx: BenchContext, stages: frozenset[str], bar: StageProgress) -> dict[str, Any]:
    """Intake, latency and load steps against one running pipeline."""
    ctx.sampler.reset()
    figures: dict[str, Any] = {"fetch_max_wait_ms": ctx.base.fetch_max_wait_ms}
    with bar.stage("pipeline: starting intake, streams, projector", "start"):
        pipe = start_pipeline(ctx, orders_needed(ctx))
    try:
        for name, measure in MEASURES.items():
            if name in stages:
                with bar.stage(f"pipeline: {name}", name):
                    figures |= measure(ctx, pipe)
    finally:
        pipe.follower.stop()
        with bar.stage("pipeline: stopping", "stop"):
            ctx.stop_children()
    figures["pipeline_stage_seconds"] = bar.take_seconds()
    figures["peak_rss_mb"] = ctx.sampler.peaks_mb()
    return figures


def _bar_total(options: BenchOptions) -> int:
    """Plan and produce plus the chosen log stages per scale; start and stop around the
    chosen pipeline stages."""
    log_stages, pipeline = options.stages - PIPELINE, options.stages & PIPELINE
    scales = len(options.scales) * (2 + len(log_stages)) if log_stages else 0
    return scales + (len(pipeline) + 2 if pipeline else 0)


def run_bench(options: BenchOptions, console: Console) -> dict[str, Any]:
    started = time.monotonic()
    external = bool(get_settings().kafka_bootstrap_servers)
    with bench_context(options, console) as ctx, StageProgress(console, _bar_total(options)) as bar:
        scales = [
            run_scale(ctx, n, options.stages, bar)
            for n in (options.scales if options.stages - PIPELINE else ())
        ]
        pipeline = run_pipeline(ctx, options.stages, bar) if options.stages & PIPELINE else {}
    seconds = time.monotonic() - started
    broker = "external (KAFKA_BOOTSTRAP_SERVERS)" if external else "embedded Tansu"
    result = assemble(scales, pipeline, machine(broker), round(seconds, 1))
    return result | {"stages": sorted(options.stages), "quick": options.quick}
