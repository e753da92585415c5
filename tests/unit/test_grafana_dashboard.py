"""The provisioned Grafana dashboard: valid JSON, panels that do not overlap, every query
valid PromQL (promtool parses it as a recording rule) on the provisioned data source."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.unit.promtool_support import DASHBOARD, dashboard, dashboard_expressions, run_promtool

PROVISIONING = DASHBOARD.parent / "provisioning"


def test_every_panel_query_is_valid_promql(tmp_path: Path) -> None:
    rules = [
        {"record": f"jiesu:panel_{n}", "expr": expr}
        for n, expr in enumerate(dashboard_expressions())
    ]
    path = tmp_path / "panels.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "panels", "rules": rules}]}))
    checked = run_promtool("check", "rules", str(path))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert len(rules) >= 20


def test_panels_have_unique_ids_and_do_not_overlap() -> None:
    panels = dashboard()["panels"]
    assert len({p["id"] for p in panels}) == len(panels)
    cells: set[tuple[int, int]] = set()
    for panel in panels:
        pos = panel["gridPos"]
        assert pos["x"] + pos["w"] <= 24, panel["title"]
        area = {
            (x, y)
            for x in range(pos["x"], pos["x"] + pos["w"])
            for y in range(pos["y"], pos["y"] + pos["h"])
        }
        assert not cells & area, f"{panel['title']} overlaps another panel"
        cells |= area


def test_the_dashboard_shows_what_operators_asked_for() -> None:
    titles = " / ".join(p["title"].lower() for p in dashboard()["panels"])
    for topic in ("throughput", "lag", "latency", "breaches", "dead letters"):
        assert topic in titles


def test_panels_use_the_provisioned_data_source_and_compose_mounts_the_dashboard() -> None:
    source = yaml.safe_load((PROVISIONING / "datasources" / "prometheus.yml").read_text())
    uid = source["datasources"][0]["uid"]
    for panel in dashboard()["panels"]:
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == uid, panel["title"]
    provider = yaml.safe_load((PROVISIONING / "dashboards" / "jiesu.yml").read_text())
    folder = provider["providers"][0]["options"]["path"]
    compose = yaml.safe_load((DASHBOARD.parents[2] / "docker-compose.yml").read_text())
    mounts = compose["services"]["grafana"]["volumes"]
    assert f"./deploy/grafana/jiesu.json:{folder}/jiesu.json:ro" in mounts
