"""What an operator scrapes and reads: every deployable, as a real process on the test's
broker, serves /metrics that promtool accepts and /healthz, and logs JSON lines without
the petitioners' phones or names."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from jiesu.bus.topics import ensure_topics
from jiesu.settings import Settings
from producers.dev_credentials import generate_dev_credentials
from tests.conftest import unique_topic_names
from tests.integration.operations_support import (
    CALLERS,
    PETITIONS,
    REQUIRED,
    post_petition,
    wait_for,
    wait_until_settled,
)
from tests.integration.stack_support import (
    Stack,
    json_lines,
    promtool_check_metrics,
    samples,
    total,
)
from tests.integration.test_streams_dead_letter import POISON, send_raw
from tests.unit.promtool_support import referenced_metrics


@pytest.fixture(scope="module")
def running(
    kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Stack, list[str]]]:
    """The stack after it took petitions (with phones and names) and one poison record."""
    tmp = tmp_path_factory.mktemp("stack")
    settings = Settings(
        kafka_bootstrap_servers=kafka_bootstrap,
        database_url=f"sqlite:///{tmp / 'jiesu.db'}",
        **unique_topic_names(),  # type: ignore[arg-type]
        data_dir=tmp / "data",
    )
    ensure_topics(settings)
    keys = generate_dev_credentials(settings.data_dir / "channels.yaml", [])
    stack = Stack(settings, tmp / "logs")
    stack.start()
    try:
        stack.wait_ready()
        wait_for(stack, "streams", "jiesu_streams_rebuilds_total", settings.petition_partitions)
        ids = [post_petition(stack, str(keys["hotline_key"]), n) for n in range(PETITIONS)]
        send_raw(settings, settings.petition_events_topic, 0, POISON)
        httpx.get(f"http://127.0.0.1:{stack.dashboard_port}/api/overview", timeout=5)
        wait_until_settled(stack)
        yield stack, ids
    finally:
        stack.stop()


@pytest.mark.parametrize("name", list(REQUIRED))
def test_each_deployable_serves_metrics_that_promtool_accepts(
    running: tuple[Stack, list[str]], name: str
) -> None:
    stack, _ = running
    text = stack.services[name].scrape()
    checked = promtool_check_metrics(text)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    missing = [metric for metric in REQUIRED[name] if metric not in samples(text)]
    assert not missing, f"{name} lacks {missing}"
    assert f'service="{name}"' in text  # jiesu_build_info says which deployable it is


def test_the_figures_say_what_happened(running: tuple[Stack, list[str]]) -> None:
    stack, _ = running
    intake = stack.services["intake"].scrape()
    streams = stack.services["streams"].scrape()
    project = stack.services["project"].scrape()
    accepted = total(intake, "jiesu_intake_petitions_total", channel="hotline", outcome="accepted")
    assert accepted == PETITIONS
    assert total(intake, "jiesu_intake_requests_total", channel="hotline", status="202") == 4
    assert total(streams, "jiesu_streams_decisions_total", event_type="PetitionClassified") == 4
    assert total(streams, "jiesu_streams_dead_letters_total", reason="undecodable") == 1
    assert total(project, "jiesu_projector_dead_letters_total", reason="undecodable") == 1
    assert total(project, "jiesu_projector_rows_written_total", table="petitions") >= PETITIONS
    assert total(streams, "jiesu_streams_last_tick_timestamp_seconds") > time.time() - 600
    assert total(streams, "jiesu_streams_fold_entries", what="open_petitions") == PETITIONS


def test_no_label_carries_a_petition_id_or_a_phone(running: tuple[Stack, list[str]]) -> None:
    stack, ids = running
    for service in stack.services.values():
        text = service.scrape()
        for secret in [*ids, *(phone for _, phone in CALLERS)]:
            assert secret not in text, f"{service.name} exposes {secret}"


@pytest.mark.parametrize("name", ["streams", "project"])
def test_consumers_answer_healthz_with_their_heartbeat(
    running: tuple[Stack, list[str]], name: str
) -> None:
    stack, _ = running
    answer = httpx.get(stack.services[name].url("/healthz"), timeout=5)
    assert answer.status_code == 200
    assert answer.json()["heartbeat_age_s"] < answer.json()["stale_s"]
    assert httpx.get(stack.services[name].url("/nothing"), timeout=5).status_code == 404


def test_every_log_line_is_json_with_the_service_and_no_personal_data(
    running: tuple[Stack, list[str]],
) -> None:
    stack, ids = running
    for service in stack.services.values():
        lines = service.log_lines()
        assert lines, f"{service.name} logged nothing"
        for record in json_lines(lines):
            assert record["service"] == service.name
            assert {"level", "timestamp", "message"} <= set(record)
        text = "\n".join(lines)
        for name, phone in CALLERS:
            assert phone not in text, f"{service.name} logged a phone"
            assert name not in text, f"{service.name} logged a name"
    accepted = json_lines(stack.services["intake"].log_lines())
    logged_ids = {r.get("petition_id") for r in accepted if r.get("event_type")}
    assert set(ids) <= logged_ids  # each acceptance is traceable by petition id


def test_every_metric_an_alert_or_a_panel_reads_is_served(
    running: tuple[Stack, list[str]],
) -> None:
    stack, _ = running
    served = {name for s in stack.services.values() for name in samples(s.scrape())}
    expected = referenced_metrics()
    assert expected - served == set()
