"""The machine the figures came from, the table, and the one-line JSON for scripts."""

from __future__ import annotations

import json
import os
import platform
import sys
from typing import Any

import psutil
from rich.console import Console
from rich.table import Table

TARGETS = {
    "replay_ratio": ("≥ 0.8", lambda v: v >= 0.8),
    "e2e_p99_ms": ("≤ 1000", lambda v: v <= 1000),
    "max_sustained_rps": ("≥ 200", lambda v: v >= 200),
}
UNITS = {
    "_ms_per_event": "CPU ms",
    "_ms_per_request": "CPU ms",
    "_eps": "events/s",
    "_rps": "petitions/s",
    "_ms": "ms",
    "_s": "s",
}


def machine(broker: str) -> dict[str, Any]:
    """Cores, memory, Python and the broker: without them no figure means anything."""
    return {
        "cores": psutil.cpu_count(logical=False) or os.cpu_count(),
        "logical_cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": platform.processor() or platform.machine(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "broker": broker,
    }


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 10 else f"{value:,.1f}"
    return f"{value:,}" if _number(value) else "-"


def _unit(name: str) -> str:
    return next((unit for suffix, unit in UNITS.items() if name.endswith(suffix)), "")


def _target(name: str, value: Any) -> str:
    if name not in TARGETS or not isinstance(value, int | float):
        return ""
    text, ok = TARGETS[name]
    return f"{text} {'✓' if ok(value) else '✗'}"


def print_table(console: Console, result: dict[str, Any]) -> None:
    """Pipeline figures, then one column per scale, then peak memory per process."""
    table = Table("figure", "value", "unit", "target", title="jiesu bench")
    for name, value in result.items():
        if _number(value):
            table.add_row(name, _cell(value), _unit(name), _target(name, value))
    console.print(table)
    _print_scales(console, result.get("scales", []))
    _print_steps(console, result.get("load_steps", []))
    memory = Table("process", "peak RSS (MiB)", title="peak memory")
    for name, mb in result.get("peak_rss_mb", {}).items():
        memory.add_row(name, f"{mb:,.1f}")
    console.print(memory)
    _print_cpu(console, result.get("pipeline_cpu_ms_per_petition", {}))
    console.print(f"machine: {result['machine']}")


def _print_scales(console: Console, scales: list[dict[str, Any]]) -> None:
    if not scales:
        return
    table = Table("figure", *(f"{s['events']:,} events" for s in scales), title="cost vs log")
    names = [k for k, v in scales[0].items() if _number(v) and k != "events"]
    for name in names:
        table.add_row(name, *(_cell(s.get(name)) for s in scales))
    for proc in scales[0].get("peak_rss_mb", {}):
        cells = (f"{s.get('peak_rss_mb', {}).get(proc, 0):,.0f}" for s in scales)
        table.add_row(f"RSS {proc} (MiB)", *cells)
    console.print(table)


def _print_cpu(console: Console, cpu: dict[str, float]) -> None:
    if not cpu:
        return
    title = "pipeline CPU at the highest load kept up with"
    table = Table("process", "CPU ms per petition", title=title)
    for name, ms in cpu.items():
        table.add_row(name, f"{ms:.2f}")
    table.add_row("all", f"{sum(cpu.values()):.2f}")
    console.print(table)


def _print_steps(console: Console, steps: list[dict[str, Any]]) -> None:
    if not steps:
        return
    columns = ("offered/s", "achieved/s", "p99 decided (ms)", "max (ms)", "CPU ms/petition")
    table = Table(*columns, "kept up", title="load steps")
    for s in steps:
        cpu = f"{sum(s.get('cpu_ms_per_petition', {}).values()):.1f}"
        cells = (s["offered"], s["achieved"], s["p99_ms"], s["max_ms"], cpu, s["kept"])
        table.add_row(*(str(c) for c in cells))
    console.print(table)


def assemble(
    scales: list[dict[str, Any]],
    pipeline: dict[str, Any],
    host: dict[str, Any],
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
        "e2e_measured_via": "projection change feed, consumer fetch wait 10 ms",
        "seconds": seconds,
        "machine": host,
    }
    return result


def print_json(result: dict[str, Any]) -> None:
    """One JSON object, last line of the output."""
    sys.stdout.write(json.dumps(result, ensure_ascii=False, sort_keys=True) + "\n")
    sys.stdout.flush()
