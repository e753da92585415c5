"""`jiesu demo` on a city's own services: `KAFKA_BOOTSTRAP_SERVERS` and `DATABASE_URL`.

The demo runs on the test session's broker (topics of its own) and on a fresh PostgreSQL
database; its read models must land in that database, no log line may hold a petitioner's
phone or name, every /metrics page is announced, and a second run on the same database
must be refused plainly, since the intake's ledger would take the same seed's petitions
for duplicates. The development logins it prints open the dashboard's accounts.
"""

from __future__ import annotations

import subprocess
import sys
from itertools import takewhile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from jiesu.accounts.store import AccountStore
from jiesu.bus.embedded import free_port
from jiesu.bus.topics import ensure_topics
from jiesu.demo.logins import DEV_USERS
from projections.models import Petition
from tests.e2e.demo_support import METRICS, assert_no_personal_data_logged, demo_env, demo_settings
from tests.integration.test_intake_support import published


def run_demo(env: dict[str, str], petitions: int) -> subprocess.CompletedProcess[str]:
    """Without ``--json``: the demo then announces where everything runs. A quarter day and
    half a day's tail in half-hour ticks: the services matter here, not the day's length."""
    window = ["--days", "0.25", "--tail-days", "0.5", "--tick-minutes", "30"]
    return subprocess.run(
        [sys.executable, "-m", "jiesu.cli", "demo", "--petitions", str(petitions), "--seed", "4",
         *window, "--exit-when-done", "--no-web", "--intake-port", str(free_port())],
        capture_output=True, text=True, timeout=600, env=env, check=False,
    )  # fmt: skip


def printed_logins(stdout: str) -> dict[str, str]:
    """The development logins the demo printed (``  username: password    name, scope``)."""
    lines = stdout.split("development logins of the dashboard", 1)[1].splitlines()[1:]
    pairs = [line.split()[:2] for line in takewhile(lambda line: line.startswith("  "), lines)]
    return {user.removesuffix(":"): word for user, word in pairs}


@pytest.mark.timeout(900)
def test_the_demo_runs_on_the_configured_broker_and_postgresql(
    kafka_bootstrap: str, postgres_url: str, tmp_path: Path
) -> None:
    settings = demo_settings(kafka_bootstrap, tmp_path / "first")
    ports = {name: free_port() for name in METRICS}
    env = demo_env(settings, ports) | {"DATABASE_URL": postgres_url}
    run = run_demo(env, petitions=30)
    assert run.returncode == 0, run.stderr[-3000:]
    for name, port in ports.items():
        assert f"metrics of {name}: http://127.0.0.1:{port}/metrics" in run.stdout
    assert "database=postgresql" in run.stdout
    assert not (settings.data_dir / "demo" / "jiesu.db").exists()
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(Petition)).scalar_one() == 30
        logins = printed_logins(run.stdout)
        assert logins.keys() == {username for username, _, _ in DEV_USERS}
        store = AccountStore(engine)
        assert all(store.authenticate(user, word) for user, word in logins.items())
    finally:
        engine.dispose()
    on_postgres = settings.model_copy(update={"database_url": postgres_url})  # the keys
    received = [e for e in published(on_postgres) if type(e).__name__ == "PetitionReceived"]
    assert len({e.petition_id for e in received}) == 30
    assert_no_personal_data_logged(settings, postgres_url, run)

    again = demo_settings(kafka_bootstrap, tmp_path / "second")
    ensure_topics(again)
    env = demo_env(again, {name: free_port() for name in METRICS}) | {"DATABASE_URL": postgres_url}
    refused = run_demo(env, petitions=30)
    assert refused.returncode == 2
    assert "already holds" in refused.stderr
