"""The topology, declared once: every topic, its key, partitions, retention, and who writes
and reads it.

``jiesu topics create`` (:func:`jiesu.bus.topics.topic_map`), the stream processors, the
projector and the README's topic map all come from :data:`TOPOLOGY`; a unit test checks the
README table against :func:`readme_table`. A new topic is one entry here. No Kafka import: this
is data, read by the adapters that talk to the broker.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from jiesu.settings import Settings

FOREVER = "-1"
WEEK_MS = str(7 * 24 * 3600 * 1000)
KEPT = {"retention.ms": FOREVER, "retention.bytes": FOREVER, "cleanup.policy": "delete"}

PETITION_EVENTS = "petition-events"
CLOCK = "clock"
LINK_INPUT = "petition-events-link-input"
DEAD_LETTER = "jiesu-dead-letter"
CHANGES = "projection-changes"
COMMANDS = "petition-commands"
OUTCOMES = "petition-command-outcomes"

INTAKE = "intake"
IMPORT = "hotline import"
SIMULATOR = "simulator"
PETITIONS = "petitions processor"
TICKER = "ticker"
CLOCK_AGENT = "clock processor"
LINKER = "linker"
PROJECTOR = "projector"
DASHBOARD = "dashboard feed"
PROCESSORS = (PETITIONS, CLOCK_AGENT, LINKER)


@dataclass(frozen=True)
class Topic:
    """One topic as the system uses it. ``name`` and ``partitions`` read the settings (tests
    and deployments rename topics); the texts are what the README's table says."""

    ident: str
    """The topic's name under the default settings."""
    name: Callable[[Settings], str]
    key: str
    partitions: Callable[[Settings], int]
    partitions_text: str
    configs: Mapping[str, str]
    retention_text: str
    purpose: str
    writers: tuple[str, ...]
    readers: tuple[str, ...]


def _one(settings: Settings) -> int:
    return 1


def _petition_partitions(settings: Settings) -> int:
    return settings.petition_partitions


def link_topic_name(settings: Settings) -> str:
    """Derived from the petition-events name, so every test's topics get their own copy."""
    return f"{settings.petition_events_topic}-link-input"


TOPOLOGY: tuple[Topic, ...] = (
    Topic(
        PETITION_EVENTS,
        lambda s: s.petition_events_topic,
        "petition id",
        _petition_partitions,
        "6 (`JIESU_PETITION_PARTITIONS`)",
        KEPT,
        "unlimited",
        "every lifecycle fact; the system of record",
        (INTAKE, IMPORT, SIMULATOR, PETITIONS, CLOCK_AGENT, LINKER),
        (PETITIONS, LINKER, PROJECTOR),
    ),
    Topic(
        CLOCK,
        lambda s: s.clock_topic,
        "—",
        _one,
        "1",
        {"retention.ms": WEEK_MS, "cleanup.policy": "delete"},
        "7 days",
        "`ClockTicked`: time is an event (copied into every petition partition)",
        (TICKER,),
        (CLOCK_AGENT,),
    ),
    Topic(
        LINK_INPUT,
        link_topic_name,
        "source partition",
        _one,
        "1",
        KEPT,
        "unlimited",
        "internal: every partition's petitions and ticks, copied for the linker",
        (LINKER,),
        (LINKER,),
    ),
    Topic(
        DEAD_LETTER,
        lambda s: s.dead_letter_topic,
        "original key",
        _one,
        "1",
        {"retention.ms": FOREVER, "cleanup.policy": "delete"},
        "unlimited",
        "what no consumer could process; headers `reason`, `topic`, `partition`, `offset`",
        (*PROCESSORS, PROJECTOR),
        (),
    ),
    Topic(
        CHANGES,
        lambda s: s.changes_topic,
        "entity (`petition:<id>`, …)",
        _petition_partitions,
        "6 (`JIESU_PETITION_PARTITIONS`)",
        {"retention.ms": WEEK_MS, "cleanup.policy": "compact,delete"},
        "7 days, compacted",
        "every committed read-model change, for big screens",
        (PROJECTOR,),
        (DASHBOARD,),
    ),
    Topic(
        COMMANDS,
        lambda s: s.petition_commands_topic,
        "petition id",
        _petition_partitions,
        "6 (`JIESU_PETITION_PARTITIONS`)",
        KEPT,
        "unlimited",
        "handlers' commands, each the fact it asks for under the command's id",
        (INTAKE, SIMULATOR),
        (PETITIONS,),
    ),
    Topic(
        OUTCOMES,
        lambda s: s.command_outcomes_topic,
        "command id",
        _one,
        "1",
        {"retention.ms": WEEK_MS, "cleanup.policy": "delete"},
        "7 days",
        "each command's outcome: a copy of the fact recorded, or `ActionRejected`",
        (PETITIONS,),
        (INTAKE, SIMULATOR),
    ),
)
BY_IDENT = {topic.ident: topic for topic in TOPOLOGY}


def topic_name(ident: str, settings: Settings) -> str:
    """The configured name of the topic declared as ``ident``."""
    return BY_IDENT[ident].name(settings)


def read_by(reader: str, settings: Settings) -> list[str]:
    """The names of the topics ``reader`` consumes (its subscriptions)."""
    return [topic.name(settings) for topic in TOPOLOGY if reader in topic.readers]


def readme_table() -> str:
    """The README's topic map, as Markdown."""
    lines = [
        "| topic | key | partitions | retention | written by | read by | what |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in TOPOLOGY:
        cells = (f"`{t.ident}`", t.key, t.partitions_text, t.retention_text)
        who = (", ".join(t.writers) or "—", ", ".join(t.readers) or "operators")
        lines.append("| " + " | ".join((*cells, *who, t.purpose)) + " |")
    return "\n".join(lines) + "\n"
