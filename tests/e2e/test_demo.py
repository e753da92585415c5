"""`jiesu demo`: the whole system, headless twice (same seed, same JSON) and stopped by Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from jiesu.bus.embedded import free_port, port_is_open

KEYS = {
    "received", "classified", "routed", "accepted", "resolved", "closed", "reopened",
    "sla_breaches", "escalations", "whistles", "departments_reported", "duplicates_rejected",
    "dead_letters", "response_rate", "resolution_rate", "satisfaction_rate", "events", "db",
}  # fmt: skip


def demo_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"KAFKA_BOOTSTRAP_SERVERS", "DATABASE_URL"}
    }
    env["JIESU_DATA_DIR"] = str(tmp_path / "data")
    return env


def headless(tmp_path: Path, *args: str) -> dict[str, object]:
    """The summary of `jiesu demo ARGS --exit-when-done --no-web --json`."""
    ports = ["--intake-port", str(free_port()), "--dashboard-port", str(free_port())]
    result = subprocess.run(
        [sys.executable, "-m", "jiesu.cli", "demo", *args, "--exit-when-done", "--no-web",
         "--json", *ports],
        capture_output=True, text=True, timeout=600, env=demo_env(tmp_path), check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def descendants_named(pattern: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        if pattern in " ".join(proc.info["cmdline"] or []):
            found.append(proc)
    return found


@pytest.mark.timeout(1200)
def test_the_default_demo_twice_gives_the_same_summary_and_the_loop_closes(
    tmp_path: Path,
) -> None:
    """The default `make demo` (420 petitions, seed 1), headless, twice."""
    first = headless(tmp_path / "a")
    second = headless(tmp_path / "b")
    assert set(first) >= KEYS
    assert {k: v for k, v in first.items() if k != "db"} == {
        k: v for k, v in second.items() if k != "db"
    }
    assert first["received"] == 420
    assert first["classified"] == first["received"]
    assert first["routed"] >= first["received"]  # type: ignore[operator]
    assert 0 < first["closed"] <= first["received"]  # type: ignore[operator]
    assert first["dead_letters"] == 0
    assert first["duplicates_rejected"] >= 1  # type: ignore[operator]
    assert 0.9 <= first["satisfaction_rate"] <= 1.0  # type: ignore[operator]


def test_ctrl_c_stops_every_process_and_frees_every_port(tmp_path: Path) -> None:
    intake, dashboard = free_port(), free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "jiesu.cli", "demo", "--petitions", "10",
         "--intake-port", str(intake), "--dashboard-port", str(dashboard)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=demo_env(tmp_path),
    )  # fmt: skip
    data_dir = str(tmp_path / "data")
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and not all(map(healthy, (dashboard, intake))):
            time.sleep(0.5)  # the demo starts both at once: either may answer first
        assert healthy(dashboard)
        assert healthy(intake)
        children = list(descendants_named(data_dir)) + proc_children(proc.pid)
        assert children
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0
    time.sleep(0.5)
    assert not [p for p in children if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not port_is_open("127.0.0.1", intake)
    assert not port_is_open("127.0.0.1", dashboard)


def healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).is_success
    except httpx.HTTPError:
        return False


def proc_children(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
