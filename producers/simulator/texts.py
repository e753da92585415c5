"""What residents say: Chinese petition texts from templates with slots, by category
(the templates are data: ``texts.yaml``).

The slots ({place}, {compound}, {gate}, {road}, {road2}, {dur}, {company}, {community},
{street}) are filled from the city model, so a text always names a real place of the city.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jiesu.config import parse_yaml

HINTS = {
    "sanitation": "环境卫生", "property": "物业管理", "dispute": "矛盾纠纷",
    "civil_affairs": "民政工作", "work_safety": "安全生产", "urban_management": "城市管理",
    "traffic": "交通出行", "utilities": "水电气暖", "greening": "园林绿化",
    "party_building": "党建工作", "labour": "劳动社保", "market": "市场监管",
    "environment": "生态环境", "public_security": "社会治安", "education": "教育",
    "health": "医疗卫生", "other": "其他",
}  # fmt: skip
"""The words a hotline agent types into 诉求类别 for each category id."""


@cache
def _templates() -> dict[str, tuple[str, ...]]:
    data = parse_yaml((Path(__file__).parent / "texts.yaml").read_text(encoding="utf-8"))
    return {str(k): tuple(str(t) for t in v) for k, v in data["templates"].items()}


TEMPLATES: dict[str, tuple[str, ...]] = _templates()
"""Texts by category id, from ``texts.yaml``."""

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
