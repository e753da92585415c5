"""The body of `jiesu bench`: parse the options, run, print the table (and the JSON line)."""

from __future__ import annotations

import typer
from rich.console import Console

from bench.replay import ReplayFailed
from bench.report import print_json, print_table
from bench.run import STAGES, BenchOptions, run_bench
from jiesu.bus.embedded import BrokerStartError
from jiesu.bus.errors import BrokerUnavailable
from jiesu.runtime.processes import ChildFailed

DEFAULT_SCALES, QUICK_SCALES = (10_000, 100_000), (20_000,)


def parse_scales(text: str, quick: bool) -> tuple[int, ...]:
    if not text:
        return QUICK_SCALES if quick else DEFAULT_SCALES
    try:
        scales = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError as exc:
        message = f"not comma-separated integers: {text!r}"
        raise typer.BadParameter(message, param_hint="--scale") from exc
    if not scales or min(scales) < 1:
        raise typer.BadParameter("every scale must be ≥ 1 event", param_hint="--scale")
    return tuple(sorted(set(scales)))


def parse_stages(text: str) -> frozenset[str]:
    if text.strip() in ("", "all"):
        return frozenset(STAGES)
    stages = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = stages - set(STAGES)
    if unknown:
        raise typer.BadParameter(
            f"unknown {sorted(unknown)}; known: {', '.join(STAGES)}", param_hint="--stages"
        )
    return stages


def bench_command(quick: bool, scale: str, offered_rps: float, stages: str, as_json: bool) -> None:
    """Run the benchmark; progress goes to stderr so stdout holds the table and the JSON."""
    options = BenchOptions(parse_scales(scale, quick), parse_stages(stages), quick, offered_rps)
    try:
        result = run_bench(options, Console(stderr=True))
    except (ChildFailed, ReplayFailed, TimeoutError, BrokerUnavailable, BrokerStartError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    print_table(Console(), result)
    if as_json:
        print_json(result)
