"""`jiesu bench` in its smallest configuration, as a real process against the real broker.

Smoke only: the figures' keys and signs, the JSON contract and the clean-up. Speed itself is
never asserted in a test (it is what the benchmark reports).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from kafka.admin import KafkaAdminClient

REPO = Path(__file__).resolve().parents[2]
FIGURES = (
    *("produce_eps", "ceiling_eps", "replay_eps", "replay_ratio", "log_events", "replayed"),
    *("ceiling_cpu_ms_per_event", "replay_cpu_ms_per_event", "replay_fold_cpu_ms_per_event"),
    *("replay_busy", "replay_cpu_bound"),
)


def run_bench(bootstrap: str, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIESU_")}
    env |= {"KAFKA_BOOTSTRAP_SERVERS": bootstrap, "JIESU_DATA_DIR": str(data)}
    command = [sys.executable, "-m", "jiesu.cli", "bench", *args]
    return subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=240, check=False
    )


def bench_topics(bootstrap: str) -> list[str]:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        return [t for t in admin.list_topics() if t.startswith("bench-")]
    finally:
        admin.close()


def test_the_quick_bench_prints_positive_figures_as_its_last_json_line(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    done = run_bench(
        kafka_bootstrap,
        tmp_path,
        "--quick",
        "--scale",
        "1000",
        "--stages",
        "ceiling,replay",
        "--json",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    *table, last = done.stdout.strip().splitlines()
    result = json.loads(last)
    for name in FIGURES:
        assert result[name] > 0, name
    assert result["log_events"] == result["replayed"] == 1000
    ratio = result["replay_eps"] / result["ceiling_eps"]
    assert result["replay_ratio"] == pytest.approx(ratio, abs=0.001), "figures are rounded"
    assert result["replay_cpu_ms_per_event"] > result["replay_fold_cpu_ms_per_event"]
    assert result["replay_busy"] <= 1.05, "the replay's processes cannot use more than the cores"
    bound = (os.cpu_count() or 1) * result["ceiling_cpu_ms_per_event"]
    assert result["replay_cpu_bound"] == pytest.approx(
        bound / result["replay_cpu_ms_per_event"], rel=0.01
    )
    assert {"bench", "replay"} <= set(result["peak_rss_mb"])
    assert all(mb > 0 for mb in result["peak_rss_mb"].values())
    assert result["machine"]["cores"] >= 1
    assert result["machine"]["python"].startswith("3.")
    assert [scale["events"] for scale in result["scales"]] == [1000]
    assert any("ceiling_eps" in line for line in table)


def test_the_bench_deletes_the_topics_it_created(kafka_bootstrap: str, tmp_path: Path) -> None:
    before = set(bench_topics(kafka_bootstrap))
    done = run_bench(kafka_bootstrap, tmp_path, "--quick", "--scale", "200", "--stages", "ceiling")
    assert done.returncode == 0, done.stderr[-3000:]
    assert set(bench_topics(kafka_bootstrap)) <= before


def test_an_unknown_stage_is_refused_with_the_known_ones(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    done = run_bench(kafka_bootstrap, tmp_path, "--stages", "ceiling,warp")
    assert done.returncode == 2
    assert "warp" in done.stderr
    assert "sustained" in done.stderr
