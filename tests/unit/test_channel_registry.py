"""One place to add a channel: every registered channel appears wherever a channel must be
known (the enum and its Avro schema, the labels of the read models and of the dashboard's
vocabulary API, the intake's routers, URLs, metrics and credentials, the simulator)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from fastapi.testclient import TestClient

from jiesu.config.city import load_city
from jiesu.domain.channels import CHANNELS
from jiesu.domain.events import Channel
from jiesu.settings import Settings
from producers.channels import CHANNEL_ROUTERS
from producers.dev_credentials import generate_dev_credentials
from producers.metrics import channel_of
from producers.simulator.intake_payloads import petition_request
from producers.simulator.petitions import plan_petitions
from producers.simulator.traffic import CHANNEL_MIX, SimulationConfig
from projections.queries.labels import Labels
from projections.web.app import create_app
from schemas.catalog import current_schema
from tests.access_support import city_headers

ROOT = Path(__file__).resolve().parents[2]
REGISTERED = {entry.channel for entry in CHANNELS}


def _enum_symbols(schema: Any, name: str) -> list[str]:
    """The symbols of the Avro enum type called ``name`` anywhere inside ``schema``."""
    if isinstance(schema, dict):
        if schema.get("type") == "enum" and schema.get("name") == name:
            return list(schema["symbols"])
        found = [_enum_symbols(v, name) for v in schema.values()]
    elif isinstance(schema, list):
        found = [_enum_symbols(v, name) for v in schema]
    else:
        return []
    return next((f for f in found if f), [])


def test_the_registry_is_the_enum_but_unknown() -> None:
    assert len(CHANNELS) == len(REGISTERED)
    assert {*REGISTERED, Channel.UNKNOWN} == set(Channel)


def test_every_channel_is_a_symbol_of_the_event_schema() -> None:
    symbols = _enum_symbols(current_schema("PetitionReceived"), "Channel")
    assert {c.value for c in Channel} <= set(symbols)


def test_the_read_models_and_the_dashboard_vocabulary_name_every_channel_alike(
    tmp_path: Path,
) -> None:
    settings = Settings(
        kafka_bootstrap_servers="127.0.0.1:9", database_url=f"sqlite:///{tmp_path / 'r.db'}"
    )
    client = TestClient(create_app(settings), headers=city_headers(settings))
    shown = client.get("/api/vocabulary").json()["channel"]
    for entry in CHANNELS:
        assert Labels().channel(entry.channel.value) == entry.label
        assert shown.get(entry.channel.value) == entry.label, entry.channel
    script = (ROOT / "projections/web/static/common.js").read_text(encoding="utf-8")
    assert not any(entry.label in script for entry in CHANNELS), "a copy of the labels in JS"


def test_every_channel_has_its_folder_routers_urls_and_metric_label() -> None:
    assert set(CHANNEL_ROUTERS) == REGISTERED
    for entry in CHANNELS:
        assert (ROOT / "producers" / entry.folder / "__init__.py").is_file(), entry.folder
        for router in CHANNEL_ROUTERS[entry.channel]:
            assert router.prefix.split("/")[1] == entry.path
            modules = {route.endpoint.__module__ for route in router.routes}  # type: ignore[attr-defined]
            assert all(m.startswith(f"producers.{entry.folder}.") for m in modules), modules
        assert channel_of({"path": f"/{entry.path}/x"}) == entry.channel.value.lower()


def test_every_channel_has_development_credentials(tmp_path: Path) -> None:
    generate_dev_credentials(tmp_path / "channels.yaml", ["zd.cz.cg.c01.g1"])
    sections = yaml.safe_load((tmp_path / "channels.yaml").read_text(encoding="utf-8"))
    for entry in CHANNELS:
        assert sections.get(entry.credentials), entry.credentials


def test_the_simulator_sends_every_channel_through_its_own_urls() -> None:
    assert set(CHANNEL_MIX) == REGISTERED
    assert abs(sum(CHANNEL_MIX.values()) - 1) < 1e-9
    simulated = list(plan_petitions(load_city(), SimulationConfig(seed=3, petitions=400)))
    assert set(Counter(p.channel for p in simulated)) == REGISTERED
    paths = {entry.channel: entry.path for entry in CHANNELS}
    for petition in simulated:
        assert petition_request(petition).path.split("/")[1] == paths[petition.channel]
