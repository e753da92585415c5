"""`jiesu ARGS` in the test process, as an operator's shell would run it.

Through typer's runner, with the settings read afresh from the environment a test gives (its
JIESU_* variables, none other): a process per call spent 0.7 s starting up. Logging follows
``sys.stderr`` (``jiesu.observe.logs``), so what a command logs is in the result's stderr,
as it would be in a terminal. Every verb starting from the installed wheel is checked by
tests/integration/test_image_contents.py.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import pytest
from typer.testing import CliRunner, Result

from jiesu.cli import app
from jiesu.settings import get_settings


def run_cli(env: Mapping[str, str], *args: str, stdin: str = "") -> Result:
    """The outcome of ``jiesu ARGS`` with ``env`` (JIESU_* variables not in it unset)."""
    with pytest.MonkeyPatch.context() as patch:
        for name in [k for k in os.environ if k.startswith("JIESU_") and k not in env]:
            patch.delenv(name)
        for name, value in env.items():
            patch.setenv(name, value)
        get_settings.cache_clear()
        try:
            return CliRunner().invoke(app, list(args), input=stdin)
        finally:
            get_settings.cache_clear()
