"""The people who act on petitions: units sign for, return and resolve them, departments
report to whistles, and the 12345 call-back records satisfaction.

They act on what the stream processors decided (the unit a petition was routed or escalated
to, the whistle's id), so :class:`HandlerSide` folds the petition-events it reads with the
shared state machine and answers each decision with actions dated in simulated time. Each
answer draws from a generator seeded by the decision's event id: the same decision always
gets the same answer, whatever order decisions arrive in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import timedelta

from jiesu.domain.events import (
    Event,
    GroupCaseResolved,
    LinkKind,
    PetitionEscalated,
    PetitionResolved,
    PetitionRouted,
    PetitionsLinked,
    Satisfaction,
    WhistleBlown,
)
from jiesu.domain.lifecycle import NEW, PetitionState, evolve, refusal
from producers.simulator import actions, community
from producers.simulator.actions import Assignment


@dataclass(frozen=True)
class HandlerHabits:
    """How often handlers deviate from the ideal, near the seeds' rates."""

    return_rate: float = 0.04
    late_accept_rate: float = 0.03
    late_resolve_rate: float = 0.07
    late_report_rate: float = 0.10
    unsatisfied_rate: float = 0.012
    basically_satisfied_rate: float = 0.03
    hand_whistle_rate: float = 0.25
    """Of the matters a community leads with departments concerned, how many it whistles."""


@dataclass
class HandlerSide:
    """Folds petition-events and returns the handlers' next actions for each decision."""

    seed: int
    habits: HandlerHabits = field(default_factory=HandlerHabits)
    scripted: dict[str, Satisfaction] = field(default_factory=dict)
    """A scenario's call-backs: the first answer a petition's petitioner gives, by id."""
    prompt: dict[str, timedelta] = field(default_factory=dict)
    """A scenario's prompt units: petitions worked on within this time, by id."""
    states: dict[str, PetitionState] = field(default_factory=dict)
    returned: set[str] = field(default_factory=set)

    def observe(self, event: Event) -> list[Event]:
        """The actions ``event`` calls for (none for events that need no one to act)."""
        if not event.petition_id:
            return []
        before = self.states.get(event.petition_id, NEW)
        if refusal(before, event) is not None:
            return []
        after = evolve(before, event)
        self.states[event.petition_id] = after
        return self._answer(event, after)

    def supersedes(self, event: Event, answer: list[Event]) -> bool:
        """Whether ``event`` (answered with ``answer``) cancels the petition's pending work:
        a new assignment someone answered, or the petition joining a group case (the lead
        is worked on for all)."""
        if isinstance(event, PetitionsLinked):
            return event.kind is LinkKind.GROUP_CASE and event.lead_petition_id is not None
        return bool(answer) and isinstance(event, PetitionRouted | PetitionEscalated)

    def _answer(self, event: Event, after: PetitionState) -> list[Event]:
        rng = random.Random(f"jiesu-handlers|{self.seed}|{event.event_id}")
        if isinstance(event, PetitionRouted):
            whistle = community.hand_whistle(event, rng, self.habits.hand_whistle_rate)
            return whistle + self._work(Assignment.of(event), rng)
        if isinstance(event, PetitionEscalated):
            return self._work(Assignment.of(event), rng)
        if isinstance(event, PetitionsLinked):
            return community.group_work(event, after, rng)
        if isinstance(event, WhistleBlown):
            return actions.reports(event, rng, self.habits.late_report_rate)
        if isinstance(event, GroupCaseResolved) and event.petition_id != event.lead_petition_id:
            return [actions.call_back(event, rng, (self.habits.unsatisfied_rate, 0.0))]
        if isinstance(event, PetitionResolved) and event.petition_id in self.scripted:
            answer = self.scripted.pop(event.petition_id)
            forced = (1.0, 0.0) if answer is Satisfaction.UNSATISFIED else (0.0, 0.0)
            return [actions.call_back(event, rng, forced)]
        if isinstance(event, PetitionResolved):
            unsatisfied = self.habits.unsatisfied_rate / (10 if after.reopen_count else 1)
            rates = (unsatisfied, self.habits.basically_satisfied_rate)
            return [actions.call_back(event, rng, rates)]
        return []

    def _work(self, assignment: Assignment, rng: random.Random) -> list[Event]:
        pid = assignment.cause.petition_id
        if (within := self.prompt.get(pid)) is not None:
            by = assignment.cause.event_time + within
            assignment = replace(
                assignment,
                response_deadline=min(assignment.response_deadline, by),
                resolution_deadline=min(assignment.resolution_deadline, by),
            )
            accepted = actions.accept(assignment, rng, 0.0)
            return [accepted, actions.resolve(assignment, accepted, rng, 0.0)]
        if pid not in self.returned and rng.random() < self.habits.return_rate:
            self.returned.add(pid)
            return [actions.give_back(assignment, rng)]
        accepted = actions.accept(assignment, rng, self.habits.late_accept_rate)
        return [accepted, actions.resolve(assignment, accepted, rng, self.habits.late_resolve_rate)]
