"""The demo's simulated city, decided offline by the very policy and link index the stream
worker runs: it shows department routing, property co-handling, a group case handled once
and hand-blown whistles."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from functools import lru_cache

from jiesu.bus.partitioning import partition_for
from jiesu.config.city import load_city
from jiesu.config.linking import link_index_factory
from jiesu.config.policy import load_policy
from jiesu.domain import events as ev
from jiesu.settings import Settings
from producers.simulator.core import Simulation
from producers.simulator.traffic import SimulationConfig
from streams.linking.fold import per_petition
from streams.petitions.fold import PartitionFold

PARTITIONS = 6


@lru_cache(maxsize=1)
def city_day() -> tuple[ev.Event, ...]:
    """Every event of a simulated day (420 petitions, the demo's default), in log order."""
    policy, links = load_policy(Settings()), link_index_factory()()
    folds = [PartitionFold(policy, p) for p in range(PARTITIONS)]
    offsets, log = [0] * PARTITIONS, []

    def append(event: ev.Event) -> list[ev.Event]:
        partition = partition_for(event.petition_id, PARTITIONS) if event.petition_id else 0
        log.append(event)
        offsets[partition] += 1
        made = folds[partition].feed(event, offsets[partition] - 1)
        for output in made:
            append(output)
            if isinstance(output, ev.GroupCaseResolved):
                for resolved in links.resolve(output):
                    append(resolved)
        if isinstance(event, ev.PetitionReceived):
            for link in links.add(event):
                for copy in per_petition(link):
                    append(copy)
            for late in links.late_resolutions():
                append(late)
        return made

    simulation = Simulation(load_city(), SimulationConfig(seed=1, petitions=420))
    while (moment := simulation.next_time()) is not None:
        due = simulation.due(moment + timedelta(minutes=10), limit=10_000)
        start = len(log)
        for event in due:
            if isinstance(event, ev.ClockTicked):
                for p in range(PARTITIONS):
                    offsets[p] += 1
                    log += folds[p].feed(event, offsets[p] - 1)
            else:
                append(event)
        simulation.observe(log[start:], due[-1].event_time)
    return tuple(log)


def of(kind: type[ev.Event]) -> list:
    return [e for e in city_day() if isinstance(e, kind)]


def test_department_matters_go_straight_to_many_departments() -> None:
    departments = Counter(r.unit for r in of(ev.PetitionRouted) if r.unit.startswith("dept:"))
    assert len(departments) >= 12
    assert {"dept:human_resources", "dept:urban_management", "dept:sanitation"} <= set(departments)


def test_property_matters_are_co_handled_by_the_compounds_property_company() -> None:
    co_handled = [r for r in of(ev.PetitionRouted) if r.co_handler]
    assert len(co_handled) >= 20
    assert all(r.unit.startswith(("community:", "street:")) for r in co_handled)
    assert all(r.co_handler.startswith("property:") for r in co_handled)


def test_the_group_case_is_resolved_once_and_every_member_follows_its_lead() -> None:
    group = [link for link in of(ev.PetitionsLinked) if link.kind is ev.LinkKind.GROUP_CASE]
    leads = {link.lead_petition_id for link in group}
    assert len(leads) == 1
    (lead,) = leads
    members = {link.petition_id for link in group} - {lead}
    assert len(members) >= 20
    resolutions = [e for e in of(ev.PetitionResolved) if e.petition_id in members]
    copies = {e.petition_id for e in of(ev.GroupCaseResolved) if e.petition_id in members}
    assert copies == members
    assert len(resolutions) < len(members) / 4, "members are resolved with their lead"
    called_back = {e.petition_id for e in of(ev.FeedbackRecorded)}
    assert members <= called_back


def test_communities_blow_whistles_by_hand_and_departments_report() -> None:
    requested = of(ev.WhistleRequested)
    by_hand = [w for w in of(ev.WhistleBlown) if w.blown_by]
    assert len(requested) >= 3
    assert len(by_hand) >= 3
    reported = {(r.whistle_id, r.department) for r in of(ev.DepartmentReported)}
    assert any((w.whistle_id, w.departments[0]) in reported for w in by_hand)
