"""The Kubernetes manifests: valid against the API's schemas (kubernetes-validate, offline,
strict), the same health checks as compose, settings that exist, pods that cannot escalate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from jiesu.settings import Settings

REPO = Path(__file__).resolve().parents[2]
MANIFESTS = REPO / "deploy" / "kubernetes"
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
DEPLOYABLES = {"intake": "intake", "streams": "streams", "projector": "project",
               "dashboard": "dashboard"}  # fmt: skip
"""Kubernetes name → compose service."""


def documents() -> list[dict[str, Any]]:
    found = []
    for path in sorted(MANIFESTS.glob("*.yaml")):
        found += [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    return found


def resources() -> list[dict[str, Any]]:
    return [d for d in documents() if not d["apiVersion"].startswith("kustomize.")]


def deployment(name: str) -> dict[str, Any]:
    (found,) = [
        d
        for d in resources()
        if d["kind"] == "Deployment" and d["metadata"]["name"] == f"jiesu-{name}"
    ]
    return found


def container(name: str) -> dict[str, Any]:
    return dict(deployment(name)["spec"]["template"]["spec"]["containers"][0])


@pytest.mark.parametrize("doc", resources(), ids=lambda d: f"{d['kind']}/{d['metadata']['name']}")
def test_every_resource_validates_against_the_kubernetes_schemas(doc: dict[str, Any]) -> None:
    kubernetes_validate.validate(doc, kubernetes_validate.latest_version(), strict=True)


def test_the_validator_refuses_a_misspelt_field() -> None:
    broken = container("intake") | {"livenesProbe": {}}
    doc = deployment("intake")
    doc["spec"]["template"]["spec"]["containers"] = [broken]
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(doc, kubernetes_validate.latest_version(), strict=True)


def test_the_kustomization_lists_every_manifest() -> None:
    (kustomization,) = [d for d in documents() if d["kind"] == "Kustomization"]
    files = {p.name for p in MANIFESTS.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == files


@pytest.mark.parametrize("name", list(DEPLOYABLES))
def test_probes_check_what_compose_checks(name: str) -> None:
    test = COMPOSE["services"][DEPLOYABLES[name]]["healthcheck"]["test"]
    url = test[-1]
    port, path = url.removeprefix("http://localhost:").split("/", 1)
    spec = container(name)
    ports = {p["name"]: p["containerPort"] for p in spec["ports"]}
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        if probe in spec:
            get = spec[probe]["httpGet"]
            assert (ports[get["port"]], get["path"]) == (int(port), f"/{path}"), probe


@pytest.mark.parametrize("name", list(DEPLOYABLES))
def test_prometheus_finds_each_pod_on_its_metrics_port(name: str) -> None:
    defaults = Settings()
    port = {
        "intake": defaults.intake_metrics_port,
        "streams": defaults.streams_metrics_port,
        "projector": defaults.projector_metrics_port,
        "dashboard": defaults.dashboard_metrics_port,
    }[name]
    annotations = deployment(name)["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/port"] == str(port)
    assert {"name": "metrics", "containerPort": port} in container(name)["ports"]


def test_every_setting_named_in_the_config_map_and_compose_exists() -> None:
    known = {"KAFKA_BOOTSTRAP_SERVERS", "DATABASE_URL", "SCHEMA_REGISTRY_URL"}
    known |= {f"JIESU_{name.upper()}" for name in Settings.model_fields}
    (config,) = [d for d in resources() if d["kind"] == "ConfigMap"]
    assert set(config["data"]) - known == set()
    compose_env = COMPOSE["x-jiesu"]["environment"]
    assert set(compose_env) - known == set()
    assert int(config["data"]["JIESU_MIN_INSYNC_REPLICAS"]) < int(
        config["data"]["JIESU_REPLICATION_FACTOR"]
    )


@pytest.mark.parametrize("name", [*DEPLOYABLES, "topics"])
def test_pods_run_unprivileged_with_limits(name: str) -> None:
    if name == "topics":
        (job,) = [d for d in resources() if d["kind"] == "Job"]
        pod = job["spec"]["template"]["spec"]
    else:
        pod = deployment(name)["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    spec = pod["containers"][0]
    assert spec["image"] == COMPOSE["x-jiesu"]["image"]
    assert spec["securityContext"]["allowPrivilegeEscalation"] is False
    assert spec["securityContext"]["readOnlyRootFilesystem"] is True
    assert spec["resources"]["limits"]["memory"]
    assert spec["resources"]["requests"]["cpu"]


def test_one_projector_per_database_even_during_a_rollout() -> None:
    spec = deployment("projector")["spec"]
    assert spec["replicas"] == 1
    assert spec["strategy"]["type"] == "Recreate"
