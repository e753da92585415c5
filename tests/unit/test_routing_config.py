"""The routing file itself: area and word-list conditions, and clear errors for mistakes."""

from __future__ import annotations

import pytest

from jiesu.config import ConfigError
from jiesu.config.routing import routing_from_data
from jiesu.domain.events import Location
from jiesu.domain.routing import route
from tests.unit.test_routing import matter


def test_a_rule_may_hold_only_within_some_areas() -> None:
    data = {
        "fallback_unit": "district:zd",
        "rules": [
            {"id": "ky-street", "when": {"areas": ["zd.ky"]}, "then": {"level": "street"}},
            {"id": "rest", "then": {"level": "community"}},
        ],
    }
    local = routing_from_data(data)
    assert route(local, matter(), {}).rule == "rest"
    elsewhere = Location(community="zd.ky.a1")
    assert route(local, matter(location=elsewhere), {}).unit == "street:zd.ky"


def test_a_word_list_stands_for_its_words_and_none_excludes() -> None:
    data = {
        "fallback_unit": "district:zd",
        "word_lists": {"inside": ["楼道", "单元"]},
        "rules": [
            {
                "id": "in",
                "when": {"keywords": ["@inside"], "none": ["门口"]},
                "then": {"level": "grid"},
            },
            {"id": "rest", "then": {"level": "community"}},
        ],
    }
    local = routing_from_data(data)

    assert route(local, matter(terms=("单元",)), {}).rule == "in"
    assert route(local, matter(terms=("单元", "门口")), {}).rule == "rest"
    assert local.vocabulary() == ("楼道", "单元", "门口")


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
        (
            {
                "rules": [
                    {"id": "r", "when": {"keywords": ["@nowhere"]}, "then": {"level": "street"}}
                ],
                "fallback_unit": "district:zd",
            },
            "unknown word list",
        ),
        (
            {
                "rules": [{"id": "r", "then": {"level": "street", "property": "yes"}}],
                "fallback_unit": "district:zd",
            },
            "property must be",
        ),
        ({"rules": [RULE], "fallback_unit": "district:zd", "targets": {"SOON": "x"}}, "targets"),
        ({"rules": [RULE], "fallback_unit": "somewhere"}, "fallback_unit"),
        ({"rules": "all"}, "list 'rules'"),
    ],
)
def test_a_mistake_in_the_routing_file_is_a_clear_error(data: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        routing_from_data(data)
