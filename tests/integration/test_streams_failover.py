"""A worker killed mid-stream: the survivor takes its partitions over, nothing is lost or
decided twice; the decisions equal those of an uninterrupted run."""

from __future__ import annotations

from pathlib import Path

from jiesu.settings import Settings
from streams.topics import ensure_stream_topics
from tests.integration.test_streams_replay import fresh_topics
from tests.integration.test_streams_scenario import recorded_log, ticks
from tests.integration.test_streams_support import (
    LogReader,
    Record,
    WorkerProcess,
    decided,
    derived,
    duplicates,
    publish,
)

PETITIONS = 90
BATCH = 20


def run_to_the_end(settings: Settings, reader: LogReader) -> list[Record]:
    reader.wait_until(decided(PETITIONS), timeout_s=45)
    reader.settle(quiet_s=2)
    publish(settings, ticks())
    reader.wait_until(decided(PETITIONS, len(ticks())), timeout_s=30)
    return reader.settle(quiet_s=2)


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
        publish(settings, inputs[:BATCH])
        doomed.wait_for_log("rebuilt", timeout_s=40)
        for n, start in enumerate(range(BATCH, len(inputs), BATCH)):
            publish(settings, inputs[start : start + BATCH])
            if n == 2:
                doomed.kill()  # while it decides what the last batches brought
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
    assert "rebuilt" in doomed.log_text()
    assert "rebuilt" in survivor.log_text()
