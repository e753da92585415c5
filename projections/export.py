"""`jiesu export`: read models, or the raw event log (decoded, redacted), as Parquet or CSV.

One file per read model (``petitions.parquet``, ...) or one ``events`` file of the log
with a row per record: where it sits, its envelope, and its payload as redacted JSON.
Undecodable records are exported too, with their ``error`` and no payload, so the export
shows the whole log. Both are redacted as the dashboard redacts, and CSV cells cannot start
a formula (:mod:`projections.export_redaction`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from jiesu.bus.reading import read_partition_until_caught_up
from jiesu.erasure.opening import opening_codec
from jiesu.settings import Settings
from projections.dump import dump
from projections.export_redaction import neutralised, redacted_rows
from projections.payload import json_text
from schemas.codec import DecodeError
from schemas.convert import redacted_json

FORMATS = ("parquet", "csv")


def write_table(rows: list[dict[str, Any]], out: Path, name: str, fmt: str) -> Path:
    """Write ``rows`` as ``out/name.fmt`` (an empty table still gets its file)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use parquet or csv")
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        rows = neutralised(rows)
    table = pa.Table.from_pylist(rows) if rows else pa.table({})
    path = out / f"{name}.{fmt}"
    if fmt == "parquet":
        pq.write_table(table, path)
    else:
        pa_csv.write_csv(table, path)
    return path


def export_read_models(url: str, out: Path, fmt: str) -> list[Path]:
    """Every read model at ``url`` (the rows of ``jiesu projections dump``)."""
    tables = dump(url).items()
    return [write_table(redacted_rows(rows), out, name, fmt) for name, rows in tables]


def export_events(settings: Settings, out: Path, fmt: str) -> Path:
    """The whole of ``petition-events`` up to its high watermark, decoded and redacted."""
    return write_table(list(event_rows(settings)), out, "events", fmt)


def event_rows(settings: Settings) -> Iterator[dict[str, Any]]:
    codec = opening_codec(settings)
    topic = settings.petition_events_topic
    for partition in range(settings.petition_partitions):
        for batch in read_partition_until_caught_up(settings, topic, partition):
            for record in batch:
                where = {"topic": topic, "partition": partition, "offset": record.offset}
                try:
                    event = codec.decode(record.value or b"", **where)
                except DecodeError as exc:
                    yield {**where, **_empty(), "error": exc.reason}
                    continue
                yield {**where, **_envelope(event), "error": None}


def _envelope(event: Any) -> dict[str, Any]:
    data = redacted_json(event)
    return {
        "event_type": type(event).__name__,
        "event_id": event.event_id,
        "petition_id": event.petition_id,
        "event_time": data["event_time"],
        "actor": event.actor,
        "payload": json_text(data),
    }


def _empty() -> dict[str, Any]:
    names = ("event_type", "event_id", "petition_id", "event_time", "actor", "payload")
    return dict.fromkeys(names)
