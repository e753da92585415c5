"""A worker killed mid-stream: the survivor takes its partitions over, nothing is lost or
decided twice; the decisions equal those of an uninterrupted run.

Where a linker's output lands in a partition depends on timing, so two runs agree on the
decisions of petitions outside group cases, and on every link; a group case member's own
decisions follow the order its partition's log holds (its link before or after its
handlers' actions and clocks), and that log, folded again, gives exactly the decisions it
holds — none missing, none twice.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jiesu.config.policy import load_policy
from jiesu.domain import events as ev
from jiesu.settings import Settings
from streams.petitions.fold import PartitionFold
from streams.topics import ensure_stream_topics
from tests.integration.test_streams_replay import fresh_topics
from tests.integration.test_streams_scenario import both_to_the_end, recorded_log, ticks
from tests.integration.test_streams_support import (
    LogReader,
    Record,
    WorkerProcess,
    derived,
    duplicates,
    publish,
)

PETITIONS = 90
BATCH = 20


@pytest.mark.timeout(600)  # the waits are generous for a loaded machine (xdist)
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
            worker.wait_for_log("Worker]: Ready", timeout_s=90)
        publish(settings, inputs[:BATCH])
        doomed.wait_for_log("rebuilt", timeout_s=90)
        for n, start in enumerate(range(BATCH, len(inputs), BATCH)):
            publish(settings, inputs[start : start + BATCH])
            if n == 2:
                doomed.kill()  # while it decides what the last batches brought
        runs = [(settings, reader), (reference, ref_reader)]
        records, expected = both_to_the_end(runs, PETITIONS)
    finally:
        for worker in (doomed, survivor, uninterrupted):
            worker.stop()
        reader.close()
        ref_reader.close()
    input_ids = {e.event_id for e in inputs} | {t.event_id for t in ticks()}
    assert duplicates(records) == []
    grouped = in_group_cases(records) | in_group_cases(expected)
    assert outside(records, input_ids, grouped) == outside(expected, input_ids, grouped), (
        survivor.log_text()[-3000:]
    )
    assert decided_exactly_once(settings, records, input_ids) == []
    assert "rebuilt" in doomed.log_text()
    assert "rebuilt" in survivor.log_text()


def in_group_cases(records: list[Record]) -> set[str]:
    links = (r.event for r in records if isinstance(r.event, ev.PetitionsLinked))
    return {e.petition_id for e in links if e.kind is ev.LinkKind.GROUP_CASE}


def outside(records: list[Record], input_ids: set[str], grouped: set[str]) -> dict[str, bytes]:
    """The derived events, but a group case member's own decisions (links are kept)."""
    by_id = {r.event.event_id: r.event for r in records if r.event is not None}
    return {
        event_id: value
        for event_id, value in derived(records, input_ids).items()
        if by_id[event_id].petition_id not in grouped
        or isinstance(by_id[event_id], ev.PetitionsLinked)
    }


def decided_exactly_once(
    settings: Settings, records: list[Record], input_ids: set[str]
) -> list[tuple[int, set[str], set[str]]]:
    """Each partition's log, folded again from offset 0, decides exactly what it holds: the
    partitions where it does not, with what only the fold decided and only the log holds."""
    policy = load_policy(settings)
    linker = (ev.PetitionsLinked, ev.GroupCaseResolved)
    wrong = []
    for partition in range(settings.petition_partitions):
        fold = PartitionFold(policy, partition)
        held = sorted((r for r in records if r.partition == partition), key=lambda r: r.offset)
        decided: set[str] = set()
        for record in held:
            decided |= {e.event_id for e in fold.feed(record.event, record.offset)}
        logged = {
            r.event.event_id
            for r in held
            if r.event is not None and r.event.event_id not in input_ids
            and not isinstance(r.event, ev.ClockTicked)
            and not (isinstance(r.event, linker) and r.event.actor == "processor:linker")
        }  # fmt: skip
        if decided != logged:
            wrong.append((partition, decided - logged, logged - decided))
    return wrong
