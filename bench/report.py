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
    "replay_ratio": ("≥ 0.5", lambda v: v >= 0.5),
    "e2e_p99_ms": ("≤ 1000", lambda v: v <= 1000),
    "max_sustained_rps": ("≥ 200", lambda v: v >= 200),
}
UNITS = {"_eps": "events/s", "_rps": "petitions/s", "_ms": "ms", "_s": "s"}


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
        if isinstance(value, int | float) and not isinstance(value, bool):
            table.add_row(name, f"{value:,}", _unit(name), _target(name, value))
    console.print(table)
    _print_scales(console, result.get("scales", []))
    _print_steps(console, result.get("load_steps", []))
    memory = Table("process", "peak RSS (MiB)", title="peak memory")
    for name, mb in result.get("peak_rss_mb", {}).items():
        memory.add_row(name, f"{mb:,.1f}")
    console.print(memory)
    console.print(f"machine: {result['machine']}")


def _print_scales(console: Console, scales: list[dict[str, Any]]) -> None:
    if not scales:
        return
    table = Table("figure", *(f"{s['events']:,} events" for s in scales), title="cost vs log")
    names = [k for k in scales[0] if k not in ("events", "peak_rss_mb")]
    for name in names:
        table.add_row(name, *(f"{s.get(name, '-'):,}" for s in scales))
    for proc in scales[0].get("peak_rss_mb", {}):
        cells = (f"{s.get('peak_rss_mb', {}).get(proc, 0):,.0f}" for s in scales)
        table.add_row(f"RSS {proc} (MiB)", *cells)
    console.print(table)


def _print_steps(console: Console, steps: list[dict[str, Any]]) -> None:
    if not steps:
        return
    table = Table("offered/s", "achieved/s", "p99 decided (ms)", "kept up", title="load steps")
    for s in steps:
        table.add_row(str(s["offered"]), str(s["achieved"]), str(s["p99_ms"]), str(s["kept"]))
    console.print(table)


def print_json(result: dict[str, Any]) -> None:
    """One JSON object, last line of the output."""
    sys.stdout.write(json.dumps(result, ensure_ascii=False, sort_keys=True) + "\n")
    sys.stdout.flush()
