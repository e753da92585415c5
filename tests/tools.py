"""Debian tools the suite runs for real: `.ci/run` installs them, so in CI a missing one is
a failure, never a silent skip; on a developer's machine it is a skip that says what to install."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


def debian_tool(name: str, package: str) -> str:
    """The path of ``name`` (from Debian's ``package``)."""
    found = shutil.which(name)
    if found is None:
        missing(f"{name} is not installed (apt-get install {package})")
    assert found is not None
    return found


def chromium() -> Path:
    """Debian's Chromium, which Playwright drives (its own browser download fails here)."""
    if not CHROMIUM.exists():
        missing(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


def missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what}: .ci/run installs it")
    pytest.skip(what)
