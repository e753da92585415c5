"""A demo's every log line, searched for the petitioners' phones and names.

The demo runs on the test session's broker with topics of its own, so once it is done the
test reads back every ``PetitionReceived`` it published: the very names and phones the
simulated callers gave, whatever the simulator's plan. None may appear in any line the
demo or its deployables wrote, and the demo says where each /metrics page is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jiesu.bus.embedded import free_port
from jiesu.domain.events import PetitionReceived
from jiesu.settings import Settings
from tests.conftest import unique_topic_names
from tests.integration.test_intake_support import published

METRICS = {
    "intake": "JIESU_INTAKE_METRICS_PORT",
    "streams": "JIESU_STREAMS_METRICS_PORT",
    "project": "JIESU_PROJECTOR_METRICS_PORT",
}


def demo_settings(kafka_bootstrap: str, tmp_path: Path) -> Settings:
    return Settings(
        kafka_bootstrap_servers=kafka_bootstrap,
        **unique_topic_names(),  # type: ignore[arg-type]
        data_dir=tmp_path / "data",
    )


def demo_env(settings: Settings, ports: dict[str, int]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIESU_")}
    env.pop("DATABASE_URL", None)
    env["KAFKA_BOOTSTRAP_SERVERS"] = str(settings.kafka_bootstrap_servers)
    for name in ("petition_events_topic", "clock_topic", "dead_letter_topic", "changes_topic"):
        env[f"JIESU_{name.upper()}"] = str(getattr(settings, name))
    env["JIESU_DATA_DIR"] = str(settings.data_dir)
    env |= {variable: str(ports[name]) for name, variable in METRICS.items()}
    return env


def personal_data(settings: Settings) -> tuple[set[str], set[str]]:
    """The phones and names of every petition the demo published."""
    keys = f"sqlite:///{settings.data_dir / 'demo' / 'jiesu.db'}"  # the demo's database
    opened = published(settings.model_copy(update={"database_url": keys}))
    received = [e for e in opened if isinstance(e, PetitionReceived)]
    assert received, "the demo published no petition"
    phones = {e.petitioner.phone for e in received if e.petitioner and e.petitioner.phone}
    names = {e.petitioner.name for e in received if e.petitioner and e.petitioner.name}
    return phones, names


@pytest.mark.timeout(900)
def test_no_log_line_of_a_demo_holds_a_petitioners_phone_or_name(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    settings = demo_settings(kafka_bootstrap, tmp_path)
    ports = {name: free_port() for name in METRICS}
    run = subprocess.run(
        [sys.executable, "-m", "jiesu.cli", "demo", "--petitions", "30", "--seed", "3",
         "--exit-when-done", "--no-web", "--intake-port", str(free_port())],
        capture_output=True, text=True, timeout=800, env=demo_env(settings, ports), check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    assert json.loads(run.stdout.strip().splitlines()[-1])["received"] == 30
    for name, port in ports.items():
        assert f"metrics of {name}: http://127.0.0.1:{port}/metrics" in run.stdout

    phones, names = personal_data(settings)
    assert len(phones) >= 10
    assert names
    logs = sorted((settings.data_dir / "demo" / "logs").glob("*.log"))
    assert {p.stem for p in logs} >= {"streams", "project", "intake"}
    texts = {p.name: p.read_text(errors="replace") for p in logs} | {"demo": run.stderr}
    for source, text in texts.items():
        assert text.strip(), f"{source} logged nothing"
        leaked = [s for s in phones | names if s in text]
        assert not leaked, f"{source} logged {len(leaked)} phones or names"
