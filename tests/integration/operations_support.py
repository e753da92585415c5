"""The operations tests' petitions (with phones and names) and what they wait for."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import httpx

from tests.integration.stack_support import Stack, samples, total

PETITIONS = 4
CALLERS = [(f"欧阳测试{n}", f"1391234{n:04d}") for n in range(PETITIONS)]
REQUIRED = {
    "intake": [
        "jiesu_intake_requests_total",
        "jiesu_intake_request_duration_seconds_bucket",
        "jiesu_intake_publish_duration_seconds_bucket",
        "jiesu_intake_commit_duration_seconds_bucket",
        "jiesu_intake_group_commit_petitions_bucket",
        "jiesu_intake_petitions_total",
        "jiesu_intake_unavailable_total",
        "jiesu_intake_rate_limited_total",
        "jiesu_build_info",
        "process_resident_memory_bytes",
    ],
    "streams": [
        "jiesu_streams_consumer_lag",
        "jiesu_streams_high_watermark",
        "jiesu_streams_records_total",
        "jiesu_streams_decisions_total",
        "jiesu_streams_sla_breaches_total",
        "jiesu_streams_sla_warnings_total",
        "jiesu_streams_dead_letters_total",
        "jiesu_streams_rebuilds_total",
        "jiesu_streams_fold_entries",
        "jiesu_streams_last_tick_timestamp_seconds",
        "jiesu_calendar_fallback_dates",
    ],
    "project": [
        "jiesu_projector_consumer_lag",
        "jiesu_projector_batch_records_bucket",
        "jiesu_projector_batch_duration_seconds_bucket",
        "jiesu_projector_rows_written_total",
        "jiesu_projector_events_applied_total",
        "jiesu_projector_dead_letters_total",
        "jiesu_projector_outbox_entries",
    ],
    "dashboard": [
        "jiesu_dashboard_requests_total",
        "jiesu_dashboard_request_duration_seconds_bucket",
        "jiesu_dashboard_sse_clients",
    ],
}


def post_petition(stack: Stack, key: str, n: int) -> str:
    name, phone = CALLERS[n]
    order = {
        "call_id": f"OPS-{n}",
        "call_time": (datetime.now(UTC) - timedelta(minutes=5)).isoformat(),
        "text": f"小区门口的垃圾桶满了没人清运，请{name}回电{phone}",
        "place": {"area": "zd.cz.cg.c01.g1"},
        "caller": {"name": name, "phone": phone},
    }
    url = f"http://127.0.0.1:{stack.intake_port}/hotline/work-orders"
    answer = httpx.post(url, json=order, headers={"Authorization": f"Bearer {key}"}, timeout=10)
    assert answer.status_code == 202, answer.text
    return str(answer.json()["petition_id"])


def wait_for(stack: Stack, name: str, metric: str, at_least: float, timeout_s: float = 90) -> None:
    """Until ``metric`` of ``name`` adds up to ``at_least`` (the worker owns its partitions)."""
    deadline = time.monotonic() + timeout_s
    while total(stack.services[name].scrape(), metric) < at_least:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{name}: {metric} never reached {at_least}")
        time.sleep(0.5)


def wait_until_settled(stack: Stack, timeout_s: float = 120.0) -> None:
    """Until the processors decided, the projector applied, both parked the poison record
    and every lag is back to zero."""
    services = stack.services
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        streams, project = services["streams"].scrape(), services["project"].scrape()
        if (
            total(streams, "jiesu_streams_decisions_total", event_type="PetitionRouted")
            >= PETITIONS
            and total(streams, "jiesu_streams_dead_letters_total") >= 1
            and total(project, "jiesu_projector_dead_letters_total") >= 1
            and total(project, "jiesu_projector_events_applied_total") > PETITIONS
            and "jiesu_streams_consumer_lag" in samples(streams)
            and total(streams, "jiesu_streams_consumer_lag") == 0
            and total(project, "jiesu_projector_consumer_lag") == 0
        ):
            return
        time.sleep(1.0)
    raise TimeoutError(f"the stack did not settle:\n{streams}\n{project}")
