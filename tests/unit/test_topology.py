"""The topology is declared once: the README's map, the created topics and the processors'
and projector's subscriptions all come from :mod:`jiesu.bus.topology`."""

from __future__ import annotations

from pathlib import Path

from jiesu.bus.topics import topic_map
from jiesu.bus.topology import LINK_INPUT, PROJECTOR, TOPOLOGY, read_by, readme_table
from jiesu.settings import Settings
from streams.topics import consumed, link_topic

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_topic_map_is_the_declared_one() -> None:
    text = README.read_text(encoding="utf-8")
    assert readme_table() in text, "regenerate with jiesu.bus.topology.readme_table():\n" + (
        readme_table()
    )


def test_every_declared_topic_is_created_under_its_configured_name() -> None:
    settings = Settings(petition_events_topic="pe-x", changes_topic="ch-x", petition_partitions=3)
    made = {spec.name: spec.partitions for spec in topic_map(settings)}
    assert made == {
        "pe-x": 3,
        "clock": 1,
        "pe-x-link-input": 1,
        "jiesu-dead-letter": 1,
        "ch-x": 3,
        "petition-commands": 3,
        "petition-command-outcomes": 1,
    }


def test_the_default_names_are_the_declared_idents() -> None:
    assert [t.name(Settings()) for t in TOPOLOGY] == [t.ident for t in TOPOLOGY]


def test_the_linker_input_is_a_declared_topic_the_processors_read() -> None:
    settings = Settings(petition_events_topic="pe-y")
    assert (
        link_topic(settings) == "pe-y-link-input" == LINK_INPUT.replace("petition-events", "pe-y")
    )
    assert consumed(settings) == ["pe-y", "clock", "pe-y-link-input", "petition-commands"]


def test_the_projector_reads_the_petition_events_only() -> None:
    assert read_by(PROJECTOR, Settings(petition_events_topic="pe-z")) == ["pe-z"]


def test_every_topic_has_a_writer() -> None:
    assert all(topic.writers for topic in TOPOLOGY)
