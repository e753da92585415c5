"""The demo's story options: `--scenario NAME|list` and `--start ISO`, checked before anything
starts (an unknown scenario is a usage error, exit 2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import typer

from jiesu.demo.scenarios import Scenario, UnknownScenario, last_moment, scenario, scenarios


def story_and_start(name: str | None, start: str | None) -> tuple[Scenario | None, datetime | None]:
    """The scenario (None: none, or `list`, which is printed) and the start (None: the
    scenario's, else the simulator's default)."""
    from producers.simulator.command import parse_start

    begin = parse_start(start) if start else None
    if name is None:
        return None, begin
    if name == "list":
        for story in scenarios().values():
            typer.echo(f"{story.name:10} {story.title}: {story.story}")
        return None, begin
    try:
        story = scenario(name)
    except UnknownScenario as exc:
        raise typer.BadParameter(str(exc), param_hint="--scenario") from exc
    return story, begin or story.start.astimezone(UTC)


def require_story_in_window(story: Scenario | None, begin: datetime | None, days: float) -> None:
    """A usage error when ``--days`` ends before the story's last petition (the simulator
    would drop the rest of the story without a word)."""
    if story is None or begin is None:
        return
    last = last_moment(story, begin)
    if last >= begin + timedelta(days=days):
        needed = (last - begin) / timedelta(days=1)
        raise typer.BadParameter(
            f"the {story.name} story's last petition comes {needed:.2f} days after the start;"
            f" the window of {days:g} days ends before it",
            param_hint="--days",
        )
