"""The ceiling: raw produce and raw consume + Avro decode with kafka-python, no processing.

Every other figure is read against these two: a stage cannot go faster than the client can
read and decode the log on this machine.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from bench.context import BenchContext
from bench.log import Record, produce, read_all
from schemas.codec import default_codec


def measure_produce(ctx: BenchContext, records: Sequence[Record]) -> dict[str, Any]:
    """Produce the scale's records to fresh topics: the log the ceiling and the replay read."""
    settings = ctx.fresh("log")
    seconds = produce(settings, records)
    ctx.log = settings
    return {"produce_eps": round(len(records) / seconds)}


def measure_ceiling(ctx: BenchContext) -> dict[str, Any]:
    """Read the whole log back from offset 0 and decode every record."""
    assert ctx.log is not None, "the ceiling needs a log: run the produce stage first"
    codec = default_codec(ctx.log)
    topic = ctx.log.petition_events_topic
    count = 0
    started, cpu = time.perf_counter(), time.process_time()
    for batch in read_all(ctx.log):
        for partition, offset, value in batch:
            codec.decode(value, topic=topic, partition=partition, offset=offset)
        count += len(batch)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "ceiling_eps": round(count / seconds),
        "ceiling_cpu_ms_per_event": round(cpu * 1000 / max(1, count), 4),
        "log_events": count,
    }
