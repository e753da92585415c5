"""Group cases (群体诉求): many petitioners on one matter become one case with a lead, whose
resolution reaches every member."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from jiesu.config.taxonomy import load_taxonomy
from jiesu.domain.events import (
    GroupCaseResolved,
    LinkKind,
    Location,
    Petitioner,
    PetitionReceived,
    PetitionsLinked,
)
from jiesu.domain.ids import derived_id, petition_id_for
from jiesu.domain.linking import LinkIndex, LinkSettings
from tests.factories import received
from tests.unit.test_linking import RETIREE_TEXTS, T0, summary

TAXONOMY = load_taxonomy()


def retiree(n: int, hours: float) -> PetitionReceived:
    """One of the 140 retirees of a textile firm: own phone, own community, own words."""
    ref = f"CALL-RETIREE-{n:03d}"
    base = received(petition_id_for("HOTLINE", ref))
    text = RETIREE_TEXTS[n % 4].format(year=1968 + n % 17, gap=2 + n % 7)
    return replace(
        base,
        event_id=derived_id("received", ref),
        event_time=T0 + timedelta(hours=hours),
        recorded_time=T0 + timedelta(hours=hours),
        channel_ref=ref,
        title=None,
        text=text,
        category_hint=None,
        employer="淄博第二棉纺厂",
        location=Location(community=f"zd.cz.c{n % 9}"),
        petitioner=Petitioner(phone=f"1380000{n:04d}", key=f"k-retiree-{n}"),
    )


def test_one_hundred_forty_retirees_of_one_firm_make_one_group_case() -> None:
    retirees = [retiree(n, hours=n) for n in range(140)]
    index = LinkIndex(TAXONOMY)

    events = [event for petition in retirees for event in index.add(petition)]

    group_id = derived_id("group", retirees[0].petition_id)
    announced, *joined = events
    assert announced.kind is LinkKind.GROUP_CASE
    assert announced.group_id == group_id
    assert announced.petition_ids == tuple(p.petition_id for p in retirees[:5])
    assert announced.petition_id == announced.lead_petition_id == retirees[4].petition_id
    assert "5 petitioners" in announced.reason
    assert [e.petition_ids for e in joined] == [(p.petition_id,) for p in retirees[5:]]
    assert {(e.kind, e.group_id, e.lead_petition_id) for e in joined} == {
        (LinkKind.GROUP_CASE, group_id, retirees[4].petition_id)
    }


def test_four_petitioners_are_not_yet_a_group_case() -> None:
    index = LinkIndex(TAXONOMY)

    assert [e for n in range(4) for e in index.add(retiree(n, hours=n))] == []


def test_the_group_threshold_is_configurable() -> None:
    index = LinkIndex(TAXONOMY, LinkSettings(group_threshold=3))

    events = [e for n in range(3) for e in index.add(retiree(n, hours=n))]

    assert [len(e.petition_ids) for e in events] == [3]


def test_the_same_log_always_yields_the_same_links() -> None:
    log = [retiree(n, hours=3 * n) for n in range(30)]

    def run() -> list[PetitionsLinked]:
        index = LinkIndex(TAXONOMY)
        return [event for petition in log for event in index.add(petition)]

    first = run()

    assert first == run()
    assert len(first) == 26


def resolution(lead: PetitionReceived, group_id: str, days: float) -> GroupCaseResolved:
    at = T0 + timedelta(days=days)
    return GroupCaseResolved(
        event_id=derived_id("group-resolved", lead.petition_id, str(days)),
        petition_id=lead.petition_id,
        event_time=at,
        recorded_time=at,
        actor="processor:group",
        correlation_id=lead.petition_id,
        group_id=group_id,
        lead_petition_id=lead.petition_id,
        unit="dept:human_resources",
        result="已为全部退休职工办理工龄认定手续",
    )


def test_the_leads_resolution_is_copied_to_every_member_two_months_later() -> None:
    retirees = [retiree(n, hours=n) for n in range(140)]
    index = LinkIndex(TAXONOMY)
    for petition in retirees:
        index.add(petition)
    lead, group_id = retirees[4], derived_id("group", retirees[0].petition_id)

    copies = index.resolve(resolution(lead, group_id, days=60))

    assert sorted(c.petition_id for c in copies) == sorted(
        p.petition_id for p in retirees if p is not lead
    )
    assert {(c.group_id, c.lead_petition_id, c.result) for c in copies} == {
        (group_id, lead.petition_id, "已为全部退休职工办理工龄认定手续")
    }
    assert len({c.event_id for c in copies}) == 139


def test_a_members_own_copy_or_an_unknown_group_resolves_nothing() -> None:
    retirees = [retiree(n, hours=n) for n in range(6)]
    index = LinkIndex(TAXONOMY)
    for petition in retirees:
        index.add(petition)
    group_id = derived_id("group", retirees[0].petition_id)
    member_copy = replace(resolution(retirees[4], group_id, 1), petition_id=retirees[1].petition_id)

    assert index.resolve(member_copy) == []
    assert index.resolve(resolution(retirees[4], "no-such-group", 1)) == []


def test_a_petition_joining_a_resolved_group_is_owed_the_leads_resolution() -> None:
    index = LinkIndex(TAXONOMY, LinkSettings(group_threshold=2))
    first = [retiree(n, hours=n) for n in range(2)]
    for petition in first:
        index.add(petition)
    group_id = derived_id("group", first[0].petition_id)
    lead = resolution(first[1], group_id, days=1)
    index.resolve(lead)
    assert index.late_resolutions() == []

    late = retiree(2, hours=48)
    (link,) = index.add(late)
    (owed,) = index.late_resolutions()

    assert (link.group_id, link.lead_petition_id) == (group_id, first[1].petition_id)
    assert (owed.petition_id, owed.causation_id, owed.result) == (
        late.petition_id,
        lead.event_id,
        lead.result,
    )
    assert index.late_resolutions() == []


def test_an_unresolved_group_is_forgotten_after_its_memory() -> None:
    index = LinkIndex(TAXONOMY, LinkSettings(group_memory=timedelta(days=30)))
    retirees = [retiree(n, hours=n) for n in range(5)]
    for petition in retirees:
        index.add(petition)
    assert index.held()["groups"] == 1

    index.observe(summary(99, days=40, who="k-late", tokens=frozenset({"别的事"})))

    assert index.held()["groups"] == 0
