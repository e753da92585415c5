"""The stream processor's own names: its consumer group and its internal link topic.

Both derive from the petition-events topic name, so every deployment (and every test with
its own topics) gets its own group and internal topic without another setting.
"""

from __future__ import annotations

from jiesu.bus.topics import FOREVER, TopicSpec, durable, ensure_topics
from jiesu.settings import Settings


def app_id(settings: Settings) -> str:
    """The faust app id, which is also the consumer group of every stream agent."""
    return f"jiesu-streams-{settings.petition_events_topic}"


def link_topic(settings: Settings) -> str:
    """Internal topic: copies of every partition's petitions and ticks, for the linker."""
    return f"{settings.petition_events_topic}-link-input"


def stream_topics(settings: Settings) -> list[TopicSpec]:
    """Topics the stream processor adds to the topic map."""
    return [
        TopicSpec(
            link_topic(settings),
            1,
            durable(
                settings,
                {"retention.ms": FOREVER, "retention.bytes": FOREVER, "cleanup.policy": "delete"},
            ),
            "internal: every partition's petitions and ticks (key = source partition)",
        )
    ]


def ensure_stream_topics(settings: Settings) -> list[str]:
    """Create the system's topics and the stream processor's internal ones (idempotent)."""
    return ensure_topics(settings, extra=stream_topics(settings))
