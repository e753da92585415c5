"""`jiesu demo --scenario`: each of the seeds' stories happens, as the read models tell it.

Each test runs the demo headless with a story and a few background petitions in a window
that fits the story, then reads the demo's own database: the scripted petitions (channel
references ``SCN…``) must have gone the way the story says, decided by the real processors.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from jiesu.bus.embedded import free_port
from projections.models import Petition
from projections.models_side import Whistle, WhistleDepartment
from tests.e2e.test_demo import demo_env

WINDOW = ["--days", "0.25", "--tick-minutes", "30"]
"""Six hours from the story's start hold every story's petitions; half-hour ticks are as many
stretches of simulated time as the demo waits on, a quarter of the default's."""
TAIL = {"storm": 0.5, "retirees": 0.25, "callback": 1.0}
"""Days after the window: the call-back comes up to 20 hours after the lift is resolved."""


def run_story(tmp_path: Path, name: str) -> tuple[dict[str, object], list[Petition], Session]:
    """Run the demo with scenario ``name``; its summary, scripted petitions and a session."""
    ports = ["--intake-port", str(free_port()), "--dashboard-port", str(free_port())]
    window = [*WINDOW, "--tail-days", str(TAIL[name])]
    run = subprocess.run(
        [sys.executable, "-m", "jiesu.cli", "demo", "--scenario", name, "--petitions", "8",
         "--exit-when-done", "--no-web", "--json", *window, *ports],
        capture_output=True, text=True, timeout=800, env=demo_env(tmp_path), check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    engine = create_engine(f"sqlite:///{tmp_path / 'data' / 'demo' / 'jiesu.db'}")
    session = Session(engine)
    scripted = session.scalars(
        select(Petition).where(Petition.channel_ref.like(f"SCN%-{name}-%"))
    ).all()
    return summary, list(scripted), session


@pytest.mark.timeout(900)
def test_the_storm_night_whistles_to_landscaping_urban_management_and_emergency(
    tmp_path: Path,
) -> None:
    summary, scripted, session = run_story(tmp_path, "storm")
    assert len(scripted) == 3
    assert summary["received"] == 8 + 3
    joint = [p for p in scripted if p.route_rule == "storm-damage-joint"]
    assert joint, [p.route_rule for p in scripted]
    for petition in joint:
        whistle = session.scalars(
            select(Whistle).where(Whistle.petition_id == petition.petition_id)
        ).first()
        assert whistle is not None
        summoned = set(
            session.scalars(
                select(WhistleDepartment.department).where(
                    WhistleDepartment.whistle_id == whistle.whistle_id
                )
            )
        )
        assert summoned >= {"landscaping", "urban_management", "emergency"}


@pytest.mark.timeout(900)
def test_the_retirees_become_one_group_case(tmp_path: Path) -> None:
    _, scripted, _ = run_story(tmp_path, "retirees")
    assert len(scripted) == 12
    groups = {p.group_id for p in scripted}
    assert len(groups) == 1
    assert None not in groups
    leads = {p.lead_petition_id for p in scripted}
    assert len(leads) == 1
    assert leads <= {p.petition_id for p in scripted}


@pytest.mark.timeout(900)
def test_an_unsatisfied_call_back_reopens_the_petition(tmp_path: Path) -> None:
    summary, scripted, _ = run_story(tmp_path, "callback")
    (petition,) = scripted
    assert petition.reopen_count >= 1
    assert summary["reopened"] >= 1  # type: ignore[operator]
