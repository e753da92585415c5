"""No Docker engine runs here, so the compose file is checked by reading it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml

from jiesu.cli import app
from jiesu.settings import Settings
from tests.tools import debian_tool

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def services() -> dict[str, Any]:
    return dict(yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))["services"])


def resolves_to_a_command(words: list[str]) -> bool:
    command: Any = typer.main.get_command(app)
    for word in words:
        if word.startswith("-"):
            break
        subcommands = getattr(command, "commands", None)
        if subcommands is None or word not in subcommands:
            return False
        command = subcommands[word]
    return not hasattr(command, "commands")


def test_every_image_is_pinned_to_an_exact_version() -> None:
    for name, service in services().items():
        image = service["image"]
        tag = image.rpartition(":")[2]
        assert ":" in image, f"{name} uses unpinned {image}"
        assert tag not in {"", "latest"}, f"{name} uses unpinned {image}"


@pytest.mark.parametrize("name", ["intake", "streams", "project", "dashboard", "topics"])
def test_every_deployable_runs_a_real_jiesu_subcommand(name: str) -> None:
    command = services()[name]["command"]
    assert command[0] == "jiesu"
    assert resolves_to_a_command(command[1:]), f"{name}: `{' '.join(command)}` is not a command"


def test_health_checks_call_real_commands_and_every_service_has_one() -> None:
    for name, service in services().items():
        check = service.get("healthcheck", {})
        if check.get("disable"):
            continue
        test = check["test"]
        if test[0] == "CMD" and test[1] == "jiesu":
            assert resolves_to_a_command(test[2:]), f"{name}: bad health check {test}"


def test_an_unknown_subcommand_is_detected() -> None:
    assert not resolves_to_a_command(["no-such-verb"])


SECRETS = (
    "JIESU_PII_KEY_FILE",
    "JIESU_CHANNELS_FILE",
    "JIESU_SESSION_SECRET_FILE",
    "GRAFANA_ADMIN_PASSWORD_FILE",
)
LONG_RUNNING = [
    "kafka", "schema-registry", "postgres", "intake", "streams", "project", "dashboard",
    "prometheus", "grafana",
]  # fmt: skip


def docker_compose() -> str:
    return debian_tool("docker-compose", "docker-compose")


def compose_config(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`docker-compose config`: validates and interpolates the file, no engine needed."""
    clean = {k: v for k, v in os.environ.items() if k not in {*SECRETS, "POSTGRES_PASSWORD"}}
    return subprocess.run(
        [docker_compose(), "-f", str(COMPOSE), "config"],
        env=clean | env,
        capture_output=True,
        text=True,
        check=False,
    )


def secret_files(tmp_path: Path) -> dict[str, str]:
    env = {"POSTGRES_PASSWORD": "a-real-password"}
    for name in SECRETS:
        path = tmp_path / name.lower()
        path.write_text("secret\n")
        env[name] = str(path)
    return env


def test_docker_compose_validates_the_file(tmp_path: Path) -> None:
    checked = compose_config(secret_files(tmp_path))
    assert checked.returncode == 0, checked.stderr
    resolved = yaml.safe_load(checked.stdout)
    assert set(resolved["services"]) == {*LONG_RUNNING, "topics"}


@pytest.mark.parametrize("missing", [*SECRETS, "POSTGRES_PASSWORD"])
def test_compose_refuses_to_start_without_each_secret(tmp_path: Path, missing: str) -> None:
    env = secret_files(tmp_path)
    del env[missing]
    checked = compose_config(env)
    assert checked.returncode != 0
    assert missing in checked.stderr


def test_the_pii_key_and_the_credentials_are_secrets_not_values() -> None:
    for name in ("intake", "streams", "project", "dashboard", "topics"):
        service = services()[name]
        env = service["environment"]
        assert "JIESU_PII_KEY" not in env, name
        assert env["JIESU_PII_KEY_FILE"] == "/run/secrets/jiesu_pii_key"
        assert env["JIESU_CREDENTIALS_FILE"] == "/run/secrets/jiesu_channels"
        assert env["JIESU_SESSION_SECRET_FILE"] == "/run/secrets/jiesu_session_secret"
        assert set(service["secrets"]) == {
            "jiesu_pii_key",
            "jiesu_channels",
            "jiesu_session_secret",
        }
    for definition in yaml.safe_load(COMPOSE.read_text())["secrets"].values():
        assert ":?" in definition["file"], "a secret must have no default"


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_every_long_running_service_has_a_health_check_and_a_restart_policy(name: str) -> None:
    service = services()[name]
    assert service["healthcheck"]["test"], name
    assert service["restart"] == "unless-stopped", name


def test_every_dependency_waits_for_a_condition() -> None:
    for name, service in services().items():
        for dependency, wait in service.get("depends_on", {}).items():
            assert wait["condition"] in {
                "service_healthy",
                "service_started",
                "service_completed_successfully",
            }, f"{name} → {dependency}"
    for name in ("intake", "streams", "project", "dashboard"):
        depends = services()[name]["depends_on"]
        assert depends["topics"]["condition"] == "service_completed_successfully"
        assert depends["kafka"]["condition"] == "service_healthy"


def test_consumers_are_checked_on_their_metrics_ports_healthz() -> None:
    defaults = Settings()
    expected = {
        "streams": f"http://localhost:{defaults.streams_metrics_port}/healthz",
        "project": f"http://localhost:{defaults.projector_metrics_port}/healthz",
    }
    for name, url in expected.items():
        assert services()[name]["healthcheck"]["test"][-1] == url
