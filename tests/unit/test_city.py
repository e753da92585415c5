"""The city model: the shipped file, lookups, and clear errors for a broken file."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

import pytest
import yaml

from jiesu.config import ConfigError
from jiesu.config.city import city_from_data, load_city
from jiesu.domain.city import Community, UnknownArea, level_of, parent_code, unit_id


def small_city() -> dict[str, Any]:
    return {
        "city": "测试市",
        "property_companies": [{"id": "pc1", "name": "测试物业"}],
        "districts": [
            {
                "code": "zd",
                "name": "张店区",
                "streets": [
                    {
                        "code": "cz",
                        "name": "车站街道",
                        "communities": [
                            {
                                "code": "xh",
                                "name": "新华社区",
                                "compounds": [
                                    {
                                        "code": "c01",
                                        "name": "新华园",
                                        "households": 900,
                                        "property": "pc1",
                                    }
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
    }


def test_the_shipped_city_has_districts_streets_and_grids_of_about_300_households() -> None:
    city = load_city()
    assert len(city.districts) >= 2
    households = [g.households for g in city.grids()]
    assert 280 <= statistics.mean(households) <= 320
    assert all(200 <= h <= 400 for h in households)
    assert {d.name for d in city.districts} >= {"张店区", "淄川区"}


def test_chunguang_shanse_has_8000_households_10_compounds_and_7_property_companies() -> None:
    community = load_city().area("zd.cz.cg")
    assert isinstance(community, Community)
    assert community.name == "春光山色社区"
    assert community.households == 8000
    assert len(community.compounds) == 10
    assert len({c.property_company for c in community.compounds}) == 7


def test_codes_name_their_level_unit_and_parent() -> None:
    assert level_of("zd.cz.cg.c01.g1") == "grid"
    assert unit_id("zd.cz.cg") == "community:zd.cz.cg"
    assert unit_id("zd") == "district:zd"
    assert parent_code("zd.cz.cg.c01") == "zd.cz.cg"
    assert parent_code("zd") is None


def test_a_location_names_every_level_down_to_the_grid() -> None:
    location = load_city().location("zd.cz.cg.c01.g1", "春光山色小区3号楼")
    assert (location.district, location.street, location.community) == ("zd", "zd.cz", "zd.cz.cg")
    assert location.compound == "zd.cz.cg.c01"
    assert location.grid == "zd.cz.cg.c01.g1"
    assert location.lat is not None
    assert location.lon is not None


def test_areas_are_found_by_chinese_name_under_their_parent() -> None:
    city = load_city()
    assert city.named("车站街道", "street", within="zd").code == "zd.cz"
    assert city.named("淄川区", "district").code == "zc"
    assert city.named("春光山色社区", "community").code == "zd.cz.cg"
    with pytest.raises(UnknownArea, match="no street"):
        city.named("车站街道", "street", within="zc")
    with pytest.raises(UnknownArea, match="more than one"):
        city.named("c01", "compound", within="zd.cz")


def test_an_unknown_code_is_a_lookup_error() -> None:
    with pytest.raises(UnknownArea, match=r"zd\.nowhere"):
        load_city().area("zd.nowhere")


def test_every_compound_names_a_known_property_company_or_none() -> None:
    city = load_city()
    for compound in city.compounds():
        assert compound.property_company is None or city.property_company(compound.property_company)


def test_a_duplicate_code_under_one_parent_is_refused_with_the_code() -> None:
    data = small_city()
    compounds = data["districts"][0]["streets"][0]["communities"][0]["compounds"]
    compounds.append(dict(compounds[0]))
    with pytest.raises(ConfigError, match=r"duplicate .*'zd\.cz\.xh\.c01'"):
        city_from_data(data)


def test_an_unknown_property_company_is_refused() -> None:
    data = small_city()
    data["districts"][0]["streets"][0]["communities"][0]["compounds"][0]["property"] = "ghost"
    with pytest.raises(ConfigError, match="unknown property company 'ghost'"):
        city_from_data(data)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", None, "has no name"),
        ("code", "Zhang Dian", "lowercase"),
        ("households", 0, "positive"),
    ],
)
def test_a_malformed_compound_is_refused_with_the_reason(
    field: str, value: Any, message: str
) -> None:
    data = small_city()
    data["districts"][0]["streets"][0]["communities"][0]["compounds"][0][field] = value
    with pytest.raises(ConfigError, match=message):
        city_from_data(data)


def test_a_city_without_districts_is_refused() -> None:
    with pytest.raises(ConfigError, match="districts"):
        city_from_data({"city": "空城"})


def test_an_operators_city_file_overrides_the_shipped_one(tmp_path: Path) -> None:
    (tmp_path / "city.yaml").write_text(yaml.safe_dump(small_city(), allow_unicode=True), "utf-8")
    city = load_city(tmp_path)
    assert [g.code for g in city.grids()] == [
        "zd.cz.xh.c01.g1",
        "zd.cz.xh.c01.g2",
        "zd.cz.xh.c01.g3",
    ]
    assert sum(g.households for g in city.grids()) == 900
