"""The law's statutory days: ``statutory.yaml`` (the revisions of 全国年节及纪念日放假办法) and
the lunar calendar and solar terms from the ``lunar-python`` library.

``lunar-python`` (6tail's *lunar*, MIT, no dependencies) converts lunar dates to Gregorian
ones and computes the 24 solar terms astronomically (寿星天文历), for any year we will meet;
it is maintained (1.4.8, 2025), and the same library exists for Java, JavaScript and Go with
the same results. ``lunardate`` has no solar terms, ``borax`` has both but is a general
toolbox; we need exactly these two answers, checked against ``chinese-calendar``'s
published years by the unit tests.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from lunar_python import Lunar, Solar  # type: ignore[import-untyped]

from jiesu.config import ConfigError, load_yaml
from jiesu.domain.statutory import Anchor, Festival, Revision, Statute

FILE = "statutory.yaml"


class LunarAlmanac:
    """:class:`jiesu.domain.statutory.Almanac` over ``lunar-python``."""

    @cache  # noqa: B019 - one almanac per process, a few answers per year
    def lunar_date(self, year: int, month: int, day: int) -> date:
        solar = Lunar.fromYmd(year, month, day).getSolar()
        return date(solar.getYear(), solar.getMonth(), solar.getDay())

    @cache  # noqa: B019
    def solar_term(self, year: int, name: str) -> date:
        # The table of the lunar year that holds 1 July holds every term of the Gregorian
        # year from 小寒 on (the lunar year starts between 21 January and 20 February).
        table = Solar.fromYmd(year, 7, 1).getLunar().getJieQiTable()
        for key, solar in table.items():
            found = date(solar.getYear(), solar.getMonth(), solar.getDay())
            if key == name and found.year == year:
                return found
        raise ValueError(f"no solar term {name!r} in {year}")


def load_statute(config_dir: Path | None = None) -> Statute:
    return statute_from_data(load_yaml(FILE, config_dir))


def statute_from_data(data: Any) -> Statute:
    if not isinstance(data, dict) or not isinstance(data.get("revisions"), list):
        raise ConfigError(f"{FILE}: expected a mapping with a list 'revisions'")
    revisions = tuple(_revision(i, raw) for i, raw in enumerate(data["revisions"]))
    return Statute(revisions)


def _revision(index: int, raw: Any) -> Revision:
    where = f"{FILE}: revisions[{index}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("since"), int):
        raise ConfigError(f"{where} needs 'since', the first year it is in force")
    festivals = raw.get("festivals")
    if not isinstance(festivals, list) or not festivals:
        raise ConfigError(f"{where} needs a list 'festivals'")
    made = tuple(_festival(f"{where}.festivals[{i}]", f) for i, f in enumerate(festivals))
    return Revision(raw["since"], made, str(raw.get("title") or ""))


def _festival(where: str, raw: Any) -> Festival:
    if not isinstance(raw, dict) or not raw.get("name"):
        raise ConfigError(f"{where} needs a name")
    anchors = [a for a in Anchor if a.value in raw]
    days, offset = raw.get("days", 1), raw.get("from", 0)
    if len(anchors) != 1:
        raise ConfigError(f"{where} needs exactly one of solar, lunar, term")
    if not isinstance(days, int) or days < 1 or not isinstance(offset, int):
        raise ConfigError(f"{where}: days must be a positive whole number, from a whole number")
    anchor, value = anchors[0], str(raw[anchors[0].value])
    if anchor is Anchor.TERM:
        return Festival(str(raw["name"]), anchor, term=value, offset=offset, days=days)
    month, day = _month_day(where, value, anchor)
    return Festival(str(raw["name"]), anchor, month, day, offset=offset, days=days)


def _month_day(where: str, value: str, anchor: Anchor) -> tuple[int, int]:
    """A Gregorian month-day (2000 is a leap year: 02-29 passes), or a lunar one (≤ 30)."""
    try:
        month, day = (int(part) for part in value.split("-"))
        if anchor is Anchor.SOLAR:
            date(2000, month, day)
        elif not (1 <= month <= 12 and 1 <= day <= 30):
            raise ValueError(value)
    except ValueError:
        raise ConfigError(f"{where}: {value!r} is not a month and day like 05-01") from None
    return month, day
