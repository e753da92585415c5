"""A policy built from the shipped routing and SLA files and the real calendar, with a
classifier of our own interface that reads the category and tier off the petition, so each
test states the classification it is about."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from jiesu.config.city import load_city
from jiesu.config.departments import load_catalogue
from jiesu.config.holidays import load_calendar
from jiesu.config.policy import load_sla
from jiesu.config.roster import load_roster
from jiesu.config.routing import load_routing
from jiesu.domain import events as ev
from jiesu.domain.ids import derived_id
from jiesu.domain.policy import Decision, Policy
from jiesu.domain.record import PetitionRecord
from jiesu.domain.rules import PolicyConfig
from jiesu.domain.workcalendar import CHINA
from tests.factories import LOCATION, received

START = datetime(2026, 3, 2, 9, 0, tzinfo=CHINA)  # a Monday of ordinary working weeks


@dataclass(frozen=True)
class Found:
    category: str
    sla_tier: ev.SlaTier
    emergency: bool = False
    keywords: tuple[str, ...] = ()
    score: float = 1.0
    taxonomy_version: str = "test"
    source: str = "classifier"
    suggested: str | None = None


def classify_by_attributes(petition: ev.PetitionReceived) -> Found:
    """Category, tier and emergency as the test put them in ``attributes``."""
    attrs = petition.attributes
    return Found(
        category=attrs.get("category", ("dispute",))[0],
        sla_tier=ev.SlaTier(attrs.get("tier", ("ORDINARY",))[0]),
        emergency="emergency" in attrs,
        keywords=attrs.get("keywords", ()),
    )


def make_policy() -> Policy:
    """The shipped routing, SLA, catalogue, roster and property companies of the city."""
    city = load_city()
    return Policy(
        PolicyConfig(
            classifier=classify_by_attributes,
            routing=load_routing(),
            sla=load_sla(),
            calendar=load_calendar(),
            category_names={
                "sanitation": "环境卫生",
                "greening": "园林绿化",
                "dispute": "矛盾纠纷",
                "other": "其他",
            },
            catalogue=load_catalogue(),
            roster=load_roster(),
            properties={c.code: c.property_company for c in city.compounds() if c.property_company},
        )
    )


def petition(
    tier: str = "ORDINARY",
    category: str = "dispute",
    text: str | None = None,
    location: ev.Location = LOCATION,
    emergency: bool = False,
    ref: str = "CALL-1",
) -> ev.PetitionReceived:
    base = received()
    attributes: dict[str, tuple[str, ...]] = {"category": (category,), "tier": (tier,)}
    if emergency:
        attributes["emergency"] = ("yes",)
    return replace(
        base,
        event_id=derived_id("received", ref),
        event_time=START,
        recorded_time=START,
        text=text or base.text,
        title=base.title if text is None else None,
        location=location,
        attributes=attributes,
    )


def action(
    kind: type[ev.Event], n: int, at: datetime, actor: str = "unit:x", **fields: Any
) -> ev.Event:
    """A handler's action on the test petition at ``at``."""
    return kind(
        event_id=derived_id("action", str(n)),
        petition_id=received().petition_id,
        event_time=at,
        recorded_time=at,
        actor=actor,
        correlation_id=received().correlation_id,
        **fields,
    )


def receive(policy: Policy, event: ev.PetitionReceived | None = None) -> Decision:
    event = event or petition()
    return policy.on_event(None, event, event.event_time)


def run_until(
    policy: Policy, record: PetitionRecord, end: datetime
) -> tuple[PetitionRecord, list[ev.Event]]:
    """Let the clocks act as a worker would, each at its own due time, up to ``end``."""
    made: list[ev.Event] = []
    due = policy.next_due(record)
    while due is not None and due <= end:
        decision = policy.on_time(record, due)
        assert decision.record is not None
        record, made = decision.record, made + list(decision.events)
        due = policy.next_due(record)
    return record, made


def hours(n: float) -> timedelta:
    return timedelta(hours=n)
