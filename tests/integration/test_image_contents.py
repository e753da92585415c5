"""The image holds everything the CLI imports: its wheel, installed into a fresh
virtualenv, has every module, imports each with declared dependencies only, and answers
every verb's --help."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

import pytest
import typer.main

from jiesu.cli import app
from tests.integration.image_support import PACKAGES, REPO, build_wheel, fresh_venv, probe


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("image")
    wheel = build_wheel(tmp / "dist")
    return wheel, fresh_venv(tmp / "venv", wheel)


def tracked(*suffixes: str) -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", *PACKAGES], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    return {name for name in listed if name.endswith(suffixes)}


def verbs() -> list[list[str]]:
    """Every command path of `jiesu`, groups and leaves."""
    found: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        found.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


def test_the_wheel_holds_every_module_and_data_file_of_the_tree(
    installed: tuple[Path, Path],
) -> None:
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = tracked(".py", ".avsc", ".yaml", ".json", ".html", ".js", ".css", ".csv")
    assert wanted - names == set()
    assert "bench/run.py" in names  # `jiesu bench` in the image


def test_every_module_imports_with_declared_dependencies_only(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    _, env_dir = installed
    found = probe(env_dir, tmp_path)
    assert found["failed"] == []
    for package, where in dict(found["where"]).items():
        assert where.startswith(str(env_dir)), f"{package} came from {where}, not the wheel"
    undeclared = set(found["used"]) - set(found["declared"]) - set(found["optional"])
    assert undeclared == set(), "imported but not in pyproject's dependencies"


HELP = r"""
import json, sys
from typer.testing import CliRunner
from jiesu.cli import app
failed = {}
for path in json.loads(sys.argv[1]):
    result = CliRunner().invoke(app, [*path, "--help"])
    if result.exit_code != 0 or "Usage" not in result.output:
        failed[" ".join(path)] = f"exit {result.exit_code}: {result.output[-2000:]}"
print(json.dumps(failed))
"""
"""Every verb's --help in one process of the wheel's virtualenv (a process per verb took
ten seconds, most of it interpreter start-up)."""


def test_every_verb_answers_help_from_the_installed_wheel(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    _, env_dir = installed
    paths = verbs()
    assert ["bench"] in paths
    assert len(paths) > 15
    script = subprocess.run(
        [str(env_dir / "bin" / "jiesu"), "--help"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert script.returncode == 0, f"jiesu --help: {script.stderr[-2000:]}"
    assert "Usage" in script.stdout
    every = subprocess.run(
        [str(env_dir / "bin" / "python"), "-c", HELP, json.dumps(paths)],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert every.returncode == 0, every.stderr[-2000:]
    assert json.loads(every.stdout.strip().splitlines()[-1]) == {}
