"""A running stack of real `jiesu` processes on the test's broker, for what operators see:
each deployable's /metrics and /healthz, and every line each one logs."""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from jiesu.bus.embedded import free_port
from jiesu.settings import Settings
from tests.conftest import GROUP_TIMING, PROJECTOR_TIMING, TOPIC_STEMS
from tests.tools import debian_tool

REPO = Path(__file__).resolve().parents[2]
DEPLOYABLES = ("intake", "streams", "project", "dashboard")
_SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)")


def stack_env(settings: Settings, ports: dict[str, int]) -> dict[str, str]:
    """The test's settings for child processes, with each deployable's metrics port."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIESU_")}
    env.pop("DATABASE_URL", None)
    env["KAFKA_BOOTSTRAP_SERVERS"] = str(settings.kafka_bootstrap_servers)
    env["DATABASE_URL"] = settings.database_url
    for name in TOPIC_STEMS:  # every topic of its own, commands' and outcomes' included
        env[f"JIESU_{name.upper()}"] = str(getattr(settings, name))
    env["JIESU_PETITION_PARTITIONS"] = str(settings.petition_partitions)
    env["JIESU_DATA_DIR"] = str(settings.data_dir)
    env |= GROUP_TIMING
    env["JIESU_LOG_FORMAT"] = "json"
    env["JIESU_PII_KEY"] = secrets.token_urlsafe(32)  # production mode: real secrets
    env["JIESU_SESSION_SECRET"] = secrets.token_urlsafe(32)
    for deployable, variable in METRICS_VARIABLES.items():
        env[variable] = str(ports[deployable])
    return env


METRICS_VARIABLES = {
    "intake": "JIESU_INTAKE_METRICS_PORT",
    "streams": "JIESU_STREAMS_METRICS_PORT",
    "project": "JIESU_PROJECTOR_METRICS_PORT",
    "dashboard": "JIESU_DASHBOARD_METRICS_PORT",
}


@dataclass
class Service:
    """One `jiesu <verb>` process, logging to a file."""

    name: str
    args: list[str]
    log_path: Path
    metrics_port: int
    process: subprocess.Popen[bytes] | None = None

    def start(self, env: dict[str, str]) -> None:
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "jiesu.cli", *self.args],
                cwd=REPO,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_lines(self) -> list[str]:
        return [line for line in self.log_path.read_text(errors="replace").splitlines() if line]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.metrics_port}{path}"

    def scrape(self) -> str:
        return httpx.get(self.url("/metrics"), timeout=5).text


@dataclass
class Stack:
    """intake, streams (ticking every second), project and dashboard, all real processes."""

    settings: Settings
    logs: Path
    intake_port: int = field(default_factory=free_port)
    dashboard_port: int = field(default_factory=free_port)
    services: dict[str, Service] = field(default_factory=dict)

    def start(self) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        args = {
            "intake": ["intake", "--port", str(self.intake_port)],
            "streams": ["streams", "--tick-every", "1"],
            "project": ["project"],
            "dashboard": ["dashboard", "--port", str(self.dashboard_port)],
        }
        ports = {name: free_port() for name in DEPLOYABLES}
        env = stack_env(self.settings, ports)
        for name in DEPLOYABLES:
            service = Service(name, args[name], self.logs / f"{name}.log", ports[name])
            self.services[name] = service
            service.start(env | PROJECTOR_TIMING if name == "project" else env)

    def wait_ready(self, timeout_s: float = 120.0) -> None:
        deadline = time.monotonic() + timeout_s
        for service in self.services.values():
            while not _answers(service.url("/healthz")):
                if not service.alive() or time.monotonic() > deadline:
                    tail = "\n".join(service.log_lines()[-30:])
                    raise TimeoutError(f"{service.name} not ready:\n{tail}")
                time.sleep(0.3)

    def stop(self) -> None:
        for service in reversed(list(self.services.values())):
            service.stop()


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def samples(text: str) -> dict[str, list[tuple[str, float]]]:
    """Metric samples of an exposition: name → [(labels, value)]."""
    found: dict[str, list[tuple[str, float]]] = {}
    for line in text.splitlines():
        match = _SAMPLE.match(line)
        if match and not line.startswith("#"):
            name, labels, value = match.groups()
            found.setdefault(name, []).append((labels or "", float(value)))
    return found


def total(text: str, name: str, **labels: str) -> float:
    """The sum of ``name``'s samples whose labels include ``labels``."""
    wanted = [f'{k}="{v}"' for k, v in labels.items()]
    return sum(v for lab, v in samples(text).get(name, []) if all(w in lab for w in wanted))


def promtool() -> str:
    """Debian's promtool (package ``prometheus``, installed by .ci/run)."""
    return debian_tool("promtool", "prometheus")


def promtool_check_metrics(text: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [promtool(), "check", "metrics"], input=text, capture_output=True, text=True, check=False
    )


def json_lines(lines: list[str]) -> list[dict[str, Any]]:
    """Every line parsed as JSON (an AssertionError names the first that is not)."""
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except ValueError as exc:
            raise AssertionError(f"not a JSON log line: {line[:300]!r}") from exc
    return parsed
