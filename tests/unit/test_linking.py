"""Repeat petitions (重难点诉求处置清单) and group cases, folded one petition at a time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from jiesu.config.linking import link_index_factory, load_link_settings
from jiesu.config.taxonomy import load_taxonomy
from jiesu.domain.events import (
    LinkKind,
    PetitionReceived,
    PetitionsLinked,
)
from jiesu.domain.ids import derived_id, petition_id_for
from jiesu.domain.linking import Link, LinkIndex, LinkSettings
from jiesu.domain.linkstate import PetitionSummary
from tests.factories import received

TAXONOMY = load_taxonomy()
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
GARBAGE = frozenset({"垃圾桶", "清运", "气味"})
RETIREE_TEXTS = (
    "我是淄博第二棉纺厂退休职工，{year}年进厂，退休时工龄认定少算了{gap}年，影响养老金。",
    "反映淄博第二棉纺厂退休职工工龄认定问题：档案里{year}年以前的工龄没有被认定。",
    "淄博第二棉纺厂老职工工龄认定的事已经反映过好几次，{gap}年工龄一直没算上，请尽快协调。",
    "本人原淄博第二棉纺厂职工，{year}年参加工作，工龄认定有误，养老金少发，希望人社部门核实。",
)


def summary(
    n: int,
    days: float = 0,
    who: str | None = "k-1",
    compound: str | None = "zd.cz.cg.c01",
    tokens: frozenset[str] = GARBAGE,
    employer: str | None = None,
) -> PetitionSummary:
    petition_id = derived_id("petition", str(n))
    return PetitionSummary(
        petition_id=petition_id,
        event_id=derived_id("received", petition_id),
        event_time=T0 + timedelta(days=days),
        petitioner=who,
        community="zd.cz.cg",
        compound=compound,
        employer=employer,
        tokens=tokens,
    )


def feed(index: LinkIndex, *petitions: PetitionSummary) -> list[Link]:
    return [link for petition in petitions for link in index.observe(petition)]


def test_a_second_petition_of_one_petitioner_at_one_place_on_one_matter_is_a_repeat() -> None:
    first, second = summary(1), summary(2, days=10)

    links = feed(LinkIndex(), first, second)

    assert [(link.kind, link.petition_ids) for link in links] == [
        (LinkKind.REPEAT, (first.petition_id, second.petition_id))
    ]
    assert links[0].group_id == derived_id("repeat", first.petition_id)
    assert links[0].petition_id == second.petition_id
    assert "k-1" not in links[0].reason


def test_a_third_petition_repeats_both_earlier_ones() -> None:
    petitions = [summary(1), summary(2, days=5), summary(3, days=20)]

    links = feed(LinkIndex(), *petitions)

    assert links[-1].petition_ids == tuple(p.petition_id for p in petitions)
    assert {link.group_id for link in links} == {derived_id("repeat", petitions[0].petition_id)}


def test_a_petition_after_the_repeat_window_is_not_a_repeat() -> None:
    assert feed(LinkIndex(), summary(1), summary(2, days=31)) == []


def test_the_repeat_window_is_configurable() -> None:
    index = LinkIndex(settings=LinkSettings(repeat_window=timedelta(days=60)))

    assert [link.kind for link in feed(index, summary(1), summary(2, days=45))] == [LinkKind.REPEAT]


def test_the_same_petitioner_at_another_compound_is_not_a_repeat() -> None:
    assert feed(LinkIndex(), summary(1), summary(2, days=1, compound="zd.cz.cg.c02")) == []


def test_the_same_petitioner_on_another_matter_is_not_a_repeat() -> None:
    other = frozenset({"楼道灯", "不亮"})
    assert feed(LinkIndex(), summary(1), summary(2, days=1, tokens=other)) == []


def said(text: str, n: int, days: float, hint: str | None = None) -> PetitionReceived:
    """A petition of one petitioner at one compound, in their own words."""
    ref = f"CALL-SAID-{n}"
    at = T0 + timedelta(days=days)
    return replace(
        received(petition_id_for("HOTLINE", ref)),
        event_id=derived_id("received", ref),
        event_time=at,
        recorded_time=at,
        channel_ref=ref,
        title=None,
        text=text,
        category_hint=hint,
    )


def test_the_same_leak_raised_again_is_a_repeat_however_it_was_classified() -> None:
    index = LinkIndex(TAXONOMY)
    index.add(said("楼上卫生间漏水渗到我家，天花板都泡了，邻居不管。", 1, 0, hint="矛盾纠纷"))

    (link,) = index.add(
        said("再次反映：楼上漏水渗到我家天花板，邻居还是不管。", 2, 3, hint="物业管理")
    )

    assert link.kind is LinkKind.REPEAT


def test_a_different_complaint_by_the_same_person_in_the_same_category_is_not_a_repeat() -> None:
    index = LinkIndex(TAXONOMY)
    index.add(said("小区电梯经常停运，物业一直拖着不修。", 1, 0, hint="物业管理"))

    assert index.add(said("物业乱收停车费，车位还租给外面的人。", 2, 2, hint="物业管理")) == []


def test_without_a_compound_the_community_is_the_place() -> None:
    links = feed(LinkIndex(), summary(1, compound=None), summary(2, days=3, compound=None))

    assert [link.kind for link in links] == [LinkKind.REPEAT]
    assert "zd.cz.cg" in links[0].reason


def test_anonymous_petitions_are_never_repeats() -> None:
    assert feed(LinkIndex(), summary(1, who=None), summary(2, days=1, who=None)) == []


def test_one_petitioner_writing_five_times_is_not_a_group_case() -> None:
    petitions = [summary(n, days=n, compound=None) for n in range(5)]

    links = feed(LinkIndex(), *petitions)

    assert {link.kind for link in links} == {LinkKind.REPEAT}


def test_five_neighbours_on_one_matter_in_one_compound_are_a_group_case() -> None:
    petitions = [summary(n, days=n, who=f"k-{n}") for n in range(5)]

    links = feed(LinkIndex(), *petitions)

    assert [(link.kind, len(link.petition_ids)) for link in links] == [(LinkKind.GROUP_CASE, 5)]


def test_one_matter_raised_in_five_compounds_of_a_community_is_not_one_group_case() -> None:
    petitions = [summary(n, days=n, who=f"k-{n}", compound=f"zd.cz.cg.c0{n}") for n in range(5)]

    assert feed(LinkIndex(), *petitions) == []


def test_without_a_compound_the_community_anchors_a_group_case() -> None:
    petitions = [summary(n, days=n, who=f"k-{n}", compound=None) for n in range(5)]

    assert [link.kind for link in feed(LinkIndex(), *petitions)] == [LinkKind.GROUP_CASE]


def test_petitions_on_different_matters_in_one_community_are_not_a_group_case() -> None:
    words = [
        {"垃圾桶", "清运"},
        {"公厕", "异味"},
        {"橘子皮", "乱扔"},
        {"建筑垃圾"},
        {"楼道", "杂物"},
    ]
    petitions = [summary(n, who=f"k-{n}", tokens=frozenset(w)) for n, w in enumerate(words)]

    assert feed(LinkIndex(), *petitions) == []


def test_petitions_spread_beyond_the_group_window_do_not_make_a_group_case() -> None:
    petitions = [summary(n, days=5 * n, who=f"k-{n}") for n in range(5)]

    assert feed(LinkIndex(), *petitions) == []


def test_the_index_forgets_petitions_older_than_its_windows() -> None:
    index = LinkIndex()
    held = []
    for day in range(200):
        for k in range(3):
            feed(index, summary(day * 3 + k, days=day, who=f"k-{day}-{k}", tokens=frozenset()))
        held.append(index.held())

    assert max(h["petitions"] for h in held) == len(index) == 3 * 31
    assert held[-1] == {"petitions": 93, "repeat_entries": 93, "group_entries": 3 * 15, "groups": 0}


def test_a_forgotten_case_starts_again_under_a_new_group() -> None:
    index = LinkIndex(settings=LinkSettings(group_threshold=2))
    early = feed(index, summary(1, who="a"), summary(2, who="b"))
    late = feed(index, summary(3, days=40, who="c"), summary(4, days=40, who="d"))

    assert early[0].group_id == derived_id("group", derived_id("petition", "1"))
    assert late[0].group_id == derived_id("group", derived_id("petition", "3"))


def test_a_petition_seen_twice_links_nothing_the_second_time() -> None:
    index = LinkIndex()
    feed(index, summary(1))

    assert feed(index, summary(2, days=1)) != []
    assert feed(index, summary(2, days=1)) == []


def test_a_link_becomes_a_petitions_linked_event_caused_by_the_petition() -> None:
    base = received()
    later = replace(
        base,
        event_id=derived_id("received", "again"),
        petition_id=petition_id_for("HOTLINE", "CALL-AGAIN"),
        channel_ref="CALL-AGAIN",
        event_time=base.event_time + timedelta(days=2),
        recorded_time=base.event_time + timedelta(days=2),
    )
    index = LinkIndex(TAXONOMY)
    index.add(base)

    (event,) = index.add(later)

    assert isinstance(event, PetitionsLinked)
    assert event.event_id == derived_id(later.event_id, "linked", "REPEAT", event.group_id)
    assert (event.petition_id, event.causation_id) == (later.petition_id, later.event_id)
    assert event.event_time == event.recorded_time == later.event_time
    assert event.petition_ids == (base.petition_id, later.petition_id)
    assert event.actor == "processor:linker"


def test_without_a_taxonomy_the_index_still_links_by_plain_words() -> None:
    base = received()
    later = replace(
        base, event_id="e2", petition_id="p2", event_time=base.event_time + timedelta(days=1)
    )
    index = LinkIndex()
    index.add(base)

    assert [e.kind for e in index.add(later)] == [LinkKind.REPEAT]


def test_the_linking_settings_come_from_the_taxonomy_file() -> None:
    settings = load_link_settings()
    index = link_index_factory()()

    assert settings == LinkSettings(
        repeat_window=timedelta(days=30),
        group_window=timedelta(days=14),
        group_threshold=5,
        similarity=0.5,
        repeat_similarity=0.5,
        group_memory=timedelta(days=180),
    )
    assert index.settings == settings
    assert index.taxonomy == TAXONOMY
