"""The working-day calendar's counts as Prometheus gauges, whatever fields it grows."""

from __future__ import annotations

import dataclasses
from typing import Any

from prometheus_client import REGISTRY, CollectorRegistry, Gauge


class CalendarExport:
    """Every field of the calendar's metrics object, as gauges named after the field.

    An ``int`` field ``x_days`` becomes ``jiesu_calendar_x_dates`` (distinct dates; days
    are no base unit to Prometheus), any other ``int`` ``jiesu_calendar_<field>``; a set
    of years becomes ``jiesu_calendar_<field>{year=…} 1``. New fields are exported as
    they are added, with no change here.
    """

    def __init__(self, registry: CollectorRegistry = REGISTRY) -> None:
        self.registry = registry
        self.gauges: dict[str, Gauge] = {}

    def export(self, metrics_object: Any) -> None:
        for field in dataclasses.fields(metrics_object):
            if field.name.startswith("_"):
                continue
            value = getattr(metrics_object, field.name)
            if isinstance(value, bool):
                continue
            if isinstance(value, int):
                self._gauge(_name(field.name), []).set(value)
            elif isinstance(value, set | frozenset):
                gauge = self._gauge(_name(field.name), ["year"])
                for year in sorted(value):
                    gauge.labels(str(year)).set(1)

    def _gauge(self, name: str, labels: list[str]) -> Gauge:
        if name not in self.gauges:
            doc = f"The working-day calendar's {name.removeprefix('jiesu_calendar_')}."
            self.gauges[name] = Gauge(name, doc, labels, registry=self.registry)
        return self.gauges[name]


def _name(field: str) -> str:
    stem = field.removesuffix("_days") + "_dates" if field.endswith("_days") else field
    return f"jiesu_calendar_{stem}"
