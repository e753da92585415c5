"""A worker killed mid-stream: the survivor takes its partitions over, nothing is lost or
decided twice; the decisions equal those of an uninterrupted run."""

from __future__ import annotations

from pathlib import Path

from jiesu.domain.events import PetitionClassified, PetitionReceived
from jiesu.settings import Settings
from streams.topics import ensure_stream_topics
from tests.integration.test_streams_replay import fresh_topics
from tests.integration.test_streams_scenario import recorded_log, ticks
from tests.integration.test_streams_support import (
    LogReader,
    Record,
    WorkerProcess,
    derived,
    duplicates,
    publish,
)

PETITIONS = 150
BATCH = 40


def every_petition_decided(records: list[Record]) -> bool:
    received = {r.event.petition_id for r in records if isinstance(r.event, PetitionReceived)}
    classified = {r.event.petition_id for r in records if isinstance(r.event, PetitionClassified)}
    return len(received) == PETITIONS and received == classified


def run_to_the_end(settings: Settings, reader: LogReader) -> list[Record]:
    reader.wait_until(every_petition_decided, timeout_s=45)
    reader.settle(quiet_s=3)
    publish(settings, ticks())
    return reader.settle(quiet_s=3)


def test_a_killed_worker_loses_nothing_and_duplicates_nothing(
    unique_topics: Settings, tmp_path: Path
) -> None:
    settings, reference = unique_topics, fresh_topics(unique_topics)
    inputs = recorded_log(settings, PETITIONS, "failover")
    for each in (settings, reference):
        ensure_stream_topics(each)
    publish(reference, inputs)
    doomed = WorkerProcess(settings, tmp_path / "doomed.log")
    survivor = WorkerProcess(settings, tmp_path / "survivor.log")
    uninterrupted = WorkerProcess(reference, tmp_path / "reference.log")
    reader = LogReader(settings, settings.petition_events_topic, settings.petition_partitions)
    ref_reader = LogReader(
        reference, reference.petition_events_topic, reference.petition_partitions
    )
    try:
        for worker in (doomed, survivor):
            worker.wait_for_log("Worker]: Ready", timeout_s=40)
        for n, start in enumerate(range(0, len(inputs), BATCH)):
            publish(settings, inputs[start : start + BATCH])
            if n == 3:
                doomed.kill()
        records = run_to_the_end(settings, reader)
        expected = run_to_the_end(reference, ref_reader)
    finally:
        for worker in (doomed, survivor, uninterrupted):
            worker.stop()
        reader.close()
        ref_reader.close()
    input_ids = {e.event_id for e in inputs} | {t.event_id for t in ticks()}
    assert duplicates(records) == []
    assert derived(records, input_ids) == derived(expected, input_ids), survivor.log_text()[-3000:]
    assert "rebuilt" in survivor.log_text()
