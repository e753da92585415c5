"""Handlers' commands decided on the partition fold: the fact or a refusal, never both."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jiesu.domain import events as ev
from streams.petitions.commands import PolicyFailed, decide_command, fact_id
from streams.petitions.fold import PartitionFold
from tests.unit.policy_support import START, action, make_policy, petition

UNIT = "compound:zd.cz.cg.c01"


def routed() -> tuple[PartitionFold, list[ev.Event]]:
    """A fold that received, classified and routed the test petition, and its log."""
    fold = PartitionFold(make_policy(), 0)
    log: list[ev.Event] = [petition()]
    log += fold.feed(log[0], 0)
    assert any(isinstance(e, ev.PetitionRouted) for e in log)
    for offset, event in enumerate(log[1:], start=1):
        fold.feed(event, offset)
    return fold, log


def accept(n: int = 1) -> ev.Event:
    return action(ev.PetitionAccepted, n, START + timedelta(hours=1), unit=UNIT)


def test_an_allowed_command_becomes_the_fact_under_an_id_derived_from_the_command() -> None:
    fold, _ = routed()
    decided = decide_command(fold, accept())
    assert not decided.refused
    assert isinstance(decided.outcome, ev.PetitionAccepted)
    assert decided.outcome.event_id == fact_id(accept().event_id) != accept().event_id
    assert decided.outputs[0] == decided.outcome
    retried = decide_command(fold, accept())
    assert (retried.outcome, retried.outputs) == (decided.outcome, [])


def test_a_refused_command_is_a_rejection_and_changes_nothing() -> None:
    fold, _ = routed()
    records, now, expected = dict(fold.records), fold.now, dict(fold.expected)
    resolve = action(ev.PetitionResolved, 2, START + timedelta(hours=5), unit=UNIT, result="ok")
    decided = decide_command(fold, resolve)
    assert decided.refused
    assert isinstance(decided.outcome, ev.ActionRejected)
    assert decided.outcome.action_event_id == fact_id(resolve.event_id)
    assert decided.outcome.reason
    assert decided.outputs == []
    assert (fold.records, fold.now, fold.expected) == (records, now, expected)


def test_the_log_with_the_commands_facts_rebuilds_the_same_fold() -> None:
    live, log = routed()
    log += decide_command(live, accept()).outputs
    resolve = action(ev.PetitionResolved, 3, START + timedelta(hours=2), unit=UNIT, result="ok")
    log += decide_command(live, resolve).outputs
    assert {ev.PetitionAccepted, ev.PetitionResolved} <= {type(e) for e in log}
    assert not any(isinstance(e, ev.ActionRejected) for e in log)
    for offset, event in enumerate(log[len(log) - 2 :], start=len(log) - 2):
        live.feed(event, offset)
    rebuilt = PartitionFold(make_policy(), 0)
    for offset, event in enumerate(log):
        rebuilt.feed(event, offset)
    assert rebuilt.records == live.records
    assert rebuilt.pending() == []


class Broken:
    """A policy that fails on every event (a bug), as the agent must survive it."""

    def __getattr__(self, name: str) -> object:
        def fail(*args: object) -> object:
            raise KeyError("13800001111")  # a message that may quote personal data

        return fail


def test_a_policy_failure_on_a_command_names_only_the_exception_type() -> None:
    fold, _ = routed()
    fold.policy = Broken()  # type: ignore[assignment]
    with pytest.raises(PolicyFailed) as failed:
        decide_command(fold, accept())
    assert str(failed.value) == "KeyError"
    assert failed.value.__cause__ is None
