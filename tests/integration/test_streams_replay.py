"""Replaying a recorded log into fresh topics yields byte-identical decisions."""

from __future__ import annotations

from pathlib import Path

from jiesu.bus.topics import ensure_topics
from jiesu.settings import Settings
from streams.topics import ensure_stream_topics
from tests.conftest import unique_topic_names
from tests.integration.test_streams_scenario import both_to_the_end, recorded_log, ticks
from tests.integration.test_streams_support import (
    LogReader,
    WorkerProcess,
    derived,
    duplicates,
    publish,
)

PETITIONS = 40


def fresh_topics(settings: Settings) -> Settings:
    fresh = settings.model_copy(update=unique_topic_names())
    ensure_topics(fresh)
    return fresh


def test_a_recorded_log_processed_twice_gives_byte_identical_decisions(
    unique_topics: Settings, tmp_path: Path
) -> None:
    runs = [unique_topics, fresh_topics(unique_topics)]
    inputs = recorded_log(unique_topics, PETITIONS, "replay")
    input_ids = {e.event_id for e in inputs} | {t.event_id for t in ticks()}
    readers, workers = [], []
    for n, settings in enumerate(runs):
        ensure_stream_topics(settings)
        publish(settings, inputs)
        workers.append(WorkerProcess(settings, tmp_path / f"worker-{n}.log"))
        readers.append(LogReader(settings, settings.petition_events_topic, 6))
    try:
        outputs = both_to_the_end(list(zip(runs, readers, strict=True)), PETITIONS)
    finally:
        for worker in workers:
            worker.stop()
        for reader in readers:
            reader.close()
    first, second = (derived(records, input_ids) for records in outputs)
    assert first == second, workers[0].log_text()[-2000:]
    kinds = {type(r.event).__name__ for r in outputs[0] if r.event and r.event.event_id in first}
    expected_kinds = {"PetitionClassified", "PetitionRouted", "ActionRejected", "ClockTicked"}
    assert expected_kinds | {"SlaBreached", "PetitionClosed", "PetitionReopened"} <= kinds
    assert duplicates(outputs[0]) == duplicates(outputs[1]) == []
