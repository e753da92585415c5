"""The image, read from its Dockerfile (no Docker engine here): the Python that
requires-python asks for, the whole source tree, a non-root user and a health check."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

import typer.main
from packaging.specifiers import SpecifierSet

from jiesu.cli import app

REPO = Path(__file__).resolve().parents[2]
DOCKERFILE = (REPO / "Dockerfile").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def instructions(keyword: str) -> list[str]:
    return [
        line.split(None, 1)[1]
        for line in DOCKERFILE.splitlines()
        if line.split(None, 1)[:1] == [keyword]
    ]


def test_the_python_of_the_image_satisfies_requires_python() -> None:
    (arg,) = [a for a in instructions("ARG") if a.startswith("PYTHON=")]
    version = arg.removeprefix("PYTHON=")
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), "pin the patch release"
    assert SpecifierSet(PYPROJECT["project"]["requires-python"]).contains(version)
    assert all(f.startswith("python:${PYTHON}-") for f in instructions("FROM"))


def test_the_build_takes_the_whole_tree_and_the_context_keeps_every_package() -> None:
    assert ". ." in instructions("COPY")
    ignored = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    packages = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    needed = [p.rstrip("*") for p in packages] + ["pyproject.toml", "README.md"]
    assert "bench" in needed
    for path in needed:
        assert not any(fnmatch.fnmatch(path, pattern) for pattern in ignored), path


def test_the_image_runs_as_an_unprivileged_user() -> None:
    (user,) = instructions("USER")
    uid = user.split(":")[0]
    assert uid not in {"0", "root"}
    assert uid.isdigit(), "numeric, so runAsNonRoot can verify it"


def test_the_health_check_calls_a_real_command() -> None:
    (check,) = instructions("HEALTHCHECK")
    words = re.findall(r'"([^"]+)"', check.split("CMD", 1)[1])
    assert words[0] == "jiesu"
    command = typer.main.get_command(app)
    assert words[1] in getattr(command, "commands", {})
