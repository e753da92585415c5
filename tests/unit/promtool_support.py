"""promtool (Debian's ``prometheus`` package, installed by .ci/run) and what the deploy
files ask of Prometheus: the expressions of the alerts and of the Grafana dashboard."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import yaml

from tests.tools import debian_tool

REPO = Path(__file__).resolve().parents[2]
ALERTS = REPO / "deploy" / "prometheus" / "alerts.yml"
PROMETHEUS = REPO / "deploy" / "prometheus" / "prometheus.yml"
ALERT_TESTS = REPO / "tests" / "unit" / "prometheus" / "alerts_test.yml"
DASHBOARD = REPO / "deploy" / "grafana" / "jiesu.json"
_METRIC = re.compile(r"\bjiesu_[a-z0-9_]+")


def promtool() -> str:
    return debian_tool("promtool", "prometheus")


def run_promtool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([promtool(), *args], capture_output=True, text=True, check=False)


def alert_rules() -> list[dict[str, Any]]:
    groups = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))["groups"]
    return [rule for group in groups for rule in group["rules"]]


def dashboard() -> dict[str, Any]:
    return dict(json.loads(DASHBOARD.read_text(encoding="utf-8")))


def dashboard_expressions() -> list[str]:
    return [t["expr"] for p in dashboard()["panels"] for t in p.get("targets", [])]


def metrics_named(expressions: list[str]) -> set[str]:
    """The jiesu metric names the expressions read."""
    return {name for expr in expressions for name in _METRIC.findall(expr)}


def referenced_metrics() -> set[str]:
    """Every jiesu metric an alert or a dashboard panel reads."""
    return metrics_named([r["expr"] for r in alert_rules()] + dashboard_expressions())
