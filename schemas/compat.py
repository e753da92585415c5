"""Schema compatibility, judged by the Apache Avro reference checker (not by our own rules)."""

from __future__ import annotations

import json

import avro.schema
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType

from schemas.catalog import Schema


def incompatibilities(reader: Schema, writer: Schema) -> set[str]:
    """Why ``reader`` cannot read data written with ``writer``; empty when it can."""
    result = ReaderWriterCompatibilityChecker().get_compatibility(
        avro.schema.parse(json.dumps(reader)), avro.schema.parse(json.dumps(writer))
    )
    if result.compatibility is SchemaCompatibilityType.compatible:
        return set()
    return {str(message) for message in result.messages} or {"incompatible"}


def backward_transitive_problems(reader: Schema, writers: list[Schema]) -> dict[int, set[str]]:
    """For each earlier version (1-based) that ``reader`` cannot read, the reasons."""
    problems = {n: incompatibilities(reader, w) for n, w in enumerate(writers, start=1)}
    return {n: reasons for n, reasons in problems.items() if reasons}
