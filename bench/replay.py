"""Replay: rebuild every read model from the log into a fresh SQLite file, in a child process.

The child runs what `jiesu replay --db URL` runs and times it from the first read (see
``bench.replay_child``); ``replay_ratio`` compares it with the ceiling measured on the very
same log, so it says how much of the client's read+decode budget the projections cost.
The CPU time per event of all three replay processes, read against the ceiling's, says the
same without the machine's load in it (the replay has two cores' worth of work to spread):
``replay_cpu_bound`` is the ratio the replay would reach with every core busy all the time,
and ``replay_busy`` how busy it kept them (their product is about ``replay_ratio``, and
neither moves with a neighbour's load the way two timings taken seconds apart do).

With the ceiling stage, the replay is measured in alternating pairs (ceiling, replay) and
the pair of median ratio is reported, with the lowest and highest beside it: on one log
within four minutes the ceiling alone ranged 22.0–26.0 thousand events/s and single pairs'
ratios 0.80–0.94 (2026-12-07), so one pair says as much about the minute as the replay.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from typing import Any

import psutil

from bench.ceiling import measure_ceiling
from bench.context import BenchContext, child_env
from jiesu.runtime.processes import die_with_parent

TIMEOUT_S = 6 * 3600
PAIRS = 3
"""Ceiling-and-replay pairs per scale (one in ``--quick``, whose log is too small to time)."""
HELPERS = ("replay-reader", "replay-writer")


class ReplayFailed(RuntimeError):
    """The replay child exited non-zero; the message carries its output's tail."""


def measure_replays(ctx: BenchContext, pairs: int) -> dict[str, Any]:
    """The replay after the ceiling stage's ceiling, then ``pairs - 1`` more ceilings and
    replays in turn; the figures of the pair whose ratio is the median (its ceiling's too)."""
    runs = [measure_replay(ctx)]
    for _ in range(pairs - 1):
        ctx.figures |= measure_ceiling(ctx)
        runs.append(measure_replay(ctx))
    return median_pair(runs)


def median_pair(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures of the run whose ratio is the median (the lower of two middles), with the
    number of pairs and the lowest and highest ratio; a run without a ratio as it is."""
    if "replay_ratio" not in runs[0]:
        return runs[0]
    ratios = [run["replay_ratio"] for run in runs]
    middle = runs[ratios.index(statistics.median_low(ratios))]
    return middle | {
        "replay_pairs": len(runs),
        "replay_ratio_low": min(ratios),
        "replay_ratio_high": max(ratios),
    }


def measure_replay(ctx: BenchContext) -> dict[str, Any]:
    """One replay into a fresh SQLite file; with a ceiling measured, the ceiling's figures
    are returned beside it (a pair)."""
    assert ctx.log is not None, "the replay needs a log: run the produce stage first"
    database = ctx.workdir / f"replay-{ctx.scale}.db"
    for path in ctx.workdir.glob(f"{database.name}*"):  # the last pair's file and journals
        path.unlink()
    result = _replay_child(ctx, f"sqlite:///{database}")
    events = max(1, result["events"])
    replay_eps = result["events"] / result["seconds"]
    figures: dict[str, Any] = {"replay_eps": round(replay_eps), "replayed": result["events"]}
    cpu = result["cpu_s"]
    figures["replay_cpu_ms_per_event"] = round(sum(cpu.values()) * 1000 / events, 4)
    figures["replay_fold_cpu_ms_per_event"] = round(cpu["fold"] * 1000 / events, 4)
    cores = os.cpu_count() or 1
    figures["replay_busy"] = round(sum(cpu.values()) / (result["seconds"] * cores), 3)
    if "ceiling_eps" in ctx.figures:
        figures |= {k: ctx.figures[k] for k in ("ceiling_eps", "ceiling_cpu_ms_per_event")}
        figures["replay_ratio"] = round(replay_eps / ctx.figures["ceiling_eps"], 3)
        ceiling_cpu = ctx.figures["ceiling_cpu_ms_per_event"]
        figures["replay_cpu_bound"] = round(
            cores * ceiling_cpu / figures["replay_cpu_ms_per_event"], 3
        )
    return figures


def _replay_child(ctx: BenchContext, url: str) -> dict[str, Any]:
    """Run ``bench.replay_child`` on the scale's log; its last output line, parsed."""
    assert ctx.log is not None
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.replay_child", url],
        env={**os.environ, **child_env(ctx.log)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        preexec_fn=die_with_parent,
    )
    ctx.sampler.watch("replay", process.pid)
    threading.Thread(target=_watch_helpers, args=(ctx, process), daemon=True).start()
    try:
        output, _ = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        process.kill()
        process.wait()
        raise ReplayFailed(f"replay did not finish in {TIMEOUT_S}s") from exc
    text = output.decode(errors="replace")
    if process.returncode != 0:
        raise ReplayFailed(f"replay exited {process.returncode}: {text[-1500:]}")
    return dict(json.loads(text.strip().splitlines()[-1]))


def _watch_helpers(ctx: BenchContext, process: subprocess.Popen[bytes]) -> None:
    """Sample the replay's helper processes too (``projections.reader`` and ``.writer``,
    forked in that order as it starts), so its memory is all of theirs."""
    found: list[psutil.Process] = []
    try:
        parent = psutil.Process(process.pid)
        while process.poll() is None and len(found) < len(HELPERS):
            time.sleep(0.05)
            found = parent.children()
    except psutil.NoSuchProcess:
        return
    for name, child in zip(HELPERS, sorted(found, key=lambda c: c.pid), strict=False):
        ctx.sampler.watch(name, child.pid)
