"""The tokenisation and scoring faults of plain word matching, mended (jiesu.domain.matching)."""

from __future__ import annotations

from dataclasses import replace

from jiesu.config.taxonomy import load_taxonomy
from jiesu.domain.classification import classify
from jiesu.domain.events import PetitionReceived, SlaTier
from jiesu.domain.matching import Hit, find_hits, outermost, words_in
from tests.factories import received

TAXONOMY = load_taxonomy()


def petition(text: str) -> PetitionReceived:
    return replace(received(), text=text, title=None, category_hint=None)


def test_a_two_character_phrase_jieba_would_cut_apart_is_still_found() -> None:
    words = words_in("小区里的路灯不亮了", TAXONOMY)

    assert words.has("路灯")
    assert classify(petition("小区里的路灯不亮了"), TAXONOMY).category == "property"


def test_a_two_character_phrase_straddling_two_words_does_not_count() -> None:
    spans = [(0, 1), (1, 3)]  # 不 / 停车辆 cut as 不停 | 车辆 would be (0,2),(2,4)
    text = "不停车辆"

    assert find_hits(text, [(0, 2), (2, 4)], ["停车"]) == []
    assert find_hits(text, spans, ["停车"]) == [Hit("停车", 1, 3, negated=True)]


def test_a_short_phrase_inside_a_longer_word_counts_as_search_mode_would() -> None:
    assert words_in("小区门口的垃圾桶满了", TAXONOMY).has("垃圾")


def test_a_phrase_inside_a_longer_matched_phrase_scores_once() -> None:
    words = words_in("楼道里有安全隐患", TAXONOMY)

    assert words.has("隐患")
    assert words.has("安全隐患")
    assert words.scores("安全隐患")
    assert not words.scores("隐患")


def test_only_the_outermost_of_nested_occurrences_is_kept() -> None:
    hits = [Hit("安全", 0, 2), Hit("安全隐患", 0, 4), Hit("隐患", 2, 4), Hit("交通", 5, 7)]

    assert outermost(hits) == [Hit("安全隐患", 0, 4), Hit("交通", 5, 7)]


def test_a_school_gate_traffic_complaint_is_not_work_safety_for_its_hazard_words() -> None:
    text = "学校门口接送孩子的车辆乱停，把路堵死了，交通安全隐患很大。"

    assert classify(petition(text), TAXONOMY).category == "traffic"


def test_a_tower_crane_about_to_collapse_is_a_major_risk_emergency_of_work_safety() -> None:
    found = classify(petition("工地塔吊摇晃得厉害，随时可能倒塌。"), TAXONOMY)

    assert (found.category, found.sla_tier, found.emergency) == (
        "work_safety",
        SlaTier.MAJOR_RISK,
        True,
    )


def test_a_negated_signal_raises_no_alarm() -> None:
    assert words_in("家里没有停电", TAXONOMY).hits[0].negated
    assert not classify(petition("家里没有停电，就是电费太贵。"), TAXONOMY).emergency
    assert not classify(petition("检查了一遍，未发现明火。"), TAXONOMY).emergency


def test_a_consultation_about_a_planned_outage_is_not_an_emergency_but_an_outage_is() -> None:
    assert not classify(petition("咨询一下明天停电到几点"), TAXONOMY).emergency
    assert classify(petition("我们楼从昨天起停电，到现在也没来电"), TAXONOMY).emergency


def test_smoke_from_a_restaurant_is_fumes_and_smoke_from_a_socket_is_a_fire() -> None:
    fumes = classify(petition("楼下餐馆冒烟，油烟很大"), TAXONOMY)
    fire = classify(petition("家里插座冒烟了，一股焦味"), TAXONOMY)

    assert (fumes.category, fumes.emergency) == ("urban_management", False)
    assert fire.emergency


def test_the_seeds_disabled_elders_meals_take_the_emergency_channel() -> None:
    text = "家中老人失能，无法到现场采集信息，就餐问题得不到解决。"

    found = classify(petition(text), TAXONOMY)

    assert (found.category, found.emergency) == ("civil_affairs", True)


def test_wage_arrears_on_a_building_site_are_a_labour_matter() -> None:
    found = classify(petition("我在工地干活，老板拖欠工资三个月"), TAXONOMY)

    assert (found.category, found.sla_tier) == ("labour", SlaTier.DIFFICULT)
