"""What a stream worker pays to take a partition over, and what a record costs on disk.

``python -m bench.rebuild --events 100000`` makes a city's log (:mod:`bench.city`) in ONE
partition, so the partition's history is the whole log, produces it to an embedded broker
and measures, in the same run:

- ``ceiling_eps``: consume + Avro decode of that partition (kafka-python), the most any
  reader of it can do here;
- ``rebuild_eps``: :func:`streams.petitions.recovery.rebuild`, the fold a worker runs from
  offset 0 to the high watermark when a partition is assigned to it (start, rebalance,
  takeover), and ``rebuild_ratio`` against the ceiling; both also as CPU ms per event
  (what a core that is not shared would take);
- ``record_bytes``: a record as the publisher writes it (key, value, the four headers), the
  basis of docs/scale-out.md's storage figures, by event type and on average.

The scale-out guide divides a partition's yearly history by ``rebuild_eps``.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from typing import Any

from bench.city import city_log
from bench.log import Record, produce, read_all
from jiesu.bus.embedded import EmbeddedBroker
from jiesu.bus.topics import ensure_topics
from jiesu.domain.events import Event
from jiesu.settings import Settings
from schemas.codec import Codec, default_codec
from streams.petitions.recovery import rebuild
from streams.runtime import build_runtime

HEADER_NAMES = ("event_type", "schema_id", "correlation_id", "event_id")


def record_size(codec: Codec, event: Event) -> int:
    """Bytes of key, value and headers (names and values) of the publisher's record."""
    headers = (
        type(event).__name__,
        str(codec.schema_id(type(event))),
        event.correlation_id,
        event.event_id,
    )
    names = sum(len(n) for n in HEADER_NAMES)
    return len(event.petition_id) + len(codec.encode(event)) + names + sum(map(len, headers))


def sizes(codec: Codec, events: list[Event]) -> dict[str, Any]:
    by_type: dict[str, list[int]] = defaultdict(list)
    for event in events:
        by_type[type(event).__name__].append(record_size(codec, event))
    every = [size for group in by_type.values() for size in group]
    return {
        "mean": round(sum(every) / len(every)),
        "by_type": {k: round(sum(v) / len(v)) for k, v in sorted(by_type.items())},
        "share": {k: round(len(v) / len(every), 3) for k, v in sorted(by_type.items())},
    }


def measure(settings: Settings, events: int, seed: int) -> dict[str, Any]:
    log = city_log(settings, events, seed)
    codec = default_codec(settings)
    records: list[Record] = [
        (e.event.petition_id.encode(), codec.encode(e.event), [], 0) for e in log.entries
    ]
    produce(settings, records)
    started, cpu = time.perf_counter(), time.process_time()
    count = 0
    for batch in read_all(settings):
        for partition, offset, value in batch:
            codec.decode(value, topic=settings.petition_events_topic, partition=partition,
                         offset=offset)  # fmt: skip
        count += len(batch)
    ceiling = count / (time.perf_counter() - started)
    ceiling_cpu = (time.process_time() - cpu) * 1000 / count
    runtime = build_runtime(settings)
    started, cpu = time.perf_counter(), time.process_time()
    fold, _ = rebuild(runtime, 0)
    seconds = time.perf_counter() - started
    rebuild_cpu = (time.process_time() - cpu) * 1000 / count
    return {
        "events": count,
        "petitions": log.petitions,
        "open_after": len(fold.records),
        "ceiling_eps": round(ceiling),
        "rebuild_eps": round(count / seconds),
        "rebuild_ratio": round(count / seconds / ceiling, 3),
        "ceiling_cpu_ms_per_event": round(ceiling_cpu, 4),
        "rebuild_cpu_ms_per_event": round(rebuild_cpu, 4),
        "record_bytes": sizes(codec, [e.event for e in log.entries]),
    }


def read_model_bytes(settings: Settings, url: str, petitions: int) -> dict[str, Any]:
    """Replay the log into ``url`` (PostgreSQL) and weigh the tables and their indexes."""
    from sqlalchemy import create_engine, text

    from projections.replay import replay

    replay(settings, url, show_progress=False)
    engine = create_engine(url)
    query = text(
        "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'r'"
    )
    with engine.connect() as connection:
        total = int(connection.execute(query).scalar_one())
    engine.dispose()
    return {"read_model_bytes": total, "read_model_bytes_per_petition": round(total / petitions)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--read-model-db", default="", help="Also replay into this PostgreSQL.")
    args = parser.parse_args()
    with EmbeddedBroker() as broker:
        settings = Settings(
            kafka_bootstrap_servers=broker.bootstrap,
            petition_partitions=1,
            petition_events_topic="rebuild-bench",
        )
        ensure_topics(settings)
        figures = measure(settings, args.events, args.seed)
        if args.read_model_db:
            figures |= read_model_bytes(settings, args.read_model_db, figures["petitions"])
        print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
