"""Gauges of the worker's state, refreshed on its event loop, and its liveness heartbeat.

Every ``OBSERVE_S`` a faust timer reads what only the loop may touch safely (the folds,
the consumer's assignment, the calendar's counts) into gauges that the metrics thread
serves, and beats the :class:`~jiesu.observe.serve.Liveness` heartbeat: a loop wedged for
longer than ``JIESU_LIVENESS_STALE_S`` makes ``/healthz`` answer 503.

Lag is the fetch high watermark minus the position the slowest agent of the partition has
processed, for the partitions this worker owns now; the high watermark comes from fetch
responses, which are right on every Kafka-protocol broker (end offsets are not).
"""

from __future__ import annotations

import logging
from typing import Any

import faust
from prometheus_client import Gauge

from jiesu.observe.serve import Liveness
from streams import metrics
from streams.calendar_export import CalendarExport
from streams.linking.agents import Linker
from streams.petitions.agents import PetitionPartitions
from streams.runtime import Runtime

log = logging.getLogger(__name__)
OBSERVE_S = 5.0

LAG = Gauge(
    "jiesu_streams_consumer_lag",
    "Records not yet processed (fetch high watermark - position), per owned partition.",
    ["topic", "partition"],
)
HIGH_WATERMARK = Gauge(
    "jiesu_streams_high_watermark",
    "The partition's high watermark from the last fetch response.",
    ["topic", "partition"],
)
FOLD = Gauge(
    "jiesu_streams_fold_entries",
    "Size of a partition fold: open petitions, closed ids, remembered event ids, outputs"
    " awaiting their echo (memory follows these, not the log's length).",
    ["partition", "what"],
)
LINKER = Gauge("jiesu_streams_linker_entries", "What the linker holds, by purpose.", ["what"])


class Observer:
    """Refreshes the gauges; keeps the label sets it wrote, to remove those that ended."""

    def __init__(self, app: Any, partitions: PetitionPartitions, linker: Linker) -> None:
        self.app = app
        self.partitions = partitions
        self.linker = linker
        self.calendar = CalendarExport()
        self._labels: dict[Gauge, set[tuple[str, ...]]] = {}

    def refresh(self, runtime: Runtime) -> None:
        self._lag()
        self._folds()
        self._linker()
        calendar = getattr(runtime.policy, "calendar_metrics", None)
        if calendar is not None:
            self.calendar.export(calendar)

    def _lag(self) -> None:
        try:
            consumer = self.app.consumer
            assigned = list(consumer.assignment())
        except Exception:  # not started yet, or between generations
            return
        lags: dict[tuple[str, ...], float] = {}
        marks: dict[tuple[str, ...], float] = {}
        for tp in assigned:
            highwater = consumer.highwater(tp)
            done = [p for (_, t, n), p in metrics.positions.items() if (t, n) == tp]
            if highwater is None or highwater < 0:
                continue
            labels = (tp.topic, str(tp.partition))
            marks[labels] = highwater
            if done:
                lags[labels] = max(0, highwater - min(done))
        owned = {(tp.topic, tp.partition) for tp in assigned}
        for key in [k for k in metrics.positions if (k[1], k[2]) not in owned]:
            del metrics.positions[key]
        self._set(LAG, lags)
        self._set(HIGH_WATERMARK, marks)

    def _folds(self) -> None:
        sizes: dict[tuple[str, ...], float] = {}
        for number, fold in list(self.partitions.folds.items()):
            part = str(number)
            sizes[(part, "open_petitions")] = len(fold.records)
            sizes[(part, "closed_petitions")] = len(fold.closed)
            sizes[(part, "remembered_event_ids")] = sum(len(s) for s in fold.seen.values())
            sizes[(part, "awaiting_outputs")] = len(fold.expected)
        self._set(FOLD, sizes)

    def _linker(self) -> None:
        fold = self.linker.fold
        held = getattr(fold.index, "held", None) if fold is not None else None
        sizes: dict[tuple[str, ...], float] = {}
        if fold is not None:
            sizes[("held_back",)] = len(getattr(fold, "_held", ()))
            sizes[("seen_ids",)] = len(fold.seen)
        if callable(held):
            sizes.update({(str(k),): float(v) for k, v in held().items()})
        self._set(LINKER, sizes)

    def _set(self, gauge: Gauge, values: dict[tuple[str, ...], float]) -> None:
        for gone in self._labels.get(gauge, set()) - set(values):
            gauge.remove(*gone)
        for labels, value in values.items():
            gauge.labels(*labels).set(value)
        self._labels[gauge] = set(values)


def register(
    app: faust.App,
    runtime: Runtime,
    partitions: PetitionPartitions,
    linker: Linker,
    liveness: Liveness,
) -> Observer:
    """Declare the observing timer on ``app``."""
    observer = Observer(app, partitions, linker)

    async def observe() -> None:
        liveness.beat()
        try:
            observer.refresh(runtime)
        except Exception:  # a gauge must never take the worker down
            log.exception("refreshing the worker's gauges failed")

    app.timer(interval=OBSERVE_S, name="observe")(observe)
    return observer
