"""Bad input from the OpenAPI document (schemathesis): never a 5xx, whatever is sent."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Ok

from jiesu.settings import Settings
from producers.credentials import Agent, Clerk, Credentials, Handler, Open311Key, Worker, digest
from tests.hypothesis_budget import examples
from tests.integration.test_intake_support import Harness

KEY = "fuzz-key"


@pytest.fixture
def fuzz_harness(unique_topics: Settings) -> Iterator[Harness]:
    """One key opens every channel, so the generated requests reach validation."""
    key = digest(KEY)
    credentials = Credentials(
        hotline={key: Agent("A-fuzz")},
        walkin={key: Clerk("C-fuzz", 1)},
        open311={key: Open311Key("fuzz", read=True)},
        workers={key: Worker("w-fuzz", "zd.cz.cg.c01.g1")},
        handlers={key: Handler("fuzz", frozenset({"*"}), callback=True)},
        wechat_token=KEY,
    )
    made = Harness(unique_topics, credentials=credentials)
    yield made
    made.close()


def test_no_input_makes_the_intake_fail_with_a_server_error(fuzz_harness: Harness) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_harness.app)
    labels = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()
        labels.append(operation.label)
        _fuzz(operation)
    assert "POST /open311/v2/requests.{fmt}" in labels
    assert len(labels) >= 15


def _fuzz(operation: schemathesis.APIOperation) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=examples(90),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def one(case: schemathesis.Case) -> None:
        response = case.call(headers={"Authorization": f"Bearer {KEY}"})
        assert response.status_code < 500, (
            f"{operation.label}: {response.status_code} {response.text}"
        )

    one()
