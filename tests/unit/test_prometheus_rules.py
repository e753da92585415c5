"""The alerts and the Prometheus configuration pass promtool, and every alert is tested."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.unit.promtool_support import (
    ALERT_TESTS,
    ALERTS,
    PROMETHEUS,
    alert_rules,
    run_promtool,
)


def test_promtool_accepts_the_alert_rules() -> None:
    checked = run_promtool("check", "rules", str(ALERTS))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_promtool_accepts_the_prometheus_configuration() -> None:
    checked = run_promtool("check", "config", str(PROMETHEUS))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_each_alert_fires_when_it_should_and_only_then() -> None:
    tested = run_promtool("test", "rules", str(ALERT_TESTS))
    assert tested.returncode == 0, tested.stdout + tested.stderr


def test_promtool_catches_a_broken_rule(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("groups: [{name: x, rules: [{alert: X, expr: 'rate(up[5m]'}]}]\n")
    assert run_promtool("check", "rules", str(broken)).returncode != 0


def test_every_alert_has_a_severity_a_summary_a_description_and_a_test_case() -> None:
    cases = yaml.safe_load(ALERT_TESTS.read_text(encoding="utf-8"))["tests"]
    fired = {
        check["alertname"]
        for case in cases
        for check in case.get("alert_rule_test", [])
        if check.get("exp_alerts")
    }
    for rule in alert_rules():
        assert rule["labels"]["severity"] in {"critical", "warning"}, rule["alert"]
        assert {"summary", "description"} <= set(rule["annotations"]), rule["alert"]
        assert rule["alert"] in fired, f"{rule['alert']} has no case where it fires"


def test_prometheus_scrapes_every_deployable_on_its_metrics_port() -> None:
    from jiesu.settings import Settings

    config = yaml.safe_load(PROMETHEUS.read_text(encoding="utf-8"))
    ports = {
        job["job_name"]: job["dns_sd_configs"][0]["port"]
        for job in config["scrape_configs"]
        if job["job_name"].startswith("jiesu-")
    }
    defaults = Settings()
    assert ports == {
        "jiesu-intake": defaults.intake_metrics_port,
        "jiesu-streams": defaults.streams_metrics_port,
        "jiesu-projector": defaults.projector_metrics_port,
        "jiesu-dashboard": defaults.dashboard_metrics_port,
    }
    assert config["rule_files"] == ["alerts.yml"]
