"""The reporting vocabulary is said once: done/open, on time, labels and SLA texts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jiesu.config.policy import load_sla
from jiesu.domain import reporting
from jiesu.domain.codes import HandlingLevel, Satisfaction, SlaTier, Status
from jiesu.domain.lifecycle import PetitionState
from jiesu.domain.readmodel import PetitionView
from jiesu.domain.sla import Allowance, limit
from producers.open311.views import request_fields

T = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("status", list(Status))
def test_every_status_is_either_open_or_done(status: Status) -> None:
    assert reporting.is_open(status) is not reporting.is_done(status)
    assert reporting.is_done(status.value) is (status in (Status.RESOLVED, Status.CLOSED))


def test_a_deadline_is_met_just_before_and_overdue_from_its_own_instant() -> None:
    earlier = T - timedelta(seconds=1)
    assert reporting.meets(earlier, T)
    assert not reporting.overdue(earlier, T)
    assert not reporting.meets(T, T)
    assert reporting.overdue(T, T)


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (Status.ROUTED, "open"),
        (Status.RESOLVED, "closed"),
        (Status.CLOSED, "closed"),
        (Status.REOPENED, "open"),
    ],
)
def test_open311_status_follows_the_domain(status: Status, shown: str) -> None:
    view = PetitionView("p-1", PetitionState(status=status), "v1", updated_at=T)
    assert request_fields(view, {})["status"] == shown


def test_every_code_of_the_enums_has_a_label() -> None:
    vocabulary = reporting.vocabulary(load_sla(), {"HOTLINE": "12345热线"})
    for kind, enum in [
        ("status", Status),
        ("level", HandlingLevel),
        ("satisfaction", Satisfaction),
        ("tier", SlaTier),
    ]:
        assert set(vocabulary[kind]) == {c.value for c in enum}, kind
    assert vocabulary["channel"]["UNKNOWN"] == "未知"


def test_sla_texts_come_from_the_configuration() -> None:
    texts = reporting.sla_texts(load_sla())
    assert texts["ORDINARY"] == "24小时"
    assert texts["DIFFICULT"] == "3个工作日"
    assert texts["MAJOR_RISK"] == "1个工作日或24小时（先到为准）"
    assert reporting.tier_labels(load_sla())["ORDINARY"] == "一般（24小时）"
    assert reporting.limit_text(limit(Allowance(minutes=30))) == "30分钟"
