"""Routing rules of the shipped ``routing.yaml``: the four levels, departments, partial places."""

from __future__ import annotations

import pytest

from jiesu.config import ConfigError
from jiesu.config.routing import load_routing, routing_from_data
from jiesu.domain.events import HandlingLevel, Location, SlaTier
from jiesu.domain.routing import Matter, RoutingTable, department_route, route, terms_in
from tests.factories import LOCATION


@pytest.fixture(scope="module")
def table() -> RoutingTable:
    return load_routing()


def matter(
    tier: SlaTier = SlaTier.ORDINARY,
    category: str = "sanitation",
    location: Location = LOCATION,
    terms: tuple[str, ...] = (),
    emergency: bool = False,
) -> Matter:
    return Matter(category, tier, emergency, location, frozenset(terms))


@pytest.mark.parametrize(
    ("tier", "unit", "level", "rule"),
    [
        (SlaTier.ORDINARY, "compound:zd.cz.cg.c01", HandlingLevel.COMPOUND, "ordinary-compound"),
        (SlaTier.DIFFICULT, "community:zd.cz.cg", HandlingLevel.COMMUNITY, "difficult-community"),
        (SlaTier.THORNY, "street:zd.cz", HandlingLevel.STREET, "thorny-street"),
        (SlaTier.MAJOR_RISK, "district:zd", HandlingLevel.DISTRICT, "major-risk-district"),
    ],
)
def test_small_matters_stay_in_the_compound_and_hard_ones_go_up(
    table: RoutingTable, tier: SlaTier, unit: str, level: HandlingLevel, rule: str
) -> None:
    assert route(table, matter(tier)) == route(table, matter(tier))
    chosen = route(table, matter(tier))
    assert (chosen.unit, chosen.level, chosen.rule) == (unit, level, rule)


def test_a_water_outage_goes_to_the_water_department_by_a_word_of_the_text(
    table: RoutingTable,
) -> None:
    terms = terms_in("3号楼从昨天起停水了，电话13812345678", (), table)
    assert "停水" in terms
    chosen = route(table, matter(category="utilities", terms=terms))
    assert (chosen.unit, chosen.level, chosen.rule) == (
        "dept:water",
        HandlingLevel.DEPARTMENT,
        "utilities-water",
    )
    assert chosen.departments == ("water",)


def test_a_felled_tree_on_a_roof_names_several_departments(table: RoutingTable) -> None:
    chosen = route(table, matter(category="greening", terms=("倒伏",)))
    assert chosen.unit == "dept:landscaping"
    assert chosen.departments == ("landscaping", "urban_management", "emergency")


def test_a_fight_is_a_police_matter_whatever_its_category(table: RoutingTable) -> None:
    assert route(table, matter(category="dispute", terms=("打架",))).unit == "dept:police"


def test_a_major_risk_goes_to_the_district_even_when_a_department_would_match(
    table: RoutingTable,
) -> None:
    chosen = route(table, matter(SlaTier.MAJOR_RISK, category="utilities", terms=("停水",)))
    assert chosen.unit == "district:zd"


def test_a_rule_may_hold_only_within_some_areas(table: RoutingTable) -> None:
    data = {
        "fallback_unit": "district:zd",
        "rules": [
            {"id": "ky-street", "when": {"areas": ["zd.ky"]}, "then": {"level": "street"}},
            {"id": "rest", "then": {"level": "community"}},
        ],
    }
    local = routing_from_data(data)
    assert route(local, matter()).rule == "rest"
    elsewhere = Location(community="zd.ky.a1")
    assert route(local, matter(location=elsewhere)).unit == "street:zd.ky"


def test_a_missing_compound_routes_to_the_community(table: RoutingTable) -> None:
    place = Location(district="zd", street="zd.cz", community="zd.cz.cg")
    assert route(table, matter(location=place)).unit == "community:zd.cz.cg"


def test_a_grid_code_alone_names_its_compound(table: RoutingTable) -> None:
    assert route(table, matter(location=Location(grid="zd.cz.cg.c01.g2"))).unit == (
        "compound:zd.cz.cg.c01"
    )


def test_a_petition_with_no_place_at_all_goes_to_the_fallback_district(table: RoutingTable) -> None:
    chosen = route(table, matter(location=Location()))
    assert (chosen.unit, chosen.level) == ("district:zd", HandlingLevel.DISTRICT)


def test_a_not_ours_return_finds_the_department_rule(table: RoutingTable) -> None:
    assert department_route(table, matter(category="utilities", terms=("暖气",))) is not None
    assert department_route(table, matter(category="sanitation")) is None


def test_the_shipped_table_is_versioned_and_ends_with_a_catch_all(table: RoutingTable) -> None:
    assert table.version
    assert table.rules[-1].id == "default-community"
    assert route(table, matter(SlaTier.UNKNOWN)).rule == "default-community"


RULE = {"id": "r", "then": {"level": "community"}}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rules": [RULE, RULE], "fallback_unit": "district:zd"}, "duplicate rule id"),
        (
            {
                "rules": [{"id": "r", "then": {"level": "street", "department": "water"}}],
                "fallback_unit": "district:zd",
            },
            "exactly one",
        ),
        (
            {"rules": [{"id": "r", "then": {"level": "village"}}], "fallback_unit": "district:zd"},
            "level must be",
        ),
        (
            {
                "rules": [{"id": "r", "when": {"tiers": ["EASY"]}, "then": {"level": "street"}}],
                "fallback_unit": "district:zd",
            },
            "unknown tier",
        ),
        (
            {
                "rules": [{"id": "r", "when": {"colour": "red"}, "then": {"level": "street"}}],
                "fallback_unit": "district:zd",
            },
            "'when' may only",
        ),
        ({"rules": [RULE], "fallback_unit": "somewhere"}, "fallback_unit"),
        ({"rules": "all"}, "list 'rules'"),
    ],
)
def test_a_mistake_in_the_routing_file_is_a_clear_error(data: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        routing_from_data(data)
