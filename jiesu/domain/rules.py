"""Everything the policy's decisions read, gathered once by ``jiesu.config.policy``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from jiesu.domain.departments import Catalogue
from jiesu.domain.events import PetitionReceived, SlaTier
from jiesu.domain.roster import Roster
from jiesu.domain.routing import RoutingTable
from jiesu.domain.sla import SlaConfig
from jiesu.domain.workcalendar import WorkCalendar


class ClassificationLike(Protocol):
    """What ``jiesu.domain.classification.classify`` returns, as the policy reads it."""

    @property
    def category(self) -> str: ...
    @property
    def sla_tier(self) -> SlaTier: ...
    @property
    def emergency(self) -> bool: ...
    @property
    def keywords(self) -> tuple[str, ...]: ...
    @property
    def score(self) -> float: ...
    @property
    def taxonomy_version(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def suggested(self) -> str | None: ...


Classifier = Callable[[PetitionReceived], ClassificationLike]


@dataclass(frozen=True)
class PolicyConfig:
    """The classifier (taxonomy bound in), routing rules, time limits and the calendar;
    ``category_names`` gives the Chinese name of a category for the whistle list. The city
    model adds the department catalogue, the duty roster and each compound's property
    company (``properties``: compound code → company id)."""

    classifier: Classifier
    routing: RoutingTable
    sla: SlaConfig
    calendar: WorkCalendar
    category_names: Mapping[str, str] = field(default_factory=dict)
    catalogue: Catalogue = field(default_factory=lambda: Catalogue("", ()))
    roster: Roster = field(default_factory=Roster)
    properties: Mapping[str, str] = field(default_factory=dict)
