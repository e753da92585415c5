"""Routing rules of the shipped ``routing.yaml``: the ladder, departments, property co-handling."""

from __future__ import annotations

import pytest

from jiesu.config.city import load_city
from jiesu.config.routing import load_routing
from jiesu.domain.events import HandlingLevel, Location, SlaTier
from jiesu.domain.routing import Matter, RoutingTable, department_route, route, terms_in
from tests.factories import LOCATION

PROPERTIES = {c.code: c.property_company for c in load_city().compounds() if c.property_company}


@pytest.fixture(scope="module")
def table() -> RoutingTable:
    return load_routing()


def matter(
    tier: SlaTier = SlaTier.ORDINARY,
    category: str = "dispute",
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
def test_the_communitys_own_matters_stay_low_and_hard_ones_go_up(
    table: RoutingTable, tier: SlaTier, unit: str, level: HandlingLevel, rule: str
) -> None:
    chosen = route(table, matter(tier), PROPERTIES)
    assert chosen == route(table, matter(tier), PROPERTIES)
    assert (chosen.unit, chosen.level, chosen.rule) == (unit, level, rule)


def test_a_water_outage_goes_to_the_water_company_by_a_word_of_the_text(
    table: RoutingTable,
) -> None:
    terms = terms_in("3号楼从昨天起停水了，电话13812345678", table.vocabulary())
    assert "停水" in terms
    chosen = route(table, matter(category="utilities", terms=terms), PROPERTIES)
    assert (chosen.unit, chosen.level, chosen.rule, chosen.departments) == (
        "dept:water",
        HandlingLevel.DEPARTMENT,
        "utilities-water",
        ("water",),
    )


@pytest.mark.parametrize(
    ("category", "terms", "department"),
    [
        ("labour", (), "human_resources"),
        ("dispute", ("拖欠工资",), "human_resources"),
        ("urban_management", ("占道经营",), "urban_management"),
        ("urban_management", ("违建",), "urban_management"),
        ("market", (), "market_regulation"),
        ("environment", (), "eco_environment"),
        ("education", (), "education"),
        ("health", (), "health"),
        ("public_security", (), "police"),
        ("dispute", ("打架",), "police"),
        ("sanitation", ("乱扔", "广场"), "sanitation"),
        ("greening", ("绿化带", "路边"), "landscaping"),
        ("traffic", ("公交",), "transport"),
        ("traffic", ("红绿灯",), "traffic_police"),
        ("traffic", ("路面", "坑"), "housing"),
        ("work_safety", ("工地", "脚手架"), "housing"),
        ("work_safety", ("液化气罐", "沿街"), "emergency"),
        ("civil_affairs", ("低保",), "civil_affairs"),
    ],
)
def test_a_departments_matter_goes_straight_to_it(
    table: RoutingTable, category: str, terms: tuple[str, ...], department: str
) -> None:
    chosen = route(table, matter(category=category, terms=terms), PROPERTIES)

    assert (chosen.unit, chosen.level) == (f"dept:{department}", HandlingLevel.DEPARTMENT)
    assert chosen.co_handler is None


def test_a_property_matter_is_led_by_the_community_with_the_compounds_property_company(
    table: RoutingTable,
) -> None:
    chosen = route(table, matter(category="property", terms=("电梯",)), PROPERTIES)

    assert (chosen.unit, chosen.co_handler) == ("community:zd.cz.cg", "property:yuegang")
    assert chosen.rule == "property-community"


def test_an_old_open_compound_without_a_property_company_has_the_community_alone(
    table: RoutingTable,
) -> None:
    open_compound = Location(compound="zd.cz.xh.c03")
    chosen = route(table, matter(category="property", location=open_compound), PROPERTIES)

    assert (chosen.unit, chosen.co_handler) == ("community:zd.cz.xh", None)


def test_cleaning_inside_a_compound_is_the_property_companys_and_in_a_street_sanitations(
    table: RoutingTable,
) -> None:
    inside = route(table, matter(category="sanitation", terms=("楼道", "垃圾")), PROPERTIES)
    outside = route(table, matter(category="sanitation", terms=("小区", "门口")), PROPERTIES)

    assert (inside.unit, inside.co_handler) == ("community:zd.cz.cg", "property:yuegang")
    assert outside.unit == "dept:sanitation"


def test_a_felled_tree_on_a_roof_is_led_by_the_community_with_three_departments(
    table: RoutingTable,
) -> None:
    chosen = route(table, matter(category="greening", terms=("折断", "砸坏")), PROPERTIES)

    assert chosen.unit == "community:zd.cz.cg"
    assert chosen.departments == ("landscaping", "urban_management", "emergency")


def test_a_major_risk_goes_to_the_district_even_when_a_department_would_match(
    table: RoutingTable,
) -> None:
    chosen = route(table, matter(SlaTier.MAJOR_RISK, "utilities", terms=("停水",)), PROPERTIES)
    assert chosen.unit == "district:zd"


def test_a_construction_major_risk_summons_housing_and_emergency(table: RoutingTable) -> None:
    chosen = route(table, matter(SlaTier.MAJOR_RISK, "work_safety", terms=("塔吊",)), PROPERTIES)
    assert (chosen.unit, chosen.departments) == ("district:zd", ("housing", "emergency"))


def test_a_missing_compound_routes_to_the_community(table: RoutingTable) -> None:
    place = Location(district="zd", street="zd.cz", community="zd.cz.cg")
    assert route(table, matter(location=place), PROPERTIES).unit == "community:zd.cz.cg"


def test_a_grid_code_alone_names_its_compound(table: RoutingTable) -> None:
    chosen = route(table, matter(location=Location(grid="zd.cz.cg.c01.g2")), PROPERTIES)
    assert chosen.unit == "compound:zd.cz.cg.c01"


def test_a_petition_with_no_place_at_all_goes_to_the_fallback_district(table: RoutingTable) -> None:
    chosen = route(table, matter(location=Location()), PROPERTIES)
    assert (chosen.unit, chosen.level) == ("district:zd", HandlingLevel.DISTRICT)


def test_a_not_ours_return_finds_the_next_department_rule(table: RoutingTable) -> None:
    heating = matter(category="utilities", terms=("暖气",))
    assert department_route(table, heating, PROPERTIES) is not None
    assert department_route(table, matter(category="party_building"), PROPERTIES) is None
    assert department_route(table, heating, PROPERTIES, excluded={"heating"}) is None


def test_departments_can_be_excluded_from_the_rules(table: RoutingTable) -> None:
    wages = matter(category="labour", terms=("拖欠工资",))

    assert route(table, wages, PROPERTIES, excluded={"human_resources"}).unit == (
        "compound:zd.cz.cg.c01"
    )


def test_the_shipped_table_is_versioned_ends_with_a_catch_all_and_sets_targets(
    table: RoutingTable,
) -> None:
    assert table.version
    assert table.rules[-1].id == "default-community"
    assert route(table, matter(SlaTier.UNKNOWN), PROPERTIES).rule == "default-community"
    assert table.target(SlaTier.ORDINARY, False).startswith("24小时")
    assert table.target(SlaTier.THORNY, True).startswith("紧急通道")
