"""What residents say: Chinese petition texts from templates with slots, by category.

The slots ({place}, {compound}, {gate}, {road}, {road2}, {dur}, {company}, {community},
{street}) are filled from the city model, so a text always names a real place of the city.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

HINTS = {
    "sanitation": "环境卫生", "property": "物业管理", "dispute": "矛盾纠纷",
    "civil_affairs": "民政工作", "work_safety": "安全生产", "urban_management": "城市管理",
    "traffic": "交通出行", "utilities": "水电气暖", "greening": "园林绿化",
    "party_building": "党建工作", "other": "其他",
}  # fmt: skip
"""The words a hotline agent types into 诉求类别 for each category id."""

TEMPLATES: dict[str, tuple[str, ...]] = {
    "sanitation": (
        "{place}门口的垃圾桶满了{dur}没人清运，气味很大，希望尽快处理。",
        "{road}与{road2}路口附近有人乱扔橘子皮和塑料袋，{dur}没人清扫。",
        "{compound}{gate}外的建筑垃圾堆了{dur}，影响通行，还招蚊虫。",
        "{place}楼道里堆满废纸箱和杂物，{dur}没人管，卫生很差。",
        "{compound}旁边的公共厕所{dur}没有清理，异味严重。",
    ),
    "property": (
        "{place}的电梯{dur}前就坏了，物业一直没修，老人上下楼很困难。",
        "{compound}的电梯到期需要更换，{company}说没有维修资金，请协调解决。",
        "{place}楼顶漏水{dur}了，多次找{company}都没人来修。",
        "{compound}地下车库的照明灯坏了{dur}，晚上很黑，物业不管。",
        "{compound}物业费上涨没有公示，{company}也不给说明，居民意见很大。",
        "{place}单元门的门禁坏了{dur}，外来人员随意进出。",
    ),
    "dispute": (
        "{place}楼上住户家孩子天天跑跳，晚上十一点还很吵，沟通{dur}没有效果。",
        "{place}邻居在楼道里堆放杂物占用公共空间，协商不成，请社区调解。",
        "{place}楼下住户半夜弹钢琴，已经持续{dur}，严重影响休息。",
        "{compound}有住户私自占用公共绿地种菜，邻居之间为此发生争执。",
        "{place}楼上卫生间漏水渗到我家，对方不同意维修，请帮忙调解。",
    ),
    "civil_affairs": (
        "家中老人失能无法到现场采集信息，{compound}附近长者食堂就餐问题得不到解决。",
        "{compound}有位独居老人{dur}没见出门，子女不在身边，请社区上门看看。",
        "咨询{community}的高龄补贴怎么申请，需要准备哪些材料。",
        "家里有残疾人，想申请暖心两元餐送餐服务，请问{community}怎么办理。",
        "低保年审材料已经交了{dur}，一直没有结果，请帮忙查询。",
    ),
    "work_safety": (
        "{place}楼道里有人给电动车充电，飞线很多，存在火灾隐患。",
        "{compound}消防通道被车辆长期占用，{dur}没人管，出了事消防车进不来。",
        "{road}沿街一家餐馆把液化气罐放在门口，存在安全隐患。",
        "{compound}{gate}的消防栓没有水，灭火器也过期了。",
    ),
    "urban_management": (
        "{road}人行道上有占道经营的摊贩，已经{dur}了，行人只能走机动车道。",
        "{road}一家烧烤店夜间油烟很大，影响周边居民休息。",
        "{compound}{gate}外有人违章搭建彩钢板房，请城管查处。",
        "{road}路边的广告牌松动，刮风时摇晃，很危险。",
    ),
    "traffic": (
        "{road}与{road2}路口的红绿灯坏了{dur}，早晚高峰很乱。",
        "{compound}{gate}附近的公交站取消后，老人出行很不方便，希望恢复。",
        "{road}路面塌陷出现一个大坑，{dur}没人修，晚上容易出事。",
        "{compound}周边有僵尸车占用车位{dur}，停车难问题突出。",
    ),
    "utilities": (
        "{place}停水{dur}了，事先没有任何通知，生活很不方便。",
        "{place}暖气不热，室温只有十几度，家里有老人孩子。",
        "{compound}二次供水水压不稳，高层住户经常没水。",
        "{place}燃气表附近有异味，担心漏气，请尽快派人检查。",
        "{compound}{dur}内停电好几次，冰箱里的东西都坏了。",
    ),
    "greening": (
        "{compound}里的大树树枝伸到{place}窗户上，遮挡采光，刮风时很危险。",
        "昨晚大风，{compound}{gate}一棵老树折断，砸坏了路边的车棚。",
        "{road}绿化带{dur}没人修剪，杂草丛生。",
        "{compound}的树需要修剪，但砍伐要审批，请园林部门协调。",
    ),
    "party_building": (
        "我是刚退休的党员，想把组织关系转到{community}，请问怎么办理。",
        "{community}的党员活动室{dur}没开门，想参加志愿服务不知道找谁。",
        "建议{compound}成立小区党支部，带领居民解决停车问题。",
    ),
    "other": (
        "咨询在{street}办理营业执照需要哪些材料。",
        "{compound}附近新开的超市搞虚假宣传，想反映一下。",
    ),
}

GROUP_TEXTS = (
    "我是{employer}退休职工，{year}年参加工作，退休时工龄认定少算了{gap}年，影响养老金，"
    "厂里一百多名退休职工都是同样的问题，请帮忙解决。",
    "反映{employer}退休职工工龄认定问题：档案里{year}年以前的工龄没有被认定，"
    "我们很多老职工都一样，希望人社部门给个说法。",
    "{employer}老职工工龄认定的事已经反映过好几次，{gap}年工龄一直没算上，请尽快协调。",
)
DURATIONS = ("两天", "三天", "好几天", "一个星期", "半个月", "一个多月")
GATES = ("东门", "南门", "西门", "北门", "地下车库入口")
ROADS = {
    "zd": ("人民路", "共青团路", "柳泉路", "华光路", "金晶大道", "西五路", "祥瑞街"),
    "zc": ("般阳路", "松龄路", "淄城路", "商场东街"),
    "lz": ("闻韶路", "桓公路", "齐都路", "稷下街"),
}
RESULTS = (
    "已现场处理完毕，并向诉求人反馈。",
    "已协调相关单位处理，问题已解决。",
    "已安排专人跟进，现场整改到位。",
)


@dataclass(frozen=True)
class Place:
    """The names a text may mention, all taken from one compound of the city."""

    district: str
    street: str
    community: str
    compound: str
    company: str
    building: int


def compose(category: str, place: Place, rng: random.Random) -> str:
    """One resident's words about ``category`` at ``place``."""
    template = rng.choice(TEMPLATES.get(category, TEMPLATES["other"]))
    roads = ROADS.get(place.district, ROADS["zd"])
    road, road2 = rng.sample(roads, 2)
    return template.format(
        place=f"{place.compound}{place.building}号楼",
        compound=place.compound,
        gate=rng.choice(GATES),
        road=road,
        road2=road2,
        dur=rng.choice(DURATIONS),
        company=place.company,
        community=place.community,
        street=place.street,
    )


def group_text(employer: str, rng: random.Random) -> str:
    """One retiree's words about the shared seniority-recognition matter (工龄认定)."""
    year = rng.randint(1968, 1985)
    return rng.choice(GROUP_TEXTS).format(employer=employer, year=year, gap=rng.randint(2, 9))


def title_of(text: str) -> str:
    """A work order's title: the text's first clause, at most 20 characters."""
    return text.split("，")[0][:20]
