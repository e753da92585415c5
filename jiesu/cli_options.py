"""Options that `jiesu simulate` and `jiesu demo` share, said once."""

from __future__ import annotations

import typer

TAIL_DAYS = typer.Option(1.0, min=0.0, help="Days after the window for handlers.")
TICK_MINUTES = typer.Option(
    10,
    min=1,
    max=1440,
    help="Simulated minutes between clock ticks: deadlines fire on the first tick past them,"
    " so longer ticks make long windows cheaper and deadline events later.",
)
