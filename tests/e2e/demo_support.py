"""Running `jiesu demo` from a test: its settings and environment on the session's broker,
and a demo's every log line searched for the petitioners' phones and names.

The demo runs with topics of its own, so once it is done the test reads back every
``PetitionReceived`` it published: the very names and phones the simulated callers gave,
whatever the simulator's plan. None may appear in any line the demo or its deployables wrote.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from jiesu.domain.events import PetitionReceived
from jiesu.settings import Settings
from tests.conftest import TOPIC_STEMS, unique_topic_names
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
    for name in TOPIC_STEMS:  # every topic of its own, commands' and outcomes' included
        env[f"JIESU_{name.upper()}"] = str(getattr(settings, name))
    env["JIESU_DATA_DIR"] = str(settings.data_dir)
    env |= {variable: str(ports[name]) for name, variable in METRICS.items()}
    return env


def personal_data(settings: Settings) -> tuple[set[str], set[str]]:
    """The phones and names of every petition the demo published (the sealing keys are in
    ``settings.database_url``)."""
    opened = published(settings)
    received = [e for e in opened if isinstance(e, PetitionReceived)]
    assert received, "the demo published no petition"
    phones = {e.petitioner.phone for e in received if e.petitioner and e.petitioner.phone}
    names = {e.petitioner.name for e in received if e.petitioner and e.petitioner.name}
    return phones, names


def assert_no_personal_data_logged(
    settings: Settings, keys_url: str, run: subprocess.CompletedProcess[str]
) -> None:
    """Every phone and name the demo published (opened with the keys in ``keys_url``) is
    absent from every log line the demo and its deployables wrote."""
    phones, names = personal_data(settings.model_copy(update={"database_url": keys_url}))
    assert len(phones) >= 10
    assert names
    logs = sorted((settings.data_dir / "demo" / "logs").glob("*.log"))
    assert {p.stem for p in logs} >= {"streams", "project", "intake"}
    texts = {p.name: p.read_text(errors="replace") for p in logs} | {"demo": run.stderr}
    for source, text in texts.items():
        assert text.strip(), f"{source} logged nothing"
        leaked = [s for s in phones | names if s in text]
        assert not leaked, f"{source} logged {len(leaked)} phones or names"
