"""The simulated handlers' actions as commands, each waited for until it is decided.

Handlers act as they do through the intake: every action is a command on
``petition-commands`` (published by :func:`producers.intake.publish_commands`), which the
petitions processor checks with the state machine before the fact reaches petition-events.
The processor appends the fact when it gets to the command, so a tick sent meanwhile could
pass it and fire a deadline first, at a moment that differs between runs. The simulator
therefore waits for every command's outcome (read from the outcome topic by the intake's
own :class:`~producers.actions.outcomes.CommandOutcomes`) before it sends anything more.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from jiesu.domain.events import ActionRejected, Event
from jiesu.domain.lifecycle import HANDLER_ACTIONS
from jiesu.settings import Settings
from producers.actions.outcomes import CommandOutcomes
from producers.intake import EventPublisher, publish_commands
from schemas.codec import Codec


def is_action(event: Event) -> bool:
    """Whether ``event`` is something a person does: a command, never a fact of its own."""
    return isinstance(event, HANDLER_ACTIONS)


class Commands:
    """Publishes actions as commands and waits for their outcomes."""

    def __init__(
        self,
        settings: Settings,
        publisher: EventPublisher,
        codec: Codec,
        timeout_s: float = 300,
        outcomes: CommandOutcomes | None = None,
    ) -> None:
        self.publisher, self.topic = publisher, settings.petition_commands_topic
        self.outcomes = outcomes or CommandOutcomes(settings, codec.decode)
        self.timeout_s = timeout_s
        self.decided, self.waits, self.waited_s = 0, 0, 0.0
        self.rejected = 0
        """Commands the processor refused (the petition moved on before the handler acted)."""

    def send(self, actions: Sequence[Event]) -> None:
        """Publish ``actions`` as commands (one round trip), return once each is decided."""
        if not actions:
            return
        publish_commands(self.publisher, actions, self.topic)
        started = time.monotonic()
        deadline = started + self.timeout_s
        for action in actions:
            outcome = self.outcomes.wait(action.event_id, max(0.0, deadline - time.monotonic()))
            if outcome is None:
                raise TimeoutError(f"no outcome for a {type(action).__name__} command")
            self.decided += 1
            self.rejected += isinstance(outcome, ActionRejected)
        self.waits += 1
        self.waited_s += time.monotonic() - started

    def close(self) -> None:
        self.outcomes.close()
