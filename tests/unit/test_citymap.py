"""The city's shapes shipped for the offline map: generated from the city model, every
community inside its own cell and in no other, streets and districts made of their
communities' cells."""

from __future__ import annotations

import json
from itertools import pairwise

from jiesu.config.city import load_city
from jiesu.domain.citymap import SHIPPED, dumped


def inside(point: tuple[float, float], ring: list[list[float]]) -> bool:
    """Ray casting: whether ``point`` lies inside the closed ``ring``."""
    x, y = point
    hit = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def test_the_shipped_shapes_are_those_the_city_model_gives():
    assert SHIPPED.read_text(encoding="utf-8") == dumped(load_city())


def test_each_community_lies_in_its_own_cell_and_in_no_other():
    city = load_city()
    features = json.loads(SHIPPED.read_text(encoding="utf-8"))["features"]
    cells = {f["id"]: f["geometry"]["coordinates"][0][0] for f in features}
    communities = city.communities()
    assert {c.code for c in communities} <= set(cells)
    for community in communities:
        point = (float(community.lon or 0), float(community.lat or 0))
        holders = [c.code for c in communities if inside(point, cells[c.code])]
        assert holders == [community.code]


def test_streets_and_districts_are_their_communities_cells():
    city = load_city()
    features = {f["id"]: f for f in json.loads(SHIPPED.read_text(encoding="utf-8"))["features"]}
    for street in city.streets():
        rings = features[street.code]["geometry"]["coordinates"]
        assert rings == [features[c.code]["geometry"]["coordinates"][0] for c in street.communities]
        assert features[street.code]["properties"] == {
            "code": street.code,
            "name": street.name,
            "level": "street",
        }
    assert {d.code for d in city.districts} <= set(features)
