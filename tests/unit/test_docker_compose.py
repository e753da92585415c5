"""No Docker engine runs here, so the compose file is checked by reading it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml

from jiesu.cli import app

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
