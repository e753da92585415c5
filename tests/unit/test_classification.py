"""The dispatch desk's judgement: category, tier and emergency from realistic petitions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from jiesu.config import ConfigError
from jiesu.config.taxonomy import load_taxonomy, taxonomy_from_data
from jiesu.domain.classification import classify
from jiesu.domain.events import PetitionReceived, SlaTier
from tests.factories import received

TAXONOMY = load_taxonomy()
ROOT = Path(__file__).resolve().parents[2]

PETITIONS = [
    ("party_building", "我是在职党员，想到居住地社区双报到，请问需要什么手续？"),
    ("party_building", "小区党支部换届选举什么时候进行，党员大会的通知没有发到我们楼。"),
    ("party_building", "流动党员组织关系转接一直办不下来，党费也不知道交到哪里。"),
    ("civil_affairs", "我父亲今年八十五岁，高龄补贴已经三个月没有发放了。"),
    ("civil_affairs", "家里困难想申请低保，社区说材料不全，请告知需要哪些材料。"),
    ("civil_affairs", "社区长者食堂中午就餐的人太多，排队一个小时，老人吃不上饭。"),
    ("civil_affairs", "我是残疾人，申请的残疾人两项补贴一直没有批下来。"),
    ("work_safety", "地下室有人堆放大量易燃物品，存在安全隐患。"),
    ("work_safety", "楼下有人私拉电线给电动车充电，晚上很危险。"),
    ("work_safety", "工地脚手架没有防护网，施工安全没人管。"),
    ("work_safety", "沿街商铺的消防通道被货物堵住，店里也没有灭火器。"),
    ("sanitation", "小区门口垃圾箱周围到处是垃圾，好几天没有清运，臭味熏天。"),
    ("sanitation", "公园旁边的公厕太脏了，一直没有保洁人员打扫。"),
    ("sanitation", "有人往河道边乱倒建筑垃圾和渣土。"),
    ("property", "物业公司不作为，小区单元门的门禁坏了半个月没人修。"),
    ("property", "我们楼的电梯经常停运，物业说要动用维修基金，业主意见不统一。"),
    ("property", "业委会成立一年了，物业费收支从来不公示。"),
    ("dispute", "楼上邻居每天晚上装修噪音很大，多次沟通无果，请社区调解。"),
    ("labour", "在工地干了半年活，包工头拖欠工资两万元，讨薪无门。"),
    ("dispute", "房东不退押金，我和房东发生纠纷，希望社区帮忙。"),
    ("urban_management", "学校门口流动摊贩占道经营，放学时非常拥堵。"),
    ("urban_management", "小区楼顶有人私搭乱建，搭了一个彩钢板房。"),
    ("urban_management", "工地夜间施工噪音扰民，凌晨两点还在打桩。"),
    ("traffic", "早高峰路口拥堵严重，建议延长左转信号灯的时间。"),
    ("traffic", "3路公交车经常不按时发车，等车要四十分钟。"),
    ("traffic", "学校门口的斑马线标线已经模糊，过马路很危险。"),
    ("utilities", "我家小区从昨天起停电，冰箱里的东西都坏了。"),
    ("utilities", "今年供暖以来暖气一直不热，室温只有十五度。"),
    ("utilities", "楼道里闻到很浓的燃气味，怀疑燃气泄漏。"),
    ("utilities", "最近自来水发黄，水质有问题。"),
    ("greening", "昨晚大风把路边一棵大树刮倒了，压在车上。"),
    ("greening", "小区绿化带里的树木长期没人修剪，遮挡了路灯。"),
    ("greening", "公园草坪被人踩坏，花坛也毁了。"),
    ("other", "咨询一下个人所得税汇算清缴怎么操作。"),
    ("other", "想问一下护照在哪里办理。"),
    ("market", "网购的商品有质量问题，商家不给退货。"),
    ("environment", "工业园区的化工厂夜里偷排废气，附近居民嗓子疼。"),
    ("public_security", "小区里好几辆电动车的电瓶被偷了，请派出所加强巡逻。"),
    ("education", "幼儿园乱收兴趣班费用，不交就不让孩子参加。"),
    ("health", "社区医院的家庭医生签约名额满了，老人看病不方便。"),
]


def petition(text: str, hint: str | None = None, title: str | None = None) -> PetitionReceived:
    return replace(received(), text=text, title=title, category_hint=hint)


@pytest.mark.parametrize(("category", "text"), PETITIONS)
def test_a_realistic_petition_lands_in_its_category(category: str, text: str) -> None:
    found = classify(petition(text), TAXONOMY)

    assert found.category == category
    assert found.taxonomy_version == TAXONOMY.version == "2026.1"
    assert found.score >= TAXONOMY.min_score or category == "other"
    assert (found.source, found.suggested) == ("classifier", None)


def test_every_petition_names_the_words_that_decided_it() -> None:
    found = classify(petition("小区门口垃圾箱满了，好几天没有清运。"), TAXONOMY)

    assert found.keywords == ("垃圾箱", "清运")
    assert found.score == 8.0


def test_the_words_that_raised_the_tier_or_the_alarm_are_named_too() -> None:
    found = classify(petition("楼里停水三天了，多次反映没人管。"), TAXONOMY)

    assert found.keywords == ("停水", "多次反映")
    assert (found.sla_tier, found.emergency) == (SlaTier.DIFFICULT, True)


def test_the_title_counts_as_much_as_the_text() -> None:
    found = classify(petition("请尽快来看看。", title="小区公厕异味严重"), TAXONOMY)

    assert found.category == "sanitation"


@pytest.mark.parametrize("hint", ["property", "物业管理", "物业", "物业管理/电梯维修", "PROPERTY"])
def test_the_category_the_channel_chose_is_the_petitions_category(hint: str) -> None:
    text = "人行道上流动摊贩占道经营，城管一直不来查处。"

    found = classify(petition(text, hint=hint), TAXONOMY)

    assert (found.category, found.source) == ("property", "channel")
    assert found.suggested == "urban_management"


def test_a_channel_choice_the_classifier_agrees_with_suggests_nothing() -> None:
    found = classify(petition("楼顶漏水，物业一直不修。", hint="物业管理"), TAXONOMY)

    assert (found.category, found.source, found.suggested) == ("property", "channel", None)


def test_the_tier_and_the_emergency_are_judged_from_the_words_whatever_the_channel_chose() -> None:
    found = classify(petition("整栋楼停水两天了，多次反映没人管。", hint="物业管理"), TAXONOMY)

    assert (found.category, found.sla_tier, found.emergency) == (
        "property",
        SlaTier.DIFFICULT,
        True,
    )


@pytest.mark.parametrize("hint", ["出入境", "其他", "other", ""])
def test_an_unknown_or_fallback_channel_category_leaves_the_choice_to_the_classifier(
    hint: str,
) -> None:
    found = classify(petition("楼下餐馆的油烟太大了。", hint=hint), TAXONOMY)

    assert (found.category, found.source) == ("urban_management", "classifier")


@pytest.mark.parametrize(
    "text",
    [
        "电梯困人了，有一位老人被困在里面二十分钟。",
        "楼下餐馆后厨起火了，浓烟很大。",
        "我家突然停电，家里有病人要用呼吸机。",
        "隔壁独居老人两天联系不上，敲门也没人应。",
        "楼道里闻到很浓的燃气味，怀疑燃气泄漏。",
        "小区整栋楼停水一天了，老人孩子没水喝。",
        "家中老人失能，无法到现场采集信息，就餐问题得不到解决。",
        "工地塔吊摇晃得厉害，随时可能倒塌。",
    ],
)
def test_a_livelihood_emergency_takes_the_emergency_channel(text: str) -> None:
    assert classify(petition(text), TAXONOMY).emergency


@pytest.mark.parametrize(
    "text",
    [
        "楼道里有人给电动车充电，存在火灾隐患。",
        "火车站广场出租车乱停乱放。",
        "家中老人就餐问题得不到解决。",
        "楼下餐馆一到饭点就冒烟，油烟很大。",
        "咨询一下明天计划停电到几点结束。",
        "收到通知说下周二停水，请问要停多久？",
        "家里没有停电，就是想问电费怎么交。",
        "想了解一下失能老人的助餐服务怎么申请。",
    ],
)
def test_a_hazard_or_a_lookalike_word_is_not_an_emergency(text: str) -> None:
    assert not classify(petition(text), TAXONOMY).emergency


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        ("小区路灯坏了，晚上很黑。", SlaTier.ORDINARY),
        ("外墙脱落的问题我已经多次反映，一直没有解决。", SlaTier.DIFFICULT),
        ("电梯坏了半年，物业说要业主申请维修基金才能修。", SlaTier.DIFFICULT),
        ("地下车位产权归属不清，开发商和业主争执不下。", SlaTier.THORNY),
        ("拆迁补偿款一直不到位，村民说要集体上访。", SlaTier.THORNY),
        ("小区地下车库顶板坍塌，砸坏了好几辆车。", SlaTier.MAJOR_RISK),
        ("沿街餐馆液化气罐爆炸，造成人员伤亡。", SlaTier.MAJOR_RISK),
    ],
)
def test_tier_rules_raise_the_tier_of_hard_and_risky_matters(text: str, tier: SlaTier) -> None:
    found = classify(petition(text), TAXONOMY)

    assert found.sla_tier is tier


def test_a_tier_rule_limited_to_a_category_does_not_apply_elsewhere() -> None:
    text = "养老院说床位费要用维修资金补贴，老人负担不起。"

    found = classify(petition(text), TAXONOMY)

    assert (found.category, found.sla_tier) == ("civil_affairs", SlaTier.ORDINARY)


def test_a_tier_rule_never_lowers_a_category_default() -> None:
    data = shipped_data()
    data["categories"][0]["tier"] = "THORNY"
    taxonomy = taxonomy_from_data(data)

    found = classify(petition("党支部的事我已经多次反映了。"), taxonomy)

    assert (found.category, found.sla_tier) == ("party_building", SlaTier.THORNY)


def test_a_tie_goes_to_the_earlier_category_of_the_file() -> None:
    data = shipped_data()
    first, second = (c for c in data["categories"] if c["id"] in ("sanitation", "greening"))
    first["phrases"] = {"落叶": 3}
    second["phrases"] = {"落叶": 3}
    forward = taxonomy_from_data(data)
    data["categories"].reverse()
    backward = taxonomy_from_data(data)

    text = "路边落叶很多。"
    assert classify(petition(text), forward).category == "sanitation"
    assert classify(petition(text), backward).category == "greening"


def test_full_width_text_is_read_like_half_width() -> None:
    half = classify(petition("3号楼停电了"), TAXONOMY)
    full = classify(petition("３号楼停电了"), TAXONOMY)

    assert (half.category, half.emergency) == (full.category, full.emergency) == ("utilities", True)


def test_a_fresh_process_with_another_hash_seed_decides_exactly_the_same() -> None:
    texts = [text for _, text in PETITIONS]
    script = (
        "import json, sys, jieba\n"
        "from dataclasses import replace, asdict\n"
        "from jiesu.config.taxonomy import load_taxonomy\n"
        "from jiesu.domain.classification import classify\n"
        "from tests.factories import received\n"
        "t = load_taxonomy()\n"
        "texts = json.load(sys.stdin)\n"
        "first = classify(replace(received(), text=texts[0], title=None, category_hint=None), t)\n"
        "jieba.add_word('门禁坏了半个月')\n"  # someone else changing jieba's global tokenizer
        "jieba.del_word('电梯')\n"
        "out = [asdict(classify(replace(received(), text=x, title=None, category_hint=None), t))"
        " for x in texts]\n"
        "assert asdict(first) == out[0]\n"
        "print(json.dumps(out, ensure_ascii=False))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "4242", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )

    here = [as_json(classify(petition(text), TAXONOMY)) for text in texts]
    assert json.loads(done.stdout) == here
    assert done.stderr == ""


def test_the_taxonomy_lists_the_five_lists_of_the_seeds_and_the_departments_matters() -> None:
    ids = [c.id for c in TAXONOMY.categories]
    assert ids == [
        "party_building", "civil_affairs", "labour", "work_safety", "sanitation", "property",
        "dispute", "urban_management", "traffic", "utilities", "greening", "market",
        "environment", "public_security", "education", "health", "other",
    ]  # fmt: skip


def test_categories_carry_their_open311_service_metadata() -> None:
    sanitation, property_ = TAXONOMY.category("sanitation"), TAXONOMY.category("property")
    assert sanitation is not None
    assert property_ is not None

    (kind,) = sanitation.attributes
    assert (kind.code, kind.datatype) == ("垃圾类型", "singlevaluelist")
    assert ("生活垃圾", "生活垃圾") in kind.values
    assert [(a.code, a.datatype) for a in property_.attributes] == [("小区名称", "string")]
    assert "垃圾" in sanitation.keywords
    assert sanitation.group


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["categories"][0].update(tier="URGENT"), "tier must be one of"),
        (lambda d: d["emergency"].append({"any": [["停水"], "停电"]}), "list of lists"),
        (lambda d: d["emergency"].append({"any": [[]]}), "group is empty"),
        (lambda d: d["categories"][2].pop("name"), "needs 'name'"),
        (lambda d: d["categories"][3]["phrases"].update({"垃圾": "many"}), "must be a number"),
        (lambda d: d.update(fallback="misc"), "fallback category"),
        (lambda d: d["tier_rules"].append({"tier": "THORNY"}), "needs phrases"),
        (lambda d: d["categories"].append(dict(d["categories"][0])), "duplicate category id"),
    ],
)
def test_a_broken_taxonomy_file_is_a_clear_error(change: Any, message: str) -> None:
    data = shipped_data()
    change(data)

    with pytest.raises(ConfigError, match=message):
        taxonomy_from_data(data)


def test_an_operator_taxonomy_replaces_the_shipped_one(tmp_path: Path) -> None:
    data = shipped_data()
    data["version"] = "zibo-2026.2"
    data["categories"][4]["phrases"]["落叶"] = 4
    (tmp_path / "taxonomy.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")

    found = classify(petition("路边落叶很多。"), load_taxonomy(tmp_path))

    assert (found.category, found.taxonomy_version) == ("sanitation", "zibo-2026.2")


def test_a_malformed_operator_taxonomy_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "taxonomy.yaml").write_text("categories: [unclosed", "utf-8")

    with pytest.raises(ConfigError, match=r"taxonomy\.yaml"):
        load_taxonomy(tmp_path)


def shipped_data() -> dict[str, Any]:
    path = ROOT / "jiesu" / "config" / "taxonomy.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def as_json(found: Any) -> dict[str, Any]:
    return {
        "category": found.category,
        "sla_tier": found.sla_tier.value,
        "emergency": found.emergency,
        "keywords": list(found.keywords),
        "score": found.score,
        "taxonomy_version": found.taxonomy_version,
        "source": found.source,
        "suggested": found.suggested,
    }
