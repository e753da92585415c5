"""The stream processor's own names: its consumer group and its topics.

The topics are declared in :mod:`jiesu.bus.topology` (the linker's input topic too); the
group and the link topic derive from the petition-events topic name, so every deployment (and
every test with its own topics) gets its own group and internal topic without another setting.
"""

from __future__ import annotations

from jiesu.bus.topics import ensure_topics
from jiesu.bus.topology import LINK_INPUT, PROCESSORS, TOPOLOGY, topic_name
from jiesu.settings import Settings


def app_id(settings: Settings) -> str:
    """The faust app id, which is also the consumer group of every stream agent."""
    return f"jiesu-streams-{settings.petition_events_topic}"


def link_topic(settings: Settings) -> str:
    """Internal topic: copies of every partition's petitions and ticks, for the linker."""
    return topic_name(LINK_INPUT, settings)


def consumed(settings: Settings) -> list[str]:
    """The topics the processors read (their metrics are initialised for each)."""
    return [
        topic.name(settings)
        for topic in TOPOLOGY
        if any(reader in PROCESSORS for reader in topic.readers)
    ]


def ensure_stream_topics(settings: Settings) -> list[str]:
    """Create the system's topics, the linker's input among them (idempotent)."""
    return ensure_topics(settings)
