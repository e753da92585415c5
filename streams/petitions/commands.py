"""Handlers' commands, decided on the fold of their partition: a fact or a refusal.

The intake publishes each command to ``petition-commands`` (keyed, and so partitioned, like
``petition-events``) as the fact it asks for, under the command's id (deterministic: the same
action on the same version of a petition). The petitions agent checks it with the policy,
which applies the shared state machine, against the fold of the same partition number: an
allowed command becomes the fact, with an id derived from the command's (a retried command is
one fact), appended to ``petition-events`` with what it decides; a refused one is an
``ActionRejected`` on the outcome topic only, so ``petition-events`` holds facts. Faust-free.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from jiesu.domain.events import ActionRejected, Event
from jiesu.domain.ids import derived_id
from streams.petitions.fold import PartitionFold


@dataclass(frozen=True)
class CommandOutcome:
    """What a command came to: ``outcome`` is a copy of the fact or the refusal (for the
    outcome topic, keyed by ``command_id``); ``outputs`` are for ``petition-events``."""

    command_id: str
    outcome: Event
    outputs: list[Event]

    @property
    def refused(self) -> bool:
        return isinstance(self.outcome, ActionRejected)


class PolicyFailed(Exception):
    """The policy raised on a command (a bug): the command is parked, the others go on."""


def fact_id(command_id: str) -> str:
    """The id of the fact a command records."""
    return derived_id("fact", command_id)


def decide_command(fold: PartitionFold, command: Event) -> CommandOutcome:
    """Decide ``command`` (the fact it asks for, under the command id) on ``fold``.

    A refusal changes nothing in the fold, not even "now", so the log alone still rebuilds
    it. A command whose fact was decided or seen already (a retry) is accepted again and
    appends nothing.
    """
    fact = replace(command, event_id=fact_id(command.event_id))
    if fact.event_id in fold.expected or fact.event_id in fold.seen.get(fact.petition_id, ()):
        return CommandOutcome(command.event_id, fact, [])
    now = fact.event_time if fold.now is None else max(fold.now, fact.event_time)
    try:
        if fact.petition_id in fold.closed:
            trial = fold.policy.on_closed(fact, now)
        else:
            trial = fold.policy.on_event(fold.records.get(fact.petition_id), fact, now)
    except Exception as exc:  # only the type: a message may quote personal data
        raise PolicyFailed(type(exc).__name__) from None
    for event in trial.events:
        if isinstance(event, ActionRejected) and event.action_event_id == fact.event_id:
            return CommandOutcome(command.event_id, event, [])
    return CommandOutcome(command.event_id, fact, fold.record_fact(fact, now, trial))
