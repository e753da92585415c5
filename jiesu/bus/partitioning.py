"""Which partition a key lands on: murmur2, as the Java client and kafka-python do."""

from __future__ import annotations

from kafka.partitioner.default import murmur2


def partition_for(key: str, partitions: int) -> int:
    """The partition of ``key`` among ``partitions``, identical to Kafka's default partitioner."""
    return (murmur2(key.encode()) & 0x7FFFFFFF) % partitions
