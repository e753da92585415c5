"""The city's shapes for a map drawn without internet: one cell per community, and each
street and district as the cells of its communities.

The city model knows only a point per community. Each community's cell is the part of a
disk around its point that is nearer to it than to any other community (a Voronoi cell,
clipped so that a lone community does not claim the whole region); streets and districts
are the union of their communities' cells, as MultiPolygons. Plain geometry (half-plane
clipping of convex polygons), computed in a local plane where a degree of longitude is
shortened by the latitude's cosine, so bisectors are true. ``python -m
jiesu.domain.citymap`` writes the GeoJSON shipped in ``jiesu/data/city_map.json``.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from jiesu.domain.city import City

RADIUS = 0.03
"""How far (degrees of latitude, about 3.3 km) a community's cell reaches at most."""
SIDES = 40
DIGITS = 5
SHIPPED = Path(__file__).resolve().parents[1] / "data" / "city_map.json"
Point = tuple[float, float]


def _clip(polygon: list[Point], a: Point, b: Point) -> list[Point]:
    """The part of convex ``polygon`` nearer to ``a`` than to ``b`` (Sutherland–Hodgman)."""
    nx, ny = b[0] - a[0], b[1] - a[1]
    limit = (b[0] ** 2 + b[1] ** 2 - a[0] ** 2 - a[1] ** 2) / 2

    def inside(p: Point) -> float:
        return limit - (p[0] * nx + p[1] * ny)

    kept: list[Point] = []
    for i, p in enumerate(polygon):
        q = polygon[(i + 1) % len(polygon)]
        dp, dq = inside(p), inside(q)
        if dp >= 0:
            kept.append(p)
        if (dp >= 0) != (dq >= 0):
            t = dp / (dp - dq)
            kept.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return kept


def cells(points: dict[str, Point]) -> dict[str, list[Point]]:
    """Each code's clipped Voronoi cell, as a closed ring of (lon, lat), clockwise: the
    winding d3-geo (Plotly's maps) takes for a polygon's outside, not the whole globe's."""
    lat0 = sum(lat for _, lat in points.values()) / len(points)
    shrink = math.cos(math.radians(lat0))
    plane = {code: (lon * shrink, lat) for code, (lon, lat) in points.items()}
    made: dict[str, list[Point]] = {}
    for code, (x, y) in plane.items():
        step = 2 * math.pi / SIDES
        ring = [
            (x + RADIUS * math.cos(i * step), y + RADIUS * math.sin(i * step)) for i in range(SIDES)
        ]
        for other, centre in plane.items():
            if other != code:
                ring = _clip(ring, (x, y), centre)
        lonlat = [(round(px / shrink, DIGITS), round(py, DIGITS)) for px, py in ring]
        lonlat.reverse()
        made[code] = [*lonlat, lonlat[0]]
    return made


def feature(code: str, name: str, level: str, rings: list[list[Point]]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": code,
        "properties": {"code": code, "name": name, "level": level},
        "geometry": {"type": "MultiPolygon", "coordinates": [[list(map(list, r))] for r in rings]},
    }


def city_map(city: City) -> dict[str, Any]:
    """The GeoJSON FeatureCollection: communities, streets and districts (in that order)."""
    located = [c for c in city.communities() if c.lat is not None and c.lon is not None]
    shapes = cells({c.code: (float(c.lon or 0), float(c.lat or 0)) for c in located})
    features = [feature(c.code, c.name, "community", [shapes[c.code]]) for c in located]
    for street in city.streets():
        rings = [shapes[c.code] for c in street.communities if c.code in shapes]
        features.append(feature(street.code, street.name, "street", rings))
    for district in city.districts:
        inside = [c for s in district.streets for c in s.communities]
        rings = [shapes[c.code] for c in inside if c.code in shapes]
        features.append(feature(district.code, district.name, "district", rings))
    return {"type": "FeatureCollection", "name": city.name, "features": features}


def dumped(city: City) -> str:
    return json.dumps(city_map(city), ensure_ascii=False, indent=None, sort_keys=True) + "\n"


if __name__ == "__main__":  # pragma: no cover - the generator, run by hand after a city change
    from jiesu.config.city import load_city

    SHIPPED.write_text(dumped(load_city()), encoding="utf-8")
    sys.stdout.write(f"wrote {SHIPPED}\n")
