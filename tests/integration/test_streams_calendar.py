"""Issue 10's acceptance cases through a real `jiesu streams` worker: the deadlines on the
log for petitions received around New Year, Spring Festival 2027 and National Day 2026,
with 2027 known only from the law (provisional) and then from an operator file (final)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from jiesu.config.holidays import statutory_years
from jiesu.domain import events as ev
from jiesu.domain.ids import derived_id
from jiesu.settings import Settings
from tests.calendar_support import local, write_2027
from tests.factories import received
from tests.integration.test_streams_support import LogReader, WorkerProcess, publish

DIFFICULT = "电梯坏了，多次反映一直没修，物业推诿。"
THORNY = "房产证办不下来，历史遗留问题，开发商早已不见。"
CASES = {  # text, received (Beijing), due by the law, due by the test's 2027 arrangement
    "new-year": (DIFFICULT, local(2026, 12, 30, 10), local(2027, 1, 5, 10), local(2027, 1, 5, 10)),
    "spring": (THORNY, local(2027, 2, 3, 9), local(2027, 2, 16, 9), local(2027, 2, 19, 9)),
    "national-day": (DIFFICULT, local(2026, 9, 30, 10), local(2026, 10, 10, 10), None),
}


def petition(name: str, text: str, at: datetime) -> ev.PetitionReceived:
    made = received(petition_id=derived_id("calendar-case", name))
    return replace(
        made,
        event_id=derived_id("calendar-case", name, "received"),
        channel_ref=f"CAL-{name}",
        text=text,
        event_time=at,
        recorded_time=at,
    )


def routed_by_worker(settings: Settings, log: Path) -> dict[str, ev.PetitionRouted]:
    """Publish the cases, run a worker until it routed them all; the routings by case."""
    ids = {derived_id("calendar-case", name): name for name in CASES}
    publish(settings, [petition(n, text, at) for n, (text, at, _, _) in CASES.items()])
    worker = WorkerProcess(settings, log)
    reader = LogReader(settings, settings.petition_events_topic, settings.petition_partitions)
    try:
        reader.wait_until(
            lambda records: (
                len([r for r in records if isinstance(r.event, ev.PetitionRouted)]) >= len(CASES)
            ),
            timeout_s=90,
        )
    finally:
        worker.stop()
        reader.close()
    routed = [r.event for r in reader.records if isinstance(r.event, ev.PetitionRouted)]
    return {ids[e.petition_id]: e for e in routed}


@pytest.mark.skipif(
    2027 in statutory_years(), reason="chinese-calendar knows 2027 now: 2027 is no longer law-only"
)
def test_the_worker_counts_the_law_s_2027_and_marks_it_provisional(
    unique_topics: Settings, tmp_path: Path
) -> None:
    routed = routed_by_worker(unique_topics, tmp_path / "worker.log")
    for name, (_, _, by_law, _) in CASES.items():
        assert routed[name].resolution_deadline == by_law, name
        assert routed[name].provisional == (by_law.year == 2027), name


def test_an_operator_file_for_2027_moves_the_deadlines_and_makes_them_final(
    unique_topics: Settings, tmp_path: Path
) -> None:
    settings = unique_topics.model_copy(update={"holidays_file": write_2027(tmp_path)})
    routed = routed_by_worker(settings, tmp_path / "worker.log")
    for name, (_, _, by_law, by_notice) in CASES.items():
        assert routed[name].resolution_deadline == (by_notice or by_law), name
        assert not routed[name].provisional, name
