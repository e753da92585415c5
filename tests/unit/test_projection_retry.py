"""A database outage makes the projector wait and retry, never skip."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from projections.batch import retrying


class Flaky:
    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.calls <= self.failures:
            raise OperationalError("INSERT", {}, Exception("connection refused"))
        return "committed"


def test_an_outage_is_waited_out_with_growing_pauses():
    pauses: list[float] = []
    action = Flaky(failures=7)
    assert retrying(action, cap_s=4.0, sleep=pauses.append) == "committed"
    assert action.calls == 8
    assert pauses == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0, 4.0]


def test_a_bug_is_not_retried_but_raised():
    def broken() -> None:
        raise IntegrityError("INSERT", {}, Exception("duplicate key"))

    with pytest.raises(IntegrityError):
        retrying(broken, sleep=lambda _: None)
