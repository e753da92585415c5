"""Replay: rebuild every read model from the log into a fresh SQLite file, in a child process.

The child runs what `jiesu replay --db URL` runs and times it from the first read (see
``bench.replay_child``); ``replay_ratio`` compares it with the ceiling measured on the very
same log, so it says how much of the client's read+decode budget the projections cost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from bench.context import BenchContext, child_env
from jiesu.runtime.processes import _die_with_parent


class ReplayFailed(RuntimeError):
    """The replay child exited non-zero; the message carries its output's tail."""


def measure_replay(ctx: BenchContext) -> dict[str, Any]:
    assert ctx.log is not None, "the replay needs a log: run the produce stage first"
    url = f"sqlite:///{ctx.workdir / f'replay-{ctx.scale}.db'}"
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.replay_child", url],
        env={**os.environ, **child_env(ctx.log)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        preexec_fn=_die_with_parent,
    )
    ctx.sampler.watch("replay", process.pid)
    output, _ = process.communicate(timeout=3600)
    text = output.decode(errors="replace")
    if process.returncode != 0:
        raise ReplayFailed(f"replay exited {process.returncode}: {text[-1500:]}")
    result = json.loads(text.strip().splitlines()[-1])
    replay_eps = result["events"] / result["seconds"]
    figures: dict[str, Any] = {"replay_eps": round(replay_eps), "replayed": result["events"]}
    if "ceiling_eps" in ctx.figures:
        figures["replay_ratio"] = round(replay_eps / ctx.figures["ceiling_eps"], 3)
    return figures
