"""A summoned department's 报到, judged once for the whistle list and the petition page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jiesu.domain.reporting import REPORT_LABELS, report_state

DUE = datetime(2026, 9, 2, 3, tzinfo=UTC)
BEFORE, AFTER = DUE - timedelta(hours=1), DUE + timedelta(hours=1)


def test_a_report_is_late_only_while_the_whistle_asks_for_it_or_when_breached() -> None:
    assert report_state(True, True, True, AFTER, DUE) == "reported"
    assert report_state(False, False, True, BEFORE, DUE) == "pending"
    assert report_state(False, False, True, DUE, DUE) == "overdue"  # at the due instant
    assert report_state(False, False, False, AFTER, DUE) == "ended"  # resolved meanwhile
    assert report_state(False, True, False, AFTER, DUE) == "overdue"  # the processors said so
    assert set(REPORT_LABELS) == {"reported", "overdue", "pending", "ended"}
