"""Who acted, as a petition's page names them: every processor and channel in Chinese."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jiesu.domain import events as ev
from jiesu.domain.channels import CHANNELS
from jiesu.domain.derived import PROCESSORS, derive
from projections.queries.labels import default_labels
from projections.queries.timeline import _actor

NOW = datetime(2026, 12, 7, 8, tzinfo=UTC)


def test_every_processor_and_channel_has_a_chinese_name_on_the_page() -> None:
    labels = default_labels()
    for name, label in PROCESSORS.items():
        assert _actor(f"processor:{name}", labels) == f"系统·{label}"
    for entry in CHANNELS:
        assert _actor(f"channel:{entry.channel.value.lower()}", labels) == f"渠道·{entry.label}"
    assert _actor("processor:feedback", labels) == "系统·回访处理"  # the seeds' call-back
    assert _actor("unit:community:zd.cz.cg", labels) == "春光山色社区"
    assert _actor("role:callback", labels) == "回访中心"
    assert _actor("operator:ops-li", labels) == "管理员·ops-li"


def test_a_decision_by_an_unnamed_processor_is_refused() -> None:
    with pytest.raises(ValueError, match="feedbak"):
        derive(
            ev.PetitionClosed,
            petition_id="p1",
            correlation_id="c1",
            cause="e1",
            decision="closed",
            now=NOW,
            actor="feedbak",
            satisfaction=ev.Satisfaction.SATISFIED,
            reason="call-back satisfied",
        )
